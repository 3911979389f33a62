"""Steam, LNG, measured heat content, green electricity and certificates, grid factors named as
published (docs/decisions.md §53)."""

from decimal import Decimal

import pytest
from django.utils.translation import override

from greenfactory.applications.forms import PerformanceYearForm
from greenfactory.applications.models import PerformanceYear
from greenfactory.programme.calculations import Carrier, YearInputs, compute_figures
from greenfactory.programme.domain.coefficients import carriers_of
from greenfactory.programme.models import CoefficientTable

D = Decimal
GRID, RESIDUAL = D("0.5306"), D("0.6096")
CARRIERS = {
    "electricity": Carrier("electricity", D("0.1229"), D("0.5306"), is_electricity=True),
    "natural_gas": Carrier("natural_gas", D("1.2143"), D("2.1622"), co2_per_mj=D("0.055539")),
    "lng": Carrier("lng", None, None, co2_per_mj=D("0.055539")),
    "steam": Carrier("steam", None, None, is_heat=True, co2_per_mj=D("0.11")),
    "green_electricity": Carrier("green_electricity", D("0.1229"), D(0), is_green_electricity=True),
    "green_certificate": Carrier("green_certificate", D(0), D(0), certificate_kwh=D(1000)),
}


def figures(energy, heat_content=None, residual=RESIDUAL):
    inputs = YearInputs(energy=energy, heat_content=heat_content or {}, output_quantity=D(100))
    return compute_figures(inputs, CARRIERS, GRID, residual)


def test_steam_is_counted_by_its_enthalpy():
    # 100 t × 2 800 MJ/t = 280 000 MJ → × 0.03412 = 9 553.6 kgce; × 0.11 = 30 800 kgCO₂
    out = figures({"steam": D(100)}, {"steam": D(2800)})
    assert out["comprehensive_energy"].value == D("9.5536")
    assert out["carbon_emissions"].value == D("30.8")


def test_steam_or_lng_without_a_measured_value_gives_no_figure_rather_than_a_wrong_one():
    out = figures({"steam": D(100), "electricity": D(1000)})
    assert out["comprehensive_energy"].value is None
    assert out["carbon_emissions"].value is None


def test_lng_by_its_net_calorific_value():
    # 1 000 kg × 50 MJ/kg = 50 000 MJ → 1 706 kgce; × 0.055539 = 2 776.95 kgCO₂
    out = figures({"lng": D(1000)}, {"lng": D(50)})
    assert out["comprehensive_energy"].value == D("1.706")
    assert out["carbon_emissions"].value.quantize(D("0.00001")) == D("2.77695")


def test_a_measured_net_calorific_value_replaces_the_natural_gas_coefficient():
    standard = figures({"natural_gas": D(1000)})
    measured = figures({"natural_gas": D(1000)}, {"natural_gas": D("35.588")})
    assert standard["comprehensive_energy"].value == D("1.2143")
    # 35.588 MJ/m³ × 0.03412 = 1.21426 kgce/m³
    assert measured["comprehensive_energy"].value.quantize(D("0.0001")) == D("1.2143")
    assert measured["carbon_emissions"].value.quantize(D("0.0001")) == D("1.9765")


def test_green_electricity_is_renewable_and_the_rest_takes_the_residual_factor():
    out = figures({"electricity": D(800_000), "green_electricity": D(200_000)})
    # all 1 000 000 kWh are energy used; only the 800 000 grid kWh emit, at 0.6096
    assert out["comprehensive_energy"].value == D("122.9")
    assert out["carbon_emissions"].value == D("487.68")
    assert out["renewable_share"].value == D(20)
    assert "0.6096" in out["carbon_emissions"].note


def test_certificates_turn_grid_electricity_renewable_without_adding_energy():
    out = figures({"electricity": D(1_000_000), "green_certificate": D(300)})
    assert out["comprehensive_energy"].value == D("122.9")  # certificates add no energy
    assert out["carbon_emissions"].value == D("426.72")  # 700 000 kWh × 0.6096
    assert out["renewable_share"].value == D(30)


def test_certificates_cover_no_more_than_the_grid_electricity_bought():
    out = figures({"electricity": D(100_000), "green_certificate": D(300)})
    assert out["carbon_emissions"].value == D(0)
    assert out["renewable_share"].value == D(100)


def test_without_green_power_the_batch_factor_applies_unchanged():
    out = figures({"electricity": D(1_000_000)})
    assert out["carbon_emissions"].value == D("530.6")
    assert out["carbon_emissions"].note == ""


