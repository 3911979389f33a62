"""Django's ``flush``, allowed to empty the audit trail on SQLite.

On SQLite a trigger refuses UPDATE and DELETE on the audit trail unless the connection's
``gf_audit_maintenance()`` says that the platform itself is wiping the whole database (core/
sqlite.py); PostgreSQL empties tables with TRUNCATE, which its row trigger does not cover.
``flush`` is the server command that deletes every row of every table (restore runs it, and so
does the test runner between transactional tests).
"""

from django.core.management.commands import flush

from greenfactory.core.sqlite import audit_maintenance


class Command(flush.Command):
    def handle(self, **options):
        with audit_maintenance():
            return super().handle(**options)
