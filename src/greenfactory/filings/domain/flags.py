"""Flags: why a designated factory needs the bureau's attention after its yearly filing.

A flag is data — a code and its parameters — stored on the filing when it is submitted (or, for
"not filed", found when asked) and worded only when shown, in the reader's language.

The rule (decisions §38):

- ``not_filed``: the deadline of the year (``FilingSettings``, default 15 April of the next
  year) has passed and the factory had not submitted its filing by the end of that day (a filing
  first submitted later is flagged too, with its date).
- ``worse_than_benchmark``: a key energy or carbon figure of the filing — energy per unit of
  product, CO₂ per unit of product, CO₂ per 10 000 yuan of output (``KEY_FORMULAS``) — is worse
  than the benchmark value (基准值) of the quantitative indicator computed from it in the
  indicator system of the filing's reference batch: the batch that designated the factory's
  latest held title, or, for a factory holding only imported titles, the city's latest
  designation batch. "Worse" follows the indicator's direction (above a lower-is-better
  benchmark, below a higher-is-better one).
- ``worse_than_designation``: energy or CO₂ per unit of product is more than the tolerance
  (``FilingSettings.tolerance_percent``, default 10 %) above the same figure of the latest year
  of performance data of the application that won the factory's latest designated title.
  Imported titles have no application on the platform and so no such comparison.
- ``worse_than_previous_year`` (decisions §65): where the level's policy compares with the year
  before (provincial and national titles), energy or CO₂ per unit of product is more than the
  tolerance above the same figure of the factory's filed 动态管理表 of the year before.

Any of the three worsening flags suggests a 现场评估 (``AnnualFiling.site_assessment_suggested``).
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from greenfactory.applications.domain.figures import record_figures
from greenfactory.programme.enums import Direction, Formula, IndicatorKind

from ..enums import FlagCode

KEY_FORMULAS = (
    Formula.UNIT_PRODUCT_ENERGY,
    Formula.UNIT_PRODUCT_CARBON,
    Formula.CARBON_INTENSITY_OUTPUT,
)
PER_OUTPUT_FORMULAS = (Formula.UNIT_PRODUCT_ENERGY, Formula.UNIT_PRODUCT_CARBON)
HUNDRED = Decimal(100)


def _shown(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.0001'), rounding=ROUND_HALF_UP).normalize():f}"


@dataclass(frozen=True)
class Flag:
    """One reason to look at a factory: a ``FlagCode`` and the numbers behind it."""

    code: str
    params: dict = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: dict) -> "Flag":
        return cls(code=data["code"], params=dict(data.get("params") or {}))

    def as_data(self) -> dict:
        return {"code": self.code, "params": self.params}

    @property
    def label(self) -> str:
        return str(FlagCode(self.code).label)

    @property
    def text(self) -> str:
        """The flag in the reader's language."""
        p = self.params
        if self.code == FlagCode.NOT_FILED:
            if p.get("submitted"):
                return _("Filed on %(submitted)s, after the deadline of %(deadline)s.") % p
            return _("Not filed by the deadline of %(deadline)s.") % p
        if self.code == FlagCode.CARBON_RULE_NOT_MET:
            return (
                _(
                    "The carbon disclosure of %(year)s meets neither the zero nor the near-zero "
                    "rule (net %(net)s tCO₂e)."
                )
                % p
            )
        figure = str(Formula(p["formula"]).label)
        if self.code == FlagCode.WORSE_THAN_BENCHMARK:
            return _(
                "%(figure)s is %(value)s %(unit)s, worse than the benchmark value %(benchmark)s "
                "of indicator %(indicator)s."
            ) % {**p, "figure": figure}
        if self.code == FlagCode.WORSE_THAN_PREVIOUS_YEAR:
            return _(
                "%(figure)s is %(value)s, %(increase)s per cent above the %(base)s filed for "
                "%(base_year)s (tolerance %(tolerance)s per cent)."
            ) % {**p, "figure": figure}
        return _(
            "%(figure)s is %(value)s, %(increase)s per cent above the %(base)s of %(base_year)s "
            "at designation (tolerance %(tolerance)s per cent)."
        ) % {**p, "figure": figure}


def _worse(code, figures, base, base_year, tolerance) -> list[Flag]:
    flags = []
    for formula in PER_OUTPUT_FORMULAS:
        value, then = figures[formula].value, base[formula].value
        if value is None or then is None or then <= 0:
            continue
        if value > then * (1 + tolerance / HUNDRED):
            flags.append(
                Flag(
                    code,
                    {
                        "formula": formula,
                        "value": _shown(value),
                        "base": _shown(then),
                        "base_year": base_year,
                        "increase": _shown((value - then) * HUNDRED / then),
                        "tolerance": _shown(tolerance),
                    },
                )
            )
    return flags


def indicator_flags(filing, *, tolerance: Decimal, designation=None, previous=None) -> list[Flag]:
    """The flags of a filing's figures (see the module's rule). ``designation`` is the
    application whose performance data the factory was designated on, or None; ``previous``
    the filed 动态管理表 of the year before to compare with, or None."""
    batch = filing.reference_batch
    figures = record_figures(filing, batch)
    flags = []
    indicators = batch.indicator_system.indicators.filter(
        kind=IndicatorKind.QUANTITATIVE, formula__in=KEY_FORMULAS, benchmark__isnull=False
    ).order_by("position")
    for indicator in indicators:
        value = figures[indicator.formula].value
        if value is None:
            continue
        benchmark = indicator.benchmark
        lower = indicator.direction != Direction.HIGHER
        if (lower and value > benchmark) or (not lower and value < benchmark):
            flags.append(
                Flag(
                    FlagCode.WORSE_THAN_BENCHMARK,
                    {
                        "formula": indicator.formula,
                        "indicator": indicator.code,
                        "value": _shown(value),
                        "benchmark": _shown(benchmark),
                        "unit": indicator.unit,
                    },
                )
            )
    if designation is not None:
        base_record = designation.performance_years.order_by("-year").first()
        if base_record is not None:
            base = record_figures(base_record, designation.batch)
            flags.extend(
                _worse(FlagCode.WORSE_THAN_DESIGNATION, figures, base, base_record.year, tolerance)
            )
    if previous is not None:
        base = record_figures(previous, previous.reference_batch)
        flags.extend(
            _worse(FlagCode.WORSE_THAN_PREVIOUS_YEAR, figures, base, previous.year, tolerance)
        )
    return flags


def not_filed_flag(filing, deadline, today) -> Flag | None:
    """The flag of a factory that had not filed by the end of ``deadline`` (None before it
    passes, or when filed in time)."""
    if today <= deadline:
        return None
    submitted = filing.first_submitted_at if filing is not None else None
    if submitted is None:
        return Flag(FlagCode.NOT_FILED, {"deadline": deadline.isoformat(), "submitted": ""})
    day = timezone.localdate(submitted)
    if day > deadline:
        return Flag(
            FlagCode.NOT_FILED, {"deadline": deadline.isoformat(), "submitted": day.isoformat()}
        )
    return None
