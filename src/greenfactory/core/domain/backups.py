"""Backup and restore of the whole platform: the database and every stored file, checksummed.

A backup is a folder::

    MANIFEST.json        written last: what the backup holds and the SHA-256 of every part
    database.jsonl.gz    every row of every model (Django's JSON-lines serialisation, gzipped)
    files/<name>         every file of the default storage, under its storage name

Rows keep their primary keys (no natural keys): the audit trail's hashes include the actor's id,
so an entry restored under another id would no longer verify. Sessions are left out, so everyone
signs in again after a restore. docs/decisions.md explains why Django's serialisation rather
than pg_dump.
"""

import datetime
import gzip
import hashlib
import json
import posixpath
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connection, router, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from ..models import AuditChainHead, AuditEvent
from .audit import record_event, verify_chain

FORMAT = "greenfactory-backup/1"
MANIFEST = "MANIFEST.json"
DATABASE = "database.jsonl.gz"
FILES = "files"
# Sessions (Django's table and the one the platform uses, accounts.AccountSession) are left out.
EXCLUDED_MODELS = {"sessions.session", "accounts.accountsession"}
CHUNK = 1024 * 1024


class FullPrecisionEncoder(DjangoJSONEncoder):
    """Times with their microseconds: Django's encoder cuts them to milliseconds, and the audit
    trail's hashes cover the full time of each entry."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """The backup cannot be written, or cannot be restored; the message says why."""


@dataclass(frozen=True)
class RestoreReport:
    objects: int
    files: int
    audit_entries: int


def backup_models() -> list:
    """Every concrete model whose rows the backup holds, in the registry's order."""
    return [
        model
        for model in apps.get_models()
        if not model._meta.proxy
        and model._meta.managed
        and model._meta.label_lower not in EXCLUDED_MODELS
        and router.allow_migrate_model(DEFAULT_DB_ALIAS, model)
    ]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def storage_names(storage=default_storage, folder: str = ""):
    """Every file name in the storage, folders first-to-last in sorted order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(folder, name) if folder else name
    for name in sorted(folders):
        yield from storage_names(storage, posixpath.join(folder, name) if folder else name)


def applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _dump_database(path: Path) -> dict[str, int]:
    """Stream every row to ``path`` inside one transaction, so the rows are one snapshot
    (on PostgreSQL REPEATABLE READ; on SQLite the transaction holds the write lock)."""
    counts: dict[str, int] = {}

    def rows():
        for model in backup_models():
            count = 0
            queryset = model._base_manager.order_by(model._meta.pk.name)
            for row in queryset.iterator(chunk_size=2000):
                count += 1
                yield row
            counts[model._meta.label] = count

    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        head = AuditChainHead.objects.get(pk=1)
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=6) as stream:
            serializers.serialize("jsonl", rows(), stream=stream, cls=FullPrecisionEncoder)
        audit = {"entries": AuditEvent.objects.count(), "head_seq": head.seq, "head": head.hash}
        migrations = applied_migrations()
    return {"counts": counts, "audit": audit, "migrations": migrations}


def create_backup(output: Path) -> dict:
    """Write a backup of the database and the stored files into the new folder ``output``.

    The manifest is written last, so a backup cut off half-way has none and is never restored.
    Side effects: an audit entry ``core.backup.created`` after the dump (so it is not in it).
    """
    output = Path(output)
    if output.exists() and any(output.iterdir()):
        raise BackupError(f"{output} is not empty: give a new folder for each backup.")
    output.mkdir(parents=True, exist_ok=True)
    started = timezone.now()
    dumped = _dump_database(output / DATABASE)
    files = []
    for name in storage_names():
        target = output / FILES / name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        with default_storage.open(name, "rb") as source, target.open("wb") as copy:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                copy.write(chunk)
        files.append({"name": name, "bytes": size, "sha256": digest.hexdigest()})
    manifest = {
        "format": FORMAT,
        "created_at": started.isoformat(),
        "vendor": connection.vendor,
        "migrations": dumped["migrations"],
        "database": {
            "name": DATABASE,
            "bytes": (output / DATABASE).stat().st_size,
            "sha256": sha256_of(output / DATABASE),
            "objects": dumped["counts"],
        },
        "audit": dumped["audit"],
        "files": files,
    }
    (output / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    record_event(
        "core.backup.created",
        changes={
            "folder": str(output),
            "objects": sum(dumped["counts"].values()),
            "files": len(files),
            "audit_head_seq": dumped["audit"]["head_seq"],
        },
    )
    return manifest


def _safe_name(name) -> bool:
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        return False
    normal = posixpath.normpath(name)
    return normal == name and not name.startswith("/") and ".." not in name.split("/")


def read_manifest(folder: Path) -> dict:
    """The manifest, once every part it lists is present with its size and SHA-256.

    Raises BackupError naming the first part that is missing or differs.
    """
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise BackupError(
            f"{folder / MANIFEST} is missing: the backup is incomplete or this is not a backup."
        ) from error
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{folder / MANIFEST} is damaged: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{folder / MANIFEST} is not a backup of format {FORMAT}.")
    parts = [(folder / DATABASE, manifest["database"])]
    for entry in manifest["files"]:
        if not _safe_name(entry.get("name")):
            raise BackupError(f"The manifest names a file outside the backup: {entry!r}.")
        parts.append((folder / FILES / entry["name"], entry))
    for path, entry in parts:
        if not path.is_file():
            raise BackupError(f"{path} is missing from the backup.")
        if path.stat().st_size != entry["bytes"] or sha256_of(path) != entry["sha256"]:
            raise BackupError(
                f"{path} does not match its checksum in the manifest: "
                "the backup is damaged or was altered. Nothing was restored."
            )
    return manifest


def database_in_use() -> str | None:
    """Why the target counts as in use (accounts, audit entries or stored files), or None.

    A freshly migrated database holds only what the migrations seed (regions, industries,
    indicator systems, the audit chain's head); any use of the platform adds an audit entry.
    """
    user_model = apps.get_model("accounts", "User")
    if AuditEvent.objects.exists():
        return "it has audit entries"
    if user_model.objects.exists():
        return "it has user accounts"
    if next(storage_names(), None) is not None:
        return "its file storage is not empty"
    return None


def restore_backup(folder: Path, *, force: bool = False) -> RestoreReport:
    """Replace the database's rows and add the stored files from the backup in ``folder``.

    Order: every checksum is verified first; the target's migrations must be the backup's; a
    target in use is refused unless ``force``. Then, in one transaction: every table is emptied
    (``flush``; on PostgreSQL TRUNCATE, which the audit trail's row trigger does not cover — see
    docs/decisions.md), the rows are loaded with their own keys (``loaddata``: plain INSERTs,
    which the append-only guards allow), the counts are compared with the manifest and the
    audit chain is verified; any difference rolls everything back. Files are written before
    that transaction; a same-named file is replaced only with ``force``.

    Side effects: an audit entry ``core.backup.restored`` appended to the restored chain.
    """
    folder = Path(folder)
    manifest = read_manifest(folder)
    here = applied_migrations()
    if here != manifest["migrations"]:
        missing = sorted(set(manifest["migrations"]) - set(here))
        extra = sorted(set(here) - set(manifest["migrations"]))
        raise BackupError(
            "The database's migrations differ from the backup's. "
            + (f"Not applied here: {', '.join(missing[:10])}. " if missing else "")
            + (f"Applied here only: {', '.join(extra[:10])}. " if extra else "")
            + "Restore with the platform version that made the backup, after `manage.py "
            "migrate` on an empty database; migrate to the new version afterwards."
        )
    in_use = database_in_use()
    if in_use and not force:
        raise BackupError(
            f"The target database is in use ({in_use}). Restore into a new, migrated "
            "database, or give --force to replace everything in this one."
        )
    replaced = None
    if in_use:
        head = AuditChainHead.objects.filter(pk=1).first()
        replaced = {
            "entries": AuditEvent.objects.count(),
            "head_seq": head.seq if head else None,
            "head": head.hash if head else None,
        }

    for entry in manifest["files"]:
        name = entry["name"]
        if default_storage.exists(name):
            if not force:
                raise BackupError(f"{name} already exists in the file storage.")
            default_storage.delete(name)
        with (folder / FILES / name).open("rb") as source:
            stored = default_storage.save(name, File(source, name=posixpath.basename(name)))
        if stored != name:
            raise BackupError(f"{name} was stored as {stored}: the file storage refused the name.")

    with transaction.atomic():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        call_command("loaddata", str(folder / DATABASE), verbosity=0)
        expected = manifest["database"]["objects"]
        found = {model._meta.label: model._base_manager.count() for model in backup_models()}
        differing = {
            label: (expected.get(label, 0), count)
            for label, count in found.items()
            if count != expected.get(label, 0)
        }
        if differing:
            raise BackupError(f"Rows restored differ from the manifest: {differing}.")
        head = AuditChainHead.objects.get(pk=1)
        audit = manifest["audit"]
        if (head.seq, head.hash) != (audit["head_seq"], audit["head"]):
            raise BackupError("The restored audit chain does not end where the backup's did.")
        entries, problems = verify_chain()
        if problems:
            raise BackupError(
                "The restored audit trail does not verify: "
                + "; ".join(str(problem) for problem in problems[:5])
            )
        record_event(
            "core.backup.restored",
            changes={
                "backup_created_at": manifest["created_at"],
                "objects": sum(found.values()),
                "files": len(manifest["files"]),
                "audit_head_seq": head.seq,
                "replaced": replaced,
            },
        )
    return RestoreReport(
        objects=sum(found.values()), files=len(manifest["files"]), audit_entries=entries
    )
