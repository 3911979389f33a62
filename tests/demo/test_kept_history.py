"""The kept database file the demo's history is handed over in (tests/demo/kept_history.py):
written as the test's connection sees it, put back as exactly its rows."""

import sqlite3

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from greenfactory.accounts.models import Enterprise
from greenfactory.core.domain.audit import record_event, verify_chain
from tests.database import put_back_database_file, save_database_file
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the history is kept on SQLite only"
)


@pytest.mark.django_db
def test_the_file_holds_the_rows_the_test_has_not_committed(tmp_path):
    enterprise = EnterpriseFactory(name="常州保留测试有限公司")
    kept = tmp_path / "kept.sqlite3"
    save_database_file(kept)
    raw = sqlite3.connect(kept)
    try:
        names = raw.execute(
            f"SELECT name FROM {Enterprise._meta.db_table} WHERE id = ?",  # noqa: S608 -- a model's table
            [enterprise.pk],
        ).fetchall()
        mode = raw.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        raw.close()
    assert names == [("常州保留测试有限公司",)]
    assert mode == "delete"  # attached without a write-ahead log beside it


@pytest.mark.django_db(transaction=True)
def test_putting_back_leaves_exactly_the_kept_rows(tmp_path, city_officer):
    kept_enterprise = EnterpriseFactory(name="常州保留测试有限公司")
    record_event("tests.kept", actor=city_officer)
    enterprises = set(Enterprise.objects.values_list("pk", "name"))
    assert (kept_enterprise.pk, "常州保留测试有限公司") in enterprises
    kept = tmp_path / "kept.sqlite3"
    save_database_file(kept)
    content_types = set(ContentType.objects.values_list("pk", "app_label", "model"))

    kept_enterprise.delete()
    later = EnterpriseFactory(name="常州后来测试有限公司")
    ContentType.objects.all().delete()  # as a flush and its post_migrate renumber them
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_model(Enterprise)

    put_back_database_file(kept)
    assert set(Enterprise.objects.values_list("pk", "name")) == enterprises
    assert not Enterprise.objects.filter(pk=later.pk).exists()
    assert set(ContentType.objects.values_list("pk", "app_label", "model")) == content_types
    assert ContentType.objects.get_for_model(Enterprise).model == "enterprise"
    assert verify_chain()[1] == []
