"""Reads of the yearly filings: who sees which filing, who must file for a year, the deadline,
and the flagged titles a spot-check round may draw on purpose."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from greenfactory.accounts.models import Region
from greenfactory.accounts.scope import covering, enterprise_rows_visible_to, inside
from greenfactory.programme.enums import Programme
from greenfactory.titles.domain.validity import in_force_q
from greenfactory.titles.models import Title

from ..enums import FILED_STATES, FilingState, FlagCode
from ..models import (
    DEFAULT_DEADLINE,
    DEFAULT_TOLERANCE,
    AnnualFiling,
    CarbonDisclosure,
    FilingSettings,
    deadline_for,
)
from .flags import Flag, not_filed_flag
from .policies import highest_level, level_deadline, level_policies, policy_for


def filings_visible_to(user) -> QuerySet[AnnualFiling]:
    """Officers: the filings of enterprises in their region (a district officer his district, a
    city officer all). Enterprise users: their own enterprise's. Nobody else."""
    return enterprise_rows_visible_to(
        user, AnnualFiling.objects.select_related("enterprise__district", "reference_batch")
    )


@dataclass(frozen=True)
class Rules:
    """The deadline and tolerance in force for a region (its own settings or the nearest
    region above it that has some; otherwise the defaults)."""

    month: int = DEFAULT_DEADLINE[0]
    day: int = DEFAULT_DEADLINE[1]
    tolerance: object = DEFAULT_TOLERANCE
    settings: FilingSettings | None = None

    def deadline(self, year: int) -> date:
        return deadline_for(year, self.month, self.day)


def rules_for(region: Region) -> Rules:
    found = (
        FilingSettings.objects.filter(covering(region, via="region"))
        .order_by("-region")  # the nearest region first: regions are ordered by their path
        .first()
    )
    if found is None:
        return Rules()
    return Rules(found.deadline_month, found.deadline_day, found.tolerance_percent, found)


def titles_due(region: Region, year: int) -> QuerySet[Title]:
    """The titles whose factories must file the data of ``year``: in force today
    (``titles.domain.validity``), of any level, granted in ``year`` or before, in ``region``."""
    return Title.objects.filter(
        inside(region, via="enterprise__district"), in_force_q(), year__lte=year
    )


def is_due(enterprise, year: int) -> bool:
    return titles_due(enterprise.district, year).filter(enterprise=enterprise).exists()


def years_due(enterprise, today: date | None = None) -> list[int]:
    """The years whose data the enterprise files, newest first: from the year of its first held
    title to last year."""
    today = today or timezone.localdate()
    first = (
        Title.objects.filter(in_force_q(), enterprise=enterprise)
        .order_by("year")
        .values_list("year", flat=True)
        .first()
    )
    if first is None:
        return []
    return list(range(today.year - 1, first - 1, -1))


def filing_years(user) -> list[int]:
    """Years an officer can look at: last year first, back to the first title of the region."""
    today = timezone.localdate()
    first = (
        Title.objects.filter(inside(user.region, via="enterprise__district"))
        .order_by("year")
        .values_list("year", flat=True)
        .first()
    )
    first = min(first, today.year - 1) if first is not None else today.year - 1
    return list(range(today.year - 1, first - 1, -1))


@dataclass
class DueRow:
    """One factory that must file a year: its held titles, its filing if any, its flags."""

    enterprise: object
    titles: list = field(default_factory=list)
    filing: AnnualFiling | None = None
    flags: list[Flag] = field(default_factory=list)
    level: str = ""
    deadline: date | None = None

    @property
    def filed(self) -> bool:
        return self.filing is not None and self.filing.state in FILED_STATES


