"""Benchmark and leading values per industry (docs/decisions.md §52).

An item's values for an enterprise come from the row of its GB/T 4754-2017 class (4 digits),
else of its division (the first 2 digits), else the item's own (general) values. The rows belong
to the indicator system's version: written only while no batch uses it, copied with it.
"""

import copy
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from greenfactory.core.domain.audit import record_event
from greenfactory.core.refusals import Refused

from ..enums import Formula, IndicatorKind
from ..models import Indicator, IndicatorSystem, IndustryBenchmark
from .systems import SystemFrozen, is_frozen

# Figures per unit of product: the enterprise's unit of output must be the benchmark's.
PER_PRODUCT = (
    Formula.UNIT_PRODUCT_ENERGY,
    Formula.UNIT_PRODUCT_CARBON,
    Formula.WATER_INTAKE_PER_PRODUCT,
)


class Level:
    CLASS = "class"
    DIVISION = "division"
    GENERAL = "general"


@dataclass(frozen=True)
class AppliedBenchmark:
    """The values an item is scored against for one enterprise, and where they come from."""

    indicator_code: str
    benchmark: Decimal
    leading: Decimal
    unit: str
    level: str
    industry_code: str = ""
    product: str = ""
    product_unit: str = ""
    conversions: dict = field(default_factory=dict)
    source: str = ""
    is_default: bool = True

    @property
    def label(self) -> str:
        """Which benchmark applied, in the user's language."""
        if self.level == Level.GENERAL:
            return str(_("general value"))
        text = (
            _("industry class %(code)s")
            if self.level == Level.CLASS
            else _("industry division %(code)s")
        ) % {"code": self.industry_code}
        if self.product:
            text = f"{text} · {self.product}"
        if self.is_default:
            text = f"{text} ({_('platform default')})"
        return str(text)

    def factor_for(self, output_unit: str) -> Decimal | None:
        """What a figure per ``output_unit`` is multiplied by to be per the benchmark's product
        unit; None when the units do not match and no conversion is stated."""
        if not self.product_unit or output_unit == self.product_unit:
            return Decimal(1)
        if output_unit in self.conversions:
            return Decimal(str(self.conversions[output_unit]))
        return None


class ProductUnitMismatch(Refused):
    """The enterprise's unit of output is not the unit its industry's benchmark is set per."""


def industry_levels(industry_code: str) -> list[tuple[str, str]]:
    """The rows to look for, most specific first: (level, code)."""
    code = (industry_code or "").strip()
    levels = []
    if len(code) == 4 and code.isdigit():
        levels.append((Level.CLASS, code))
    if len(code) >= 2 and code[:2].isdigit():
        levels.append((Level.DIVISION, code[:2]))
    return levels


def _general(indicator) -> AppliedBenchmark:
    return AppliedBenchmark(
        indicator_code=indicator.code,
        benchmark=indicator.benchmark,
        leading=indicator.leading,
        unit=indicator.unit,
        level=Level.GENERAL,
    )


def benchmarks_for(system: IndicatorSystem, industry_code: str, indicators=None) -> dict:
    """Indicator code -> ``AppliedBenchmark`` for every item scored linearly between a
    benchmark and a leading value. No query for a version without industry rows (besides the
    indicators, when not given)."""
    if indicators is None:
        indicators = system.indicators.all()
    linear = [
        indicator
        for indicator in indicators
        if indicator.kind == IndicatorKind.QUANTITATIVE
        and not indicator.bands
        and indicator.benchmark is not None
    ]
    applied = {indicator.code: _general(indicator) for indicator in linear}
    levels = industry_levels(industry_code)
    if not system.has_industry_benchmarks or not levels:
        return applied
    rank = {code: position for position, (_level, code) in enumerate(levels)}
    level_of = dict((code, level) for level, code in levels)
    by_pk = {indicator.pk: indicator for indicator in linear}
    best: dict = {}
    for row in IndustryBenchmark.objects.filter(
        indicator__system=system, industry_code__in=list(rank)
    ):
        indicator = by_pk.get(row.indicator_id)
        if indicator is None:
            continue
        kept = best.get(indicator.code)
        if kept is None or rank[row.industry_code] < rank[kept.industry_code]:
            best[indicator.code] = row
    for code, row in best.items():
        indicator = next(i for i in linear if i.code == code)
        applied[code] = AppliedBenchmark(
            indicator_code=code,
            benchmark=row.benchmark,
            leading=row.leading,
            unit=indicator.unit,
            level=level_of[row.industry_code],
            industry_code=row.industry_code,
            product=row.product,
            product_unit=row.product_unit,
            conversions=dict(row.conversions or {}),
            source=row.source,
            is_default=row.is_default,
        )
    return applied


