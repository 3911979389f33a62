"""Peer benchmarks (同行对标): where an enterprise's key figures stand among the enterprises of
its industry, in its city and on the whole platform (docs/decisions.md §67).

The peers' figures are read from what enterprises have put before the bureau: the performance
data of their submitted applications (the latest year of each) and their filed yearly
filings, one record per enterprise, the one with the latest year of data (a filing before an
application of the same year). Each record's figures are computed by the same function as the
application's own pages (``applications.domain.figures.record_figures``) with its batch's
coefficient table and grid factor.

Nothing is shown of a group of fewer than ``MIN_PEERS`` peers; an enterprise sees only its own
rounded band, the benchmark and leading values that apply to it, and a peer median only where
it cannot be one enterprise's figure (``shown_median``). The peer group is the enterprise's
GB/T 4754 class where the class has enough peers, else its division, as the industry
benchmarks fall back (§52). Figures per unit of product are compared only with peers that
report the same unit of output.

Nothing here writes.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from greenfactory.accounts.enums import RegionLevel
from greenfactory.accounts.models import Region
from greenfactory.accounts.scope import covering
from greenfactory.applications.domain.figures import figures_by_year, record_figures
from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import PerformanceYear
from greenfactory.programme.domain.benchmarks import PER_PRODUCT, Level, benchmarks_for
from greenfactory.programme.domain.coefficients import carriers_of
from greenfactory.programme.enums import Direction, Formula, IndicatorKind

from ..enums import FILED_STATES
from ..models import AnnualFiling

# Below ten peers nothing is shown: no band, no median (issue 20 item 2).
MIN_PEERS = 10

# The key figures compared, and which way is better. Totals (comprehensive energy, CO₂
# emissions) say how big a factory is, not how well it does, and are left out.
KEY_FIGURES = {
    Formula.UNIT_PRODUCT_ENERGY: Direction.LOWER,
    Formula.UNIT_PRODUCT_CARBON: Direction.LOWER,
    Formula.CARBON_INTENSITY_OUTPUT: Direction.LOWER,
    Formula.WATER_INTAKE_PER_PRODUCT: Direction.LOWER,
    Formula.RENEWABLE_SHARE: Direction.HIGHER,
    Formula.WATER_REUSE_RATE: Direction.HIGHER,
    Formula.WASTEWATER_REUSE_RATE: Direction.HIGHER,
    Formula.SOLID_WASTE_UTILISATION: Direction.HIGHER,
    Formula.LAND_OUTPUT: Direction.HIGHER,
    Formula.FLOOR_AREA_RATIO: Direction.HIGHER,
    Formula.BUILDING_COEFFICIENT: Direction.HIGHER,
}

# The applications whose figures count: submitted, and not open for changes or withdrawn.
PEER_APPLICATION_STATES = (
    ApplicationState.SUBMITTED,
    ApplicationState.RECOMMENDED,
    ApplicationState.DISTRICT_REJECTED,
    ApplicationState.SITE_AUDIT,
    ApplicationState.AUDITED,
    ApplicationState.EXPERT_REVIEW,
    ApplicationState.REVIEWED,
)


class Band:
    """Rounded percentile bands: the share of the group (the enterprise among its peers) that
    does at least as well, by mid-rank, rounded up to the next band."""

    TOP_10 = "top10"
    TOP_25 = "top25"
    TOP_50 = "top50"
    BELOW = "below"


BAND_LIMITS = ((Decimal("0.10"), Band.TOP_10), (Decimal("0.25"), Band.TOP_25))
BAND_LIMITS += ((Decimal("0.50"), Band.TOP_50),)
BAND_LABELS = {
    Band.TOP_10: _("top 10 %"),
    Band.TOP_25: _("top 25 %"),
    Band.TOP_50: _("top 50 %"),
    Band.BELOW: _("lower half"),
}


class Scope:
    CITY = "city"
    PLATFORM = "platform"


SCOPE_LABELS = {Scope.CITY: _("in the city"), Scope.PLATFORM: _("on the whole platform")}


def band_of(value: Decimal, peers: list, direction: str) -> str:
    """The band of ``value`` among ``peers`` (the others' values): its mid-rank in the group of
    the peers and itself, as a share of the group, rounded up to the first band it reaches.
    Peers with the same value count half ahead, half behind."""
    lower = direction == Direction.LOWER
    ahead = sum(1 for peer in peers if (peer < value if lower else peer > value))
    tied = sum(1 for peer in peers if peer == value)
    share = (Decimal(ahead) + Decimal(tied) / 2 + Decimal("0.5")) / Decimal(len(peers) + 1)
    for limit, band in BAND_LIMITS:
        if share <= limit:
            return band
    return Band.BELOW


def shown_median(values: list) -> Decimal | None:
    """The median of ``values`` where it cannot be one enterprise's figure, else None: only of
    at least ``MIN_PEERS`` values, only of an even number of them (an odd number's median is
    its middle value) and only where the two middle values differ (their mean then lies
    strictly between two neighbours, where no value is)."""
    count = len(values)
    if count < MIN_PEERS or count % 2:
        return None
    ordered = sorted(values)
    low, high = ordered[count // 2 - 1], ordered[count // 2]
    if low == high:
        return None
    return (low + high) / 2


@dataclass(frozen=True)
class PeerRecord:
    """One enterprise's latest figures before the bureau."""

    enterprise_id: int
    industry_code: str
    district_path: str
    year: int
    output_unit: str
    values: dict  # formula -> Decimal
    units: dict = field(default_factory=dict)  # formula -> unit as the figure states it


def _industry_filter(division: str) -> dict:
    return {"enterprise__industry__code__startswith": division} if division else {}


def peer_records(division: str = "") -> list[PeerRecord]:
    """Every enterprise's latest record (of one GB/T 4754 division, or all), in three queries
    and one per coefficient table, however many enterprises."""
    chosen: dict[int, tuple] = {}
    years = (
        PerformanceYear.objects.filter(
            application__state__in=PEER_APPLICATION_STATES,
            **{f"application__{k}": v for k, v in _industry_filter(division).items()},
        )
        .select_related(
            "application__enterprise__industry",
            "application__enterprise__district",
            "application__batch__coefficient_table",
            "application__batch__grid_factor",
        )
        .order_by("year", "application__submitted_at")
    )
    for record in years:
        application = record.application
        # Ordered by year then submission: a later row of an enterprise replaces an earlier.
        chosen[application.enterprise_id] = (
            record.year,
            0,
            record,
            application.batch,
            application.enterprise,
        )
    filings = (
        AnnualFiling.objects.filter(state__in=FILED_STATES, **_industry_filter(division))
        .select_related(
            "enterprise__industry",
            "enterprise__district",
            "reference_batch__coefficient_table",
            "reference_batch__grid_factor",
        )
        .order_by("year")
    )
    for filing in filings:
        kept = chosen.get(filing.enterprise_id)
        if kept is None or (filing.year, 1) >= kept[:2]:
            chosen[filing.enterprise_id] = (
                filing.year,
                1,
                filing,
                filing.reference_batch,
                filing.enterprise,
            )
    carriers: dict[int, dict] = {}
    records = []
    for enterprise_id, (year, _source, record, batch, enterprise) in chosen.items():
        table = batch.coefficient_table
        if table.pk not in carriers:
            carriers[table.pk] = carriers_of(table)
        figures = record_figures(record, batch, carriers[table.pk])
        records.append(
            PeerRecord(
                enterprise_id=enterprise_id,
                industry_code=enterprise.industry.code,
                district_path=enterprise.district.path,
                year=year,
                output_unit=record.output_unit or "",
                values=_key_values(figures),
                units={key: str(figures[key].unit) for key in KEY_FIGURES if key in figures},
            )
        )
    return records


def _key_values(figures: dict) -> dict:
    return {
        key: figures[key].value
        for key in KEY_FIGURES
        if key in figures and figures[key].value is not None
    }


@dataclass
class Standing:
    """One key figure in one scope: how many peers, the group, and (where there are enough
    peers) the band and the median that may be shown."""

    scope: str
    peers: int
    group_level: str = ""
    group_code: str = ""
    band: str = ""
    median: Decimal | None = None

    @property
    def enough(self) -> bool:
        return self.peers >= MIN_PEERS

    @property
    def scope_label(self) -> str:
        return str(SCOPE_LABELS[self.scope])

    @property
    def band_label(self) -> str:
        return str(BAND_LABELS[self.band]) if self.band else ""

    @property
    def group_label(self) -> str:
        if not self.group_code:
            return ""
        text = (
            _("industry class %(code)s")
            if self.group_level == Level.CLASS
            else _("industry division %(code)s")
        )
        return str(text % {"code": self.group_code})


@dataclass
class FigureStanding:
    key: str
    value: Decimal | None
    unit: str
    direction: str
    standings: list = field(default_factory=list)
    benchmark: object = None  # an ``AppliedBenchmark``, where the figure has one

    @property
    def label(self) -> str:
        return str(Formula(self.key).label)

    @property
    def direction_label(self) -> str:
        return str(Direction(self.direction).label)


@dataclass
class PeerComparison:
    """What the enterprise sees: its year of data, and each key figure it has."""

    year: int | None
    industry_code: str
    city: str
    figures: list = field(default_factory=list)
    min_peers: int = MIN_PEERS

    @property
    def any_shown(self) -> bool:
        return any(s.enough for f in self.figures for s in f.standings)


def _matches(record: PeerRecord, level: str, code: str) -> bool:
    if level == Level.CLASS:
        return record.industry_code == code
    return record.industry_code.startswith(code)


def _levels(industry_code: str) -> list[tuple[str, str]]:
    code = industry_code or ""
    levels = []
    if len(code) == 4 and code.isdigit():
        levels.append((Level.CLASS, code))
    if len(code) >= 2 and code[:2].isdigit():
        levels.append((Level.DIVISION, code[:2]))
    return levels


def standing_of(
    key: str, value, output_unit: str, others: list, industry_code: str, scope: str
) -> Standing:
    """The standing of one figure among ``others`` (the records of the scope, the enterprise
    itself left out): its class if the class has ``MIN_PEERS`` peers with the figure, else its
    division."""
    direction = KEY_FIGURES[key]
    best = Standing(scope=scope, peers=0)
    for level, code in _levels(industry_code):
        values = [
            record.values[key]
            for record in others
            if key in record.values
            and _matches(record, level, code)
            and (key not in PER_PRODUCT or record.output_unit == output_unit)
        ]
        best = Standing(scope=scope, peers=len(values), group_level=level, group_code=code)
        if best.enough:
            if value is not None:
                best.band = band_of(value, values, direction)
            best.median = shown_median(values)
            return best
    return best


def city_of(district: Region) -> Region | None:
    """The city a district lies in (one query)."""
    return Region.objects.filter(covering(district), level=RegionLevel.CITY).first()


def _benchmark_codes(system) -> dict:
    """Formula -> the code of the system's quantitative item computed from it."""
    return {
        indicator.formula: indicator.code
        for indicator in system.indicators.filter(kind=IndicatorKind.QUANTITATIVE).exclude(
            formula=""
        )
    }


def compare(enterprise, figures: dict, output_unit: str, year, system) -> PeerComparison:
    """The comparison of one enterprise's figures (``record_figures`` of its record) with its
    peers, and the benchmark values of ``system`` for its industry."""
    industry_code = enterprise.industry.code
    city = city_of(enterprise.district)
    records = [
        record
        for record in peer_records(industry_code[:2])
        if record.enterprise_id != enterprise.pk
    ]
    in_city = [r for r in records if city is not None and r.district_path.startswith(city.path)]
    applied = benchmarks_for(system, industry_code) if system is not None else {}
    codes = _benchmark_codes(system) if system is not None else {}
    comparison = PeerComparison(
        year=year, industry_code=industry_code, city=city.name if city else ""
    )
    for key, direction in KEY_FIGURES.items():
        figure = figures.get(key)
        value = figure.value if figure is not None else None
        if value is None:
            continue
        standing = FigureStanding(key=key, value=value, unit=figure.unit, direction=direction)
        for scope, others in ((Scope.CITY, in_city), (Scope.PLATFORM, records)):
            standing.standings.append(
                standing_of(key, value, output_unit, others, industry_code, scope)
            )
        standing.benchmark = applied.get(codes.get(key))
        comparison.figures.append(standing)
    return comparison


def compare_application(application) -> PeerComparison:
    """The application's latest year of performance data against its peers, with the
    benchmark values of its batch's system for its industry."""
    years = figures_by_year(application)
    if not years:
        return PeerComparison(
            year=None, industry_code=application.enterprise.industry.code, city=""
        )
    year = max(years)
    record = application.performance_years.get(year=year)
    return compare(
        application.enterprise,
        years[year],
        record.output_unit or "",
        year,
        application.batch.indicator_system,
    )


def compare_filing(filing) -> PeerComparison:
    """The filing's figures against its peers, with the values of its reference batch."""
    batch = filing.reference_batch
    return compare(
        filing.enterprise,
        record_figures(filing, batch),
        filing.output_unit or "",
        filing.year,
        batch.indicator_system,
    )


@dataclass
class IndustryRow:
    """One key figure of one industry for the city's page."""

    key: str
    unit: str
    city: list  # the values in the city
    platform: list
    benchmark: object = None

    @property
    def label(self) -> str:
        return str(Formula(self.key).label)


def industry_overview(city: Region) -> list[tuple[str, int, int]]:
    """(division, enterprises with figures in the city, on the platform), for every division
    with any, by division code."""
    city_counts: dict[str, int] = defaultdict(int)
    platform_counts: dict[str, int] = defaultdict(int)
    for record in peer_records():
        division = record.industry_code[:2]
        platform_counts[division] += 1
        if record.district_path.startswith(city.path):
            city_counts[division] += 1
    return [(code, city_counts[code], platform_counts[code]) for code in sorted(platform_counts)]


def industry_figures(city: Region, division: str, system) -> list[IndustryRow]:
    """Each key figure of one division: the values in the city and on the platform (figures per
    unit of product: of the unit most enterprises report in), and the benchmark of ``system``."""
    records = peer_records(division)
    applied = benchmarks_for(system, division) if system is not None else {}
    codes = _benchmark_codes(system) if system is not None else {}
    rows = []
    for key in KEY_FIGURES:
        having = [r for r in records if key in r.values]
        unit = having[0].units.get(key, "") if having else ""
        if key in PER_PRODUCT and having:
            units: dict[str, int] = defaultdict(int)
            for record in having:
                units[record.output_unit] += 1
            common = max(sorted(units), key=lambda u: units[u])
            having = [r for r in having if r.output_unit == common]
            unit = having[0].units.get(key, "")
        rows.append(
            IndustryRow(
                key=key,
                unit=unit,
                city=[r.values[key] for r in having if r.district_path.startswith(city.path)],
                platform=[r.values[key] for r in having],
                benchmark=applied.get(codes.get(key)),
            )
        )
    return rows


def against_benchmark(values: list, benchmark, direction: str) -> tuple[int, int, int] | None:
    """How many values reach the leading value, lie between it and the benchmark, fall short of
    the benchmark; None without a benchmark or with fewer than ``MIN_PEERS`` values."""
    if benchmark is None or len(values) < MIN_PEERS:
        return None
    lower = direction == Direction.LOWER

    def reaches(value, target) -> bool:
        return value <= target if lower else value >= target

    leading = sum(1 for v in values if reaches(v, benchmark.leading))
    short = sum(1 for v in values if not reaches(v, benchmark.benchmark))
    return leading, len(values) - leading - short, short
