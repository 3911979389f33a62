"""The dashboard's carbon figure (decisions §79): for the zero-carbon factories of the scope
(holding a zero-carbon title in force), per district, their latest inventory's scope 1, scope 2
location- and market-based, offsets retired, renewable share and the count per status, computed
by ``applications.domain.carbon.status.inventory_outcomes`` as the inventory pages compute them."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import F
from django.utils.translation import gettext as _

from greenfactory.applications.domain.carbon.inventory import carbon_inventories_visible_to
from greenfactory.applications.domain.carbon.status import inventory_outcomes
from greenfactory.applications.enums import CarbonStatus
from greenfactory.core.models import shown_name
from greenfactory.programme.enums import Programme

from .figures import TWO_PLACES, FigureTable, Scope, held_titles

THREE_PLACES = Decimal("0.001")
STATUSES = (CarbonStatus.ZERO, CarbonStatus.NEAR_ZERO, CarbonStatus.NOT_YET)


def _sums():
    return {
        "factories": 0,
        "with_inventory": 0,
        "scope1": Decimal(0),
        "location": Decimal(0),
        "market": Decimal(0),
        "offsets": Decimal(0),
        "kgce": Decimal(0),
        "renewable_kgce": Decimal(0),
        **{status: 0 for status in STATUSES},
    }


def _share(sums) -> Decimal | None:
    if not sums["kgce"]:
        return None
    return (sums["renewable_kgce"] * 100 / sums["kgce"]).quantize(TWO_PLACES)


def _row(label, sums) -> list:
    return [
        label,
        sums["factories"],
        sums["with_inventory"],
        sums["scope1"].quantize(THREE_PLACES),
        sums["location"].quantize(THREE_PLACES),
        sums["market"].quantize(THREE_PLACES),
        sums["offsets"].quantize(THREE_PLACES),
        _share(sums),
        *[sums[status] for status in STATUSES],
    ]


def carbon_of_zero_carbon_factories(scope: Scope) -> FigureTable:
    """The renewable share is the districts' renewable energy over their energy used (tce
    weighted), not an average of shares. A factory without an inventory is counted as a
    factory only."""
    zero = Scope(
        user=scope.user,
        region=scope.region,
        district=scope.district,
        programme=Programme.ZERO_CARBON,
    )
    titles = held_titles(zero)
    places = {}
    factories_by_district = defaultdict(set)
    for row in titles.values(
        "enterprise_id",
        district_code=F("enterprise__district__code"),
        label=F("enterprise__district__name"),
        label_en=F("enterprise__district__name_en"),
    ).order_by():
        places[row["district_code"]] = shown_name(row["label"], row["label_en"])
        factories_by_district[row["district_code"]].add(row["enterprise_id"])
    district_of = {e: code for code, ids in factories_by_district.items() for e in ids}
    sums = defaultdict(_sums)
    for code, ids in factories_by_district.items():
        sums[code]["factories"] = len(ids)
    inventories = carbon_inventories_visible_to(scope.user).filter(
        enterprise_id__in=list(district_of)
    )
    for inventory, figures, outcome in inventory_outcomes(inventories, latest_only=True):
        place = sums[district_of[inventory.enterprise_id]]
        place["with_inventory"] += 1
        place["scope1"] += figures.scope1_t
        place["location"] += figures.scope2_location_t
        place["market"] += figures.scope2_market_t
        place["offsets"] += figures.offsets_t
        place["kgce"] += figures.kgce
        place["renewable_kgce"] += figures.renewable_kgce
        place[outcome.status] += 1
    rows = [_row(places[code], sums[code]) for code in sorted(places)]
    totals = None
    if rows:
        whole = _sums()
        for code in places:
            for key, value in sums[code].items():
                whole[key] += value
        totals = _row(_("Total"), whole)
    scope1, location, market = (
        _("Scope 1 (tCO₂e)"),
        _("Scope 2, location-based (tCO₂e)"),
        _("Scope 2, market-based (tCO₂e)"),
    )
    offsets = _("Offsets retired (tCO₂e)")
    return FigureTable(
        key="carbon",
        title=_("Carbon accounts of the zero-carbon factories"),
        header=[
            _("District"),
            _("Zero-carbon factories"),
            _("With an inventory"),
            scope1,
            location,
            market,
            offsets,
            _("Renewable share (%)"),
            *[str(status.label) for status in STATUSES],
        ],
        rows=rows,
        totals=totals,
        categories=[r[0] for r in rows],
        series=[
            {"name": scope1, "data": [r[3] for r in rows]},
            {"name": market, "data": [r[5] for r in rows]},
            {"name": offsets, "data": [r[6] for r in rows]},
        ],
        axes=["tCO₂e"],
        note=_("Each factory's latest inventory; its status against its baseline year."),
    )
