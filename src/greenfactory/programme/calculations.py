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


@dataclass(frozen=True)
class Term:
    """One line of the carbon arithmetic: amount × factor = kgCO₂ (negative for exports)."""

    scope: str  # "1" direct, "2" purchased electricity and heat
    key: str  # the carrier's key, or "process", "exported_electricity", "exported_heat"
    amount: Decimal
    unit: str  # "" for a carrier: its own unit
    factor: Decimal  # kgCO₂ per unit
    note: str = ""

    @property
    def kg(self) -> Decimal:
        return self.amount * self.factor


@dataclass
class EnergyCarbon:
    """The energy and carbon arithmetic of one year, term by term (GB/T 32150-2015: combustion
    + process + purchased electricity and heat − exported electricity and heat).

    Scope 2 is given both ways: ``location_terms`` at the batch's grid factor for all purchased
    electricity (green electricity included), ``market_terms`` with green electricity and the
    certified kWh at 0 and the rest at the residual factor when one is published. The platform's
    carbon figure is scope 1 + market-based scope 2."""

    kgce: Decimal = Decimal(0)
    renewable_kgce: Decimal = Decimal(0)
    incomplete: bool = False
    grid_kwh: Decimal = Decimal(0)  # purchased from the grid, not counting green electricity
    green_kwh: Decimal = Decimal(0)
    certified_kwh: Decimal = Decimal(0)  # covered by green certificates (≤ grid_kwh)
    certificates: Decimal = Decimal(0)  # certificates offered
    scope1_terms: list = field(default_factory=list)
    location_terms: list = field(default_factory=list)
    market_terms: list = field(default_factory=list)
    market_note: str = ""

    @staticmethod
    def _sum(terms) -> Decimal:
        return sum((t.kg for t in terms), Decimal(0))

    @property
    def scope1_kg(self) -> Decimal:
        return self._sum(self.scope1_terms)

    @property
    def scope2_location_kg(self) -> Decimal:
        return self._sum(self.location_terms)

    @property
    def scope2_market_kg(self) -> Decimal:
        return self._sum(self.market_terms)


def energy_carbon(
    inputs: YearInputs,
    carriers: dict[str, Carrier],
    grid_factor: Decimal,
    residual_factor: Decimal | None = None,
) -> EnergyCarbon:
    """The year's energy and carbon, every CO₂ figure as a ``Term``; the one place the energy
    data becomes CO₂ (``compute_figures`` and the carbon inventory both read it).

    Purchased green electricity and the electricity covered by green certificates count as
    renewable with no CO₂ (market-based). When any is counted, the rest of the purchased grid
    electricity takes ``residual_factor`` (the grid factor without market-traded non-fossil
    power) where the batch's grid factor names one, so that the green power is not counted
    twice; ``market_note`` says which factor was used."""
    out = EnergyCarbon()
    grid_kgce_per_kwh = None
    heat_contents = inputs.heat_content or {}
    for key, amount in inputs.energy.items():
        if amount is None:
            continue
        carrier = carriers[key]
        amount = Decimal(amount)
        if carrier.certificate_kwh is not None:
            out.certificates += amount
            out.certified_kwh += amount * carrier.certificate_kwh
            continue
        measured = heat_contents.get(key)
        try:
            coal, co2 = carrier_factors(carrier, None if measured is None else Decimal(measured))
        except MissingHeatContent:
            out.incomplete = True
            continue
        out.kgce += amount * coal
        if carrier.is_renewable or carrier.is_green_electricity:
            out.renewable_kgce += amount * coal
            if carrier.is_green_electricity:
                out.green_kwh += amount
        elif carrier.is_electricity:
            out.grid_kwh += amount
            grid_kgce_per_kwh = coal
        elif carrier.is_heat:
            factor = co2 if co2 is not None else HEAT_CO2_KG_PER_MJ
            term = Term("2", key, amount, "", factor)
            out.location_terms.append(term)
            out.market_terms.append(term)
        elif co2 is not None:
            out.scope1_terms.append(Term("1", key, amount, "", co2))
    # Certificates cover at most the grid electricity bought; what they cover is renewable.
    out.certified_kwh = min(out.certified_kwh, out.grid_kwh)
    if out.certified_kwh and grid_kgce_per_kwh is not None:
        out.renewable_kgce += out.certified_kwh * grid_kgce_per_kwh
    green_counted = bool(out.green_kwh or out.certified_kwh)
    factor = grid_factor
    if green_counted and residual_factor is not None:
        factor = residual_factor
        out.market_note = str(
            _(
                "Green electricity counted as renewable; the rest of the grid electricity at "
                "the factor without market-traded non-fossil power, %(factor)s kgCO₂/kWh."
            )
            % {"factor": residual_factor}
        )
    elif green_counted:
        out.market_note = str(
            _(
                "Green electricity counted as renewable; no factor without market-traded "
                "non-fossil power is given for the batch's grid factor, so the rest of the "
                "grid electricity is at %(factor)s kgCO₂/kWh."
            )
            % {"factor": grid_factor}
        )
    if out.grid_kwh or out.green_kwh:
        out.location_terms.append(
            Term("2", "electricity", out.grid_kwh + out.green_kwh, "kWh", grid_factor)
        )
    if out.grid_kwh:
        out.market_terms.append(
            Term("2", "electricity", out.grid_kwh - out.certified_kwh, "kWh", factor)
        )
    if out.certified_kwh:
        out.market_terms.append(
            Term("2", "green_certificate", out.certified_kwh, "kWh", Decimal(0))
        )
    if out.green_kwh:
        out.market_terms.append(Term("2", "green_electricity", out.green_kwh, "kWh", Decimal(0)))
    for key, amount, unit, per in (
        ("exported_electricity", inputs.exported_electricity_kwh, "kWh", grid_factor),
        ("exported_heat", inputs.exported_heat_mj, "MJ", HEAT_CO2_KG_PER_MJ),
    ):
        if amount:
            term = Term("2", key, -Decimal(amount), unit, per)
            out.location_terms.append(term)
            out.market_terms.append(term)
    if inputs.process_co2_t:
        out.scope1_terms.append(
            Term("1", "process", Decimal(inputs.process_co2_t), "tCO₂", THOUSAND)
        )
    return out


def compute_figures(
    inputs: YearInputs,
    carriers: dict[str, Carrier],
    grid_factor: Decimal,
    residual_factor: Decimal | None = None,
) -> dict[str, Figure]:
    """Every computed figure for one year; a figure whose inputs are missing is None.

    The CO₂ figure is scope 1 + market-based scope 2 of ``energy_carbon``; the carbon figure's
    note says which grid factor the rest of the grid electricity took."""
    out = {}
    carbon = energy_carbon(inputs, carriers, grid_factor, residual_factor)
    kgce = carbon.kgce
    renewable_kgce = carbon.renewable_kgce
    incomplete = carbon.incomplete
    note = carbon.market_note
    co2_kg = carbon.scope1_kg + carbon.scope2_market_kg
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
