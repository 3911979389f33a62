"""The carbon accounts in the API (decisions §79): figures computed as the pages compute them,
within the token's scope; the published disclosures on the public API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from greenfactory.applications.domain.carbon.trend import inventory_trend
from greenfactory.filings.models import CarbonDisclosure
from tests.factories.carbon import CarbonInventoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def inventories(enterprise):
    baseline = CarbonInventoryFactory(
        enterprise=enterprise, year=2020, is_baseline=True, energy={"raw_coal": "1000"}
    )
    year = CarbonInventoryFactory(enterprise=enterprise, year=2025, energy={"raw_coal": "500"})
    return baseline, year


def test_an_enterprises_inventories_with_their_arithmetic(
    client, enterprise, inventories, bearer, district_officer
):
    response = client.get(
        reverse("api:enterprise_carbon_inventories", args=[enterprise.code]),
        HTTP_ACCEPT_LANGUAGE="en",
        **bearer(district_officer),
    )
    assert response.status_code == 200
    rows = response.json()
    assert [row["year"] for row in rows] == [2025, 2020]
    latest = rows[0]
    # 500 kg of raw coal × 1.9003 kgCO₂/kg = 950.15 kg; the baseline 1 000 kg = 1 900.30 kg.
    assert latest["scope1_t"] == "0.950"
    assert latest["scope2_location_t"] == latest["scope2_market_t"] == "0.000"
    assert latest["renewable_share_pct"] == "0.00"
    outcome = latest["outcome"]
    assert outcome["baseline_year"] == 2020
    assert outcome["baseline_t"] == "1.900"
    assert outcome["net_t"] == "0.950"
    # (1.9003 − 0.95015) ÷ 1.9003 × 100 = 50 %: near-zero (net ≤ 50 %, reduction ≥ 20 %).
    assert outcome["reduction_pct"] == "50.00"
    assert outcome["net_share_pct"] == "50.00"
    assert outcome["status"] == "near_zero"
    near_zero = [c for c in outcome["checks"] if c["status"] == "near_zero"]
    assert [c["met"] for c in near_zero] == [True, True, True]
    assert all(c["is_platform_default"] for c in near_zero)
    assert near_zero[0]["arithmetic"] == "0.950 ÷ 1.900300 × 100"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("enterprise_user", 200),
        ("other_enterprise_user", 404),
        ("agency_user", 404),
        ("district_officer", 200),
        ("other_district_officer", 404),
        ("city_officer", 200),
        ("assigned_expert", 404),
        ("anon", 401),
    ],
)
def test_inventories_within_the_tokens_scope(
    request, client, enterprise, inventories, bearer, persona, status
):
    user = request.getfixturevalue(persona)
    response = client.get(
        reverse("api:enterprise_carbon_inventories", args=[enterprise.code]),
        **bearer(user),
    )
    assert response.status_code == status


def test_the_public_reads_published_disclosures_in_constant_queries(client, inventories):
    _baseline, year = inventories
    url = reverse("api:carbon_disclosure_list")

    def publish(inventory):
        CarbonDisclosure.objects.create(
            enterprise=inventory.enterprise,
            year=inventory.year,
            inventory=inventory,
            figures={"net_t": "0.950", "scope1_t": "0.950"},
            status="near_zero",
            meets_rule=True,
            published_at=timezone.now(),
        )

    publish(year)
    with CaptureQueriesContext(connection) as one:
        response = client.get(url)
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["figures"]["net_t"] == "0.950" and row["status"] == "near_zero"
    assert row["enterprise"]["code"] == year.enterprise.code
    other = CarbonInventoryFactory(year=2025)
    publish(other)
    publish(CarbonInventoryFactory(year=2024))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.json()["results"]) == 3
    assert len(many) == len(one)


def test_the_inventories_cost_the_same_for_one_and_many_years(
    client, enterprise, bearer, enterprise_user
):
    CarbonInventoryFactory(
        enterprise=enterprise, year=2020, is_baseline=True, energy={"raw_coal": "1000"}
    )
    url = reverse("api:enterprise_carbon_inventories", args=[enterprise.code])
    headers = bearer(enterprise_user)
    client.get(url, **headers)  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(url, **headers).json()) == 1
    for year in range(2021, 2026):
        CarbonInventoryFactory(enterprise=enterprise, year=year, energy={"raw_coal": "900"})
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url, **headers).json()) == 6
    assert len(many) == len(one)


def test_each_inventory_carries_the_trends_change_against_the_baseline(
    client, enterprise, inventories, bearer, enterprise_user
):
    rows = client.get(
        reverse("api:enterprise_carbon_inventories", args=[enterprise.code]),
        **bearer(enterprise_user),
    ).json()
    # 0.950 − 1.900 t (raw coal 500 against 1 000 kg): −0.950 t, −50 %.
    assert [(r["year"], r["change_t"], r["change_pct"]) for r in rows] == [
        (2025, "-0.950", "-50.00"),
        (2020, "0.000", "0.00"),
    ]
    trend = {row.year: row for row in inventory_trend(enterprise.pk).years}
    assert rows[0]["change_pct"] == f"{trend[2025].change_pct:.2f}"


def test_without_a_baseline_the_change_is_null(client, enterprise, bearer, enterprise_user):
    CarbonInventoryFactory(enterprise=enterprise, year=2025, energy={"raw_coal": "500"})
    [row] = client.get(
        reverse("api:enterprise_carbon_inventories", args=[enterprise.code]),
        **bearer(enterprise_user),
    ).json()
    assert row["change_t"] is None and row["change_pct"] is None
