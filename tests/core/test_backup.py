"""`manage.py backup` and `manage.py restore`: a round trip into a fresh database that then
verifies its audit trail, checksums that refuse a damaged backup, and a target in use refused."""

import gzip
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from greenfactory.accounts.models import AccountSession
from greenfactory.applications.domain.drafts import add_evidence, start_application
from greenfactory.core.domain.audit import record_event, verify_chain
from greenfactory.core.domain.backups import backup_models
from greenfactory.core.models import AuditEvent
from greenfactory.demo.applications import sample_pdf
from tests.database import template_key
from tests.factories import BatchFactory, UserFactory, shipped_system

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

# The restored database's own checks, in one process of its own: the audit trail verified, then
# the system checks (each command as ``manage.py`` runs it).
VERIFY_AND_CHECK = """
import django
django.setup()
from django.core.management import call_command
call_command("verify_audit_log")
call_command("check")
"""


def run(args, database: Path, media: Path):
    """A separate process on its own SQLite database and file storage."""
    env = {
        **os.environ,
        "DJANGO_ENV": "test",
        "DJANGO_SETTINGS_MODULE": "greenfactory.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(media),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, timeout=300, check=False
    )


def probe(database: Path) -> dict:
    """The rows of every model the backup holds, counted, and the audit chain, read from the
    restored file itself (a process of its own, with Django, cost 3–4 s of CPU to read them)."""
    raw = sqlite3.connect(database)
    try:
        counts = {
            model._meta.label: raw.execute(
                f'SELECT COUNT(*) FROM "{model._meta.db_table}"'  # noqa: S608 -- a model's table
            ).fetchone()[0]
            for model in backup_models()
        }
        audit = raw.execute(
            f'SELECT seq, hash, prev_hash, action FROM "{AuditEvent._meta.db_table}" ORDER BY seq'  # noqa: S608 -- a model's table
        ).fetchall()
    finally:
        raw.close()
    return {"counts": counts, "audit": [list(row) for row in audit]}


@pytest.fixture(scope="module")
def migrated_template(tmp_path_factory) -> Path:
    """A freshly migrated database, made once and copied by each test: the suite's own SQLite
    template where one matches today's migrations (``tests.database``: a run on SQLite keeps
    it, keyed by every file that shapes the migrated database), else migrated here."""
    folder = tmp_path_factory.mktemp("template")
    database = folder / "fresh.sqlite3"
    kept = Path(django_settings.VAR_DIR) / f"test-template-{template_key()}.sqlite3"
    if kept.exists():
        source, target = sqlite3.connect(kept), sqlite3.connect(database)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        return database
    finished = run(["manage.py", "migrate", "--noinput", "-v0"], database, folder / "media")
    assert finished.returncode == 0, finished.stderr.decode()[-3000:]
    return database


@pytest.fixture
def fresh(migrated_template, tmp_path):
    database = tmp_path / "restored.sqlite3"
    shutil.copy(migrated_template, database)
    return database, tmp_path / "restored-media"


