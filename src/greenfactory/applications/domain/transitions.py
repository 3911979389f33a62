"""The application's workflow: every allowed move, and the one function that makes it.

Nothing else assigns ``Application.state``. Views and the API call the named steps below.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from greenfactory.core.domain.audit import record_event
from greenfactory.core.refusals import Refused

from ..enums import ApplicationState as S
from ..models import Application, StatusChange
from .notices import notify_transition


class TransitionRefused(Refused):
    """The move is not possible now; the message tells the user why."""


@dataclass(frozen=True)
class Transition:
    permission: str
    action: str
    needs_reason: bool = False


TRANSITIONS: dict[tuple[str, str], Transition] = {
    (S.DRAFT, S.SUBMITTED): Transition(
        "applications.submit_application", "applications.application.submitted"
    ),
    (S.RETURNED, S.SUBMITTED): Transition(
        "applications.submit_application", "applications.application.resubmitted"
    ),
    (S.SUBMITTED, S.RETURNED): Transition(
        "applications.review_application", "applications.application.returned", True
    ),
    (S.SUBMITTED, S.RECOMMENDED): Transition(
        "applications.review_application", "applications.application.recommended"
    ),
    (S.SUBMITTED, S.DISTRICT_REJECTED): Transition(
        "applications.review_application", "applications.application.district_rejected", True
    ),
    (S.RECOMMENDED, S.SITE_AUDIT): Transition(
        "reviews.schedule_site_audit", "applications.application.site_audit_scheduled"
    ),
    (S.SITE_AUDIT, S.AUDITED): Transition(
        "reviews.complete_site_audit", "applications.application.site_audited"
    ),
    (S.AUDITED, S.EXPERT_REVIEW): Transition(
        "reviews.assign_experts", "applications.application.expert_review_started"
    ),
    (S.EXPERT_REVIEW, S.REVIEWED): Transition(
        "reviews.complete_expert_review", "applications.application.expert_reviewed"
    ),
    (S.DRAFT, S.WITHDRAWN): Transition(
        "applications.withdraw_application", "applications.application.withdrawn"
    ),
    (S.RETURNED, S.WITHDRAWN): Transition(
        "applications.withdraw_application", "applications.application.withdrawn"
    ),
}


def transition(
    application: Application,
    to: str,
    *,
    actor,
    reason: str = "",
    check: Callable[[Application], None] | None = None,
    effects: Callable[[Application], dict] | None = None,
) -> Application:
    """Move ``application`` to state ``to``.

    In one transaction, with the application row locked (so of two people acting at once the
    second is told the state has changed): refuses a pair not in ``TRANSITIONS``, checks the
    actor's permission, requires a reason where the table says so, runs ``check`` (which may
    raise TransitionRefused), saves the state, runs ``effects`` (whose returned dict is added
    to the audit entry), writes a ``StatusChange`` row and an audit entry, and tells the
    enterprise and the next reviewer (inbox now, e-mail by the worker after commit).
    """
    with transaction.atomic():
        current = (
            Application.objects.select_for_update(of=("self",))
            .select_related("enterprise__district", "batch")
            .get(pk=application.pk)
        )
        move = TRANSITIONS.get((current.state, to))
        if move is None:
            raise TransitionRefused(
                _("The application is “%(state)s”; it cannot become “%(to)s”.")
                % {"state": current.get_state_display(), "to": S(to).label}
            )
        if not actor.has_perm(move.permission, current):
            raise PermissionDenied
        reason = (reason or "").strip()
        if move.needs_reason and not reason:
            raise TransitionRefused(_("Please give the reason."))
        if check is not None:
            check(current)
        before = current.state
        current.state = to
        extra = effects(current) if effects is not None else {}
        current.save()
        StatusChange.objects.create(
            application=current, from_state=before, to_state=to, actor=actor, reason=reason
        )
        record_event(
            move.action,
            actor=actor,
            obj=current,
            changes={"state": [before, to], **({"reason": reason} if reason else {}), **extra},
        )
        notify_transition(current, before, to, actor=actor, reason=reason)
    return current