def test_without_a_residual_factor_the_batch_factor_applies_and_the_note_says_so():
    out = figures({"electricity": D(800_000), "green_electricity": D(200_000)}, residual=None)
    assert out["carbon_emissions"].value == D("424.48")  # 800 000 × 0.5306
    assert "0.5306" in out["carbon_emissions"].note


def test_wastewater_reuse_rate_is_reused_over_treated():
    inputs = YearInputs(
        water_intake_m3=D(90_000),
        water_reused_m3=D(810_000),
        wastewater_treated_m3=D(50_000),
        wastewater_reused_m3=D(20_000),
    )
    out = compute_figures(inputs, CARRIERS, GRID)
    assert out["wastewater_reuse_rate"].value == D(40)
    assert out["water_reuse_rate"].value == D(90)


@pytest.mark.django_db
def test_the_shipped_2023_table_has_the_carriers_and_the_published_factors():
    table = CoefficientTable.objects.get(code="GBT2589-2020+CO2-2023")
    carriers = carriers_of(table)
    assert carriers["steam"].standard_coal is None and carriers["steam"].is_heat
    assert carriers["lng"].standard_coal is None
    assert carriers["green_electricity"].is_green_electricity
    assert carriers["green_certificate"].certificate_kwh == 1000
    natural_gas = table.carriers.get(key="natural_gas")
    assert natural_gas.name == "天然气"
    assert "1.1000–1.3300" in natural_gas.source and natural_gas.heat_content_measurable
    grid = {g.key: g for g in table.grid_factors.all()}
    national = grid["national_2023"]
    assert national.name == "全国电力平均二氧化碳排放因子（2023年）"
    assert (national.value, national.residual_value, national.year) == (
        D("0.5306"),
        D("0.6096"),
        2023,
    )
    assert "生态环境部、国家统计局" in national.source
    assert grid["national_excl_market_2023"].basis == "excl_market_non_fossil"
    assert grid["east_china_2023"].residual_value is None  # not published: left out
    assert not any(g.area == "江苏" for g in grid.values())  # 2023's value not found: left out


@pytest.mark.django_db
def test_a_historical_batch_can_take_the_table_of_its_time():
    table = CoefficientTable.objects.get(code="GBT2589-2020+CO2-2022")
    assert table.year == 2022
    assert [(g.key, g.value) for g in table.grid_factors.order_by("pk")] == [
        ("national_2022", D("0.5366")),
        ("jiangsu_2022", D("0.5978")),
    ]


@pytest.mark.django_db
def test_the_jiangsu_factor_is_provincial_with_its_year_and_source():
    jiangsu = CoefficientTable.objects.get(code="GBT2589-2020+CO2-2022").grid_factors.get(
        key="jiangsu_2022"
    )
    assert (jiangsu.scope, jiangsu.area, jiangsu.year, jiangsu.basis) == (
        "provincial",
        "江苏",
        2022,
        "average",
    )
    assert jiangsu.name == "省级电力平均二氧化碳排放因子·江苏（2022年）"
    assert "关于发布2022年电力二氧化碳排放因子的公告" in jiangsu.source
    assert "未直接核读" in jiangsu.source  # says how far it was verified


@pytest.mark.django_db
def test_the_first_tables_factors_are_named_as_published():
    table = CoefficientTable.objects.get(code="GBT2589-2020+GRID2023")
    names = dict(table.grid_factors.values_list("key", "name"))
    assert names["national_2022"] == "全国电力平均二氧化碳排放因子（2022年）"
    assert names["east_china_2023"] == "区域电力平均二氧化碳排放因子·华东（2023年）"


@pytest.mark.django_db
def test_the_form_asks_for_the_enthalpy_of_steam_and_keeps_what_was_typed():
    carriers = CoefficientTable.objects.get(code="GBT2589-2020+CO2-2023").carriers.all()
    with override("en"):
        form = PerformanceYearForm(
            data={"revision": "1", "energy_steam": "120", "energy_natural_gas": "5000"},
            carriers=carriers,
            instance=PerformanceYear(),
        )
        assert not form.is_valid()
        assert "gives no standard value" in form.errors["heat_content_steam"][0]
        assert form["energy_steam"].value() == "120"
    form = PerformanceYearForm(
        data={
            "revision": "1",
            "energy_steam": "120",
            "heat_content_steam": "2800",
            "energy_natural_gas": "5000",
            "heat_content_natural_gas": "35.5",
        },
        carriers=carriers,
        instance=PerformanceYear(),
    )
    assert form.is_valid(), form.errors
    data = form.data_dict()
    assert data["energy"] == {"natural_gas": "5000", "steam": "120"}
    assert data["heat_content"] == {"natural_gas": "35.5", "steam": "2800"}
