"""Writing and verifying the hash-chained audit trail.

Every write in the platform calls ``record_event`` inside the same transaction as the change it
records, so an entry exists exactly when the change was committed.

The chain: each entry has a sequence number ``seq`` and the SHA-256 of its canonical JSON
(``seq``, time in UTC, actor, address, action, object, changes, ``prev_hash``), and carries the
hash of the entry before it (the first links to 64 zeros). ``AuditChainHead`` is one row
(pk 1) holding the newest ``seq`` and hash; ``record_event`` locks it, so writers queue and the
chain never forks (on SQLite, where ``select_for_update`` does nothing, the ``IMMEDIATE``
transactions serialise them). The actor's id, username and role are copied onto the entry, so
it stays readable after the account changes. ``verify_chain`` (``manage.py verify_audit_log``,
exit 1 on any problem) reports an entry *altered* (content against its hash), *missing* (a gap
in ``seq``), a *broken link* (removed, inserted or reordered) and a *truncated* chain (the head
names a newer entry than the newest found).

The seal: whoever can write the database could recompute every SHA-256 and rewrite the chain
consistently. So each entry also carries a *seal*, an HMAC (SM3 where OpenSSL offers it, else
SHA-256) of its hash and the previous entry's seal, keyed with ``AUDIT_SEAL_KEY``, which lives
outside the database. A rewritten entry cannot be re-sealed without the key, and as every hash
covers the one before it, the newest seal vouches for the whole chain. ``verify_chain`` reports
an entry *unsealed* when it lacks a seal although one before it has one (or the installation
has a key and the newest entry has none), and *bad seal* when the seal does not match. The daily
anchors (``audit_anchor.py``) catch a chain rewritten by someone who also holds the key.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router, transaction
from django.utils import timezone

from ..compiled_reads import CompiledRead, PerConnection
from ..context import request_channel, request_ip
from ..models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64
HASHED_FIELDS = (
    "seq",
    "created_at",
    "actor_id",
    "actor_username",
    "actor_role",
    "ip",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
    "prev_hash",
)


def _normalise(value):
    """Round-trip through JSON so that what is hashed is exactly what the database keeps."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def compute_hash(event: AuditEvent) -> str:
    """SHA-256 of the entry's hashed fields as canonical JSON. ``via`` is hashed only when it
    is set, so the entries written before it existed keep their hashes."""
    payload = {name: getattr(event, name) for name in HASHED_FIELDS}
    if event.via:
        payload["via"] = event.via
    payload["created_at"] = event.created_at.astimezone(UTC).isoformat()
    payload["actor_id"] = str(event.actor_id) if event.actor_id is not None else None
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# HMAC-SM3 (GB/T 32905, as 密评 GB/T 39786 expects) through OpenSSL where it offers SM3; the
# algorithm is written into every seal, so a seal made with either one verifies anywhere.
# The chain head's locked read, made by every write: compiled once per connection (§105).
_LOCKED_HEAD = PerConnection(
    lambda alias: CompiledRead(
        AuditChainHead.objects.using(alias).select_for_update(of=("self",)).filter(pk=1), {}
    )
)


def _locked_head() -> AuditChainHead:
    head = _LOCKED_HEAD(router.db_for_write(AuditChainHead)).first()
    if head is None:
        raise AuditChainHead.DoesNotExist("the audit chain has no head row")
    return head


SEAL_ALGORITHM = "sm3" if "sm3" in hashlib.algorithms_available else "sha256"


def seal_key() -> bytes:
    return settings.AUDIT_SEAL_KEY.encode("utf-8")


def keyed_mac(message: str, algorithm: str = SEAL_ALGORITHM) -> str:
    """``hmac-<algorithm>:<hex>`` of the message under the audit seal key."""
    digest = hmac.new(seal_key(), message.encode("utf-8"), algorithm).hexdigest()
    return f"hmac-{algorithm}:{digest}"


def mac_matches(message: str, mac: str) -> bool:
    """Whether ``mac`` (as ``keyed_mac`` writes it) is the message's under today's key."""
    algorithm = mac.partition(":")[0].removeprefix("hmac-")
    if algorithm not in {"sm3", "sha256"} or not settings.AUDIT_SEAL_KEY:
        return False
    return hmac.compare_digest(keyed_mac(message, algorithm), mac)


def compute_seal(entry_hash: str, prev_seal: str, algorithm: str = SEAL_ALGORITHM) -> str:
    return keyed_mac(f"{prev_seal}|{entry_hash}", algorithm)


def changed_fields(before: dict, after: dict) -> dict:
    """The fields whose value differs, as ``{field: [old, new]}``."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def snapshot(instance: models.Model, fields) -> dict:
    """Plain values of an instance's fields, foreign keys by their id, for ``changed_fields``."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        values[name] = getattr(instance, field.attname)
    return _normalise(values)


