"""Loading coefficient tables, and turning one into the calculator's carriers."""

import json
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist

from ..calculations import Carrier
from .systems import DATA_DIR

SHIPPED_TABLES = ("gbt2589_2020_and_grid_2023.json",)
# Loaded by programme.0009: carriers with measured heat content, steam, LNG, green electricity
# and certificates; grid factors named as published, with year, scope, basis and source.
SHIPPED_TABLES_2 = ("gbt2589_2020_co2_2023.json", "gbt2589_2020_co2_2022.json")
# Keys a table file may give beyond what programme.0002's models know; passed only when given.
CARRIER_EXTRAS = ("is_heat", "is_green_electricity", "heat_content_measurable")
CARRIER_DECIMAL_EXTRAS = ("certificate_kwh", "co2_per_mj")
GRID_EXTRAS = ("year", "scope", "area", "basis", "source")


def _dec(value):
    return None if value is None else Decimal(str(value))


def _known(model, name) -> bool:
    """Whether the (possibly historical) model has the field: a migration's models may be older."""
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


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
        extras = {
            name: bool(row[name])
            for name in CARRIER_EXTRAS
            if name in row and _known(carrier_model, name)
        }
        extras.update(
            {
                name: _dec(row[name])
                for name in CARRIER_DECIMAL_EXTRAS
                if name in row and _known(carrier_model, name)
            }
        )
        carrier_model.objects.create(
            table=table,
            key=row["key"],
            name=row["name"],
            name_en=row.get("name_en", ""),
            unit=row["unit"],
            standard_coal=_dec(row["standard_coal"]),
            co2=_dec(row.get("co2")),
            is_electricity=row["key"] == "electricity",
            is_renewable=bool(row.get("is_renewable", False)),
            source=row.get("source", "")[:300],
            position=position,
            **extras,
        )
    for row in data.get("grid_factors", []):
        extras = {
            name: row[name] for name in GRID_EXTRAS if name in row and _known(grid_model, name)
        }
        if "residual_value" in row and _known(grid_model, "residual_value"):
            extras["residual_value"] = _dec(row["residual_value"])
        if "source" in extras:
            extras["source"] = extras["source"][:300]
        grid_model.objects.create(
            table=table,
            key=row["key"],
            name=row.get("name", row["key"]),
            value=Decimal(str(row["value"])),
            **extras,
        )
    return table


def load_shipped_tables(*, table_model, carrier_model, grid_model, names=SHIPPED_TABLES) -> list:
    return [
        load_coefficient_table(
            json.loads((DATA_DIR / "coefficients" / name).read_text(encoding="utf-8")),
            table_model=table_model,
            carrier_model=carrier_model,
            grid_model=grid_model,
        )
        for name in names
    ]


def carriers_of(table) -> dict[str, Carrier]:
    return {
        carrier.key: Carrier(
            key=carrier.key,
            standard_coal=carrier.standard_coal,
            co2=carrier.co2,
            is_electricity=carrier.is_electricity,
            # The first table marked heat by its key only.
            is_heat=carrier.is_heat or carrier.key == "heat",
            is_renewable=carrier.is_renewable,
            is_green_electricity=carrier.is_green_electricity,
            certificate_kwh=carrier.certificate_kwh,
            co2_per_mj=carrier.co2_per_mj,
        )
        for carrier in table.carriers.all()
    }
