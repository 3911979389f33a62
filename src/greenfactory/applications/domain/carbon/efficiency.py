"""The factory's energy efficiency against its industry's benchmark, for the inventory page
(issue 22 §3 过程脱碳, decisions §83). Nothing is computed here that the green-factory application
does not compute already: the figure is ``record_figures``' energy per unit of product on the
enterprise's performance data of the inventory's year, converted and set against the benchmark
by ``benchmarks_of`` and ``per_product_factor`` as ``refresh_computed_values`` does."""

from dataclasses import dataclass
from decimal import Decimal

from greenfactory.programme.domain.benchmarks import AppliedBenchmark, per_product_factor
from greenfactory.programme.enums import Direction, Formula

from ...models import CarbonInventory, PerformanceYear
from ..figures import benchmarks_of, record_figures


@dataclass(frozen=True)
class Efficiency:
    year: int
    application_code: str
    value: Decimal | None
    unit: str
    formula: str
    benchmark: AppliedBenchmark | None
    lower_is_better: bool

    @property
    def is_default(self) -> bool:
        return bool(self.benchmark and self.benchmark.is_default)

    @property
    def meets(self) -> bool | None:
        """Whether the figure is at the benchmark or better; None when either is missing."""
        if self.value is None or self.benchmark is None:
            return None
        if self.lower_is_better:
            return self.value <= self.benchmark.benchmark
        return self.value >= self.benchmark.benchmark

    @property
    def leads(self) -> bool | None:
        if self.value is None or self.benchmark is None:
            return None
        if self.lower_is_better:
            return self.value <= self.benchmark.leading
        return self.value >= self.benchmark.leading


def energy_efficiency_of(inventory: CarbonInventory) -> Efficiency | None:
    """The energy per unit of product of the inventory's year from the enterprise's most recent
    application holding that year's performance data, with the benchmark its batch's indicator
    system applies to the enterprise's industry; None when no application holds that year."""
    record = (
        PerformanceYear.objects.filter(
            application__enterprise_id=inventory.enterprise_id, year=inventory.year
        )
        .select_related(
            "application__batch__coefficient_table",
            "application__batch__grid_factor",
            "application__batch__indicator_system",
        )
        .order_by("-application__batch__year", "-application__pk")
        .first()
    )
    if record is None:
        return None
    application = record.application
    figure = record_figures(record, application.batch)["unit_product_energy"]
    indicator = (
        application.batch.indicator_system.indicators.filter(formula=Formula.UNIT_PRODUCT_ENERGY)
        .order_by("position")
        .first()
    )
    applied = benchmarks_of(application, [indicator]) if indicator else {}
    benchmark = applied.get(indicator.code) if indicator else None
    value, unit = figure.value, figure.unit
    if benchmark is not None and value is not None:
        value = value * per_product_factor(indicator, applied, record.output_unit)
        unit = benchmark.unit or unit
    return Efficiency(
        year=record.year,
        application_code=application.code,
        value=value,
        unit=unit,
        formula=str(figure.formula),
        benchmark=benchmark,
        lower_is_better=not indicator or indicator.direction != Direction.HIGHER,
    )
