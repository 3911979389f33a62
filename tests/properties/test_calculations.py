"""Properties of the energy and carbon figures (``programme/calculations.py``): non-negative
data give non-negative figures, shares stay within 0–100 %, and the figures agree with each
other in their units (kgce against tce, kg against t)."""

from decimal import Decimal

import pytest
from django.utils.translation import gettext
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from greenfactory.programme.calculations import (
    HEAT_CO2_KG_PER_MJ,
    THOUSAND,
    Carrier,
    YearInputs,
    compute_figures,
)

# No database: deselected from the PostgreSQL run (pyproject, .ci/run).
pytestmark = pytest.mark.no_database

FAST = settings(max_examples=200, deadline=None, database=None)

amount = st.decimals(min_value=0, max_value=10**9, places=3)
maybe = st.none() | amount
coefficient = st.decimals(min_value=0, max_value=10**4, places=4)


@st.composite
def carrier_tables(draw):
    carriers = {}
    for index in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["fuel", "electricity", "heat", "renewable"]))
        carriers[f"c{index}"] = Carrier(
            key=f"c{index}",
            standard_coal=draw(coefficient),
            co2=draw(st.none() | coefficient),
            is_electricity=kind == "electricity",
            is_heat=kind == "heat",
            is_renewable=kind == "renewable",
        )
    return carriers


@st.composite
def years(draw, carriers, exports=True):
    return YearInputs(
        energy={key: draw(maybe) for key in carriers},
        exported_electricity_kwh=draw(maybe) if exports else None,
        exported_heat_mj=draw(maybe) if exports else None,
        process_co2_t=draw(maybe),
        output_quantity=draw(maybe),
        output_unit=draw(st.sampled_from(["t", "件", ""])),
        output_value_10k_yuan=draw(maybe),
        water_intake_m3=draw(maybe),
        water_reused_m3=draw(maybe),
        solid_waste_generated_t=draw(maybe),
        solid_waste_utilised_t=draw(maybe),
        solid_waste_stock_utilised_t=draw(maybe),
        land_area_m2=draw(maybe),
        floor_area_m2=draw(maybe),
        high_storey_floor_area_m2=draw(maybe),
        footprint_m2=draw(maybe),
    )


@st.composite
def cases(draw, exports=True):
    carriers = draw(carrier_tables())
    return draw(years(carriers, exports)), carriers, draw(coefficient)


def close(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= Decimal("1e-12") * max(abs(a), abs(b), Decimal(1))


@FAST
@given(cases(exports=False))
def test_non_negative_data_give_non_negative_figures(case):
    inputs, carriers, grid = case
    figures = compute_figures(inputs, carriers, grid)
    for figure in figures.values():
        assert figure.value is None or figure.value >= 0, figure
    for key in ("renewable_share", "water_reuse_rate"):
        value = figures[key].value
        assert value is None or value <= 100, (key, value)


@FAST
@given(cases())
def test_exports_are_subtracted_and_nothing_else_changes(case):
    inputs, carriers, grid = case
    assume(any(v is not None for v in inputs.energy.values()))
    with_exports = compute_figures(inputs, carriers, grid)
    inputs.exported_electricity_kwh, exported_kwh = None, inputs.exported_electricity_kwh
    inputs.exported_heat_mj, exported_mj = None, inputs.exported_heat_mj
    gross = compute_figures(inputs, carriers, grid)
    exported_t = ((exported_kwh or 0) * grid + (exported_mj or 0) * HEAT_CO2_KG_PER_MJ) / THOUSAND
    assert close(
        with_exports["carbon_emissions"].value, gross["carbon_emissions"].value - exported_t
    )
    for key in ("comprehensive_energy", "renewable_share", "water_reuse_rate", "land_output"):
        assert with_exports[key] == gross[key]


@FAST
@given(cases())
def test_the_figures_agree_in_their_units(case):
    inputs, carriers, grid = case
    figures = compute_figures(inputs, carriers, grid)
    energy_t = figures["comprehensive_energy"].value
    carbon_t = figures["carbon_emissions"].value
    per = inputs.output_unit or gettext("unit")
    assert figures["comprehensive_energy"].unit == "tce"
    assert figures["carbon_emissions"].unit == "tCO₂"
    assert figures["unit_product_energy"].unit == f"kgce/{per}"
    assert figures["unit_product_carbon"].unit == f"kgCO₂/{per}"
    if energy_t is None:
        assert figures["unit_product_energy"].value is None
        return
    expected = sum(
        (Decimal(a) * carriers[k].standard_coal for k, a in inputs.energy.items() if a is not None),
        Decimal(0),
    )
    assert close(energy_t * THOUSAND, expected)
    if inputs.output_quantity:
        assert close(
            figures["unit_product_energy"].value * inputs.output_quantity, energy_t * THOUSAND
        )
        assert close(
            figures["unit_product_carbon"].value * inputs.output_quantity, carbon_t * THOUSAND
        )
    if inputs.output_value_10k_yuan:
        assert close(
            figures["carbon_intensity_output"].value * inputs.output_value_10k_yuan, carbon_t
        )
