"""Reads for reviewers: the district queue with each application's submitted self score."""

from django.contrib.auth import get_user_model
from django.db import router
from django.db.models import Q, QuerySet

from greenfactory.accounts.enums import OFFICER_ROLES, Role
from greenfactory.accounts.models import Region
from greenfactory.accounts.scope import inside
from greenfactory.applications.domain.queries import applications_visible_to
from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application
from greenfactory.core.compiled_reads import CompiledValues, PerConnection

from ..models import RecommendationLetter, RecommendationRank, SiteAudit

QUEUE_STATES = (
    ApplicationState.SUBMITTED,
    ApplicationState.RETURNED,
    ApplicationState.RECOMMENDED,
    ApplicationState.DISTRICT_REJECTED,
)
QUEUE_ORDER = {
    "submitted": ("submitted_at", "pk"),
    "-submitted": ("-submitted_at", "-pk"),
    "name": ("enterprise__name", "pk"),
    "score": ("-submitted_score", "pk"),
}


def district_queue(user) -> QuerySet[Application]:
    """The applications of the officer's region in the pre-review's states, with the self
    score they were submitted with (``Application.submitted_score``)."""
    return (
        applications_visible_to(user)
        .filter(state__in=QUEUE_STATES)
        .select_related("enterprise__industry__parent")
    )


# The queue as it opens (submitted, oldest first), its first page and one row more (``page_of``).
QUEUE_FIRST_ROWS = 51
_PATH_MARK = "queue-region-path-mark/"


def first_queue_reads(fields) -> PerConnection:
    """The queue's first rows as it opens, as ``values(*fields)``, compiled once per
    connection (decisions §111)."""

    def build(alias):
        # The officer's queue as ``district_queue`` makes it for any officer: the rule asked
        # with a stand-in account whose region's path is the marker.
        officer = get_user_model()(pk=-1, role=Role.DISTRICT_OFFICER, is_active=True)
        officer.region = Region(pk=-1, path=_PATH_MARK)
        rows = (
            district_queue(officer)
            .using(alias)
            .filter(state=ApplicationState.SUBMITTED)
            .order_by(*QUEUE_ORDER["submitted"])
            .values(*fields)[:QUEUE_FIRST_ROWS]
        )
        return CompiledValues(rows, {"path": _PATH_MARK}, prefixes=("path",))

    return PerConnection(build)


def first_queue_rows(user, compiled) -> list[dict] | None:
    """The first rows of ``district_queue(user)`` as it opens, read by ``compiled`` (a
    ``first_queue_reads(fields)``); None for anyone but an officer with a region."""
    if (
        not (user and user.is_authenticated and user.is_active and user.role in OFFICER_ROLES)
        or not user.region_id
    ):
        return None
    return compiled(router.db_for_read(Application)).all(path=user.region.path)


def recommendations_for(user, batch) -> list[RecommendationRank]:
    return list(
        RecommendationRank.objects.filter(
            application__in=applications_visible_to(user).filter(batch=batch)
        )
        .select_related("application__enterprise__district")
        .order_by("application__enterprise__district__code", "rank")
    )


def letters_visible_to(user) -> QuerySet[RecommendationLetter]:
    base = RecommendationLetter.objects.select_related("district", "batch", "uploaded_by")
    if user.is_authenticated and user.region_id and user.has_perm("reviews.view_district_queue"):
        return base.filter(inside(user.region, via="district"))
    return base.none()


def audits_visible_to(user):
    """City and district officers: audits in their region; team members: their audits;
    an enterprise: its own."""
    base = SiteAudit.objects.select_related(
        "application__enterprise__district", "application__batch"
    )
    if not (user and user.is_authenticated and user.is_active):
        return base.none()
    if user.role in OFFICER_ROLES and user.region_id:
        return base.filter(
            inside(user.region, via="application__enterprise__district") | Q(members__user=user)
        ).distinct()
    if user.role == Role.EXPERT:
        return base.filter(members__user=user)
    if user.role == Role.ENTERPRISE:
        return base.filter(application__enterprise_id=user.enterprise_id)
    return base.none()
