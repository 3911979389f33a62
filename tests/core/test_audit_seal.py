"""The audit trail against someone who can write the database: seals keyed outside it, anchors
written outside it, and the database's own refusal of UPDATE and DELETE."""

import json
import sqlite3
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from greenfactory.core.checks import audit_trail_is_sealed_and_anchored
from greenfactory.core.domain.audit import compute_hash, compute_seal, record_event, verify_chain
from greenfactory.core.domain.audit_anchor import verify_anchors, write_anchor
from greenfactory.core.models import AuditChainHead, AuditEvent
from greenfactory.core.sqlite import audit_maintenance

from .test_audit_chain import raw

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(enterprise_user):
    return [
        record_event(f"tests.event.{n}", actor=enterprise_user, changes={"n": n})
        for n in range(1, 6)
    ]


@pytest.fixture
def anchors(settings, tmp_path):
    settings.AUDIT_ANCHOR_PATH = str(tmp_path / "anchors.jsonl")
    return tmp_path / "anchors.jsonl"


def rewrite(from_seq: int, action: str, *, reseal: bool):
    """Edit one entry and recompute every hash after it, as someone with the database (and, if
    ``reseal``, the key) would, so that the plain hash chain verifies again."""
    events = list(AuditEvent.objects.order_by("seq"))
    prev_hash, prev_seal = None, ""
    for event in events:
        if event.seq == from_seq:
            event.action = action
        if event.seq >= from_seq:
            event.prev_hash = prev_hash
            event.hash = compute_hash(event)
            if reseal:
                event.seal = compute_seal(event.hash, prev_seal)
            raw(
                "UPDATE core_auditevent SET action = %s, prev_hash = %s, hash = %s, seal = %s "
                "WHERE seq = %s",
                [event.action, event.prev_hash, event.hash, event.seal, event.seq],
            )
        prev_hash, prev_seal = event.hash, event.seal
    AuditChainHead.objects.filter(pk=1).update(hash=prev_hash, seal=prev_seal)


def kinds(problems):
    return [(problem.seq, problem.kind) for problem in problems]


def test_every_entry_is_sealed_with_hmac_sm3(chain):
    assert all(event.seal.startswith("hmac-sm3:") for event in chain)
    assert chain[1].seal == compute_seal(chain[1].hash, chain[0].seal)
    assert verify_chain()[1] == []


def test_a_chain_rewritten_consistently_without_the_key_is_found(chain):
    rewrite(2, "tests.forged", reseal=False)
    # The unkeyed SHA-256 chain alone would accept it: every hash and link agrees.
    assert all(compute_hash(event) == event.hash for event in AuditEvent.objects.order_by("seq"))
    assert kinds(verify_chain()[1]) == [(seq, "bad seal") for seq in range(2, 6)]
    with pytest.raises(CommandError, match="FAILED: 4 problem"):
        call_command("verify_audit_log")


def test_seals_stripped_from_a_rewritten_chain_are_found(chain):
    raw("UPDATE core_auditevent SET seal = ''")
    AuditChainHead.objects.filter(pk=1).update(seal="")
    assert kinds(verify_chain()[1]) == [(5, "unsealed")]


def test_an_unsealed_entry_after_a_sealed_one_is_found(chain):
    raw("UPDATE core_auditevent SET seal = '' WHERE seq = 3")
    assert (3, "unsealed") in kinds(verify_chain()[1])


def test_seals_do_not_verify_under_another_key(chain, settings):
    settings.AUDIT_SEAL_KEY = "another-installation-" + "k" * 40
    assert kinds(verify_chain()[1]) == [(seq, "bad seal") for seq in range(1, 6)]


def test_anchor_file_agrees_with_an_intact_chain(chain, anchors):
    call_command("anchor_audit_log")
    line = json.loads(anchors.read_text().splitlines()[-1])
    assert line["seq"] == 5
    assert line["hash"] == chain[-1].hash
    assert line["mac"].startswith("hmac-sm3:")
    record_event("tests.after")
    assert verify_anchors() == (1, [])
    call_command("verify_audit_log")


def test_a_chain_rewritten_with_the_key_disagrees_with_the_anchor(chain, anchors):
    write_anchor()
    rewrite(2, "tests.forged", reseal=True)
    assert verify_chain()[1] == []  # the key's holder can re-seal ...
    assert kinds(verify_anchors()[1]) == [(5, "anchor mismatch")]  # ... but not the anchor


def test_a_chain_cut_below_its_anchor_is_found(chain, anchors):
    write_anchor()
    raw("DELETE FROM core_auditevent WHERE seq >= 4")
    AuditChainHead.objects.filter(pk=1).update(seq=3, hash=chain[2].hash, seal=chain[2].seal)
    assert verify_chain()[1] == []
    assert kinds(verify_anchors()[1]) == [(5, "anchor mismatch")]


def test_an_edited_anchor_line_is_found(chain, anchors):
    write_anchor()
    line = json.loads(anchors.read_text())
    line["seq"] = 4
    anchors.write_text(json.dumps(line) + "\n")
    assert kinds(verify_anchors()[1]) == [(4, "bad anchor"), (None, "not anchored")]


def test_missing_or_stale_anchors_are_reported(chain, anchors):
    assert kinds(verify_anchors()[1]) == [(None, "not anchored")]
    write_anchor()
    later = timezone.now() + timedelta(hours=49)
    assert kinds(verify_anchors(now=later)[1]) == [(None, "stale anchor")]


def test_anchoring_is_not_checked_where_it_is_not_configured(chain, settings):
    settings.AUDIT_ANCHOR_PATH = ""
    assert verify_anchors() == (0, [])
    with pytest.raises(CommandError, match="AUDIT_ANCHOR_PATH is not set"):
        call_command("anchor_audit_log")


def test_deployment_check_warns_without_key_or_anchor(settings, anchors):
    assert audit_trail_is_sealed_and_anchored() == []
    settings.AUDIT_SEAL_KEY = ""
    settings.AUDIT_ANCHOR_PATH = ""
    ids = [warning.id for warning in audit_trail_is_sealed_and_anchored()]
    assert ids == ["greenfactory.W004", "greenfactory.W005"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite file's own guard")
def test_sqlite_triggers_are_installed_and_refuse_another_program(chain):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'core_auditevent'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert names == {"core_auditevent_no_update", "core_auditevent_no_delete"}
    # A program without the platform's guard function (the sqlite3 shell) cannot change a row.
    other = sqlite3.connect(":memory:")
    other.execute("CREATE TABLE core_auditevent (seq INTEGER, action TEXT)")
    other.execute("INSERT INTO core_auditevent VALUES (1, 'a')")
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'core_auditevent_no_update'")
        other.execute(cursor.fetchone()[0])
    with pytest.raises(sqlite3.OperationalError, match="gf_audit_maintenance"):
        other.execute("UPDATE core_auditevent SET action = 'x'")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite file's own guard")
def test_flush_still_empties_the_whole_database_on_sqlite(chain):
    with audit_maintenance():
        pass  # the context alone changes nothing
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
