"""Loading coefficient tables, and turning one into the calculator's carriers."""

import json
from decimal import Decimal

from ..calculations import Carrier
from .systems import DATA_DIR

SHIPPED_TABLES = ("gbt2589_2020_and_grid_2023.json",)


def load_coefficient_table(data: dict, *, table_model, carrier_model, grid_model):
    table, created = table_model.objects.get_or_create(
        code=data["code"],
        defaults={
            "name": data["name"],
            "year": data["year"],
            "source_note": data.get("source_note", ""),
        },
    )
    if not created:
        return table
    for position, row in enumerate(data["carriers"]):
        carrier_model.objects.create(
            table=table,
            key=row["key"],
            name=row["name"],
            name_en=row.get("name_en", ""),
            unit=row["unit"],
            standard_coal=Decimal(str(row["standard_coal"])),
            co2=None if row.get("co2") is None else Decimal(str(row["co2"])),
            is_electricity=row["key"] == "electricity",
            is_renewable=bool(row.get("is_renewable", False)),
            source=row.get("source", "")[:300],
            position=position,
        )
    for row in data.get("grid_factors", []):
        grid_model.objects.create(
            table=table,
            key=row["key"],
            name=row.get("name", row["key"]),
            value=Decimal(str(row["value"])),
        )
    return table


def load_shipped_tables(*, table_model, carrier_model, grid_model) -> list:
    return [
        load_coefficient_table(
            json.loads((DATA_DIR / "coefficients" / name).read_text(encoding="utf-8")),
            table_model=table_model,
            carrier_model=carrier_model,
            grid_model=grid_model,
        )
        for name in SHIPPED_TABLES
    ]


def carriers_of(table) -> dict[str, Carrier]:
    return {
        carrier.key: Carrier(
            key=carrier.key,
            standard_coal=carrier.standard_coal,
            co2=carrier.co2,
            is_electricity=carrier.is_electricity,
            is_heat=carrier.key == "heat",
            is_renewable=carrier.is_renewable,
        )
        for carrier in table.carriers.all()
    }
