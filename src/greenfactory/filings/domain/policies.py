"""What each level's yearly filing asks, and by when (``LevelFilingPolicy``, decisions §65).

A factory files one 动态管理表 a year whatever the number of titles it holds; the highest level
it holds in force decides the policy. Each level's rule is data: a stored row, or the default
of ``DEFAULT_LEVEL_POLICIES`` until the city officers store their own."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from greenfactory.core.domain.audit import changed_fields, record_event, snapshot
from greenfactory.core.refusals import Refused
from greenfactory.titles.enums import LEVEL_ORDER, TitleLevel

from ..models import DEFAULT_LEVEL_POLICIES, LevelFilingPolicy

POLICY_FIELDS = (
    "deadline_month",
    "deadline_day",
    "city_review",
    "compare_previous_year",
    "summary_and_plan",
    "source",
)


class FilingPolicyRefused(Refused):
    """The policy cannot be saved as given; the message says why."""


def default_policy(level: str) -> LevelFilingPolicy:
    return LevelFilingPolicy(level=level, **DEFAULT_LEVEL_POLICIES[TitleLevel(level)])


def level_policies() -> dict[str, LevelFilingPolicy]:
    """Level → its policy (stored or default), in one query."""
    stored = {policy.level: policy for policy in LevelFilingPolicy.objects.all()}
    return {level: stored.get(level) or default_policy(level) for level in LEVEL_ORDER}


def policy_for(level: str) -> LevelFilingPolicy:
    return LevelFilingPolicy.objects.filter(level=level).first() or default_policy(level)


def highest_level(levels) -> str:
    """The highest of ``levels`` (city when none)."""
    held = [LEVEL_ORDER.index(level) for level in levels if level in LEVEL_ORDER]
    return LEVEL_ORDER[max(held)] if held else TitleLevel.CITY


def level_deadline(policy: LevelFilingPolicy, region_deadline: date, year: int) -> date:
    """The level's own deadline for the data of ``year``, else the region's."""
    return policy.deadline(year) or region_deadline


@transaction.atomic
def set_level_filing_policy(level: str, *, actor, data: dict) -> LevelFilingPolicy:
    """The city officers set what a level's filing asks and by when.

    Refused (``PermissionDenied``) to anyone but a city officer; (``FilingPolicyRefused``) for
    half a deadline or a missing source. Side effects: the row saved under its lock; audit entry
    ``filings.level_policy.changed`` with what changed."""
    if not actor.has_perm("filings.set_deadline"):
        raise PermissionDenied
    if level not in LEVEL_ORDER:
        raise FilingPolicyRefused(_("Unknown level."))
    if (data.get("deadline_month") is None) != (data.get("deadline_day") is None):
        raise FilingPolicyRefused(_("Give both the month and the day of the deadline, or neither."))
    if not (data.get("source") or "").strip():
        raise FilingPolicyRefused(_("Give the source of the rule: the notice or plan it follows."))
    policy = LevelFilingPolicy.objects.select_for_update().filter(level=level).first()
    if policy is None:
        policy = default_policy(level)
    before = snapshot(policy, POLICY_FIELDS)
    for name in POLICY_FIELDS:
        if name in data:
            setattr(policy, name, data[name].strip() if name == "source" else data[name])
    policy.updated_by = actor
    policy.save()
    changes = changed_fields(before, snapshot(policy, POLICY_FIELDS))
    record_event(
        "filings.level_policy.changed", actor=actor, obj=policy, changes={"level": level, **changes}
    )
    return policy
