"""The dashboard's carbon figure for the zero-carbon factories (decisions §79): sums checked by
hand, the district's scope, and a cost that does not grow with the factories."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from greenfactory.applications.models import UnitClaim
from tests.factories import EnterpriseFactory, region
from tests.factories.carbon import CarbonInventoryFactory

from .test_figures import URL, export_of, tables, title

pytestmark = pytest.mark.django_db


def zero_carbon_factory(district, *, baseline_kg, year_kg, offsets=0):
    """A factory holding a zero-carbon title, a 2020 baseline and a 2025 inventory burning
    raw coal (1.9003 kgCO₂/kg), with ``offsets`` CCER retired."""
    enterprise = EnterpriseFactory(district=region(district))
    title(district, programme="zero_carbon", enterprise=enterprise)
    CarbonInventoryFactory(
        enterprise=enterprise, year=2020, is_baseline=True, energy={"raw_coal": str(baseline_kg)}
    )
    inventory = CarbonInventoryFactory(
        enterprise=enterprise, year=2025, energy={"raw_coal": str(year_kg)}
    )
    if offsets:
        UnitClaim.objects.create(
            inventory=inventory,
            use="offset",
            kind="ccer",
            prefix=f"CCER-{enterprise.code}-",
            first=1,
            last=offsets,
            width=4,
            retired_on="2026-03-31",
        )
    return enterprise


def carbon_table(client, user):
    client.force_login(user)
    cache.clear()
    with translation.override("en"):
        return tables(client.get(URL, HTTP_ACCEPT_LANGUAGE="en"))["carbon"]


def test_the_city_and_a_district_see_the_zero_carbon_factories_sums(
    client, city_officer, district_officer
):
    # 武进: near-zero (1 000 → 500 kg: 50 % of the baseline) and zero (1 000 → 0.95 t, 1 t
    # offset: net −0.04985 t); 新北: not yet (1 000 → 900 kg).
    zero_carbon_factory("320412", baseline_kg=1000, year_kg=500)
    zero_carbon_factory("320412", baseline_kg=1000, year_kg=500, offsets=1)
    zero_carbon_factory("320411", baseline_kg=1000, year_kg=900)
    # A green factory's inventory is not a zero-carbon factory's.
    green = EnterpriseFactory(district=region("320412"))
    title("320412", enterprise=green)
    CarbonInventoryFactory(enterprise=green, year=2025, energy={"raw_coal": "100000"})

    city = carbon_table(client, city_officer)
    header = [str(h) for h in city.header]
    assert header[:8] == [
        "District",
        "Zero-carbon factories",
        "With an inventory",
        "Scope 1 (tCO₂e)",
        "Scope 2, location-based (tCO₂e)",
        "Scope 2, market-based (tCO₂e)",
        "Offsets retired (tCO₂e)",
        "Renewable share (%)",
    ]
    # 0.95015 + 0.95015 + 1.71027 = 3.61057 t of scope 1; 1 t offset; statuses 1 / 1 / 1.
    assert city.totals[1:] == [
        3,
        3,
        Decimal("3.611"),
        Decimal("0.000"),
        Decimal("0.000"),
        Decimal("1.000"),
        Decimal("0.00"),
        1,
        1,
        1,
    ]
    assert [row[1:3] for row in city.rows] == [[1, 1], [2, 2]]

    district = carbon_table(client, district_officer)
    assert len(district.rows) == 1
    assert district.totals[1:] == [
        2,
        2,
        Decimal("1.900"),
        Decimal("0.000"),
        Decimal("0.000"),
        Decimal("1.000"),
        Decimal("0.00"),
        1,
        1,
        0,
    ]


def test_the_figure_costs_the_same_for_one_and_many_factories(client, city_officer):
    zero_carbon_factory("320412", baseline_kg=1000, year_kg=500)
    client.force_login(city_officer)
    cache.clear()
    with CaptureQueriesContext(connection) as one:
        assert tables(client.get(URL))["carbon"].totals[1] == 1
    for district in ("320402", "320411", "320413", "320412"):
        zero_carbon_factory(district, baseline_kg=2000, year_kg=700, offsets=2)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        assert tables(client.get(URL))["carbon"].totals[1] == 5
    assert len(many) == len(one)


def test_without_zero_carbon_factories_the_figure_is_left_off(client, city_officer):
    client.force_login(city_officer)
    assert "carbon" not in tables(client.get(URL))


def test_the_carbon_figure_exports_its_numbers(
    client, city_officer, django_capture_on_commit_callbacks
):
    zero_carbon_factory("320412", baseline_kg=1000, year_kg=500, offsets=1)
    client.force_login(city_officer)
    page_table = tables(client.get(URL))["carbon"]
    _response, rows = export_of(client, django_capture_on_commit_callbacks, "carbon")
    assert rows[0] == [str(cell) for cell in page_table.header]
    assert len(rows) == 3  # header, 武进, total
    assert [Decimal(str(v)) for v in rows[1][3:7]] == [
        Decimal("0.95"),
        Decimal("0"),
        Decimal("0"),
        Decimal("1"),
    ]
