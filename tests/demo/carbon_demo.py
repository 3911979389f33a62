"""The demo's carbon disclosure (decisions §73): the designated zero-carbon factory's 2025
inventory, near-zero against its 2020 baseline, published on the public site."""

import json
from decimal import Decimal

from django.urls import reverse

from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import User
from greenfactory.applications.enums import CarbonStatus
from greenfactory.applications.models import CarbonInventory
from greenfactory.filings.models import CarbonDisclosure


def check_the_carbon_disclosure(client):
    """Baseline 2020: natural gas 300 000 m³ × 2.1622 = 648.660 t; grid 4 000 000 kWh × 0.5306
    = 2 122.400 t; 2 771.060 t. Year 2025: natural gas 120 000 × 2.1622 = 259.464 t + welding
    CO₂ 12 t = 271.464 t of scope 1; grid 2 400 000 kWh of which 1 800 certificates cover
    1 800 000: 600 000 × 0.6096 = 365.760 t market-based (location-based 3 600 000 × 0.5306 =
    1 910.160 t); 637.224 t counted, 150 CCER retired, net 487.224 t = 17.58 % of the
    baseline, reduction 77.00 %, offsets 23.54 %: near-zero."""
    [disclosure] = CarbonDisclosure.objects.select_related("enterprise")
    figures = disclosure.figures
    assert (figures["scope1_t"], figures["scope2_market_t"], figures["net_t"]) == (
        "271.464",
        "365.760",
        "487.224",
    )
    assert figures["scope2_location_t"] == "1910.160"
    assert (figures["reduction_pct"], figures["offset_share_pct"]) == ("77.00", "23.54")
    # The trend's change kept as published (§84): 637.224 − 2 771.060 = −2 133.836 t, −77.00 %.
    assert (figures["change_t"], figures["change_pct"]) == ("-2133.836", "-77.00")
    assert disclosure.status == CarbonStatus.NEAR_ZERO and disclosure.meets_rule
    client.logout()
    page = client.get(reverse("filings:carbon_disclosure", args=[disclosure.code]))
    assert page.status_code == 200
    assert "271.464 + 365.760 − 150.000 = 487.224" in page.text
    rows = json.loads(client.get(reverse("filings:carbon_disclosures_open_data")).content)
    assert [(r["enterprise"], Decimal(r["net_t"])) for r in rows] == [
        (disclosure.enterprise.name, Decimal("487.224"))
    ]
    assert rows[0]["change_pct"] == "-77.00"


def check_the_carbon_trend(client):
    """The designated factory's trend (decisions §83): 2020 is the baseline at 2 771.060 t
    counted; 2025 counts 637.224 t, 2 133.836 t less, −77.00 % (the status rule's reduction)."""
    [disclosure] = CarbonDisclosure.objects.select_related("enterprise")
    inventory = CarbonInventory.objects.get(enterprise=disclosure.enterprise, year=2025)
    client.force_login(User.objects.filter(role=Role.CITY_OFFICER, is_active=True).first())
    page = client.get(reverse("applications:carbon_inventory", args=[inventory.code]))
    assert page.status_code == 200
    [baseline, year] = page.context["trend"].years
    assert (baseline.year, baseline.is_baseline, f"{baseline.gross_t:.3f}") == (
        2020,
        True,
        "2771.060",
    )
    assert (f"{year.change_t:.3f}", f"{year.change_pct:.2f}") == ("-2133.836", "-77.00")
    assert "-2133.836" in page.text and 'id="carbon-trend-chart"' in page.text
    client.logout()