def due_rows(region: Region, year: int, *, today: date | None = None) -> list[DueRow]:
    """Every factory of ``region`` that must file ``year``, with its filing, flags, the highest
    level it holds and that level's deadline, in four queries (settings, level policies,
    titles, filings) whatever the number of factories."""
    today = today or timezone.localdate()
    rules = rules_for(region)
    policies = level_policies()
    titles = (
        titles_due(region, year)
        .select_related("enterprise__district")
        .order_by("enterprise__district__code", "enterprise__name", "year", "level")
    )
    rows: dict[int, DueRow] = {}
    for title in titles:
        row = rows.setdefault(title.enterprise_id, DueRow(enterprise=title.enterprise))
        row.titles.append(title)
    filings = AnnualFiling.objects.filter(year=year, enterprise_id__in=list(rows)).select_related(
        "reference_batch"
    )
    for filing in filings:
        rows[filing.enterprise_id].filing = filing
    for row in rows.values():
        row.level = highest_level(title.level for title in row.titles)
        row.deadline = level_deadline(policies[row.level], rules.deadline(year), year)
        missing = not_filed_flag(row.filing, row.deadline, today)
        if missing is not None:
            row.flags.append(missing)
        if row.filed:
            row.flags.extend(Flag.from_data(item) for item in row.filing.flags)
    return list(rows.values())


def flagged_titles(region: Region, year: int, *, today: date | None = None) -> dict[int, list]:
    """Title id → its flags, for every held title of ``region`` granted in ``year`` or before
    whose factory is flagged for the data of ``year`` (rule: ``domain/flags.py``). A factory's
    flags apply to each title it holds. A spot-check round calls this to offer targeted draws
    beside its random sample."""
    result: dict[int, list] = defaultdict(list)
    for row in due_rows(region, year, today=today):
        if row.flags:
            for title in row.titles:
                result[title.pk] = list(row.flags)
    # A zero-carbon factory whose disclosure of ``year`` no longer meets the rule (§73).
    below = CarbonDisclosure.objects.filter(
        inside(region, via="enterprise__district"), year=year, meets_rule=False
    ).values_list("enterprise_id", "figures")
    nets = {enterprise_id: figures.get("net_t") for enterprise_id, figures in below}
    if nets:
        zero_carbon = Title.objects.filter(
            in_force_q(today), enterprise_id__in=nets, programme=Programme.ZERO_CARBON
        ).values_list("pk", "enterprise_id")
        for pk, enterprise_id in zero_carbon:
            flag = Flag(FlagCode.CARBON_RULE_NOT_MET, {"year": year, "net": nets[enterprise_id]})
            result[pk].append(flag)
    return dict(result)


def latest_filing_facts(titles) -> tuple[str, dict[int, str]]:
    """For the list of candidates recommended upward (``titles.hooks.title_fact_providers``,
    decisions §64): each title's enterprise's latest yearly filing, "year · state" (one
    query)."""
    by_enterprise: dict[int, str] = {}
    rows = (
        AnnualFiling.objects.filter(enterprise_id__in={t.enterprise_id for t in titles})
        .order_by("enterprise_id", "-year")
        .values_list("enterprise_id", "year", "state")
    )
    for enterprise_id, year, state in rows:
        if enterprise_id not in by_enterprise:
            by_enterprise[enterprise_id] = f"{year} · {FilingState(state).label}"
    return "filing", {
        t.pk: by_enterprise[t.enterprise_id] for t in titles if t.enterprise_id in by_enterprise
    }


def deadline_of(filing: AnnualFiling) -> date:
    """The deadline of ``filing``: its level's, else its district's."""
    return level_deadline(
        policy_for(filing.level),
        rules_for(filing.enterprise.district).deadline(filing.year),
        filing.year,
    )


def held_level(enterprise, year: int) -> str:
    """The highest level of title ``enterprise`` holds in force, granted in ``year`` or before."""
    return highest_level(
        Title.objects.filter(in_force_q(), enterprise=enterprise, year__lte=year).values_list(
            "level", flat=True
        )
    )


def previous_filing(filing: AnnualFiling) -> AnnualFiling | None:
    """The factory's filed 动态管理表 of the year before, if any."""
    return (
        AnnualFiling.objects.filter(
            enterprise_id=filing.enterprise_id, year=filing.year - 1, state__in=FILED_STATES
        )
        .select_related("reference_batch")
        .first()
    )
