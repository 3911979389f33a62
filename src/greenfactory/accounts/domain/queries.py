"""Reads: what each user may see. Every view loads objects through these functions."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet

from ..enums import OFFICER_ROLES, RegionLevel, Role
from ..models import Enterprise, Industry, Region, User
from ..scope import covering, inside


def enterprises_visible_to(user) -> QuerySet[Enterprise]:
    """All of the officer's region, the enterprise's own record, an agency's authorisers."""
    base = Enterprise.objects.select_related("district", "industry")
    if not (user and user.is_authenticated and user.is_active):
        return base.none()
    if user.role in OFFICER_ROLES and user.region_id:
        return base.filter(inside(user.region, via="district"))
    if user.role == Role.ENTERPRISE:
        return base.filter(pk=user.enterprise_id)
    if user.role == Role.AGENCY:
        return base.filter(
            agencyauthorisation__agency_id=user.agency_id,
            agencyauthorisation__revoked_at__isnull=True,
        )
    return base.none()


def officers_over(region: Region, role: str) -> QuerySet[User]:
    """The active officers of ``role`` whose region is ``region`` or contains it: who hears of
    what happens there."""
    return User.objects.filter(covering(region, via="region"), role=role, is_active=True)


def accounts_visible_to(user) -> QuerySet[User]:
    """Accounts are managed by the system and security administrators only."""
    base = User.objects.select_related("enterprise", "agency", "evaluation_body", "region")
    if user and user.is_authenticated and user.role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN):
        return base
    return base.none()


def platform_region() -> Region:
    """The region of the bureau that runs this platform (a city, or a province)."""
    return Region.objects.get(code=settings.PLATFORM_REGION_CODE)


def districts_for_platform() -> QuerySet[Region]:
    region = platform_region()
    return Region.objects.filter(inside(region), level=RegionLevel.DISTRICT).order_by("code")


def regions_for_officers() -> QuerySet[Region]:
    """Regions an officer can be scoped to: the platform's own region and everything below."""
    region = platform_region()
    return Region.objects.filter(inside(region)).order_by("path")


def industry_divisions() -> QuerySet[Industry]:
    return Industry.objects.filter(parent__isnull=False).select_related("parent").order_by("code")


def industry_named(industry_id: int | None) -> Industry | None:
    """One class of GB/T 4754 by its id, as a page names an enterprise's industry. Shipped
    reference data, changed only by a migration: each kept an hour per process (§105)."""
    if industry_id is None:
        return None
    return cache.get_or_set(
        f"industry:{industry_id}",
        lambda: Industry.objects.filter(pk=industry_id).first(),
        3600,
    )


def industry_sections() -> list[Industry]:
    """The sections (门类) of GB/T 4754, for the lists' filters. Shipped reference data, changed
    only by a migration: read once an hour per process."""
    return cache.get_or_set(
        "industry_sections",
        lambda: list(Industry.objects.filter(parent__isnull=True).order_by("code")),
        3600,
    )
