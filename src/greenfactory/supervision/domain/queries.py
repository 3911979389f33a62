"""Reads on spot checks: who sees which rounds and checks, and what the public sees."""

from django.db.models import Count, Exists, OuterRef, QuerySet

from greenfactory.accounts.enums import Role
from greenfactory.accounts.scope import covering, enterprise_rows_visible_to, inside
from greenfactory.applications.domain.queries import applications_visible_to

from ..enums import FINAL_STATES, CheckState, RoundState
from ..models import SpotCheck, SpotCheckRound


def rounds_visible_to(user) -> QuerySet[SpotCheckRound]:
    """Officers: rounds of their region or the region above them (a district sees the city's
    rounds, filtered to its own factories on the page)."""
    base = SpotCheckRound.objects.select_related("region")
    if not (user and user.is_authenticated and user.is_active):
        return base.none()
    if user.role in (Role.CITY_OFFICER, Role.DISTRICT_OFFICER) and user.region_id:
        region = user.region
        return base.filter(inside(region, via="region") | covering(region, via="region"))
    return base.none()


def checks_visible_to(user) -> QuerySet[SpotCheck]:
    """City officers: checks of their region; district officers: their district's; enterprise
    users: their own enterprise's."""
    return enterprise_rows_visible_to(
        user,
        SpotCheck.objects.select_related("round", "title__enterprise__district", "application"),
        via="title__enterprise",
    )


def with_application_access(checks: QuerySet[SpotCheck], user) -> QuerySet[SpotCheck]:
    """Each check marked ``application_open``: whether ``user`` may open the check's application
    (an officer may not while the enterprise has not yet submitted it)."""
    visible = applications_visible_to(user).filter(pk=OuterRef("application_id"))
    return checks.annotate(application_open=Exists(visible))


def open_checks_of(user) -> QuerySet[SpotCheck]:
    """The checks of the user's reach that still wait for someone: under way, rectifying or
    awaiting re-check."""
    return (
        checks_visible_to(user)
        .exclude(state__in=FINAL_STATES)
        .order_by("round__submission_deadline")
    )


def public_rounds() -> QuerySet[SpotCheckRound]:
    """Rounds whose draw is public: drawn or published (the draw is published at once; the
    outcomes when the city publishes them)."""
    return (
        SpotCheckRound.objects.exclude(state=RoundState.DRAFT)
        .select_related("region")
        .annotate(n_checks=Count("checks", distinct=True), n_cohort=Count("cohort", distinct=True))
        .order_by("-drawn_at")
    )


def outcome_counts(round_: SpotCheckRound) -> dict[str, int]:
    return dict(
        round_.checks.values("state").annotate(n=Count("pk")).order_by().values_list("state", "n")
    )


def latest_check_facts(titles) -> tuple[str, dict[int, str]]:
    """For the list of candidates recommended upward (``titles.hooks.title_fact_providers``,
    decisions §64): each title's latest spot check, "round · outcome" (one query)."""
    facts: dict[int, str] = {}
    rows = (
        SpotCheck.objects.filter(title__in=[t.pk for t in titles])
        .order_by("title_id", "-created_at", "-pk")
        .values_list("title_id", "round__title", "state")
    )
    for title_id, round_title, state in rows:
        if title_id not in facts:
            facts[title_id] = f"{round_title} · {CheckState(state).label}"
    return "spot_check", facts
