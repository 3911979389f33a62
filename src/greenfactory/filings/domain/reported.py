"""The figures as the enterprise reports them, beside the platform's (decisions §63).

The yearly filing's 动态管理表 asks the factory for its key figures as its own statistics give
them; the platform computes the same figures from the filed data. The district's review page
shows both and marks each that differs. The computed figure is shown to four places
(``applications/_figures.html``, floatformat "4"), so a reported value copied from the page is
the platform's, not a difference: the two are compared at that precision, with the rule the
on-site audit uses (``reviews.domain.audit.differs_as_shown``).
"""

from dataclasses import dataclass
from decimal import Decimal

from greenfactory.reviews.domain.audit import VALUE_SHOWN, differs_as_shown

# The key figures of the filing, in the order of the form and the review page.
REPORTED_FIGURES = (
    "comprehensive_energy",
    "carbon_emissions",
    "unit_product_energy",
    "unit_product_carbon",
    "carbon_intensity_output",
)


@dataclass(frozen=True)
class ReportedFigure:
    key: str
    label: str
    unit: str
    reported: Decimal | None
    computed: Decimal | None

    @property
    def differs(self) -> bool:
        """Reported and differs from the computed figure at the precision shown (a figure
        the enterprise left blank is not compared)."""
        return differs_as_shown(self.reported, self.computed, VALUE_SHOWN)


def reported_value(filing, key: str) -> Decimal | None:
    value = (filing.reported or {}).get(key)
    return None if value in (None, "") else Decimal(str(value))


def reported_beside_computed(filing, figures: dict) -> list[ReportedFigure]:
    """Each key figure: the enterprise's value and the platform's (``figures`` as
    ``applications.domain.figures.record_figures`` gives them for the filing)."""
    return [
        ReportedFigure(
            key=key,
            label=str(figures[key].label),
            unit=str(figures[key].unit),
            reported=reported_value(filing, key),
            computed=figures[key].value,
        )
        for key in REPORTED_FIGURES
        if key in figures
    ]
