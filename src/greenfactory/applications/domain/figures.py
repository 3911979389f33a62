"""Computed figures and the self-evaluation score of an application."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from greenfactory.accounts.models import Industry
from greenfactory.programme.calculations import YearInputs, compute_figures
from greenfactory.programme.domain.benchmarks import (
    benchmarks_for,
    check_product_unit,
    per_product_factor,
    with_benchmarks,
)
from greenfactory.programme.domain.coefficients import carriers_of
from greenfactory.programme.scoring import Answer, ScoreSheet, score_application

from ..models import Application, PerformanceFigures, SelfEvaluation

# Plausible ranges for a warning (not an error): a value outside usually means a wrong unit.
PLAUSIBLE = {
    "unit_product_energy": (Decimal("0.001"), Decimal(100000)),
    "floor_area_ratio": (Decimal("0.05"), Decimal(10)),
}


def year_inputs(record: PerformanceFigures) -> YearInputs:
    energy = {
        key: Decimal(str(value))
        for key, value in (record.energy or {}).items()
        if value not in (None, "")
    }
    heat_content = {
        key: Decimal(str(value))
        for key, value in (getattr(record, "heat_content", None) or {}).items()
        if value not in (None, "")
    }
    fields = {
        name: getattr(record, name)
        for name in YearInputs.__dataclass_fields__
        if name not in ("energy", "heat_content") and hasattr(record, name)
    }
    return YearInputs(energy=energy, heat_content=heat_content, **fields)


def record_figures(record, batch, carriers=None) -> dict:
    """Every computed figure of one year of performance data (a ``PerformanceFigures``: an
    application's year or a yearly filing), by the batch's coefficient table and grid factor."""
    if carriers is None:
        carriers = carriers_of(batch.coefficient_table)
    grid = batch.grid_factor
    return compute_figures(year_inputs(record), carriers, grid.value, grid.residual_value)


def figures_by_year(application: Application) -> dict[int, dict]:
    """Every computed figure for each year of performance data, with formulas and units."""
    batch = application.batch
    carriers = carriers_of(batch.coefficient_table)
    return {
        record.year: record_figures(record, batch, carriers)
        for record in application.performance_years.order_by("year")
    }


def plausibility_warnings(figures: dict) -> list[str]:
    warnings = []
    for key, (low, high) in PLAUSIBLE.items():
        figure = figures.get(key)
        if figure is not None and figure.value is not None and not low <= figure.value <= high:
            warnings.append(
                _("%(value)s %(unit)s looks implausible: please check the units you entered.")
                % {"value": round(figure.value, 4), "unit": figure.unit}
            )
    return warnings


def industry_code_of(application: Application) -> str:
    """The GB/T 4754 code of the enterprise's industry (class or division)."""
    code = (
        Industry.objects.filter(enterprises__pk=application.enterprise_id)
        .values_list("code", flat=True)
        .first()
    )
    return code or ""


def benchmarks_of(application: Application, indicators=None) -> dict:
    """Which benchmark and leading value apply to each item for this enterprise's industry
    (``programme.domain.benchmarks``); no query for a version without industry rows."""
    system = application.batch.indicator_system
    industry = industry_code_of(application) if system.has_industry_benchmarks else ""
    return benchmarks_for(system, industry, indicators)


def scoring_indicators(application: Application, indicators=None) -> list:
    """The batch's indicators with the values of the enterprise's industry applied, each
    quantitative item saying which applied (``applied_benchmark``)."""
    if indicators is None:
        indicators = application.batch.indicator_system.indicators.all()
    indicators = list(indicators)
    return with_benchmarks(indicators, benchmarks_of(application, indicators))


def check_output_unit(application: Application, output_unit: str) -> None:
    """Refuse a unit of output that the industry's per-product benchmarks are not set per."""
    system = application.batch.indicator_system
    if not system.has_industry_benchmarks:
        return
    indicators = list(system.indicators.all())
    check_product_unit(indicators, benchmarks_of(application, indicators), output_unit)


def _as_stored(value):
    """A computed value as its column keeps it (6 decimal places), to tell a change."""
    if value is None:
        return None
    try:
        return Decimal(value).quantize(STORED_PLACES)
    except InvalidOperation:
        return value


STORED_PLACES = Decimal("0.000001")


def refresh_computed_values(application: Application) -> None:
    """Fill quantitative indicators that have a formula with the latest year's figure; a
    figure per unit of product is converted to the benchmark's unit where a conversion is
    stated."""
    years = figures_by_year(application)
    if not years:
        return
    latest_year = max(years)
    latest = years[latest_year]
    indicators = application.batch.indicator_system.indicators.exclude(formula="")
    applied = {}
    output_unit = ""
    if application.batch.indicator_system.has_industry_benchmarks:
        applied = benchmarks_of(application)
        record = application.performance_years.get(year=latest_year)
        output_unit = record.output_unit
    existing = {
        row.indicator_id: row
        for row in SelfEvaluation.objects.filter(
            application=application, indicator__in=[i.pk for i in indicators]
        )
    }
    for indicator in indicators:
        figure = latest.get(indicator.formula)
        value = figure.value if figure is not None else None
        if value is not None and applied:
            value = value * per_product_factor(indicator, applied, output_unit)
        row = existing.get(indicator.pk)
        if row is None:
            SelfEvaluation.objects.create(
                application=application, indicator=indicator, value=value, value_is_computed=True
            )
        elif not row.value_is_computed or _as_stored(row.value) != _as_stored(value):
            # Written only when the figure changes (decisions §81).
            row.value, row.value_is_computed = value, True
            row.save(update_fields=["value", "value_is_computed", "updated_at"])


SELF_EVALUATION_VALUES = (
    "indicator_id",
    "indicator__code",
    "not_applicable",
    "met",
    "score",
    "value",
    "explanation",
)


def self_evaluation_values(application: Application) -> list[dict]:
    """The 自评表 rows as plain values (no model instances), for pages that show them."""
    return list(application.self_evaluations.values(*SELF_EVALUATION_VALUES))


def answers_from(rows) -> dict[str, Answer]:
    """Answers by indicator code from ``self_evaluation_values`` rows."""
    return {
        row["indicator__code"]: Answer(
            not_applicable=row["not_applicable"],
            met=row["met"],
            score=row["score"],
            value=row["value"],
        )
        for row in rows
    }


def answers_of(application: Application) -> dict[str, Answer]:
    """The self-evaluation by indicator code, read as plain values (no model instances)."""
    return answers_from(self_evaluation_values(application))


def self_score(application: Application, indicators=None, answers=None) -> ScoreSheet:
    """The application's score from its own self-evaluation, by the batch's system.

    Read from its stored answers, the sheet is kept ``SELF_SCORE_CACHE_SECONDS`` per
    application and ``revision``: every save of the enterprise's data goes through
    ``drafts._lock_for_edit``, which counts the revision up, and the batch's system is frozen.
    Given ``answers`` (a form's, not yet saved), it is computed from them and not kept."""
    seconds = settings.SELF_SCORE_CACHE_SECONDS
    if answers is not None or not seconds:
        return _scored(application, indicators, answers)
    key = f"self-score:{application.pk}:{application.revision}"
    sheet = cache.get(key)
    if sheet is None:
        sheet = _scored(application, indicators, None)
        cache.set(key, sheet, seconds)
    return sheet


def _scored(application: Application, indicators, answers) -> ScoreSheet:
    system = application.batch.indicator_system
    return score_application(
        scoring_indicators(application, indicators),
        answers if answers is not None else answers_of(application),
        na_policy=system.na_policy,
        unmet_points=system.unmet_required_points,
    )


def aspect_subtotals(indicators, sheet: ScoreSheet) -> list[tuple]:
    """The weighted aspects (level 1) of the system, each with its subtotal on the sheet
    (None when nothing was scored in it), for the score totals beside a self-evaluation."""
    return [
        (indicator, sheet.subtotals.get(indicator.code))
        for indicator in indicators
        if indicator.is_weighted_aspect
    ]


def score_totals(application: Application, indicators) -> dict:
    """What the score totals beside a self-evaluation show: the sheet and the aspects."""
    sheet = self_score(application, indicators)
    return {"sheet": sheet, "aspects": aspect_subtotals(indicators, sheet)}
