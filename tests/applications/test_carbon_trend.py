"""The baseline and the yearly trend of the carbon accounts, and the energy efficiency against
the industry benchmark on the inventory page (decisions §83)."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from greenfactory.applications.domain.carbon.efficiency import energy_efficiency_of
from greenfactory.applications.domain.carbon.status import inventory_status
from greenfactory.applications.domain.carbon.trend import inventory_trend
from greenfactory.applications.models import PerformanceYear
from greenfactory.programme.domain.benchmarks import Level, replace_industry_benchmarks
from greenfactory.programme.domain.systems import copy_indicator_system
from greenfactory.programme.enums import Programme
from tests.addresses import foreign_addresses
from tests.factories import (
    BatchFactory,
    DraftApplicationFactory,
    ExpertReviewApplicationFactory,
    shipped_system,
)
from tests.factories.accounts import industry
from tests.factories.carbon import CarbonInventoryFactory

pytestmark = pytest.mark.django_db
D = Decimal


def kg(tonnes):
    return (tonnes * 1000).quantize(D("0.001"))


@pytest.fixture
def years(enterprise):
    """Baseline 2020: raw coal 500 000 kg × 1.9003 = 950 150 kg.
    2023: raw coal 400 000 kg = 760 120 kg; 2025: raw coal 300 000 kg = 570 090 kg and grid
    electricity 100 000 kWh × 0.5306 = 53 060 kg, so 623 150 kg counted."""
    CarbonInventoryFactory(
        enterprise=enterprise, year=2020, is_baseline=True, energy={"raw_coal": "500000"}
    )
    CarbonInventoryFactory(enterprise=enterprise, year=2023, energy={"raw_coal": "400000"})
    return CarbonInventoryFactory(
        enterprise=enterprise,
        year=2025,
        energy={"raw_coal": "300000", "electricity": "100000"},
    )


def test_each_year_against_the_baseline_by_hand(years):
    trend = inventory_trend(years.enterprise_id)
    assert trend.baseline_year == 2020
    assert [row.year for row in trend.years] == [2020, 2023, 2025]
    base, mid, last = trend.years
    assert base.is_baseline and kg(base.change_t) == 0 and base.change_pct == 0
    assert kg(mid.change_t) == D("-190030.000")  # 760 120 − 950 150
    assert mid.change_pct.quantize(D("0.01")) == D("-20.00")
    assert kg(last.scope1_t) == D("570090.000")
    assert kg(last.scope2_location_t) == kg(last.scope2_market_t) == D("53060.000")
    assert kg(last.net_t) == D("623150.000")
    assert kg(last.change_t) == D("-327000.000")  # 623 150 − 950 150
    # 327 000 ÷ 950 150 × 100 = 34.4156 %: the status rule's reduction, the same arithmetic
    assert last.change_pct.quantize(D("0.0001")) == D("-34.4156")
    assert last.change_pct == -inventory_status(years).reduction_pct


def test_without_a_baseline_no_change_is_shown(enterprise):
    CarbonInventoryFactory(enterprise=enterprise, year=2024, energy={"raw_coal": "1000"})
    trend = inventory_trend(enterprise.pk)
    assert trend.baseline_year is None
    assert trend.years[0].change_t is None and trend.years[0].change_pct is None


def test_the_chart_holds_the_tables_numbers(years):
    with translation.override("en"):
        chart = inventory_trend(years.enterprise_id).chart()
    assert chart["categories"] == ["2020", "2023", "2025"]
    series = {s["name"]: s["data"] for s in chart["series"]}
    assert series["Scope 1"] == [950.15, 760.12, 570.09]
    assert series["Net after offsets"] == [950.15, 760.12, 623.15]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("enterprise_user", 200),
        ("district_officer", 200),
        ("city_officer", 200),
        ("other_enterprise_user", 404),
        ("other_district_officer", 404),
        ("assigned_expert", 404),
    ],
)
def test_the_inventory_page_shows_the_trend_with_its_chart(as_persona, years, persona, status):
    response = as_persona(persona).get(reverse("applications:carbon_inventory", args=[years.code]))
    assert response.status_code == status
    if status == 200:
        page = response.text
        assert 'id="carbon-trend-chart"' in page
        assert "dashboards/vendor/echarts/echarts.min.js" in page
        assert foreign_addresses(page) == []
        assert "applications/carbon-trend.js" in page
        assert "-327.000" in page and "-34.42 %" in page and "-190.030" in page
        data = page.split('<script id="carbon-trend-data" type="application/json">')[1]
        data = json.loads(data.split("</script>")[0])
        assert data["categories"] == ["2020", "2023", "2025"]


def test_the_inventory_page_reads_the_same_number_of_queries_for_many_years(
    client, enterprise_user, years, django_assert_max_num_queries
):
    client.force_login(enterprise_user)
    url = reverse("applications:carbon_inventory", args=[years.code])
    with django_assert_max_num_queries(80) as few:
        client.get(url)
    for year in range(2010, 2020):
        CarbonInventoryFactory(
            enterprise=years.enterprise, year=year, energy={"raw_coal": str(year)}
        )
    with django_assert_max_num_queries(80) as many:
        response = client.get(url)
    assert len(response.context["trend"].years) == 13
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("enterprise_user", 200),
        ("district_officer", 200),
        ("city_officer", 200),
        ("assigned_expert", 200),
        ("unassigned_expert", 404),
        ("other_enterprise_user", 404),
    ],
)
def test_a_zero_carbon_applications_readers_see_the_trend(
    request, as_persona, years, persona, status
):
    application = ExpertReviewApplicationFactory(
        enterprise=years.enterprise,
        batch=BatchFactory(programme=Programme.ZERO_CARBON),
        experts=[request.getfixturevalue("assigned_expert")],
    )
    response = as_persona(persona).get(
        reverse("applications:application_detail", args=[application.code])
    )
    assert response.status_code == status
    if status == 200:
        assert 'id="carbon-trend-chart"' in response.text and "-34.42 %" in response.text


def benchmarked_system(city_officer, *, is_default):
    """A copy of the 2025 system whose item 1.1.1 (energy per unit of product) has a division 34
    row: benchmark 400, leading 250 kgce per t of 铸件, 1 t = 1000 kg."""
    system = copy_indicator_system(shipped_system(2025), actor=city_officer)
    replace_industry_benchmarks(
        system,
        [
            {
                "indicator_code": "1.1.1",
                "industry_code": "34",
                "product": "铸件",
                "product_unit": "t",
                "conversions": {"kg": "1000"},
                "benchmark": D(400),
                "leading": D(250),
                "source": "" if is_default else "测试来源",
                "is_default": is_default,
            }
        ],
        actor=city_officer,
    )
    system.refresh_from_db()
    return system


@pytest.mark.parametrize("is_default", [True, False])
def test_the_efficiency_is_the_applications_figure_against_its_industrys_benchmark(
    city_officer, enterprise, is_default
):
    enterprise.industry = industry("34")
    enterprise.save(update_fields=["industry"])
    system = benchmarked_system(city_officer, is_default=is_default)
    application = DraftApplicationFactory(
        enterprise=enterprise, batch=BatchFactory(indicator_system=system)
    )
    PerformanceYear.objects.create(
        application=application,
        year=2025,
        energy={"electricity": "1000000"},  # 1 000 000 kWh × 0.1229 = 122 900 kgce
        output_quantity=D(400_000),
        output_unit="kg",
    )
    inventory = CarbonInventoryFactory(enterprise=enterprise, year=2025)
    efficiency = energy_efficiency_of(inventory)
    # 122 900 kgce ÷ 400 000 kg = 0.307 25 kgce/kg × 1000 = 307.25 kgce/t: better than the
    # benchmark 400, not the leading value 250
    assert efficiency.value.quantize(D("0.01")) == D("307.25")
    assert efficiency.benchmark.level == Level.DIVISION and efficiency.benchmark.benchmark == 400
    assert (efficiency.meets, efficiency.leads, efficiency.is_default) == (True, False, is_default)
    assert efficiency.application_code == application.code


def test_the_inventory_page_marks_a_platform_default_benchmark(
    client, city_officer, enterprise_user
):
    enterprise = enterprise_user.enterprise
    enterprise.industry = industry("34")
    enterprise.save(update_fields=["industry"])
    application = DraftApplicationFactory(
        enterprise=enterprise,
        batch=BatchFactory(indicator_system=benchmarked_system(city_officer, is_default=True)),
    )
    PerformanceYear.objects.create(
        application=application,
        year=2025,
        energy={"electricity": "1000000"},
        output_quantity=D(400_000),
        output_unit="kg",
    )
    inventory = CarbonInventoryFactory(enterprise=enterprise, year=2025)
    client.force_login(enterprise_user)
    url = reverse("applications:carbon_inventory", args=[inventory.code])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").text
    assert "307.2500" in page and "400.0000" in page and "250.0000" in page
    assert "platform default benchmark, not from a source" in page
    assert "at the benchmark or better" in page


def test_without_that_years_performance_data_the_page_says_so(client, enterprise_user):
    inventory = CarbonInventoryFactory(enterprise=enterprise_user.enterprise, year=2025)
    assert energy_efficiency_of(inventory) is None
    client.force_login(enterprise_user)
    url = reverse("applications:carbon_inventory", args=[inventory.code])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").text
    assert "No application on the platform holds this year's performance data" in page


def test_a_zero_carbon_applications_page_reads_the_same_queries_for_more_years(
    client, enterprise_user, years, django_assert_max_num_queries
):
    application = ExpertReviewApplicationFactory(
        enterprise=years.enterprise, batch=BatchFactory(programme=Programme.ZERO_CARBON)
    )
    client.force_login(enterprise_user)
    url = reverse("applications:application_detail", args=[application.code])
    client.get(url)  # the kept score and the session, as on every later reading
    with django_assert_max_num_queries(120) as few:
        client.get(url)
    for year in range(2010, 2020):
        CarbonInventoryFactory(enterprise=years.enterprise, year=year, energy={"raw_coal": "1"})
    with django_assert_max_num_queries(120) as many:
        response = client.get(url)
    assert len(response.context["carbon"]["trend"].years) == 13
    assert len(many.captured_queries) == len(few.captured_queries)
