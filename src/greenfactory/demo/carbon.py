"""The demo's carbon accounts (decisions §73, §78). Before the zero-carbon round of 2026 is
ranked, its two applicants keep their accounts: the machinery factory (enterprise2) a baseline
inventory (2020) and one for 2025 with a process line, green electricity and certificates,
offsets retired and a product footprint — near-zero, so it is designated a 近零碳工厂 and then
publishes its disclosure; the electronics factory (enterprise3) a baseline and a 2025 inventory
10 % below it — not yet near-zero, so the ranking does not propose it and says why."""

import datetime
from decimal import Decimal

from greenfactory.accounts.models import User
from greenfactory.applications.domain.carbon.units import claim_units
from greenfactory.applications.domain.carbon.writes import (
    add_process_line,
    record_footprint,
    record_inventory,
)
from greenfactory.applications.models import CarbonInventory
from greenfactory.filings.domain.carbon import publish_carbon_disclosure
from greenfactory.programme.enums import Programme
from greenfactory.programme.models import CoefficientTable
from greenfactory.titles.models import Title

TABLE = "GBT2589-2020+CO2-2023"


def _common():
    table = CoefficientTable.objects.get(code=TABLE)
    return {
        "standard": "gbt32150",
        "guideline": "",
        "coefficient_table": table,
        "grid_factor": table.grid_factors.get(key="national_2023"),
        "exported_electricity_kwh": None,
        "exported_heat_mj": None,
        "verified_on": None,
    }


def record_carbon_accounts():
    """Both applicants' accounts, recorded by their own users before the round is ranked."""
    machinery_accounts(User.objects.get(username="enterprise2"))
    electronics_accounts(User.objects.get(username="enterprise3"))


def electronics_accounts(user):
    """Baseline 2020: grid 3 000 000 kWh × 0.5306 = 1 591.800 t + natural gas 100 000 m³ ×
    2.1622 = 216.220 t: 1 808.020 t. Year 2025: 2 700 000 × 0.5306 = 1 432.620 t + 90 000 ×
    2.1622 = 194.598 t: 1 627.218 t, 10.00 % below the baseline and 90.00 % of it: not yet
    near-zero (≥ 20 % and ≤ 50 % asked)."""
    enterprise, common = user.enterprise, _common()
    record_inventory(
        enterprise,
        actor=user,
        year=2020,
        is_baseline=True,
        verifier="",
        energy={"natural_gas": "100000", "electricity": "3000000"},
        **common,
    )
    return record_inventory(
        enterprise,
        actor=user,
        year=2025,
        is_baseline=False,
        verifier="江苏省某碳核查机构",
        energy={"natural_gas": "90000", "electricity": "2700000"},
        **{**common, "verified_on": datetime.date(2026, 3, 25)},
    )


def machinery_accounts(user):
    enterprise, common = user.enterprise, _common()
    record_inventory(
        enterprise,
        actor=user,
        year=2020,
        is_baseline=True,
        verifier="",
        energy={"natural_gas": "300000", "electricity": "4000000"},
        **common,
    )
    inventory = record_inventory(
        enterprise,
        actor=user,
        year=2025,
        is_baseline=False,
        verifier="江苏省某碳核查机构",
        energy={
            "natural_gas": "120000",
            "electricity": "2400000",
            "green_electricity": "1200000",
        },
        **{**common, "verified_on": datetime.date(2026, 3, 20)},
    )
    add_process_line(
        inventory,
        actor=user,
        description="焊接保护气（CO₂）",
        method="emission_factor",
        activity=Decimal(12),
        activity_unit="t",
        factor_t=Decimal(1),
    )
    retired = datetime.date(2026, 3, 31)
    for use, kind, first, last in (
        ("scope2", "gec", "GEC20250000100001", "GEC20250000101800"),
        ("offset", "ccer", "CCER-320000-2025-000001", "CCER-320000-2025-000150"),
    ):
        claim_units(
            inventory,
            actor=user,
            use=use,
            kind=kind,
            first_serial=first,
            last_serial=last,
            retired_on=retired,
            project="",
        )
    record_footprint(
        enterprise,
        actor=user,
        year=2025,
        product="工业电机",
        functional_unit="台",
        kgco2e_per_unit=Decimal("186.4"),
        standard="gbt24067",
        status="verified",
        verifier="江苏省某碳核查机构",
    )
    return inventory


def carbon_demo():
    """The designated zero-carbon factory publishes its 2025 disclosure."""
    title = Title.objects.filter(programme=Programme.ZERO_CARBON).select_related("enterprise")
    title = title.first()
    if title is None:
        return None
    user = User.objects.filter(enterprise=title.enterprise).order_by("pk").first()
    inventory = CarbonInventory.objects.get(enterprise=title.enterprise, year=2025)
    return publish_carbon_disclosure(inventory, actor=user, on=title.issued_on)
