"""Anchoring the audit chain outside the database.

Every day ``manage.py anchor_audit_log`` appends one JSON line to ``AUDIT_ANCHOR_PATH``: the
time, the chain head's sequence, hash and seal, and a keyed MAC of those. The file sits where the
database's owner cannot rewrite it (an append-only file, ``chattr +a``, on another volume, or a
mount of another host). ``verify_anchors`` (run by ``manage.py verify_audit_log``) checks that
every anchored entry is still in the chain with the same hash and seal: a chain rewritten by
someone who holds both the database and the seal key still disagrees with yesterday's anchor.
"""

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from ..models import AuditChainHead, AuditEvent
from .audit import ChainProblem, keyed_mac, mac_matches


class AnchorUnavailable(Exception):
    """The anchor file is not configured or cannot be written."""


@dataclass(frozen=True)
class Anchor:
    anchored_at: str
    seq: int
    hash: str
    seal: str

    def message(self) -> str:
        return f"{self.anchored_at}|{self.seq}|{self.hash}|{self.seal}"


def anchor_path() -> Path:
    if not settings.AUDIT_ANCHOR_PATH:
        raise AnchorUnavailable("AUDIT_ANCHOR_PATH is not set.")
    return Path(settings.AUDIT_ANCHOR_PATH)


def write_anchor() -> Anchor:
    """Append the chain head to the anchor file and return what was written.

    Side effects: one line appended (the file and its directory are created when missing).
    """
    path = anchor_path()
    head = AuditChainHead.objects.get(pk=1)
    anchor = Anchor(timezone.now().isoformat(), head.seq, head.hash, head.seal)
    line = {**anchor.__dict__, "mac": keyed_mac(anchor.message()) if head.seal else ""}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as file:
            file.write(json.dumps(line, sort_keys=True) + "\n")
    except OSError as error:
        raise AnchorUnavailable(f"{path}: {error.strerror or error}") from error
    return anchor


def verify_anchors(now: datetime | None = None) -> tuple[int, list[ChainProblem]]:
    """Check the chain against every anchor line; return (lines read, problems).

    Reports a line that is not an anchor or whose MAC fails (the file was edited), an anchored
    entry that is gone or differs (the chain was rewritten or cut), anchors out of order, and —
    when anchoring is configured — a missing file or a newest anchor older than
    ``AUDIT_ANCHOR_MAX_AGE_HOURS``.
    """
    if not settings.AUDIT_ANCHOR_PATH:
        return 0, []
    path = anchor_path()
    if not path.exists():
        if AuditEvent.objects.exists():
            return 0, [ChainProblem(None, "not anchored", f"no anchor file at {path}")]
        return 0, []
    problems: list[ChainProblem] = []
    anchors: list[Anchor] = []
    with path.open(encoding="utf-8") as file:
        for number, text in enumerate(file, start=1):
            anchor, problem = _read_line(number, text)
            if problem:
                problems.append(problem)
            elif anchor:
                anchors.append(anchor)
    problems.extend(_compare(anchors))
    problems.extend(_staleness(anchors, now or timezone.now()))
    return len(anchors), problems


def _read_line(number: int, text: str) -> tuple[Anchor | None, ChainProblem | None]:
    if not text.strip():
        return None, None
    try:
        data = json.loads(text)
        anchor = Anchor(str(data["anchored_at"]), int(data["seq"]), data["hash"], data["seal"])
        mac = data["mac"]
    except (ValueError, KeyError, TypeError):
        return None, ChainProblem(None, "bad anchor", f"line {number} is not an anchor")
    if mac and settings.AUDIT_SEAL_KEY and not mac_matches(anchor.message(), mac):
        return None, ChainProblem(
            anchor.seq, "bad anchor", f"line {number} does not match its MAC (it was edited)"
        )
    return anchor, None


def _compare(anchors: list[Anchor]) -> list[ChainProblem]:
    problems = []
    wanted = {anchor.seq for anchor in anchors if anchor.seq}
    found = {
        seq: (hash_, seal)
        for seq, hash_, seal in AuditEvent.objects.filter(seq__in=wanted)
        .values_list("seq", "hash", "seal")
        .iterator()
    }
    last_seq = 0
    for anchor in anchors:
        if anchor.seq < last_seq:
            problems.append(
                ChainProblem(
                    anchor.seq,
                    "anchor order",
                    "an anchor names an older entry than the one before it",
                )
            )
        last_seq = max(last_seq, anchor.seq)
        if not anchor.seq:
            continue
        if anchor.seq not in found:
            problems.append(
                ChainProblem(
                    anchor.seq,
                    "anchor mismatch",
                    f"anchored on {anchor.anchored_at[:10]} but no longer in the chain",
                )
            )
        elif found[anchor.seq] != (anchor.hash, anchor.seal):
            problems.append(
                ChainProblem(
                    anchor.seq,
                    "anchor mismatch",
                    f"its hash or seal differs from the one anchored on {anchor.anchored_at[:10]}",
                )
            )
    return problems


def _staleness(anchors: list[Anchor], now: datetime) -> list[ChainProblem]:
    if not anchors:
        if AuditEvent.objects.exists():
            return [ChainProblem(None, "not anchored", "the anchor file holds no anchor")]
        return []
    newest = datetime.fromisoformat(anchors[-1].anchored_at)
    limit = timedelta(hours=settings.AUDIT_ANCHOR_MAX_AGE_HOURS)
    if now - newest > limit:
        return [
            ChainProblem(
                None,
                "stale anchor",
                f"the newest anchor is from {anchors[-1].anchored_at[:16]}; "
                "run manage.py anchor_audit_log daily",
            )
        ]
    return []
