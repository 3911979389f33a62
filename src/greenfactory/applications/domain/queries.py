"""Reads: which applications each user may see. Every view loads applications through here."""

from django.db.models import QuerySet

from greenfactory.accounts.enums import OFFICER_ROLES, Role
from greenfactory.accounts.models import Region
from greenfactory.accounts.scope import inside

from ..hooks import visible_through_providers
from ..models import Application


def applications_visible_to(user) -> QuerySet[Application]:
    """City and district officers: submitted applications of enterprises in their region.
    Enterprise users: their own. Agencies: those of enterprises that authorise them. Other
    roles: what the apps above register in ``hooks.visibility_providers`` (experts: reviews)."""
    base = Application.objects.select_related(
        "batch", "batch__indicator_system", "enterprise", "enterprise__district"
    )
    if not (user and user.is_authenticated and user.is_active):
        return base.none()
    if user.role in OFFICER_ROLES and user.region_id:
        # An application never submitted (a draft, or a draft withdrawn) is the enterprise's
        # own business.
        # The districts first (a few rows), then each district's applications through the
        # index on (district, state).
        districts = Region.objects.filter(inside(user.region)).values("pk")
        return base.filter(district__in=districts, submitted_at__isnull=False)
    if user.role == Role.ENTERPRISE:
        return base.filter(enterprise_id=user.enterprise_id)
    if user.role == Role.AGENCY:
        return base.filter(
            enterprise__agencyauthorisation__agency_id=user.agency_id,
            enterprise__agencyauthorisation__revoked_at__isnull=True,
        )
    visible = visible_through_providers(user, base)
    return base.none() if visible is None else visible
