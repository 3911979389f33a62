"""The carbon inventory's arithmetic, to the kilogram, and the zero-carbon status rule."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from greenfactory.applications.domain.carbon.inventory import compute_inventory
from greenfactory.applications.domain.carbon.status import evaluate_status, inventory_status
from greenfactory.applications.domain.carbon.units import claim_units
from greenfactory.applications.domain.figures import year_inputs
from greenfactory.applications.enums import CarbonStatus, ProcessMethod, UnitKind, UnitUse
from greenfactory.applications.models import CarbonStatusRule, ProcessEmission
from greenfactory.programme.calculations import compute_figures
from greenfactory.programme.domain.coefficients import carriers_of
from tests.factories.accounts import EnterpriseUserFactory
from tests.factories.carbon import CarbonInventoryFactory

pytestmark = pytest.mark.django_db
RETIRED = datetime.date(2026, 3, 31)


def worked_inventory():
    """Year 2025, table GBT2589-2020+CO2-2023, national grid factor 2023 0.5306 kgCO₂/kWh
    (residual, without market-traded non-fossil power, 0.6096).

    Scope 1, combustion:
      raw coal     100 000 kg × 1.9003 kgCO₂/kg = 190 030 kg
      natural gas   50 000 m³ × 2.1622 kgCO₂/m³ = 108 110 kg
    Scope 1, process: limestone calcination 200 t × 0.44 tCO₂e/t = 88 t = 88 000 kg
    Scope 1 = 190 030 + 108 110 + 88 000 = 386 140 kg

    Purchased grid electricity 1 000 000 kWh; purchased green electricity 200 000 kWh;
    300 green certificates claimed in scope 2 (LZ000101–LZ000400) = 300 000 kWh.
    Scope 2 location-based = (1 000 000 + 200 000) × 0.5306 = 636 720 kg
    Scope 2 market-based   = (1 000 000 − 300 000) × 0.6096 + 300 000 × 0 + 200 000 × 0
                           = 426 720 kg
    Emissions counted (scope 1 + market-based scope 2) = 386 140 + 426 720 = 812 860 kg

    Offsets retired: 100 CCER (CCER-2024-00001–00100) = 100 000 kg; 50 green certificates
    beyond the scope-2 claim (LZ000401–LZ000450) = 50 MWh × 0.6096 t/MWh = 30 480 kg.
    Offsets = 130 480 kg; net = 812 860 − 130 480 = 682 380 kg.

    Renewable share: energy 100 000 × 0.7143 + 50 000 × 1.2143 + 1 000 000 × 0.1229
    + 200 000 × 0.1229 = 71 430 + 60 715 + 122 900 + 24 580 = 279 625 kgce; renewable
    24 580 + 300 000 × 0.1229 = 61 450 kgce; 61 450 ÷ 279 625 × 100 = 21.976 %."""
    user = EnterpriseUserFactory()
    inventory = CarbonInventoryFactory(
        enterprise=user.enterprise,
        energy={
            "raw_coal": "100000",
            "natural_gas": "50000",
            "electricity": "1000000",
            "green_electricity": "200000",
        },
    )
    ProcessEmission.objects.create(
        inventory=inventory,
        description="石灰石煅烧",
        method=ProcessMethod.EMISSION_FACTOR,
        activity=Decimal(200),
        activity_unit="t",
        factor_t=Decimal("0.44"),
    )
    for use, kind, first, last in (
        (UnitUse.SCOPE2, UnitKind.GREEN_CERTIFICATE, "LZ000101", "LZ000400"),
        (UnitUse.OFFSET, UnitKind.CCER, "CCER-2024-00001", "CCER-2024-00100"),
        (UnitUse.OFFSET, UnitKind.GREEN_CERTIFICATE, "LZ000401", "LZ000450"),
    ):
        claim_units(
            inventory,
            actor=user,
            use=use,
            kind=kind,
            first_serial=first,
            last_serial=last,
            retired_on=RETIRED,
        )
    return inventory


def kg(tonnes: Decimal) -> Decimal:
    return (tonnes * 1000).quantize(Decimal("0.001"))


def test_the_worked_example_to_the_kilogram():
    figures = compute_inventory(worked_inventory())
    assert [kg(line.tco2e) for line in figures.scope1] == [
        Decimal("190030.000"),
        Decimal("108110.000"),
        Decimal("88000.000"),
    ]
    assert kg(figures.scope1_t) == Decimal("386140.000")
    assert kg(figures.scope2_location_t) == Decimal("636720.000")
    assert [(line.amount, line.factor) for line in figures.scope2_market] == [
        (Decimal(700000), Decimal("0.6096")),
        (Decimal(300000), Decimal(0)),
        (Decimal(200000), Decimal(0)),
    ]
    assert kg(figures.scope2_market_t) == Decimal("426720.000")
    assert kg(figures.gross_t) == Decimal("812860.000")
    assert [kg(line.tco2e) for line in figures.offsets] == [
        Decimal("100000.000"),
        Decimal("30480.000"),
    ]
    assert kg(figures.net_t) == Decimal("682380.000")
    assert figures.renewable_share_pct.quantize(Decimal("0.001")) == Decimal("21.976")
    assert "0.6096" in figures.market_note


def test_the_inventory_and_the_platforms_carbon_figure_are_one_calculation():
    """Scope 1 combustion + market-based scope 2 is the carbon figure of the same energy data
    with the same certificates (process lines aside)."""
    inventory = worked_inventory()
    figures = compute_inventory(inventory)
    inputs = year_inputs(inventory)
    inputs.energy["green_certificate"] = Decimal(300)
    grid = inventory.grid_factor
    carbon = compute_figures(
        inputs, carriers_of(inventory.coefficient_table), grid.value, grid.residual_value
    )["carbon_emissions"]
    assert carbon.value == figures.gross_t - Decimal(88)


def test_typed_certificates_in_the_energy_data_are_not_counted_only_claimed_ones():
    inventory = CarbonInventoryFactory(energy={"electricity": "100000", "green_certificate": "50"})
    figures = compute_inventory(inventory)
    assert figures.certified_kwh == 0
    assert kg(figures.scope2_market_t) == Decimal("53060.000")  # 100 000 × 0.5306


RULES = {
    CarbonStatus.ZERO: CarbonStatusRule(
        status=CarbonStatus.ZERO,
        max_net_share_pct=Decimal(0),
        min_reduction_pct=Decimal(0),
        max_offset_share_pct=Decimal(100),
    ),
    CarbonStatus.NEAR_ZERO: CarbonStatusRule(
        status=CarbonStatus.NEAR_ZERO,
        max_net_share_pct=Decimal(50),
        min_reduction_pct=Decimal(20),
        max_offset_share_pct=Decimal(30),
    ),
}


class Figures:
    def __init__(self, gross, offsets):
        self.gross_t, self.offsets_t = Decimal(gross), Decimal(offsets)


@pytest.mark.parametrize(
    ("gross", "offsets", "baseline", "status"),
    [
        # net 0 = 0 % of 1 000; reduction 30 %; offsets 100 % of 700.
        (700, 700, 1000, CarbonStatus.ZERO),
        # net 500 = 50 %; reduction 30 %; offsets 28.6 %.
        (700, 200, 1000, CarbonStatus.NEAR_ZERO),
        # net 450 = 45 %, reduction 30 %, but offsets 35.7 % > 30 %.
        (700, 250, 1000, CarbonStatus.NOT_YET),
        # offsets 27.8 %, but the reduction is 10 % < 20 % and net 65 %.
        (900, 250, 1000, CarbonStatus.NOT_YET),
        # net 0 but nothing to measure the reduction against.
        (700, 700, None, CarbonStatus.NOT_YET),
    ],
)
def test_the_status_rule(gross, offsets, baseline, status):
    outcome = evaluate_status(
        Figures(gross, offsets),
        baseline_year=2020 if baseline else None,
        baseline_t=None if baseline is None else Decimal(baseline),
        rules=RULES,
    )
    assert outcome.status == status
    assert outcome.net_t == Decimal(gross) - Decimal(offsets)


def test_the_status_shows_its_arithmetic():
    outcome = evaluate_status(
        Figures(700, 200), baseline_year=2020, baseline_t=Decimal(1000), rules=RULES
    )
    near = outcome.checks[CarbonStatus.NEAR_ZERO]
    assert [(c.value, c.limit, c.met) for c in near] == [
        (Decimal(50), Decimal(50), True),
        (Decimal(30), Decimal(20), True),
        (Decimal(200) * 100 / Decimal(700), Decimal(30), True),
    ]
    assert near[2].arithmetic == "200.000 ÷ 700.000 × 100"
    assert [c.met for c in outcome.checks[CarbonStatus.ZERO]] == [False, True, True]


def test_the_shipped_rules_are_the_platform_default_with_a_source():
    rules = {rule.status: rule for rule in CarbonStatusRule.objects.all()}
    assert set(rules) == {CarbonStatus.ZERO, CarbonStatus.NEAR_ZERO}
    assert all(rule.is_platform_default and rule.source for rule in rules.values())
    assert rules[CarbonStatus.ZERO].max_net_share_pct == 0


def test_the_status_of_a_year_against_the_baseline_inventory():
    inventory = worked_inventory()
    CarbonInventoryFactory(
        enterprise=inventory.enterprise,
        year=2020,
        is_baseline=True,
        energy={"raw_coal": "500000"},  # 500 000 × 1.9003 = 950 150 kg
    )
    with translation.override("en"):
        outcome = inventory_status(inventory)
    assert outcome.baseline_year == 2020
    assert kg(outcome.baseline_t) == Decimal("950150.000")
    # net 682.38 t = 71.8 % of the baseline: neither near-zero (≤ 50 %) nor zero.
    assert outcome.status == CarbonStatus.NOT_YET
