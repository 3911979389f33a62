"""The SQLite side of the audit trail's append-only guard.

Migration 0006 installs triggers on ``core_auditevent`` that refuse UPDATE and DELETE unless
``gf_audit_maintenance()`` returns 1. The platform registers that function on each of its SQLite
connections; it returns 1 only inside ``audit_maintenance()`` (the ``flush`` command). Any other
program opening the file (the ``sqlite3`` shell) has no such function, so its UPDATE or DELETE
fails too.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.backends.signals import connection_created
from django.dispatch import receiver

_maintenance: ContextVar[bool] = ContextVar("audit_maintenance", default=False)


@contextmanager
def audit_maintenance():
    token = _maintenance.set(True)
    try:
        yield
    finally:
        _maintenance.reset(token)


def _in_maintenance() -> int:
    return int(_maintenance.get())


@receiver(connection_created)
def register_guard_function(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "gf_audit_maintenance", 0, _in_maintenance, deterministic=False
        )