def with_benchmarks(indicators, applied: dict) -> list:
    """The indicators as the scoring reads them, with each item's values replaced by the ones
    that apply and ``applied_benchmark`` set to say which (copies: the stored indicators are
    not touched)."""
    out = []
    for indicator in indicators:
        values = applied.get(indicator.code)
        if values is not None:
            indicator = copy.copy(indicator)
            indicator.benchmark, indicator.leading = values.benchmark, values.leading
            indicator.applied_benchmark = values
        out.append(indicator)
    return out


def check_product_unit(indicators, applied: dict, output_unit: str) -> None:
    """Refuse a unit of output that no per-product benchmark of the enterprise's industry is
    set per, naming the item, the benchmark's unit and the accepted conversions."""
    problems = []
    for indicator in indicators:
        values = applied.get(indicator.code)
        if values is None or indicator.formula not in PER_PRODUCT or values.level == Level.GENERAL:
            continue
        if values.factor_for(output_unit) is None:
            accepted = ", ".join([values.product_unit, *values.conversions])
            problems.append(
                _(
                    "%(code)s %(name)s: the benchmark of %(benchmark)s is per %(unit)s of "
                    "%(product)s; your output is in “%(given)s”. Enter the output in one of: "
                    "%(accepted)s."
                )
                % {
                    "code": indicator.code,
                    "name": indicator.display_name,
                    "benchmark": values.label,
                    "unit": values.product_unit,
                    "product": values.product or _("product"),
                    "given": output_unit or "—",
                    "accepted": accepted,
                }
            )
    if problems:
        raise ProductUnitMismatch(*problems)


def per_product_factor(indicator, applied: dict, output_unit: str) -> Decimal:
    """The stated conversion a per-product figure is multiplied by (1 when none applies)."""
    values = applied.get(indicator.code)
    if values is None or indicator.formula not in PER_PRODUCT:
        return Decimal(1)
    return values.factor_for(output_unit) or Decimal(1)


def _validate(row: dict, indicator: Indicator) -> list:
    """Problems of one row, as (column, message)."""
    problems = []
    benchmark, leading = row.get("benchmark"), row.get("leading")
    if benchmark is None:
        problems.append(("benchmark", _("A benchmark value is needed.")))
    if leading is None:
        problems.append(("leading", _("A leading value is needed.")))
    if benchmark is not None and leading is not None:
        if benchmark == leading:
            problems.append(("leading", _("The leading value must differ from the benchmark.")))
        elif indicator.direction == "lower" and leading > benchmark:
            problems.append(
                ("leading", _("Lower is better: the leading value must be below the benchmark."))
            )
        elif indicator.direction == "higher" and leading < benchmark:
            problems.append(
                ("leading", _("Higher is better: the leading value must be above the benchmark."))
            )
    if indicator.formula in PER_PRODUCT and not row.get("product_unit"):
        problems.append(
            ("product_unit", _("A figure per unit of product needs the unit of product."))
        )
    return problems


