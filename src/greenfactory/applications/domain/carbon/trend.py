"""The baseline and the yearly trend of an enterprise's carbon accounts (issue 22 §3, decisions
§83): each year's totals by scope and its change against the baseline, from the same inventory
arithmetic (``compute_inventory``) and the same change the status rule reads (``status._pct``)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from ...models import CarbonInventory
from .inventory import compute_inventory
from .status import _pct, carbon_of_application


@dataclass(frozen=True)
class TrendYear:
    year: int
    code: str
    is_baseline: bool
    scope1_t: Decimal
    scope2_location_t: Decimal
    scope2_market_t: Decimal
    scope3_t: Decimal
    offsets_t: Decimal
    gross_t: Decimal
    net_t: Decimal
    change_t: Decimal | None  # counted emissions − the baseline's; None without a baseline
    change_pct: Decimal | None  # change_t ÷ baseline × 100: the status rule's reduction, negated


@dataclass(frozen=True)
class Trend:
    baseline_year: int | None
    baseline_t: Decimal | None
    years: list

    def chart(self) -> dict:
        """The line chart's data for ``carbon-trend.js``: the same numbers as the table, and
        every label already in the page's language."""
        series = (
            (_("Scope 1"), "scope1_t"),
            (_("Scope 2, location-based"), "scope2_location_t"),
            (_("Scope 2, market-based"), "scope2_market_t"),
            (_("Scope 3"), "scope3_t"),
            (_("Net after offsets"), "net_t"),
        )
        return {
            "categories": [str(row.year) for row in self.years],
            "unit": "tCO₂e",
            "series": [
                {"name": str(name), "data": [float(round(getattr(r, key), 3)) for r in self.years]}
                for name, key in series
            ],
        }


def inventory_trend(enterprise_id) -> Trend:
    """Every inventory of one enterprise, oldest first, each computed once (its lines and the
    table's carriers read in one query each for all years) and set against the baseline year's
    counted emissions (scope 1 + market-based scope 2), as the status rule sets them."""
    inventories = list(
        CarbonInventory.objects.filter(enterprise_id=enterprise_id)
        .select_related("coefficient_table", "grid_factor")
        .prefetch_related(
            "coefficient_table__carriers", "unit_claims", "process_lines", "scope3_lines"
        )
        .order_by("year")
    )
    computed = [(inventory, compute_inventory(inventory)) for inventory in inventories]
    baseline = next(((i, f) for i, f in computed if i.is_baseline), None)
    baseline_t = baseline[1].gross_t if baseline else None
    years = []
    for inventory, figures in computed:
        change = figures.gross_t - baseline_t if baseline_t is not None else None
        years.append(
            TrendYear(
                year=inventory.year,
                code=inventory.code,
                is_baseline=inventory.is_baseline,
                scope1_t=figures.scope1_t,
                scope2_location_t=figures.scope2_location_t,
                scope2_market_t=figures.scope2_market_t,
                scope3_t=figures.scope3_t,
                offsets_t=figures.offsets_t,
                gross_t=figures.gross_t,
                net_t=figures.net_t,
                change_t=change,
                change_pct=_pct(change, baseline_t) if change is not None else None,
            )
        )
    return Trend(baseline[0].year if baseline else None, baseline_t, years)


def change_against_baseline(trend: Trend) -> dict:
    """``{inventory code: (change_t, change_pct)}`` of a trend, for the readers that show one
    year's change (the API's inventories, a published disclosure): the trend's own numbers, never
    computed again (decisions §84)."""
    return {row.code: (row.change_t, row.change_pct) for row in trend.years}


def carbon_accounts_of_application(application):
    """The page's carbon accounts of a zero-carbon application (``carbon_of_application``) with
    the enterprise's trend, for its enterprise and its reviewers; None for other programmes."""
    found = carbon_of_application(application)
    if found is not None and found["inventory"] is not None:
        found["trend"] = inventory_trend(application.enterprise_id)
    return found
