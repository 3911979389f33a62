"""On SQLite, triggers refusing UPDATE and DELETE on the audit trail, as PostgreSQL's does.

They let a row change only while ``gf_audit_maintenance()`` returns 1, a function the platform
registers on its own connections (core/sqlite.py) and which says 1 only inside the ``flush``
command. Another program opening the file has no such function, so its change fails as well.
Recreate these triggers after any migration that rebuilds the table (SQLite drops a table's
triggers with it); tests/core/test_audit_chain.py checks they are there.
"""

from django.db import migrations

SQLITE_GUARD = [
    f"""
    CREATE TRIGGER core_auditevent_no_{verb.lower()}
    BEFORE {verb} ON core_auditevent
    WHEN NOT gf_audit_maintenance()
    BEGIN
        SELECT RAISE(ABORT, 'audit entries are append-only');
    END;
    """
    for verb in ("UPDATE", "DELETE")
]
SQLITE_UNGUARD = [
    "DROP TRIGGER IF EXISTS core_auditevent_no_update;",
    "DROP TRIGGER IF EXISTS core_auditevent_no_delete;",
]


def guard(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_GUARD:
            schema_editor.execute(statement)


def unguard(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_UNGUARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_audit_seal")]

    operations = [migrations.RunPython(guard, unguard)]
