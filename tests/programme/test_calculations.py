"""Energy and carbon figures checked against a worked example (DOMAIN §5–6)."""

from decimal import Decimal

from greenfactory.programme.calculations import Carrier, YearInputs, compute_figures

D = Decimal
CARRIERS = {
    "electricity": Carrier("electricity", D("0.1229"), D("0.5306"), is_electricity=True),
    "natural_gas": Carrier("natural_gas", D("1.2143"), D("2.1622")),
    "diesel": Carrier("diesel", D("1.4571"), D("3.0959")),
    "heat": Carrier("heat", D("0.03412"), None, is_heat=True),
    "renewable_electricity": Carrier("renewable_electricity", D("0.1229"), D(0), is_renewable=True),
}
GRID = D("0.5306")


def worked_example(**overrides):
    fields = {
        "energy": {"electricity": D(1_000_000), "natural_gas": D(100_000), "diesel": D(10_000)},
        "output_quantity": D(5000),
        "output_unit": "t",
        "output_value_10k_yuan": D(20000),
        "land_area_m2": D(50000),
        "floor_area_m2": D(40000),
        "high_storey_floor_area_m2": D(10000),
        "footprint_m2": D(20000),
        "solid_waste_generated_t": D(900),
        "solid_waste_stock_utilised_t": D(100),
        "solid_waste_utilised_t": D(950),
        "water_intake_m3": D(90000),
        "water_reused_m3": D(810000),
    }
    fields.update(overrides)
    return compute_figures(YearInputs(**fields), CARRIERS, GRID)


def value(figures, key, places="0.0001"):
    return figures[key].value.quantize(D(places))


def test_comprehensive_energy():
    # 1e6 × 0.1229 + 1e5 × 1.2143 + 1e4 × 1.4571 = 258 901 kgce
    assert value(worked_example(), "comprehensive_energy") == D("258.9010")


def test_carbon_emissions_and_intensities():
    figures = worked_example()
    # 1e6 × 0.5306 + 1e5 × 2.1622 + 1e4 × 3.0959 = 777 779 kgCO₂
    assert value(figures, "carbon_emissions") == D("777.7790")
    assert value(figures, "unit_product_energy") == D("51.7802")
    assert value(figures, "unit_product_carbon") == D("155.5558")
    assert value(figures, "carbon_intensity_output", "0.000001") == D("0.038889")
    assert figures["unit_product_energy"].unit == "kgce/t"


def test_exports_and_heat_and_process_emissions():
    figures = worked_example(
        energy={"electricity": D(1_000_000), "heat": D(100_000)},
        exported_electricity_kwh=D(200_000),
        process_co2_t=D(50),
    )
    # 1e6 × 0.5306 + 1e5 MJ × 0.11 − 2e5 × 0.5306 + 50 000 = 530 600 + 11 000 − 106 120 + 50 000
    assert value(figures, "carbon_emissions") == D("485.4800")
    # heat 1e5 MJ × 0.03412 = 3 412 kgce
    assert value(figures, "comprehensive_energy") == D("126.3120")


def test_renewable_share():
    figures = worked_example(
        energy={
            "electricity": D(1_000_000),
            "natural_gas": D(100_000),
            "diesel": D(10_000),
            "renewable_electricity": D(100_000),
        }
    )
    # 12 290 of 271 191 kgce; self-generated electricity emits nothing
    assert value(figures, "comprehensive_energy") == D("271.1910")
    assert value(figures, "renewable_share") == D("4.5319")
    assert value(figures, "carbon_emissions") == D("777.7790")


def test_land_water_and_waste():
    figures = worked_example()
    assert value(figures, "floor_area_ratio") == D("1.0000")  # (40 000 + 10 000) / 50 000
    assert value(figures, "building_coefficient") == D("40.0000")
    assert value(figures, "land_output") == D("0.4000")
    assert value(figures, "solid_waste_utilisation") == D("95.0000")  # 950 / (900 + 100)
    assert value(figures, "water_reuse_rate") == D("90.0000")  # 810 000 / 900 000
    assert value(figures, "water_intake_per_product") == D("18.0000")


def test_missing_inputs_give_no_figure_rather_than_a_wrong_one():
    figures = compute_figures(YearInputs(energy={"electricity": D(1000)}), CARRIERS, GRID)
    assert figures["unit_product_energy"].value is None
    assert figures["floor_area_ratio"].value is None
    assert figures["comprehensive_energy"].value == D("0.1229")
    empty = compute_figures(YearInputs(), CARRIERS, GRID)
    assert empty["comprehensive_energy"].value is None


def test_zero_output_does_not_divide_by_zero():
    figures = worked_example(output_quantity=D(0))
    assert figures["unit_product_energy"].value is None
