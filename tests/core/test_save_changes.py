"""``core.domain.audit.save_changes``: the one audited edit of a row (decisions §92)."""

import pytest

from greenfactory.core.domain.audit import save_changes
from greenfactory.core.models import AuditEvent
from greenfactory.programme.models import Batch
from tests.factories import BatchFactory

pytestmark = pytest.mark.django_db

FIELDS = ("title", "notice_days")


def test_no_change_saves_nothing_and_records_nothing(city_officer):
    batch = BatchFactory(notice_days=7)
    stamp = Batch.objects.get(pk=batch.pk).updated_at
    entries = AuditEvent.objects.count()

    diff = save_changes(
        batch,
        {"title": batch.title, "notice_days": 7},
        FIELDS,
        actor=city_officer,
        action="programme.batch.updated",
    )

    assert diff == {}
    assert AuditEvent.objects.count() == entries
    assert Batch.objects.get(pk=batch.pk).updated_at == stamp


def test_one_change_saves_and_records_that_field_only(city_officer):
    batch = BatchFactory(title="旧标题", notice_days=7)
    stamp = Batch.objects.get(pk=batch.pk).updated_at
    batch.year = 1999  # changed on the instance, not named in the fields: not written

    diff = save_changes(
        batch,
        {"title": "新标题", "notice_days": 7, "year": 2030},
        FIELDS,
        actor=city_officer,
        action="programme.batch.updated",
    )

    assert diff == {"title": ["旧标题", "新标题"]}
    stored = Batch.objects.get(pk=batch.pk)
    assert (stored.title, stored.notice_days, stored.year) == ("新标题", 7, 2026)
    assert stored.updated_at > stamp
    entry = AuditEvent.objects.latest("seq")
    assert entry.action == "programme.batch.updated"
    assert entry.actor == city_officer
    assert entry.object_type == "programme.batch"
    assert entry.changes == {"title": ["旧标题", "新标题"]}


def test_extra_keys_are_joined_and_the_entry_names_the_subject(city_officer):
    batch = BatchFactory(notice_days=7)
    other = BatchFactory()

    diff = save_changes(
        batch,
        {"notice_days": 10},
        FIELDS,
        actor=city_officer,
        action="programme.batch.updated",
        extra={"year": 2026},
        subject=other,
    )

    assert diff == {"notice_days": [7, 10]}
    entry = AuditEvent.objects.latest("seq")
    assert entry.changes == {"year": 2026, "notice_days": [7, 10]}
    assert entry.object_id == str(getattr(other, "code", None) or other.pk)


def test_a_refusing_check_stops_before_anything_is_written(city_officer):
    batch = BatchFactory(title="旧标题")
    entries = AuditEvent.objects.count()
    seen = []

    def check(obj):
        seen.append(obj.title)
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        save_changes(
            batch, {"title": "新标题"}, FIELDS, actor=city_officer, action="x.y.z", check=check
        )

    assert seen == ["新标题"]  # the check sees the new values
    assert Batch.objects.get(pk=batch.pk).title == "旧标题"
    assert AuditEvent.objects.count() == entries
