"""The server killed in the middle of an upload: no half-written record, no orphan file.

A real server process (``server.py``) receives an evidence upload of a few MB; half the body is
sent, the server is seen holding the part it has received in a temporary file, and then it is
killed with SIGKILL. Nothing may remain: no ``EvidenceFile`` row, no audit entry, no stored
file, and no temporary file (uploads above FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to a
temporary file that has no name, so the kernel removes it with the process).

Killed later, after the file is stored but before its row commits (PostgreSQL: the test holds
the audit chain's lock, so the server waits in ``record_event`` with the row written), the row
is rolled back and the file is left without one; ``remove_orphan_files`` removes it once the
grace period has passed, and keeps every file a row refers to.
"""

import io
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from greenfactory.applications.domain.drafts import add_evidence, start_application
from greenfactory.applications.models import EvidenceFile
from greenfactory.core.domain.audit import verify_chain
from greenfactory.core.domain.orphans import orphan_files
from greenfactory.core.models import AuditChainHead, AuditEvent
from tests.factories import BatchFactory, shipped_system

from .server import (
    backend_gone,
    backend_waiting_for_a_lock,
    files_under,
    multipart,
    needs_postgresql,
    post_head,
    row_locked,
    session_cookie,
    start_server,
    stop_server,
    tables_written_by,
    wait_for,
)

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

SIZE = 4 * 1024 * 1024


def big_pdf() -> bytes:
    filler = b"0" * (SIZE - 32)
    return b"%PDF-1.4\n" + filler + b"\n%%EOF\n"


@pytest.fixture
def server(tmp_path):
    running = start_server(tmp_path)
    yield running
    stop_server(running)


def test_killed_half_way_through_an_upload_leaves_nothing(server, enterprise_user):
    application = start_application(
        BatchFactory(indicator_system=shipped_system(2025)), actor=enterprise_user
    )
    session = session_cookie(enterprise_user)
    stored_before = files_under(server.media)
    audit_before = AuditEvent.objects.count()
    body, content_type = multipart({"kind": "evidence"}, "file", "能源审计报告.pdf", big_pdf())
    assert len(body) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE  # spooled to disk, not memory
    head = post_head(
        server,
        reverse("applications:evidence", args=[application.code]),
        session=session,
        content_type=content_type,
        length=len(body),
    )
    with server.connect() as sock:
        sock.sendall(head + body[: len(body) // 2])
        spooled = wait_for(
            lambda: [size for _name, size in server.open_temporary_files() if size > SIZE // 4],
            what="the server to spool the first half of the upload to a temporary file",
        )
        server.kill()
    assert spooled[0] <= len(body) // 2
    assert not EvidenceFile.objects.exists()
    assert AuditEvent.objects.count() == audit_before
    assert files_under(server.media) == stored_before
    assert files_under(server.tmp) == []
    assert verify_chain()[1] == []


def small_pdf() -> bytes:
    return b"%PDF-1.4\n" + b"1" * 1000 + b"\n%%EOF\n"


@needs_postgresql
def test_killed_between_storing_the_file_and_committing_its_row(server, enterprise_user):
    application = start_application(
        BatchFactory(indicator_system=shipped_system(2025)), actor=enterprise_user
    )
    session = session_cookie(enterprise_user)
    audit_before = AuditEvent.objects.count()
    body, content_type = multipart({"kind": "evidence"}, "file", "排污许可证.pdf", small_pdf())
    head = post_head(
        server,
        reverse("applications:evidence", args=[application.code]),
        session=session,
        content_type=content_type,
        length=len(body),
    )
    with row_locked(AuditChainHead, 1), server.connect() as sock:
        sock.sendall(head + body)
        pid = wait_for(backend_waiting_for_a_lock, what="the server to wait for the audit lock")
        assert "applications_evidencefile" in tables_written_by(pid)
        [stored] = files_under(server.media)
        server.kill()
    wait_for(lambda: backend_gone(pid), what="PostgreSQL to end the killed server's session")

    assert not EvidenceFile.objects.exists()
    assert AuditEvent.objects.count() == audit_before
    assert verify_chain()[1] == []
    orphan = stored.relative_to(server.media).as_posix()
    assert orphan.startswith(f"evidence/{application.code}/")
    assert orphan_files() == []  # within the grace period: it could be an upload in progress
    kept = add_evidence(
        application, actor=enterprise_user, upload=SimpleUploadedFile("kept.pdf", small_pdf())
    )
    out = io.StringIO()
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        call_command("remove_orphan_files", stdout=out)
    assert out.getvalue() == f"{orphan}\n1 orphan file(s) removed.\n"
    assert files_under(server.media) == [server.media / kept.file.name]
    entry = AuditEvent.objects.latest("seq")
    assert entry.action == "core.files.orphans_removed"
    assert entry.changes["files"] == [orphan]
