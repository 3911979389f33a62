"""A yearly greenhouse-gas inventory computed line by line, every figure with its inputs and
factor (GB/T 32150-2015; ISO 14064-1:2018 categories 1–6)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from greenfactory.accounts.enums import OFFICER_ROLES, Role
from greenfactory.accounts.models import Region
from greenfactory.accounts.scope import inside
from greenfactory.programme.calculations import THOUSAND, energy_carbon
from greenfactory.programme.domain.coefficients import carriers_of
from greenfactory.programme.enums import Programme

from ...enums import UnitKind, UnitUse
from ...models import CarbonInventory
from ..figures import year_inputs
from ..queries import applications_visible_to

TONNE_PER_UNIT = Decimal(1)  # a CCER or other credit: 1 tCO₂e


@dataclass(frozen=True)
class Line:
    """One line of the inventory: amount (unit) × factor (factor unit) = tCO₂e."""

    label: str
    amount: Decimal
    unit: str
    factor: Decimal
    factor_unit: str
    tco2e: Decimal
    note: str = ""


@dataclass
class InventoryFigures:
    scope1: list = field(default_factory=list)
    scope2_location: list = field(default_factory=list)
    scope2_market: list = field(default_factory=list)
    scope3: list = field(default_factory=list)
    offsets: list = field(default_factory=list)
    market_note: str = ""
    renewable_share_pct: Decimal | None = None
    incomplete: bool = False
    grid_kwh: Decimal = Decimal(0)
    certified_kwh: Decimal = Decimal(0)
    kgce: Decimal = Decimal(0)  # energy used, what the renewable share is a share of
    renewable_kgce: Decimal = Decimal(0)

    @staticmethod
    def total(lines) -> Decimal:
        return sum((line.tco2e for line in lines), Decimal(0))

    @property
    def scope1_t(self) -> Decimal:
        return self.total(self.scope1)

    @property
    def scope2_location_t(self) -> Decimal:
        return self.total(self.scope2_location)

    @property
    def scope2_market_t(self) -> Decimal:
        return self.total(self.scope2_market)

    @property
    def scope3_t(self) -> Decimal:
        return self.total(self.scope3)

    @property
    def gross_t(self) -> Decimal:
        """Scope 1 + market-based scope 2: what the status rule and the platform's carbon
        figure count (scope 3 is reported, not counted)."""
        return self.scope1_t + self.scope2_market_t

    @property
    def offsets_t(self) -> Decimal:
        return self.total(self.offsets)

    @property
    def net_t(self) -> Decimal:
        return self.gross_t - self.offsets_t


def _carrier_names(table) -> dict:
    return {c.key: (str(c), c.unit) for c in table.carriers.all()}


def _term_line(term, names) -> Line:
    name, unit = names.get(term.key, (term.key, term.unit))
    labels = {
        "process": _("process emissions"),
        "exported_electricity": _("electricity supplied to others"),
        "exported_heat": _("heat supplied to others"),
        "green_certificate": _("grid electricity covered by green certificates"),
        "green_electricity": _("purchased green electricity"),
        "electricity": _("purchased grid electricity"),
    }
    label = str(labels.get(term.key, name))
    return Line(label, term.amount, term.unit or unit, term.factor, "kgCO₂", term.kg / THOUSAND)


def certificate_key(carriers) -> str | None:
    return next((k for k, c in carriers.items() if c.certificate_kwh is not None), None)


def scope2_certificate_kwh(inventory: CarbonInventory, adding: int = 0) -> Decimal:
    """The grid electricity the green certificates counted in scope 2 cover, with ``adding``
    certificates more: their number × the kWh one stands for in the inventory's coefficient
    table (1 000 where the table names none). §73's cap compares it with the grid electricity
    bought, when a claim is made and when the energy use is corrected."""
    per_certificate = next(
        (
            c.certificate_kwh
            for c in inventory.coefficient_table.carriers.all()
            if c.certificate_kwh
        ),
        Decimal(1000),
    )
    units = sum((c.units for c in inventory.unit_claims.all() if c.use == UnitUse.SCOPE2), 0)
    return (units + adding) * per_certificate


def compute_inventory(inventory: CarbonInventory) -> InventoryFigures:
    """Every line of one inventory. Scope 1 and 2 come from ``energy_carbon`` (the same
    arithmetic as the platform's carbon figure); green certificates counted in scope 2 are the
    inventory's claimed serial ranges, never a typed number, so no kWh is counted twice."""
    table = inventory.coefficient_table
    carriers = carriers_of(table)
    names = _carrier_names(table)
    inputs = year_inputs(inventory)
    gec = certificate_key(carriers)
    inputs.energy = {k: v for k, v in inputs.energy.items() if carriers[k].certificate_kwh is None}
    claims = list(inventory.unit_claims.all())
    certificates = sum(
        (
            c.units
            for c in claims
            if c.use == UnitUse.SCOPE2 and c.kind == UnitKind.GREEN_CERTIFICATE
        ),
        0,
    )
    if gec and certificates:
        inputs.energy[gec] = Decimal(certificates)
    process = list(inventory.process_lines.all())
    grid = inventory.grid_factor
    carbon = energy_carbon(inputs, carriers, grid.value, grid.residual_value)
    out = InventoryFigures(
        market_note=carbon.market_note,
        incomplete=carbon.incomplete,
        grid_kwh=carbon.grid_kwh,
        certified_kwh=carbon.certified_kwh,
        kgce=carbon.kgce,
        renewable_kgce=carbon.renewable_kgce,
    )
    if carbon.kgce:
        out.renewable_share_pct = carbon.renewable_kgce * 100 / carbon.kgce
    out.scope1 = [_term_line(t, names) for t in carbon.scope1_terms]
    for line in process:
        out.scope1.append(
            Line(
                f"{line.description} ({line.get_method_display()})",
                line.activity,
                line.activity_unit,
                line.factor_t,
                "tCO₂e",
                line.activity * line.factor_t,
            )
        )
    out.scope2_location = [_term_line(t, names) for t in carbon.location_terms]
    out.scope2_market = [_term_line(t, names) for t in carbon.market_terms]
    out.scope3 = [
        Line(
            f"{line.get_category_display()}: {line.description}",
            line.tco2e,
            "tCO₂e",
            Decimal(1),
            "",
            line.tco2e,
            line.method,
        )
        for line in inventory.scope3_lines.all()
    ]
    per_mwh = grid.residual_value if grid.residual_value is not None else grid.value
    for claim in claims:
        if claim.use != UnitUse.OFFSET:
            continue
        if claim.kind == UnitKind.GREEN_CERTIFICATE:
            # 1 MWh each, at the factor the grid electricity it replaces would have had.
            line = Line(
                f"{claim.get_kind_display()} {claim}",
                Decimal(claim.units),
                "MWh",
                per_mwh,
                "tCO₂/MWh",
                Decimal(claim.units) * per_mwh,
            )
        else:
            line = Line(
                f"{claim.get_kind_display()} {claim}",
                Decimal(claim.units),
                _("units"),
                TONNE_PER_UNIT,
                "tCO₂e",
                Decimal(claim.units) * TONNE_PER_UNIT,
            )
        out.offsets.append(line)
    return out


def carbon_inventories_visible_to(user) -> QuerySet[CarbonInventory]:
    """Officers: the inventories of enterprises in their region; enterprise users: their own;
    experts and others: none here (they read it on the applications they review)."""
    base = CarbonInventory.objects.select_related("enterprise", "coefficient_table", "grid_factor")
    if not (user and user.is_authenticated and user.is_active):
        return base.none()
    if user.role in OFFICER_ROLES and user.region_id:
        districts = Region.objects.filter(inside(user.region)).values("pk")
        return base.filter(enterprise__district__in=districts)
    if user.role == Role.ENTERPRISE:
        return base.filter(enterprise_id=user.enterprise_id)
    return base.none()


def carbon_files_visible_to(user) -> QuerySet[CarbonInventory]:
    """Whose verification statement and retirement proofs the user may download (decisions
    §79): the inventories the user reads, and for experts (and any role the application
    visibility hooks serve) those of enterprises whose zero-carbon application they see.
    The public: none (a disclosure shows the verifier, the date and the statement's digest)."""
    if user and user.is_authenticated and user.is_active and user.role == Role.EXPERT:
        enterprises = (
            applications_visible_to(user)
            .filter(batch__programme=Programme.ZERO_CARBON)
            .values("enterprise_id")
        )
        return CarbonInventory.objects.filter(enterprise_id__in=enterprises)
    return carbon_inventories_visible_to(user)
