"""A download re-checks today's permission, and downloads worth tracing are audited: an export
built yesterday does not outlive the access it was built under (an agency whose authorisation
the enterprise revoked, an audit administrator moved to another role)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished
from django.db import close_old_connections
from django.urls import reverse

from greenfactory.accounts.domain.agencies import revoke_authorisation
from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import User
from greenfactory.applications.domain.drafts import add_evidence, start_application
from greenfactory.core.models import AuditEvent, ExportJob
from greenfactory.demo.applications import sample_pdf
from tests.factories import BatchFactory, shipped_system

pytestmark = pytest.mark.django_db


def finished(kind, user, **params):
    job = ExportJob.objects.create(
        kind=kind, params=params, requested_by=user, status=ExportJob.Status.DONE
    )
    job.file.save(f"{job.code}.bin", ContentFile(b"content"), save=False)
    job.filename = "file.bin"
    job.save()
    return job


@pytest.fixture
def application(enterprise_user):
    batch = BatchFactory(indicator_system=shipped_system(2025))
    return start_application(batch, actor=enterprise_user)


def fetch(client, url) -> int:
    """The answer's status; a file's stream is read and closed."""
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    # Closing sends request_finished, which would end the test's database connection.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    return response.status_code


def download(client, job) -> int:
    return fetch(client, reverse("core:export_download", args=[job.code]))


def test_an_agency_loses_its_documents_when_the_enterprise_revokes_it(
    client, application, agency_user, enterprise_user
):
    job = finished("self_report_pdf", agency_user, application=application.code)
    client.force_login(agency_user)
    assert download(client, job) == 200
    revoke_authorisation(
        enterprise_user.enterprise, actor=enterprise_user, agency_code=agency_user.agency.code
    )
    assert download(client, job) == 404


def test_a_demoted_audit_administrator_loses_the_audit_trail_export(client, audit_admin):
    job = finished("audit_log", audit_admin)
    client.force_login(audit_admin)
    assert download(client, job) == 200
    User.objects.filter(pk=audit_admin.pk).update(role=Role.EXPERT)
    assert download(client, job) == 404


def test_nobody_downloads_anothers_export(client, audit_admin, security_admin):
    job = finished("audit_log", audit_admin)
    client.force_login(security_admin)
    assert download(client, job) == 404


def test_downloads_and_requests_are_audited(client, application, enterprise_user, audit_admin):
    item = add_evidence(
        application, actor=enterprise_user, upload=SimpleUploadedFile("a.pdf", sample_pdf())
    )
    client.force_login(enterprise_user)
    url = reverse("applications:evidence_download", args=[application.code, item.code])
    assert fetch(client, url) == 200
    event = AuditEvent.objects.get(action="applications.evidence.downloaded")
    assert (event.actor, event.object_id, event.changes) == (
        enterprise_user,
        item.code,
        {"file": "a.pdf"},
    )
    client.post(
        reverse("applications:document_request", args=[application.code, "self_report_pdf"])
    )
    assert AuditEvent.objects.filter(action="applications.document.requested").exists()
    client.force_login(audit_admin)
    client.post(reverse("core:audit_export"), {})
    assert AuditEvent.objects.filter(action="core.audit_log.export_requested").exists()
    job = finished("audit_log", audit_admin)
    download(client, job)
    assert AuditEvent.objects.get(action="core.export.downloaded").object_id == job.code
