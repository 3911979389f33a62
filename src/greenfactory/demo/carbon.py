"""The demo's carbon accounts (decisions §73): the designated zero-carbon factory of the 2026
round keeps a baseline inventory (2020) and one for 2025 with a process line, green electricity
and certificates, offsets retired and a product footprint, and publishes its disclosure."""

import datetime
from decimal import Decimal

from greenfactory.accounts.models import User
from greenfactory.applications.domain.carbon.units import claim_units
from greenfactory.applications.domain.carbon.writes import (
    add_process_line,
    record_footprint,
    record_inventory,
)
from greenfactory.filings.domain.carbon import publish_carbon_disclosure
from greenfactory.programme.enums import Programme
from greenfactory.programme.models import CoefficientTable
from greenfactory.titles.models import Title

TABLE = "GBT2589-2020+CO2-2023"


def carbon_demo():
    title = Title.objects.filter(programme=Programme.ZERO_CARBON).select_related("enterprise")
    title = title.first()
    if title is None:
        return None
    enterprise = title.enterprise
    user = User.objects.filter(enterprise=enterprise).order_by("pk").first()
    table = CoefficientTable.objects.get(code=TABLE)
    grid = table.grid_factors.get(key="national_2023")
    common = {
        "standard": "gbt32150",
        "guideline": "",
        "coefficient_table": table,
        "grid_factor": grid,
        "exported_electricity_kwh": None,
        "exported_heat_mj": None,
        "verified_on": None,
    }
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
    return publish_carbon_disclosure(inventory, actor=user, on=title.issued_on)
