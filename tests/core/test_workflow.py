"""The one workflow engine (``core.domain.workflow.move``), through the application's table:
the order of its checks, what it writes, and when it tells people."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from greenfactory.accounts.domain.enterprises import WORKFLOW as ENTERPRISE_WORKFLOW
from greenfactory.applications.domain.transitions import WORKFLOW, TransitionRefused
from greenfactory.applications.enums import ApplicationState as S
from greenfactory.applications.models import Application, StatusChange
from greenfactory.core.domain.workflow import (
    WORKFLOWS,
    Move,
    MoveRefused,
    can_edit,
    check_edit,
    move,
    workflow_of,
)
from greenfactory.core.models import AuditEvent, StateChange
from greenfactory.core.refusals import Refused
from greenfactory.filings.domain.filings import WORKFLOW as FILING_WORKFLOW
from greenfactory.notifications.models import Notification, OutboundEmail
from greenfactory.programme.domain.batches import WORKFLOW as BATCH_WORKFLOW
from greenfactory.recognition.domain.objections import WORKFLOW as OBJECTION_WORKFLOW
from greenfactory.rewards.domain.ledger import WORKFLOW as LEDGER_WORKFLOW
from greenfactory.supervision.domain.checks import WORKFLOW as CHECK_WORKFLOW
from greenfactory.titles.domain.title_status import WORKFLOW as TITLE_WORKFLOW
from tests.factories import BatchFactory

pytestmark = pytest.mark.django_db

EIGHT = (
    WORKFLOW,
    ENTERPRISE_WORKFLOW,
    BATCH_WORKFLOW,
    FILING_WORKFLOW,
    TITLE_WORKFLOW,
    OBJECTION_WORKFLOW,
    CHECK_WORKFLOW,
    LEDGER_WORKFLOW,
)


def _application(enterprise, state):
    return Application.objects.create(
        batch=BatchFactory(),
        enterprise=enterprise,
        state=state,
        submitted_at=None if state == S.DRAFT else timezone.now(),
    )


def test_every_stateful_model_has_one_registered_workflow():
    assert {workflow.model for workflow in EIGHT} <= set(WORKFLOWS)
    assert len({workflow.model for workflow in EIGHT}) == 8
    for workflow in EIGHT:
        assert workflow_of(workflow.model) is workflow
        assert all(isinstance(step, Move) for step in workflow.table.values())
        assert all(issubclass(workflow.refused, Refused) for workflow in EIGHT)
        states = set(workflow.states.values)
        assert {state for pair in workflow.table for state in pair} <= states
        assert workflow.initial in states
        if workflow.history is not None:
            assert issubclass(workflow.history, StateChange)


@pytest.mark.parametrize("source", S.values)
def test_a_pair_outside_the_table_is_refused_naming_both_states(
    enterprise, district_officer, source
):
    application = _application(enterprise, source)
    for target in S.values:
        if (source, target) in WORKFLOW.table:
            continue
        with translation.override("en"):
            with pytest.raises(TransitionRefused) as refused:
                move(application, target, actor=district_officer, reason="x")
            assert str(refused.value) == (
                f"The application is “{S(source).label}”; it cannot become “{S(target).label}”."
            )
    application.refresh_from_db()
    assert application.state == source
    assert not StatusChange.objects.exists()
    assert not AuditEvent.objects.filter(object_id=application.code).exists()


def test_the_pair_is_checked_before_the_permission(enterprise, other_district_officer):
    """A wrong-state request by someone without the move's permission is told the state."""
    application = _application(enterprise, S.RECOMMENDED)
    with pytest.raises(TransitionRefused):
        move(application, S.RETURNED, actor=other_district_officer, reason="x")


@pytest.mark.parametrize("state", [S.DRAFT, S.RETURNED])
def test_who_prepares_an_application_may_change_it_while_it_is_open(
    enterprise, enterprise_user, other_enterprise_user, district_officer, state
):
    application = _application(enterprise, state)
    check_edit(enterprise_user, application)
    assert can_edit(enterprise_user, application)
    for other in (other_enterprise_user, district_officer):
        with pytest.raises(PermissionDenied):
            check_edit(other, application)
        assert not can_edit(other, application)


