"""A transactional test starts with exactly the reference data the migrations seeded: after a
flush, the copy taken at the database's setup puts back every row of every table, with the
same keys, and new rows still get keys of their own."""

import pytest
from django.core.management import call_command
from django.db import connection

from greenfactory.accounts.models import Region
from tests.database import SNAPSHOT, reference_snapshot, restore_reference_snapshot


def _counts(tables):
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 -- a table name of the schema
            counts[table] = cursor.fetchone()[0]
        return counts


@pytest.mark.django_db(transaction=True)
def test_a_flush_then_the_copy_gives_back_every_seeded_row():
    snapshot = reference_snapshot()
    flushed = connection.introspection.django_table_names(only_existing=True, include_views=False)
    # Every table a flush empties was counted when the copy was taken, and what the
    # migrations seed is in it (the validity policies were once forgotten by the loaders).
    assert set(flushed) == set(snapshot["counts"])
    assert {"accounts_region", "core_auditchainhead", "titles_validitypolicy"} <= set(
        snapshot["tables"]
    )

    call_command("flush", verbosity=0, interactive=False)
    assert not Region.objects.exists()
    restore_reference_snapshot()

    # Every flushed table holds as many rows as when migrated, content types and permissions
    # (made again by the flush's post_migrate) included …
    assert _counts(flushed) == snapshot["counts"]
    # … and the copied tables hold the very same rows, keys included.
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"ATTACH DATABASE %s AS {SNAPSHOT}",
                [f"{connection.settings_dict['NAME']}.{SNAPSHOT}"],
            )
        try:
            for table in snapshot["tables"]:
                name = connection.ops.quote_name(table)
                for left, right in ((name, f"{SNAPSHOT}.{name}"), (f"{SNAPSHOT}.{name}", name)):
                    query = f"SELECT * FROM {left} EXCEPT SELECT * FROM {right}"  # noqa: S608 -- schema names
                    cursor.execute(f"SELECT COUNT(*) FROM ({query}) AS d")  # noqa: S608 -- schema names
                    assert cursor.fetchone()[0] == 0, table
        finally:
            if connection.vendor == "sqlite":
                cursor.execute(f"DETACH DATABASE {SNAPSHOT}")

    # The sequences stay ahead of the keys copied back: a new row gets a key of its own.
    with connection.cursor() as cursor:
        for table in snapshot["tables"]:
            name = connection.ops.quote_name(table)
            cursor.execute(f"SELECT MAX(id) FROM {name}")  # noqa: S608 -- a table name
            highest = cursor.fetchone()[0]
            if connection.vendor == "sqlite":
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            else:
                cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [table])
            assert cursor.fetchone()[0] >= highest, table