@pytest.fixture
def platform_in_use(enterprise_user, city_officer):
    """Accounts, an application with two evidence files, and their audit entries."""
    application = start_application(
        BatchFactory(indicator_system=shipped_system(2018)), actor=enterprise_user
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    for name in ("能源审计报告.pdf", "证书.pdf"):
        add_evidence(
            application,
            actor=enterprise_user,
            upload=SimpleUploadedFile(name, sample_pdf(), content_type="application/pdf"),
        )
    record_event("tests.entry", actor=city_officer, obj=application, changes={"note": "常州"})
    return application


def media_files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_round_trip_into_a_fresh_database(platform_in_use, tmp_path, fresh, enterprise_user):
    Client().force_login(enterprise_user)  # a live session, which the backup leaves out
    assert AccountSession.objects.exists()
    backup = tmp_path / "backup"
    call_command("backup", output=backup, stdout=io.StringIO())
    manifest = json.loads((backup / "MANIFEST.json").read_text(encoding="utf-8"))

    # Every part is listed with its checksum, and the files are the storage's.
    media = Path(django_settings.MEDIA_ROOT)
    stored = media_files(media)
    assert len(stored) == 2
    assert {entry["name"]: entry["sha256"] for entry in manifest["files"]} == {
        name: hashlib.sha256(content).hexdigest() for name, content in stored.items()
    }
    dump = backup / manifest["database"]["name"]
    assert manifest["database"]["sha256"] == hashlib.sha256(dump.read_bytes()).hexdigest()
    assert "sessions.Session" not in manifest["database"]["objects"]
    assert "accounts.AccountSession" not in manifest["database"]["objects"]
    with gzip.open(dump, "rt", encoding="utf-8") as lines:
        assert sum(1 for _ in lines) == sum(manifest["database"]["objects"].values())

    source_counts = {model._meta.label: model._base_manager.count() for model in backup_models()}
    source_audit = [
        list(row)
        for row in AuditEvent.objects.order_by("seq").values_list(
            "seq", "hash", "prev_hash", "action"
        )
    ]
    assert source_audit[-1][3] == "core.backup.created"

    database, restored_media = fresh
    restored = run(["manage.py", "restore", "--input", str(backup)], database, restored_media)
    assert restored.returncode == 0, restored.stderr.decode()[-3000:]
    assert "chain intact" in restored.stdout.decode()
    checked = run(["-c", VERIFY_AND_CHECK], database, restored_media)
    assert checked.returncode == 0, checked.stderr.decode()
    assert "chain intact" in checked.stdout.decode()
    assert "System check identified no issues" in checked.stdout.decode()

    after = probe(database)
    # Every row is back with its own key; the backup's own entry was written after the dump,
    # and the restore appends its entry to the restored chain.
    assert after["counts"] == source_counts
    assert after["audit"][:-1] == source_audit[:-1]
    last = after["audit"][-1]
    assert (last[0], last[2], last[3]) == (
        source_audit[-2][0] + 1,
        source_audit[-2][1],
        "core.backup.restored",
    )
    assert media_files(restored_media) == stored


@pytest.mark.parametrize("part", ["file", "database"])
def test_a_damaged_part_is_refused_before_anything_is_written(
    platform_in_use, tmp_path, fresh, part
):
    backup = tmp_path / "backup"
    call_command("backup", output=backup, stdout=io.StringIO())
    manifest = json.loads((backup / "MANIFEST.json").read_text(encoding="utf-8"))
    if part == "file":
        damaged = backup / "files" / manifest["files"][0]["name"]
    else:
        damaged = backup / manifest["database"]["name"]
    content = bytearray(damaged.read_bytes())
    content[len(content) // 2] ^= 0x01
    damaged.write_bytes(bytes(content))

    database, restored_media = fresh
    refused = run(["manage.py", "restore", "--input", str(backup)], database, restored_media)
    assert refused.returncode == 1
    message = refused.stderr.decode()
    assert f"Restore refused: {damaged} does not match its checksum in the manifest" in message
    assert probe(database)["audit"] == []
    assert not restored_media.exists() or media_files(restored_media) == {}


def test_a_backup_without_its_manifest_is_refused(platform_in_use, tmp_path):
    backup = tmp_path / "backup"
    call_command("backup", output=backup, stdout=io.StringIO())
    (backup / "MANIFEST.json").unlink()
    with pytest.raises(CommandError, match=r"MANIFEST\.json is missing: the backup is incomplete"):
        call_command("restore", input=backup)


def test_a_manifest_naming_a_file_outside_the_backup_is_refused(platform_in_use, tmp_path):
    backup = tmp_path / "backup"
    call_command("backup", output=backup, stdout=io.StringIO())
    manifest_path = backup / "MANIFEST.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["files"][0]["name"] = "../../settings.py"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(CommandError, match="names a file outside the backup"):
        call_command("restore", input=backup)


def test_a_backup_goes_into_a_new_folder_only(platform_in_use, tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "MANIFEST.json").write_text("{}")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", output=tmp_path / "old")


def test_other_migrations_are_refused(platform_in_use, tmp_path, fresh):
    backup = tmp_path / "backup"
    call_command("backup", output=backup, stdout=io.StringIO())
    database, restored_media = fresh
    with sqlite3.connect(database) as raw:
        raw.execute("DELETE FROM django_migrations WHERE app = 'core' AND name LIKE '0003%'")
    refused = run(["manage.py", "restore", "--input", str(backup)], database, restored_media)
    assert refused.returncode == 1
    assert "migrations differ from the backup's. Not applied here: core.0003_audit_actor" in (
        refused.stderr.decode()
    )


@pytest.mark.django_db(transaction=True)
def test_a_database_in_use_is_replaced_only_with_force(platform_in_use, tmp_path, enterprise_user):
    """Committed rows, as in real use: restore runs in its own transaction (PostgreSQL refuses
    TRUNCATE in a transaction that still has foreign-key checks pending)."""
    backup = tmp_path / "backup"
    call_command("backup", output=backup, stdout=io.StringIO())
    backed_up = AuditEvent.objects.order_by("-seq").values_list("seq", "hash")[1]
    newcomer = UserFactory(username="after_the_backup")
    record_event("tests.after", actor=newcomer)
    replaced_head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash")[0]

    with pytest.raises(CommandError, match=r"The target database is in use \(it has audit"):
        call_command("restore", input=backup)
    assert AuditEvent.objects.filter(action="tests.after").exists()

    call_command("restore", input=backup, force=True, stdout=io.StringIO())
    assert not AuditEvent.objects.filter(action="tests.after").exists()
    assert not type(newcomer).objects.filter(username="after_the_backup").exists()
    _, problems = verify_chain()
    assert problems == []
    restored = AuditEvent.objects.order_by("-seq").first()
    assert (restored.seq, restored.prev_hash) == (backed_up[0] + 1, backed_up[1])
    assert restored.changes["replaced"] == {
        "entries": replaced_head[0],
        "head_seq": replaced_head[0],
        "head": replaced_head[1],
    }
    assert type(newcomer).objects.filter(username=enterprise_user.username).exists()
