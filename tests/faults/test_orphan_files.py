"""``remove_orphan_files``: stored files no row refers to go once the grace period has passed;
files of rows stay, and so do young files (an upload in progress has its file before its row)."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from greenfactory.applications.domain.drafts import add_evidence, start_application
from greenfactory.core.models import AuditEvent
from tests.factories import BatchFactory, shipped_system

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n" + b"2" * 100 + b"\n%%EOF\n"


def sweep(*args) -> str:
    out = io.StringIO()
    call_command("remove_orphan_files", *args, stdout=out)
    return out.getvalue()


def test_only_old_files_without_a_row_are_removed(enterprise_user):
    application = start_application(
        BatchFactory(indicator_system=shipped_system(2025)), actor=enterprise_user
    )
    kept = add_evidence(
        application, actor=enterprise_user, upload=SimpleUploadedFile("kept.pdf", PDF)
    )
    orphan = default_storage.save(f"evidence/{application.code}/left-behind", ContentFile(PDF))
    assert sweep() == "0 orphan file(s) removed.\n"
    later = timezone.now() + timedelta(hours=25)
    with time_machine.travel(later):
        assert sweep("--dry-run") == f"{orphan}\n1 orphan file(s) found.\n"
        assert default_storage.exists(orphan)
        assert not AuditEvent.objects.filter(action="core.files.orphans_removed").exists()
        assert sweep("--older-than-hours", "26") == "0 orphan file(s) removed.\n"
        assert sweep() == f"{orphan}\n1 orphan file(s) removed.\n"
    assert not default_storage.exists(orphan)
    assert default_storage.exists(kept.file.name)
    entry = AuditEvent.objects.get(action="core.files.orphans_removed")
    assert entry.changes == {"count": 1, "files": [orphan], "older_than_hours": 24.0}
