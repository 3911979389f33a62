"""The dashboard's figure of the yearly filings (年度动态管理表): per year of data, how many
factories must file, how many filed, how many are flagged, and the comprehensive energy (tce)
and CO₂ (t) of the factories that filed — computed from each filing by the same functions as
the application's performance data.

Read through ``titles_visible_to`` and ``filings_visible_to``, narrowed to the scope's region,
in a fixed number of queries (held titles, filings with their coefficient tables, the
deadline settings) whatever the number of years, factories and filings. A factory is flagged
for a year by the rule of ``filings.domain.flags``: not filed by the deadline (once it has
passed), or a submitted filing with flags.
"""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from greenfactory.accounts.scope import inside
from greenfactory.applications.domain.figures import record_figures
from greenfactory.filings.domain.flags import not_filed_flag
from greenfactory.filings.domain.queries import filings_visible_to, rules_for
from greenfactory.filings.enums import FILED_STATES
from greenfactory.programme.domain.coefficients import carriers_of
from greenfactory.titles.domain.titles import titles_visible_to
from greenfactory.titles.domain.validity import in_force_q

from .figures import TWO_PLACES, FigureTable, Scope


def filings_by_year(scope: Scope) -> FigureTable:
    today = timezone.localdate()
    last_year = today.year - 1
    first_title = {}
    for enterprise_id, year in (
        titles_visible_to(scope.user)
        .filter(inside(scope.region, via="enterprise__district"), in_force_q())
        .values_list("enterprise_id", "year")
        .order_by()
    ):
        first_title[enterprise_id] = min(year, first_title.get(enterprise_id, year))
    filings = {
        (filing.enterprise_id, filing.year): filing
        for filing in filings_visible_to(scope.user)
        .filter(inside(scope.region, via="enterprise__district"), year__lte=last_year)
        .select_related("reference_batch__coefficient_table", "reference_batch__grid_factor")
        .prefetch_related("reference_batch__coefficient_table__carriers")
    }
    years = sorted({year for _e, year in filings} | set(first_title.values()))
    years = [year for year in years if year <= last_year]
    if years:
        years = list(range(years[0], last_year + 1))
    rules = rules_for(scope.region)
    carriers = {}
    rows = []
    for year in years:
        deadline = rules.deadline(year)
        due = [e for e, first in first_title.items() if first <= year]
        filed = flagged = 0
        tce, co2 = Decimal(0), Decimal(0)
        for enterprise_id in due:
            filing = filings.get((enterprise_id, year))
            is_filed = filing is not None and filing.state in FILED_STATES
            late = not_filed_flag(filing, deadline, today)
            if late is not None or (is_filed and filing.flags):
                flagged += 1
            if not is_filed:
                continue
            filed += 1
            table = filing.reference_batch.coefficient_table
            if table.pk not in carriers:
                carriers[table.pk] = carriers_of(table)
            figures = record_figures(filing, filing.reference_batch, carriers[table.pk])
            tce += figures["comprehensive_energy"].value or 0
            co2 += figures["carbon_emissions"].value or 0
        rows.append(
            [year, len(due), filed, flagged, tce.quantize(TWO_PLACES), co2.quantize(TWO_PLACES)]
        )
    energy_axis, carbon_axis = _("Comprehensive energy (tce)"), _("CO₂ emissions (t)")
    return FigureTable(
        key="filings",
        title=_("Key indicators from the yearly filings"),
        header=[
            _("Year of the data"),
            _("Factories due"),
            _("Filed"),
            _("Flagged"),
            energy_axis,
            carbon_axis,
        ],
        rows=rows,
        categories=[r[0] for r in rows],
        series=[
            {"name": _("Factories due"), "data": [r[1] for r in rows], "axis": 0},
            {"name": _("Filed"), "data": [r[2] for r in rows], "axis": 0},
            {"name": _("Flagged"), "data": [r[3] for r in rows], "axis": 0},
            {"name": energy_axis, "data": [r[4] for r in rows], "axis": 1},
            {"name": carbon_axis, "data": [r[5] for r in rows], "axis": 1},
        ],
        axes=[_("Factories"), "t"],
        note=_("Energy and CO₂ are those of the factories that filed."),
    )