@transaction.atomic
def replace_industry_benchmarks(system: IndicatorSystem, rows: list[dict], *, actor) -> int:
    """Replace every industry row of a version no batch uses. ``rows`` are checked already
    (``benchmarks_excel.read_workbook``). Side effects: audit entry with the count."""
    if not actor.has_perm("programme.change_indicatorsystem"):
        raise PermissionDenied
    system = IndicatorSystem.objects.select_for_update().get(pk=system.pk)
    if is_frozen(system):
        raise SystemFrozen(
            _("Version %(version)s is used by a batch and cannot change; copy it first.")
            % {"version": system.version}
        )
    IndustryBenchmark.objects.filter(indicator__system=system).delete()
    indicators = {i.code: i for i in system.indicators.all()}
    IndustryBenchmark.objects.bulk_create(
        IndustryBenchmark(
            indicator=indicators[row["indicator_code"]],
            industry_code=row["industry_code"],
            product=row.get("product", ""),
            product_unit=row.get("product_unit", ""),
            conversions=row.get("conversions") or {},
            benchmark=row["benchmark"],
            leading=row["leading"],
            source=row.get("source", ""),
            is_default=row.get("is_default", True),
        )
        for row in rows
    )
    system.has_industry_benchmarks = bool(rows)
    system.save(update_fields=["has_industry_benchmarks"])
    record_event(
        "programme.industry_benchmarks.replaced",
        actor=actor,
        obj=system,
        changes={"rows": len(rows)},
    )
    return len(rows)


def load_shipped_industry_version(*, system_model, indicator_model, benchmark_model):
    """The shipped version with industry rows (``data/benchmarks``): the shipped system file
    loaded as the version the rows name, based on version 1, and the rows. Idempotent."""
    import json  # noqa: PLC0415 -- only the data migration loads files

    from .systems import DATA_DIR, load_indicator_system  # noqa: PLC0415 -- as above

    for name in SHIPPED_BENCHMARKS:
        rows = json.loads((DATA_DIR / "benchmarks" / name).read_text(encoding="utf-8"))
        existing = system_model.objects.filter(
            code=rows["system_code"], version=rows["version"]
        ).first()
        if existing is not None:
            continue
        base_file = SHIPPED_BASES[rows["system_code"]]
        data = json.loads((DATA_DIR / "indicator_systems" / base_file).read_text(encoding="utf-8"))
        data.update(version=rows["version"], name=rows["name"], name_en=rows["name_en"])
        data["source_note"] = f"{data.get('source_note', '')}\n{rows['source_note_extra']}"
        system = load_indicator_system(
            data, system_model=system_model, indicator_model=indicator_model
        )
        system.based_on = system_model.objects.filter(code=rows["system_code"], version=1).first()
        system.save(update_fields=["based_on"])
        load_industry_benchmarks(
            rows, system, benchmark_model=benchmark_model, indicator_model=indicator_model
        )


SHIPPED_BENCHMARKS = ("gbt36132_2025_industries.json",)
SHIPPED_BASES = {"GBT36132-2025": "gbt36132_2025.json"}


def load_industry_benchmarks(data: dict, system, *, benchmark_model, indicator_model) -> None:
    """Load shipped rows (``data/benchmarks``) into a version; used by a data migration with
    its historical models."""
    indicators = {i.code: i for i in indicator_model.objects.filter(system=system)}
    for row in data["rows"]:
        benchmark_model.objects.get_or_create(
            indicator=indicators[row["indicator_code"]],
            industry_code=row["industry_code"],
            defaults={
                "product": row.get("product", ""),
                "product_unit": row.get("product_unit", ""),
                "conversions": row.get("conversions", {}),
                "benchmark": Decimal(str(row["benchmark"])),
                "leading": Decimal(str(row["leading"])),
                "source": row.get("source", ""),
                "is_default": row.get("is_default", True),
            },
        )
    system.has_industry_benchmarks = bool(data["rows"])
    system.save(update_fields=["has_industry_benchmarks"])
