"""Credit codes of the pilot period: an officer records that a code whose check character fails
is a real code (issued before GB 32100-2015 fixed the check character, e.g. some 2014–2015
codes), so its enterprise can register and be matched in imported lists."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from greenfactory.core.domain.audit import record_event
from greenfactory.core.refusals import Refused

from ..models import PilotCode
from ..uscc import normalise_uscc, validate_uscc

MIN_REASON = 10


class PilotCodeRefused(Refused):
    """The code cannot be recorded as a pilot-period code; the message says why."""


def can_record_pilot_code(user, district) -> bool:
    """Officers (district and city) record the codes of enterprises inside their region."""
    return user.has_perm("accounts.record_pilot_code", district)


@transaction.atomic
def record_pilot_code(uscc: str, *, district, reason: str, actor) -> PilotCode:
    """Record ``uscc`` as a real pilot-period code of an enterprise in ``district``.

    Only a code whose sole fault is its check character can be recorded (a wrong length,
    letter or division code is a typing error, not a pilot code); the reason (what the officer
    saw: the business licence, its date of issue) is required. Side effects: the ``PilotCode``
    row and the audit entry ``accounts.pilot_code.recorded``, in one transaction.
    """
    if not can_record_pilot_code(actor, district):
        raise PermissionDenied
    code = normalise_uscc(uscc or "")
    reason = (reason or "").strip()
    try:
        validate_uscc(code)
    except ValidationError as invalid:
        if invalid.code != "check":
            raise PilotCodeRefused(*invalid.messages) from invalid
    else:
        raise PilotCodeRefused(_("This code passes the check: no exception is needed."))
    if len(reason) < MIN_REASON:
        raise PilotCodeRefused(
            _(
                "Say what you checked (at least %(n)s characters): the business licence and "
                "its date."
            )
            % {"n": MIN_REASON}
        )
    if PilotCode.objects.filter(uscc=code).exists():
        raise PilotCodeRefused(_("This code is already recorded as a pilot-period code."))
    pilot = PilotCode.objects.create(uscc=code, district=district, reason=reason, recorded_by=actor)
    record_event(
        "accounts.pilot_code.recorded",
        actor=actor,
        obj=pilot,
        changes={"uscc": code, "district": district.code, "reason": reason},
    )
    return pilot
