"""Energy, carbon, land, water and waste figures from one year of performance data.

Pure functions over plain numbers and a coefficient table, so every figure can be recomputed
and explained (DOMAIN §5–6). Each result names its formula and the table it used.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from .enums import Formula

THOUSAND = Decimal(1000)
HUNDRED = Decimal(100)
# Purchased heat, 0.11 tCO₂/GJ, is 0.11 kgCO₂/MJ (DOMAIN §6).
HEAT_CO2_KG_PER_MJ = Decimal("0.11")
# Heat, 0.03412 kgce/MJ (GB/T 2589-2020, DOMAIN §6): a measured heat content (a fuel's net
# calorific value, steam's enthalpy) in MJ per unit times this is kgce per unit.
KGCE_PER_MJ = Decimal("0.03412")


@dataclass
class YearInputs:
    """One year of an enterprise's performance data, in the units of the form."""

    energy: dict[str, Decimal] = field(default_factory=dict)  # carrier key -> amount
    # carrier key -> the enterprise's measured heat content, MJ per unit of the carrier
    # (net calorific value of a fuel, enthalpy of steam); it replaces the table's coefficient.
    heat_content: dict[str, Decimal] = field(default_factory=dict)
    exported_electricity_kwh: Decimal | None = None
    exported_heat_mj: Decimal | None = None
    process_co2_t: Decimal | None = None
    output_quantity: Decimal | None = None
    output_unit: str = ""
    output_value_10k_yuan: Decimal | None = None
    water_intake_m3: Decimal | None = None
    water_reused_m3: Decimal | None = None
    wastewater_treated_m3: Decimal | None = None
    wastewater_reused_m3: Decimal | None = None  # treated wastewater reused
    solid_waste_generated_t: Decimal | None = None
    solid_waste_utilised_t: Decimal | None = None
    solid_waste_stock_utilised_t: Decimal | None = None
    land_area_m2: Decimal | None = None
    floor_area_m2: Decimal | None = None
    high_storey_floor_area_m2: Decimal | None = None  # storeys above 8 m, counted twice
    footprint_m2: Decimal | None = None  # buildings + structures + yards


@dataclass(frozen=True)
class Figure:
    key: str
    value: Decimal | None
    unit: str
    formula: str
    note: str = ""  # which factor was used, where the formula alone does not say

    @property
    def label(self) -> str:
        if self.key in Formula.values:
            return Formula(self.key).label
        return _("CO₂ emissions")


@dataclass
class Carrier:
    key: str
    standard_coal: Decimal | None  # kgce per unit; None: only a measured heat content counts
    co2: Decimal | None  # kgCO₂ per unit
    is_electricity: bool = False  # purchased from the grid: the grid factor applies
    is_heat: bool = False  # purchased heat or steam: 0.11 kgCO₂/MJ
    is_renewable: bool = False  # self-generated renewable energy used on site
    # Purchased green electricity (绿电): energy used, counted renewable, CO₂ 0.
    is_green_electricity: bool = False
    # Green certificates (绿证), one per ``certificate_kwh`` of renewable electricity: no energy
    # of their own; they turn that much of the purchased grid electricity renewable.
    certificate_kwh: Decimal | None = None
    co2_per_mj: Decimal | None = None  # kgCO₂ per MJ, with a measured heat content


class MissingHeatContent(ValueError):
    """A carrier without a standard coefficient was used without its measured heat content."""

    def __init__(self, key):
        super().__init__(key)
        self.key = key


def carrier_factors(
    carrier: Carrier, heat_content: Decimal | None
) -> tuple[Decimal, Decimal | None]:
    """(kgce, kgCO₂) per unit of the carrier: from the enterprise's measured heat content where
    it gave one (MJ per unit × 0.03412 kgce/MJ; × the carrier's kgCO₂/MJ), otherwise from the
    table. A carrier with no standard coefficient needs the measured value."""
    if heat_content is not None:
        heat = Decimal(heat_content)
        co2 = heat * carrier.co2_per_mj if carrier.co2_per_mj is not None else carrier.co2
        return heat * KGCE_PER_MJ, co2
    if carrier.standard_coal is None:
        raise MissingHeatContent(carrier.key)
    return carrier.standard_coal, carrier.co2


