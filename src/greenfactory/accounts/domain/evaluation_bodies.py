"""Third-party evaluation bodies (第三方评价机构): registered by the system administrator,
suspended and reinstated by the city bureau.

A suspended body is not commissioned and its reports are not accepted (``reviews``'s
evaluation steps read ``EvaluationBody.is_suspended``); its accounts keep reading what they were
commissioned for.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenfactory.core.domain.audit import record_event
from greenfactory.core.refusals import Refused

from ..models import EvaluationBody
from .registers import register_organisation


class BodyRefused(Refused):
    """The evaluation body cannot be suspended or reinstated now; the message says why."""


def register_evaluation_body(
    *,
    actor,
    uscc: str,
    name: str,
    legal_representative: str,
    responsible_person: str = "",
    phone: str = "",
) -> EvaluationBody:
    """Side effects: audit entry ``accounts.evaluation_body.registered``."""
    return register_organisation(
        EvaluationBody,
        "accounts.evaluation_body.registered",
        actor=actor,
        uscc=uscc,
        name=name,
        legal_representative=legal_representative,
        responsible_person=responsible_person.strip(),
        phone=phone,
    )


@transaction.atomic
def suspend_evaluation_body(body: EvaluationBody, *, actor, reason: str) -> EvaluationBody:
    """The bureau stops taking the body's work: from now on it is not commissioned and the
    reports it submits are refused. Side effects: audit entry
    ``accounts.evaluation_body.suspended`` with the reason."""
    current = EvaluationBody.objects.select_for_update().get(pk=body.pk)
    if not actor.has_perm("accounts.suspend_evaluation_body", current):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise BodyRefused(_("Please give the reason."))
    if current.is_suspended:
        raise BodyRefused(_("This evaluation body is already suspended."))
    current.suspended_at = timezone.now()
    current.suspension_reason = reason
    current.save(update_fields=["suspended_at", "suspension_reason"])
    record_event(
        "accounts.evaluation_body.suspended", actor=actor, obj=current, changes={"reason": reason}
    )
    return current


@transaction.atomic
def reinstate_evaluation_body(body: EvaluationBody, *, actor) -> EvaluationBody:
    """Side effects: audit entry ``accounts.evaluation_body.reinstated``."""
    current = EvaluationBody.objects.select_for_update().get(pk=body.pk)
    if not actor.has_perm("accounts.suspend_evaluation_body", current):
        raise PermissionDenied
    if not current.is_suspended:
        raise BodyRefused(_("This evaluation body is not suspended."))
    current.suspended_at = None
    current.suspension_reason = ""
    current.save(update_fields=["suspended_at", "suspension_reason"])
    record_event("accounts.evaluation_body.reinstated", actor=actor, obj=current, changes={})
    return current
