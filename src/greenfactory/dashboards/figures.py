"""The programme dashboard's figures (数据看板): read-only aggregate queries.

Everything is read through the visibility queries of the apps below (``titles_visible_to``,
``applications_visible_to``, ``batches_visible_to``, ``targets_visible_to``), narrowed to a
``Scope``: the whole city of a city officer, or one district (the city officer's filter, or a
district officer's own district). Each figure is a ``FigureTable``: the chart on the page, the
table beside it and the Excel export are all made from the same rows. The cost of the page is a
fixed number of queries, however many titles, targets or applications there are.

Titles are counted while in force today (``titles.domain.validity.in_force_q``: not revoked,
not lapsed); progress towards a target counts the titles granted in its years, beside those of
them held today. Energy
(综合能耗) and CO₂ are computed by the same functions as the application's own pages
(``applications.domain.figures``) from the latest year of performance data of each designated
factory (a held title granted on this platform, with its application).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import translation
from django.utils.translation import gettext as _

from greenfactory.accounts.enums import RegionLevel, Role
from greenfactory.accounts.models import Region
from greenfactory.accounts.scope import inside
from greenfactory.applications.domain.figures import year_inputs
from greenfactory.applications.domain.queries import applications_visible_to
from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import PerformanceYear
from greenfactory.core.models import shown_name
from greenfactory.programme.calculations import compute_figures
from greenfactory.programme.domain.coefficients import carriers_of
from greenfactory.programme.domain.queries import batches_visible_to
from greenfactory.programme.domain.targets import targets_visible_to
from greenfactory.programme.enums import BatchState, Programme
from greenfactory.titles.domain.titles import titles_visible_to
from greenfactory.titles.domain.validity import in_force_q
from greenfactory.titles.enums import LEVEL_ORDER, TitleLevel

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Scope:
    """Whose figures: the officer, and the region they are narrowed to."""

    user: object
    region: Region
    district: Region | None = None  # set when the figures are one district's
    # The programme whose titles are counted (decisions §72): the figures' level labels and the
    # targets are the green factory's.
    programme: str = Programme.GREEN_FACTORY

    @property
    def district_code(self) -> str:
        return self.district.code if self.district else ""


def may_view_figures(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.role in (Role.CITY_OFFICER, Role.DISTRICT_OFFICER)
        and user.region_id
    )


def districts_for(user):
    """The districts a city officer may narrow the figures to."""
    if not may_view_figures(user) or user.role != Role.CITY_OFFICER:
        return Region.objects.none()
    return Region.objects.filter(inside(user.region), level=RegionLevel.DISTRICT).order_by("code")


def scope_for(user, district: Region | None = None) -> Scope:
    """City officers: their whole region, or one of its districts. District officers: their own
    district, whatever is asked. Anyone else is refused."""
    if not may_view_figures(user):
        raise PermissionDenied
    if user.role == Role.DISTRICT_OFFICER:
        return Scope(user=user, region=user.region, district=user.region)
    if district is not None:
        if not user.region.contains(district):
            raise PermissionDenied
        return Scope(user=user, region=district, district=district)
    return Scope(user=user, region=user.region)


@dataclass
class FigureTable:
    """One figure: the table's header and rows (first cell the row's label), an optional total
    row, and how the chart draws the same numbers."""

    key: str
    title: str
    header: list
    rows: list = field(default_factory=list)
    totals: list | None = None
    # The chart: category labels, then series of numbers, one per category.
    categories: list = field(default_factory=list)
    series: list = field(default_factory=list)
    stacked: bool = False
    horizontal: bool = False
    axes: list = field(default_factory=lambda: [""])
    note: str = ""
    label_columns: int = 1  # the leading columns that hold labels, not numbers

    def export_rows(self) -> list:
        rows = [list(row) for row in self.rows]
        if self.totals is not None:
            rows.append(list(self.totals))
        return rows

    def chart(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "categories": [str(c) for c in self.categories],
            "series": [
                {
                    "name": str(s["name"]),
                    "data": [_plain(v) for v in s["data"]],
                    "axis": s.get("axis", 0),
                }
                for s in self.series
            ],
            "stacked": self.stacked,
            "horizontal": self.horizontal,
            "axes": [str(a) for a in self.axes],
        }


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def _level_labels() -> list[str]:
    return [str(TitleLevel(level).label) for level in LEVEL_ORDER]


def held_titles(scope: Scope):
    return titles_visible_to(scope.user).filter(
        inside(scope.region, via="enterprise__district"), in_force_q(), programme=scope.programme
    )


def _by_level(key, title, first_column, grouped, label_of) -> FigureTable:
    """Rows of titles per something and level, with a total per row and per level."""
    counts: dict = defaultdict(lambda: defaultdict(int))
    labels = {}
    for row in grouped:
        group = row["group"]
        labels[group] = label_of(row)
        counts[group][row["level"]] += row["n"]
    groups = sorted(counts)
    rows = [
        [labels[g], *[counts[g][level] for level in LEVEL_ORDER], sum(counts[g].values())]
        for g in groups
    ]
    totals = [_("Total"), *[sum(r[i + 1] for r in rows) for i in range(len(LEVEL_ORDER))]]
    totals.append(sum(totals[1:]))
    return FigureTable(
        key=key,
        title=title,
        header=[first_column, *_level_labels(), _("Total")],
        rows=rows,
        totals=totals if rows else None,
        categories=[r[0] for r in rows],
        series=[
            {"name": label, "data": [r[i + 1] for r in rows]}
            for i, label in enumerate(_level_labels())
        ],
        stacked=True,
    )


def titles_by_year(scope: Scope) -> FigureTable:
    grouped = held_titles(scope).values("level", group=F("year")).annotate(n=Count("pk")).order_by()
    return _by_level(
        "by_year",
        _("Titles held, by year granted and level"),
        _("Year"),
        grouped,
        lambda row: row["group"],
    )


def titles_by_district(scope: Scope) -> FigureTable:
    grouped = (
        held_titles(scope)
        .values(
            "level",
            group=F("enterprise__district__code"),
            label=F("enterprise__district__name"),
            label_en=F("enterprise__district__name_en"),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    return _by_level(
        "by_district",
        _("Titles held, by district"),
        _("District"),
        grouped,
        lambda row: shown_name(row["label"], row["label_en"]),
    )


def titles_by_industry(scope: Scope) -> FigureTable:
    grouped = (
        held_titles(scope)
        .values(
            "level",
            group=F("enterprise__industry__parent__code"),
            label=F("enterprise__industry__parent__name"),
            label_en=F("enterprise__industry__parent__name_en"),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    return _by_level(
        "by_industry",
        _("Titles held, by industry (GB/T 4754 section)"),
        _("Industry"),
        grouped,
        lambda row: f"{row['group']} {shown_name(row['label'], row['label_en'])}",
    )


def _target_filter(target) -> Q:
    # A target (创建目标) counts green factory titles (``programme.Target``).
    condition = inside(target.region, via="enterprise__district") & Q(
        programme=Programme.GREEN_FACTORY, level=target.level, year__lte=target.by_year
    )
    if target.from_year is not None:
        condition &= Q(year__gte=target.from_year)
    return condition


def target_progress(scope: Scope) -> FigureTable:
    """Each target of the scope against the titles granted in its region at its level in its
    years, whatever became of them later (the 2020 target reports what was achieved by 2020),
    with those of them held today beside: one query for the targets and one for all counts."""
    targets = list(
        targets_visible_to(scope.user)
        .filter(inside(scope.region, via="region"))
        .order_by("by_year", "region", "level")
    )
    counts = {}
    if targets:
        held_today = in_force_q()
        counts = titles_visible_to(scope.user).aggregate(
            **{f"t{target.pk}": Count("pk", filter=_target_filter(target)) for target in targets},
            **{
                f"h{target.pk}": Count("pk", filter=_target_filter(target) & held_today)
                for target in targets
            },
        )
    rows = []
    for target in targets:
        granted, held = counts[f"t{target.pk}"], counts[f"h{target.pk}"]
        years = (
            f"{target.from_year}–{target.by_year}"
            if target.from_year
            else _("up to %(year)s") % {"year": target.by_year}
        )
        rows.append(
            [
                str(target.region),
                target.get_level_display(),
                years,
                granted,
                target.count,
                f"{granted} / {target.count}",
                (Decimal(granted * 100) / target.count).quantize(Decimal("0.1")),
                held,
            ]
        )
    labels = [f"{r[0]} · {r[1]} · {r[2]}" for r in rows]
    return FigureTable(
        key="targets",
        title=_("Progress towards the targets"),
        header=[
            _("Region"),
            _("Level"),
            _("Years counted"),
            _("Titles granted"),
            _("Target"),
            _("Progress"),
            _("Completion rate (per cent)"),
            _("Of them held today"),
        ],
        rows=rows,
        categories=labels,
        series=[
            {"name": _("Titles granted"), "data": [r[3] for r in rows]},
            {"name": _("Target"), "data": [r[4] for r in rows]},
            {"name": _("Of them held today"), "data": [r[6] for r in rows]},
        ],
        horizontal=True,
        label_columns=3,
    )


def current_batch(scope: Scope):
    """The latest batch of applications for a title (not a spot check's) that the officer sees
    and that is no longer a draft."""
    return (
        batches_visible_to(scope.user)
        .calls()
        .exclude(state=BatchState.DRAFT)
        .order_by("-year", "-opens_at")
        .first()
    )


def batch_pipeline(scope: Scope, batch) -> FigureTable:
    """The applications of the batch per state (submitted ones: drafts are the enterprise's)."""
    counts = {}
    if batch is not None:
        counts = {
            row["state"]: row["n"]
            for row in applications_visible_to(scope.user)
            .filter(inside(scope.region, via="enterprise__district"), batch=batch)
            .values("state")
            .annotate(n=Count("pk"))
            .order_by()
        }
    states = [state for state in ApplicationState if state != ApplicationState.DRAFT]
    rows = [[state.label, counts.get(state.value, 0)] for state in states] if batch else []
    return FigureTable(
        key="pipeline",
        title=(
            _("Applications of %(batch)s, by state") % {"batch": batch.title}
            if batch
            else _("Applications of the current batch, by state")
        ),
        header=[_("State"), _("Applications")],
        rows=rows,
        totals=[_("Total"), sum(r[1] for r in rows)] if rows else None,
        categories=[r[0] for r in rows],
        series=[{"name": _("Applications"), "data": [r[1] for r in rows]}],
        horizontal=True,
        note="" if batch else _("There is no batch yet."),
    )


def energy_and_carbon(scope: Scope) -> FigureTable:
    """Comprehensive energy (tce) and CO₂ (t) of the designated factories, per district, from
    the latest year of performance data of each one (three queries).

    A factory designated more than once counts once, with its latest year of data.
    """
    designated = held_titles(scope).filter(application__isnull=False)
    factories = {
        row["group"]: row
        for row in designated.values(
            group=F("enterprise__district__code"),
            label=F("enterprise__district__name"),
            label_en=F("enterprise__district__name_en"),
        )
        .annotate(n=Count("enterprise", distinct=True))
        .order_by()
    }
    latest_year = (
        PerformanceYear.objects.filter(application=OuterRef("application"))
        .order_by("-year")
        .values("year")[:1]
    )
    records = (
        PerformanceYear.objects.filter(
            application_id__in=designated.values("application_id"),
            year=Subquery(latest_year),
        )
        .select_related(
            "application__batch__grid_factor",
            "application__batch__coefficient_table",
            "application__enterprise__district",
        )
        .prefetch_related("application__batch__coefficient_table__carriers")
    )
    latest_per_factory = {}
    for record in records:
        enterprise_id = record.application.enterprise_id
        kept = latest_per_factory.get(enterprise_id)
        if kept is None or record.year > kept.year:
            latest_per_factory[enterprise_id] = record
    totals: dict = defaultdict(lambda: {"with_data": 0, "tce": Decimal(0), "co2": Decimal(0)})
    years = set()
    for record in latest_per_factory.values():
        batch = record.application.batch
        figures = compute_figures(
            year_inputs(record),
            carriers_of(batch.coefficient_table),
            batch.grid_factor.value,
            batch.grid_factor.residual_value,
        )
        energy = figures["comprehensive_energy"].value
        carbon = figures["carbon_emissions"].value
        if energy is None:
            continue
        district = totals[record.application.enterprise.district.code]
        district["with_data"] += 1
        district["tce"] += energy
        district["co2"] += carbon or Decimal(0)
        years.add(record.year)
    rows = []
    for code in sorted(factories):
        place = factories[code]
        sums = totals[code]
        rows.append(
            [
                shown_name(place["label"], place["label_en"]),
                place["n"],
                sums["with_data"],
                sums["tce"].quantize(TWO_PLACES),
                sums["co2"].quantize(TWO_PLACES),
            ]
        )
    total_row = None
    if rows:
        total_row = [_("Total"), *[sum(r[i] for r in rows) for i in range(1, 5)]]
    energy_axis, carbon_axis = _("Comprehensive energy (tce)"), _("CO₂ emissions (t)")
    note = ""
    if years:
        first, last = min(years), max(years)
        span = str(first) if first == last else f"{first}–{last}"
        note = _("Latest year of data of each factory: %(years)s.") % {"years": span}
    return FigureTable(
        key="energy",
        title=_("Energy and CO₂ of the designated factories"),
        header=[
            _("District"),
            _("Designated factories"),
            _("With performance data"),
            energy_axis,
            carbon_axis,
        ],
        rows=rows,
        totals=total_row,
        categories=[r[0] for r in rows],
        series=[
            {"name": energy_axis, "data": [r[3] for r in rows], "axis": 0},
            {"name": carbon_axis, "data": [r[4] for r in rows], "axis": 1},
        ],
        axes=["tce", "tCO₂"],
        note=note,
    )


# key -> function(scope) -> FigureTable; the order of the page.
FIGURES = {
    "targets": target_progress,
    "by_year": titles_by_year,
    "by_district": titles_by_district,
    "by_industry": titles_by_industry,
    "pipeline": lambda scope: batch_pipeline(scope, current_batch(scope)),
    "energy": energy_and_carbon,
}


def _register_filings_figure() -> None:
    """The yearly filings' figure, kept in ``filings.py``, which imports this module."""
    from .filings import filings_by_year  # noqa: PLC0415 -- dashboards.filings imports this module

    FIGURES["filings"] = filings_by_year


_register_filings_figure()


def _register_later_figures() -> None:
    """Figures kept in their own modules, which import this one."""
    from .spot_checks import spot_check_outcomes  # noqa: PLC0415 -- dashboards.spot_checks imports this module

    FIGURES["spot_checks"] = spot_check_outcomes
    from .carbon import carbon_of_zero_carbon_factories  # noqa: PLC0415 -- dashboards.carbon imports this module

    FIGURES["carbon"] = carbon_of_zero_carbon_factories


_register_later_figures()


def figure_table(scope: Scope, key: str) -> FigureTable:
    return FIGURES[key](scope)


# Figures left off the page while they have no rows (a programme before its first spot check).
OPTIONAL_FIGURES = {"spot_checks", "filings", "carbon"}


def dashboard(scope: Scope) -> list[FigureTable]:
    tables = [build(scope) for build in FIGURES.values()]
    return [table for table in tables if table.rows or table.key not in OPTIONAL_FIGURES]


def scope_key(scope: Scope, name: str) -> str:
    """A cache key for what ``scope`` sees. What an officer may count depends only on their role
    and region (the visibility queries above), so officers of one role and region share it; the
    district narrowed to and the language are part of the key too."""
    return ":".join(
        (
            name,
            scope.user.role,
            str(scope.user.region_id),
            scope.district_code,
            translation.get_language() or "",
        )
    )
