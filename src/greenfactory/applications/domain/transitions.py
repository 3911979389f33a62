"""The application's workflow: every allowed move, and the one function that makes it.

Nothing else assigns ``Application.state``. Views and the API call the named steps below.
"""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from greenfactory.core.domain.workflow import Edits, Move, Workflow, move
from greenfactory.core.refusals import Refused

from ..enums import EDITABLE_STATES
from ..enums import ApplicationState as S
from ..models import Application, StatusChange
from .notices import notify_transition


class TransitionRefused(Refused):
    """The move is not possible now; the message tells the user why."""


TRANSITIONS: dict[tuple[str, str], Move] = {
    (S.DRAFT, S.SUBMITTED): Move(
        "applications.submit_application", "applications.application.submitted"
    ),
    (S.RETURNED, S.SUBMITTED): Move(
        "applications.submit_application", "applications.application.resubmitted"
    ),
    (S.SUBMITTED, S.RETURNED): Move(
        "applications.review_application", "applications.application.returned", True
    ),
    (S.SUBMITTED, S.RECOMMENDED): Move(
        "applications.review_application", "applications.application.recommended"
    ),
    (S.SUBMITTED, S.DISTRICT_REJECTED): Move(
        "applications.review_application", "applications.application.district_rejected", True
    ),
    (S.RECOMMENDED, S.SITE_AUDIT): Move(
        "reviews.schedule_site_audit", "applications.application.site_audit_scheduled"
    ),
    (S.SITE_AUDIT, S.AUDITED): Move(
        "reviews.complete_site_audit", "applications.application.site_audited"
    ),
    (S.AUDITED, S.EXPERT_REVIEW): Move(
        "reviews.assign_experts", "applications.application.expert_review_started"
    ),
    (S.EXPERT_REVIEW, S.REVIEWED): Move(
        "reviews.complete_expert_review", "applications.application.expert_reviewed"
    ),
    (S.DRAFT, S.WITHDRAWN): Move(
        "applications.withdraw_application", "applications.application.withdrawn"
    ),
    (S.RETURNED, S.WITHDRAWN): Move(
        "applications.withdraw_application", "applications.application.withdrawn"
    ),
}

WORKFLOW = Workflow(
    name=_("Application"),
    model=Application,
    states=S,
    table=TRANSITIONS,
    history=StatusChange,
    history_fk="application",
    refused=TransitionRefused,
    wrong_state=_("The application is “%(state)s”; it cannot become “%(to)s”."),
    related=("enterprise__district", "batch"),
    notify=notify_transition,
    initial=S.DRAFT,
    # Its forms, answers and files: by whoever prepares it, while a draft or returned.
    edits=Edits(
        "applications.change_application",
        EDITABLE_STATES,
        closed=_("The application is “%(state)s” and can no longer be changed."),
    ),
)


def transition(
    application: Application,
    to: str,
    *,
    actor,
    reason: str = "",
    check: Callable[[Application], None] | None = None,
    effects: Callable[[Application], dict] | None = None,
) -> Application:
    """Move ``application`` to state ``to`` by ``TRANSITIONS`` (``core.domain.workflow.move``,
    whose docstring lists every side effect): a ``StatusChange`` row, the audit entry named in
    the table, and the enterprise and the next reviewer told (``notify_transition``)."""
    return move(application, to, actor=actor, reason=reason, check=check, effects=effects)