def _div(numerator, denominator):
    try:
        if numerator is None or denominator in (None, 0):
            return None
        return Decimal(numerator) / Decimal(denominator)
    except (InvalidOperation, ZeroDivisionError):
        return None


def compute_figures(
    inputs: YearInputs,
    carriers: dict[str, Carrier],
    grid_factor: Decimal,
    residual_factor: Decimal | None = None,
) -> dict[str, Figure]:
    """Every computed figure for one year; a figure whose inputs are missing is None.

    Purchased green electricity and the electricity covered by green certificates count as
    renewable with no CO₂. When any is counted, the rest of the purchased grid electricity takes
    ``residual_factor`` (the grid factor without market-traded non-fossil power) where the
    batch's grid factor names one, so that the green power is not counted twice; the carbon
    figure's note says which factor was used."""
    out = {}
    kgce = Decimal(0)
    co2_kg = Decimal(0)
    renewable_kgce = Decimal(0)
    grid_kwh = Decimal(0)
    grid_kgce_per_kwh = None
    green_kwh = Decimal(0)
    certified_kwh = Decimal(0)
    incomplete = False
    heat_contents = inputs.heat_content or {}
    for key, amount in inputs.energy.items():
        if amount is None:
            continue
        carrier = carriers[key]
        amount = Decimal(amount)
        if carrier.certificate_kwh is not None:
            certified_kwh += amount * carrier.certificate_kwh
            continue
        measured = heat_contents.get(key)
        try:
            coal, co2 = carrier_factors(carrier, None if measured is None else Decimal(measured))
        except MissingHeatContent:
            incomplete = True
            continue
        kgce += amount * coal
        if carrier.is_renewable or carrier.is_green_electricity:
            renewable_kgce += amount * coal
            if carrier.is_green_electricity:
                green_kwh += amount
        elif carrier.is_electricity:
            grid_kwh += amount
            grid_kgce_per_kwh = coal
        elif carrier.is_heat:
            co2_kg += amount * (co2 if co2 is not None else HEAT_CO2_KG_PER_MJ)
        elif co2 is not None:
            co2_kg += amount * co2
    # Certificates cover at most the grid electricity bought; what they cover is renewable.
    certified_kwh = min(certified_kwh, grid_kwh)
    if certified_kwh and grid_kgce_per_kwh is not None:
        renewable_kgce += certified_kwh * grid_kgce_per_kwh
    green_counted = bool(green_kwh or certified_kwh)
    factor, note = grid_factor, ""
    if green_counted and residual_factor is not None:
        factor = residual_factor
        note = str(
            _(
                "Green electricity counted as renewable; the rest of the grid electricity at "
                "the factor without market-traded non-fossil power, %(factor)s kgCO₂/kWh."
            )
            % {"factor": residual_factor}
        )
    elif green_counted:
        note = str(
            _(
                "Green electricity counted as renewable; no factor without market-traded "
                "non-fossil power is given for the batch's grid factor, so the rest of the "
                "grid electricity is at %(factor)s kgCO₂/kWh."
            )
            % {"factor": grid_factor}
        )
    co2_kg += (grid_kwh - certified_kwh) * factor
    co2_kg -= Decimal(inputs.exported_electricity_kwh or 0) * grid_factor
    co2_kg -= Decimal(inputs.exported_heat_mj or 0) * HEAT_CO2_KG_PER_MJ
    co2_kg += Decimal(inputs.process_co2_t or 0) * THOUSAND
    has_energy = not incomplete and any(v is not None for v in inputs.energy.values())
    tce = kgce / THOUSAND if has_energy else None
    co2_t = co2_kg / THOUSAND if has_energy else None
    per = inputs.output_unit or _("unit")

    out["comprehensive_energy"] = Figure(
        Formula.COMPREHENSIVE_ENERGY,
        tce,
        "tce",
        _("Σ energy used × standard-coal coefficient ÷ 1000"),
    )
    out["carbon_emissions"] = Figure(
        "carbon_emissions",
        co2_t,
        "tCO₂",
        _(
            "Σ fuels × emission factor + purchased grid electricity not covered by green "
            "certificates × grid factor + purchased heat and steam × 0.11 + process emissions "
            "− exported electricity and heat (green electricity: 0)"
        ),
        note,
    )
    out["unit_product_energy"] = Figure(
        Formula.UNIT_PRODUCT_ENERGY,
        _div(kgce if has_energy else None, inputs.output_quantity),
        f"kgce/{per}",
        _("comprehensive energy (kgce) ÷ output"),
    )
    out["unit_product_carbon"] = Figure(
        Formula.UNIT_PRODUCT_CARBON,
        _div(co2_kg if has_energy else None, inputs.output_quantity),
        f"kgCO₂/{per}",
        _("CO₂ emissions (kg) ÷ output"),
    )
    out["carbon_intensity_output"] = Figure(
        Formula.CARBON_INTENSITY_OUTPUT,
        _div(co2_t, inputs.output_value_10k_yuan),
        _("tCO₂/10 000 yuan"),
        _("CO₂ emissions (t) ÷ output value (10 000 yuan)"),
    )
    out["renewable_share"] = Figure(
        Formula.RENEWABLE_SHARE,
        _div(renewable_kgce * HUNDRED, kgce) if has_energy else None,
        "%",
        _(
            "renewable energy (self-generated, green electricity and electricity covered by "
            "green certificates, kgce) ÷ comprehensive energy × 100"
        ),
    )
    floor = None
    if inputs.floor_area_m2 is not None:
        floor = Decimal(inputs.floor_area_m2) + Decimal(inputs.high_storey_floor_area_m2 or 0)
    out["floor_area_ratio"] = Figure(
        Formula.FLOOR_AREA_RATIO,
        _div(floor, inputs.land_area_m2),
        "",
        _("floor area (storeys above 8 m counted twice) ÷ land area"),
    )
    out["building_coefficient"] = Figure(
        Formula.BUILDING_COEFFICIENT,
        _div(
            None if inputs.footprint_m2 is None else Decimal(inputs.footprint_m2) * HUNDRED,
            inputs.land_area_m2,
        ),
        "%",
        _("(footprint of buildings, structures and yards) ÷ land area × 100"),
    )
    out["land_output"] = Figure(
        Formula.LAND_OUTPUT,
        _div(inputs.output_value_10k_yuan, inputs.land_area_m2),
        _("10 000 yuan/m²"),
        _("output value (10 000 yuan) ÷ land area"),
    )
    waste_base = None
    if inputs.solid_waste_generated_t is not None:
        waste_base = Decimal(inputs.solid_waste_generated_t) + Decimal(
            inputs.solid_waste_stock_utilised_t or 0
        )
    out["solid_waste_utilisation"] = Figure(
        Formula.SOLID_WASTE_UTILISATION,
        _div(
            None
            if inputs.solid_waste_utilised_t is None
            else Decimal(inputs.solid_waste_utilised_t) * HUNDRED,
            waste_base,
        ),
        "%",
        _("utilised ÷ (generated + stock from earlier years utilised) × 100"),
    )
    water_total = None
    if inputs.water_reused_m3 is not None and inputs.water_intake_m3 is not None:
        water_total = Decimal(inputs.water_reused_m3) + Decimal(inputs.water_intake_m3)
    out["water_reuse_rate"] = Figure(
        Formula.WATER_REUSE_RATE,
        _div(
            None if inputs.water_reused_m3 is None else Decimal(inputs.water_reused_m3) * HUNDRED,
            water_total,
        ),
        "%",
        _("water reused ÷ (water reused + water intake) × 100"),
    )
    out["wastewater_reuse_rate"] = Figure(
        Formula.WASTEWATER_REUSE_RATE,
        _div(
            None
            if inputs.wastewater_reused_m3 is None
            else Decimal(inputs.wastewater_reused_m3) * HUNDRED,
            inputs.wastewater_treated_m3,
        ),
        "%",
        _("treated wastewater reused ÷ wastewater treated × 100"),
    )
    out["water_intake_per_product"] = Figure(
        Formula.WATER_INTAKE_PER_PRODUCT,
        _div(inputs.water_intake_m3, inputs.output_quantity),
        f"m³/{per}",
        _("water intake ÷ output"),
    )
    return out
