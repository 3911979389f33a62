"""Consulting agencies (咨询服务机构): registered by the system administrator, authorised by
enterprises to help prepare their applications."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenfactory.core.domain.audit import record_event

from ..models import Agency, AgencyAuthorisation
from ..uscc import normalise_uscc
from .enterprises import StepRefused
from .registers import register_organisation


def register_agency(
    *,
    actor,
    uscc: str,
    name: str,
    legal_representative: str = "",
    contact_person: str = "",
    phone: str = "",
):
    """Side effects: audit entry ``accounts.agency.registered``. The legal representative is
    what tells a third-party evaluation body of the same owner (决策 §54)."""
    return register_organisation(
        Agency,
        "accounts.agency.registered",
        actor=actor,
        uscc=uscc,
        name=name,
        legal_representative=legal_representative,
        contact_person=contact_person,
        phone=phone,
    )


@transaction.atomic
def authorise_agency(enterprise, *, actor, agency_uscc: str) -> AgencyAuthorisation:
    """The enterprise lets an agency prepare its applications (submission stays its own).

    Side effects: audit entry ``accounts.agency.authorised``.
    """
    if not actor.has_perm("accounts.change_enterprise", enterprise):
        raise PermissionDenied
    agency = Agency.objects.filter(uscc=normalise_uscc(agency_uscc)).first()
    if agency is None:
        raise StepRefused(
            _(
                "No agency with this credit code is registered on the platform. Ask the agency "
                "to contact the bureau's system administrator."
            )
        )
    if AgencyAuthorisation.objects.filter(
        enterprise=enterprise, agency=agency, revoked_at__isnull=True
    ).exists():
        raise StepRefused(_("This agency is already authorised."))
    authorisation = AgencyAuthorisation.objects.create(enterprise=enterprise, agency=agency)
    record_event(
        "accounts.agency.authorised",
        actor=actor,
        obj=enterprise,
        changes={"agency": agency.name, "agency_uscc": agency.uscc},
    )
    return authorisation


@transaction.atomic
def revoke_authorisation(enterprise, *, actor, agency_code: str) -> None:
    """Side effects: audit entry ``accounts.agency.revoked``; the agency loses access at once."""
    if not actor.has_perm("accounts.change_enterprise", enterprise):
        raise PermissionDenied
    authorisation = (
        AgencyAuthorisation.objects.select_for_update(of=("self",))
        .select_related("agency")
        .filter(enterprise=enterprise, agency__code=agency_code, revoked_at__isnull=True)
        .first()
    )
    if authorisation is None:
        raise StepRefused(_("This agency is not authorised."))
    authorisation.revoked_at = timezone.now()
    authorisation.save(update_fields=["revoked_at"])
    record_event(
        "accounts.agency.revoked",
        actor=actor,
        obj=enterprise,
        changes={"agency": authorisation.agency.name},
    )
