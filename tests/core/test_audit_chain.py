import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from greenfactory.core.domain.audit import AuditEntry, record_event, record_events, verify_chain
from greenfactory.core.models import AuditEvent, AuditImmutableError
from greenfactory.core.sqlite import audit_maintenance

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(enterprise_user):
    return [
        record_event(f"tests.event.{n}", actor=enterprise_user, changes={"n": n, "x": 1.5})
        for n in range(1, 6)
    ]


def raw(sql, params=()):
    """Tamper with the table as the database's owner would: past the model guards and with the
    database's triggers dropped for the moment."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER USER")
            cursor.execute(sql, params)
            cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER USER")
        else:
            with audit_maintenance():
                cursor.execute(sql, params)


def test_intact_chain_verifies(chain):
    count, problems = verify_chain()
    assert count == 5
    assert problems == []
    call_command("verify_audit_log")


def test_entries_appended_together_chain_as_if_written_one_by_one(enterprise_user):
    """``record_events``: consecutive numbers, each linked to and sealed on the one before,
    the head left on the last, so the next entry and the verification follow on."""
    first = record_event("tests.event.1", actor=enterprise_user, changes={"n": 1})
    together = record_events(
        [
            AuditEntry("tests.event.2", changes={"n": 2}),
            AuditEntry("tests.event.3", obj=enterprise_user.enterprise),
        ],
        actor=enterprise_user,
    )
    last = record_event("tests.event.4", actor=enterprise_user)
    entries = [first, *together, last]
    assert [e.seq for e in entries] == [first.seq + n for n in range(4)]
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    stored = AuditEvent.objects.get(seq=together[1].seq)
    assert (stored.hash, stored.seal, stored.prev_hash) == (
        together[1].hash,
        together[1].seal,
        together[0].hash,
    )
    assert (stored.actor_username, stored.object_id) == ("ent", enterprise_user.enterprise.code)
    assert verify_chain() == (4, [])


def test_entry_records_actor_role_and_address(enterprise_user, rf):
    from greenfactory.core.context import request_ip

    token = request_ip.set("10.1.2.3")
    try:
        event = record_event("tests.thing", actor=enterprise_user, obj=enterprise_user.enterprise)
    finally:
        request_ip.reset(token)
    assert event.actor_username == "ent"
    assert event.actor_role == "enterprise"
    assert event.ip == "10.1.2.3"
    assert event.object_type == "accounts.enterprise"
    assert event.object_id == enterprise_user.enterprise.code


def test_edited_entry_is_detected_and_named(chain):
    raw("UPDATE core_auditevent SET action = %s WHERE seq = 3", ["tests.forged"])
    _, problems = verify_chain()
    assert [(p.seq, p.kind) for p in problems] == [(3, "altered")]
    with pytest.raises(CommandError, match="FAILED: 1 problem"):
        call_command("verify_audit_log")


def test_edited_changes_payload_is_detected(chain):
    raw("UPDATE core_auditevent SET changes = %s WHERE seq = 2", ['{"n": 2, "x": 9}'])
    _, problems = verify_chain()
    assert [(p.seq, p.kind) for p in problems] == [(2, "altered")]


def test_removed_entry_is_detected(chain):
    raw("DELETE FROM core_auditevent WHERE seq = 2")
    _, problems = verify_chain()
    # Entry 3's seal chains from entry 2's, which is gone.
    assert [(p.seq, p.kind) for p in problems] == [
        (3, "missing"),
        (3, "broken link"),
        (3, "bad seal"),
    ]


def test_removed_last_entry_is_detected(chain):
    raw("DELETE FROM core_auditevent WHERE seq = 5")
    _, problems = verify_chain()
    assert [(p.seq, p.kind) for p in problems] == [(None, "truncated")]


def test_swapped_entries_are_detected(chain):
    raw("UPDATE core_auditevent SET seq = 1000 WHERE seq = 2")
    raw("UPDATE core_auditevent SET seq = 2 WHERE seq = 4")
    raw("UPDATE core_auditevent SET seq = 4 WHERE seq = 1000")
    _, problems = verify_chain()
    kinds = {(p.seq, p.kind) for p in problems}
    assert (2, "altered") in kinds
    assert (4, "altered") in kinds
    assert (2, "broken link") in kinds


def test_entries_cannot_be_changed_through_the_orm(chain):
    event = AuditEvent.objects.get(seq=1)
    event.action = "tests.forged"
    with pytest.raises(AuditImmutableError):
        event.save()
    with pytest.raises(AuditImmutableError):
        event.delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(seq=1).update(action="x")
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.all().delete()
    assert verify_chain()[1] == []


def test_database_refuses_update_and_delete(chain):
    from django.db import DatabaseError, transaction

    for sql in ("UPDATE core_auditevent SET action = 'x'", "DELETE FROM core_auditevent"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
