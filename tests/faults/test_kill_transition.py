"""The server killed in the middle of a workflow transition: all or nothing.

The enterprise submits through a real server process (``server.py``) while the test holds the
audit chain's row lock, so the server's transition stops inside its transaction at
``record_event``, after it has saved the new state, the ``StatusChange`` row and the submitted
``ApplicationVersion`` (the test checks that it did, in PostgreSQL's lock table). The server is
then killed with SIGKILL. The state, the history, the versions and the audit trail must be
exactly as before, the chain must verify, and the application can be submitted afterwards.
"""

import pytest
from django.urls import reverse

from greenfactory.applications.domain.drafts import start_application
from greenfactory.applications.domain.submission import submit_application
from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application, ApplicationVersion, StatusChange
from greenfactory.core.domain.audit import verify_chain
from greenfactory.core.models import AuditChainHead, AuditEvent
from greenfactory.demo.applications import fill_application
from tests.factories import BatchFactory, shipped_system

from .server import (
    backend_gone,
    backend_waiting_for_a_lock,
    form,
    needs_postgresql,
    post_head,
    row_locked,
    session_cookie,
    start_server,
    stop_server,
    tables_written_by,
    wait_for,
)

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True), needs_postgresql]


@pytest.fixture
def server(tmp_path):
    running = start_server(tmp_path)
    yield running
    stop_server(running)


def recorded(application):
    """Everything a submission writes, as it stands in the database."""
    current = Application.objects.get(pk=application.pk)
    head = AuditChainHead.objects.get(pk=1)
    return {
        "state": current.state,
        "version": current.version,
        "submitted_at": current.submitted_at,
        "status_changes": list(StatusChange.objects.values_list("pk", flat=True)),
        "versions": list(ApplicationVersion.objects.values_list("pk", flat=True)),
        "audit": list(AuditEvent.objects.values_list("seq", "hash")),
        "head": (head.seq, head.hash),
    }


def test_killed_half_way_through_a_submission_changes_nothing(server, enterprise_user):
    batch = BatchFactory(indicator_system=shipped_system(2025))
    application = fill_application(
        start_application(batch, actor=enterprise_user), actor=enterprise_user
    )
    session = session_cookie(enterprise_user)
    before = recorded(application)
    assert before["state"] == ApplicationState.DRAFT
    body, content_type = form({})
    head = post_head(
        server,
        reverse("applications:application_submit", args=[application.code]),
        session=session,
        content_type=content_type,
        length=len(body),
    )
    with row_locked(AuditChainHead, 1), server.connect() as sock:
        sock.sendall(head + body)
        pid = wait_for(backend_waiting_for_a_lock, what="the server to wait for the audit lock")
        assert {
            "applications_application",
            "applications_statuschange",
            "applications_applicationversion",
        } <= tables_written_by(pid)
        server.kill()
    wait_for(lambda: backend_gone(pid), what="PostgreSQL to end the killed server's session")

    assert recorded(application) == before
    assert verify_chain()[1] == []
    submitted = submit_application(application, actor=enterprise_user)
    assert submitted.state == ApplicationState.SUBMITTED
    assert StatusChange.objects.filter(application=application).count() == 1
