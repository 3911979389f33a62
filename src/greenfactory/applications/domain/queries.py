"""Reads: which applications each user may see. Every view loads applications through here."""

from django.db import router
from django.db.models import QuerySet

from greenfactory.accounts.enums import OFFICER_ROLES, Role
from greenfactory.accounts.models import Region
from greenfactory.accounts.scope import inside
from greenfactory.core.compiled_reads import CompiledRead, CompiledValues, PerConnection

from ..hooks import visible_through_providers
from ..models import Application, ApplicationVersion, StatusChange

# What every page of an application reads with it.
APPLICATION_RELATED = ("batch", "batch__indicator_system", "enterprise", "enterprise__district")


def applications_visible_to(user) -> QuerySet[Application]:
    """City and district officers: submitted applications of enterprises in their region.
    Enterprise users: their own. Agencies: those of enterprises that authorise them. Other
    roles: what the apps above register in ``hooks.visibility_providers`` (experts: reviews)."""
    base = Application.objects.select_related(*APPLICATION_RELATED)
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


_ENTERPRISE_MARK, _CODE_MARK = -731_004_200_001, "application-code-mark"

# An enterprise user's application by its code: the query ``applications_visible_to`` makes
# for that role, compiled once per connection (``core.compiled_reads``).
_ENTERPRISE_APPLICATION = PerConnection(
    lambda alias: CompiledRead(
        Application.objects.using(alias)
        .select_related(*APPLICATION_RELATED)
        .filter(enterprise_id=_ENTERPRISE_MARK, code=_CODE_MARK)
        .order_by(),
        {"enterprise": _ENTERPRISE_MARK, "code": _CODE_MARK},
    )
)


def application_visible_to(user, code: str) -> Application | None:
    """The application ``code`` if ``applications_visible_to(user)`` holds it, else None,
    with the same related rows. An enterprise user's (the pages of the deadline's peak, many
    requests a minute) is read without the ORM compiling the query on each request (§105)."""
    if user and user.is_authenticated and user.is_active and user.role == Role.ENTERPRISE:
        if user.enterprise_id is None:
            return None
        read = _ENTERPRISE_APPLICATION(router.db_for_read(Application))
        return read.first(enterprise=user.enterprise_id, code=code)
    try:
        return applications_visible_to(user).get(code=code)
    except Application.DoesNotExist:
        return None


_APPLICATION_MARK = -731_004_200_002

# The application page's history and versions, printed as plain values: each query compiled
# once per connection (decisions §111), as the related managers would make it.
HISTORY_VALUES = (
    "created_at",
    "to_state",
    "reason",
    "actor__username",
    "actor__first_name",
    "actor__last_name",
)
VERSION_VALUES = ("number", "submitted_at", "self_score")


def _values_of_an_application(model, fields) -> PerConnection:
    """``model``'s rows of one application as ``fields``, compiled once per connection."""
    return PerConnection(
        lambda alias: CompiledValues(
            model.objects.using(alias).filter(application_id=_APPLICATION_MARK).values(*fields),
            {"application": _APPLICATION_MARK},
        )
    )


_HISTORY = _values_of_an_application(StatusChange, HISTORY_VALUES)
_VERSIONS = _values_of_an_application(ApplicationVersion, VERSION_VALUES)


def history_values(application) -> list[dict]:
    """``application.status_changes.values(*HISTORY_VALUES)``, in its order."""
    return _HISTORY(router.db_for_read(StatusChange)).all(application=application.pk)


def version_values(application) -> list[dict]:
    """``application.versions.values(*VERSION_VALUES)``, in its order."""
    return _VERSIONS(router.db_for_read(ApplicationVersion)).all(application=application.pk)