def save_changes(
    obj: models.Model,
    data: dict,
    fields,
    *,
    actor,
    action: str,
    extra: dict | None = None,
    check=None,
    subject: models.Model | None = None,
) -> dict:
    """Apply an edit to ``obj`` and record it: the one way an audited edit of a row is written.

    Sets each of ``fields`` that ``data`` holds, runs ``check(obj)`` when given (a validation
    that may refuse, seeing the new values, run whether or not anything changed), and compares
    the fields before and after (``snapshot`` / ``changed_fields``). Returns that difference,
    ``{field: [old, new]}``; empty when nothing changed.

    Side effects, only when something changed: ``obj`` saved with ``update_fields`` naming the
    changed fields (and its ``auto_now`` fields), and one audit entry ``action`` naming
    ``subject`` (``obj`` unless given) with the difference, ``extra`` keys joined in front
    (``{"year": 2025, **diff}``). An unchanged edit writes nothing. Call it inside the
    transaction that holds the row's lock.
    """
    before = snapshot(obj, fields)
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])
    if check is not None:
        check(obj)
    diff = changed_fields(before, snapshot(obj, fields))
    if diff:
        touched = [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
        obj.save(update_fields=[*diff, *touched])
        record_event(
            action,
            actor=actor,
            obj=subject if subject is not None else obj,
            changes={**(extra or {}), **diff},
        )
    return diff


def record_event(
    action: str,
    *,
    actor=None,
    obj: models.Model | None = None,
    changes: dict | None = None,
    username: str = "",
    role: str = "",
    ip: str | None = None,
) -> AuditEvent:
    """Append one entry to the audit trail.

    ``action`` is dotted (``"accounts.enterprise.registered"``). The actor's role and username
    are copied into the entry, so it stays readable after the account changes. The client
    address comes from the current request unless given; an entry written during a request
    authenticated by an API token names the token in ``via`` (``"token:<prefix>"``).

    Side effects: locks the chain head row until the surrounding transaction ends, which
    serialises audit writers so the chain never forks.
    """
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    with transaction.atomic():
        head = _locked_head()
        event = AuditEvent(
            seq=head.seq + 1,
            created_at=timezone.now(),
            actor=actor if authenticated else None,
            actor_username=username or (actor.get_username() if authenticated else ""),
            actor_role=role or (getattr(actor, "role", "") if authenticated else ""),
            ip=ip if ip is not None else request_ip.get(),
            via=request_channel.get() or "",
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(getattr(obj, "code", None) or obj.pk) if obj is not None else "",
            object_repr=str(obj)[:300] if obj is not None else "",
            changes=_normalise(changes or {}),
            prev_hash=head.hash,
        )
        event.hash = compute_hash(event)
        if settings.AUDIT_SEAL_KEY:
            event.seal = compute_seal(event.hash, head.seal)
        event.save()
        head.seq = event.seq
        head.hash = event.hash
        head.seal = event.seal
        head.save(update_fields=["seq", "hash", "seal"])
    return event


@dataclass(frozen=True)
class ChainProblem:
    seq: int | None
    kind: str
    detail: str

    def __str__(self) -> str:
        where = f"entry #{self.seq}" if self.seq is not None else "chain"
        return f"{where}: {self.kind}: {self.detail}"


def verify_chain(chunk_size: int = 2000) -> tuple[int, list[ChainProblem]]:
    """Check every entry against its hash and its predecessor; return (entries read, problems).

    Detects an edited entry (its hash no longer matches its content), a removed entry (a gap in
    the sequence and a broken link), a reordered entry (sequence and link disagree) and entries
    cut from the end (the chain head remembers the last one).
    """
    problems: list[ChainProblem] = []
    expected_seq = 1
    prev_hash = GENESIS_HASH
    prev_seal = ""
    count = 0
    last_seq = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=chunk_size):
        count += 1
        if event.seq != expected_seq:
            problems.append(
                ChainProblem(
                    event.seq,
                    "missing",
                    f"entries #{expected_seq}–#{event.seq - 1} are missing before this one",
                )
            )
        if event.prev_hash != prev_hash:
            problems.append(
                ChainProblem(
                    event.seq,
                    "broken link",
                    "its previous-hash does not match the entry before it "
                    "(an entry was removed, inserted or reordered)",
                )
            )
        if compute_hash(event) != event.hash:
            problems.append(
                ChainProblem(event.seq, "altered", "its content does not match its hash")
            )
        problems.extend(_seal_problems(event, prev_seal))
        prev_seal = event.seal
        prev_hash = event.hash
        expected_seq = event.seq + 1
        last_seq = event.seq
    head = AuditChainHead.objects.get(pk=1)
    if settings.AUDIT_SEAL_KEY and count and not prev_seal:
        problems.append(
            ChainProblem(
                last_seq,
                "unsealed",
                "the installation seals its entries but the newest one has no seal "
                "(the chain may have been rewritten without the key)",
            )
        )
    if head.seq != last_seq or head.hash != prev_hash:
        problems.append(
            ChainProblem(
                None,
                "truncated",
                f"the chain head records entry #{head.seq} as the newest, "
                f"but the newest entry found is #{last_seq}",
            )
        )
    return count, problems


def _seal_problems(event: AuditEvent, prev_seal: str) -> list[ChainProblem]:
    """An entry loses its seal only by tampering once an earlier entry has one; a seal that is
    there must be this entry's under the key."""
    if not event.seal:
        if prev_seal:
            return [ChainProblem(event.seq, "unsealed", "an entry before it is sealed, it is not")]
        return []
    if not settings.AUDIT_SEAL_KEY:
        return []  # reported once by the command: seals cannot be checked without the key
    if not mac_matches(f"{prev_seal}|{event.hash}", event.seal):
        return [
            ChainProblem(
                event.seq,
                "bad seal",
                "its seal does not match its hash under the installation's key "
                "(the entry or one before it was rewritten)",
            )
        ]
    return []