@pytest.mark.parametrize("state", sorted(set(S.values) - {S.DRAFT, S.RETURNED}))
def test_a_closed_application_is_told_as_such_before_the_permission(
    enterprise, enterprise_user, district_officer, state
):
    """The edits' "when" (``WORKFLOW.edits``) comes first, as a move's table does: the
    enterprise is told its application can no longer be changed, and so is an officer."""
    application = _application(enterprise, state)
    for actor in (enterprise_user, district_officer):
        with translation.override("en"):
            with pytest.raises(TransitionRefused) as closed:
                check_edit(actor, application)
            assert str(closed.value) == (
                f"The application is “{S(state).label}” and can no longer be changed."
            )
        assert not can_edit(actor, application)
    # The permission says only who: the enterprise still prepares it, whatever its state.
    assert enterprise_user.has_perm("applications.change_application", application)


def test_a_move_in_the_table_needs_its_permission(enterprise, other_district_officer):
    application = _application(enterprise, S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        move(application, S.RETURNED, actor=other_district_officer, reason="x")
    application.refresh_from_db()
    assert application.state == S.SUBMITTED


def test_the_permission_is_checked_before_the_reason(enterprise, other_district_officer):
    application = _application(enterprise, S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        move(application, S.RETURNED, actor=other_district_officer, reason="")


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_move_that_needs_a_reason_is_refused_without_one(enterprise, district_officer, reason):
    application = _application(enterprise, S.SUBMITTED)
    with translation.override("en"), pytest.raises(TransitionRefused, match="give the reason"):
        move(application, S.RETURNED, actor=district_officer, reason=reason)
    assert not StatusChange.objects.exists()


def test_the_check_runs_after_the_permission_and_can_refuse(enterprise, district_officer):
    application = _application(enterprise, S.SUBMITTED)
    seen = []

    def check(current):
        seen.append(current.state)
        raise MoveRefused("not now")

    with pytest.raises(MoveRefused, match="not now"):
        move(application, S.RECOMMENDED, actor=district_officer, check=check)
    assert seen == [S.SUBMITTED]
    application.refresh_from_db()
    assert application.state == S.SUBMITTED


def test_a_move_writes_state_history_and_audit_together(enterprise, district_officer):
    application = _application(enterprise, S.SUBMITTED)

    def effects(current):
        assert current.state == S.RETURNED
        return {"extra": 1}

    moved = move(
        application, S.RETURNED, actor=district_officer, reason=" fix it ", effects=effects
    )
    assert moved.state == application.state == S.RETURNED
    assert Application.objects.get(pk=application.pk).state == S.RETURNED
    change = StatusChange.objects.get(application=application)
    assert (change.from_state, change.to_state, change.actor, change.reason) == (
        S.SUBMITTED,
        S.RETURNED,
        district_officer,
        "fix it",
    )
    event = AuditEvent.objects.get(object_id=application.code)
    assert event.action == "applications.application.returned"
    assert event.changes == {"state": [S.SUBMITTED, S.RETURNED], "reason": "fix it", "extra": 1}


def test_a_failing_effect_undoes_the_whole_move(enterprise, district_officer):
    application = _application(enterprise, S.SUBMITTED)

    def effects(current):
        raise MoveRefused("late problem")

    with pytest.raises(MoveRefused):
        move(application, S.RECOMMENDED, actor=district_officer, effects=effects)
    assert Application.objects.get(pk=application.pk).state == S.SUBMITTED
    assert not StatusChange.objects.exists()
    assert not AuditEvent.objects.filter(object_id=application.code).exists()
    assert not Notification.objects.exists()


def test_people_are_told_in_the_move_and_mailed_only_after_commit(
    enterprise, enterprise_user, district_officer, django_capture_on_commit_callbacks
):
    enterprise_user.email = "factory@example.com"
    enterprise_user.save()
    application = _application(enterprise, S.SUBMITTED)
    with django_capture_on_commit_callbacks() as callbacks:
        move(application, S.RECOMMENDED, actor=district_officer)
        assert Notification.objects.filter(recipient=enterprise_user).count() == 1
        assert OutboundEmail.objects.get(to="factory@example.com").status == "queued"
        assert mail.outbox == []
    assert callbacks
    for callback in callbacks:
        callback()
    assert [message.to for message in mail.outbox] == [["factory@example.com"]]
