"""The natural-gas row of the table ``GBT2589-2020+GRID2023`` said its 1.2143 kgce/m³ was the
2020 edition's reference value; it is the 2008 edition's, the 2020 edition giving a range
(docs/decisions.md §70.2). Only the source text changes: the coefficient stays."""

import json

from django.db import migrations

from greenfactory.programme.domain.coefficients import DATA_DIR

TABLE = "GBT2589-2020+GRID2023"
KEY = "natural_gas"
OLD = (
    "GB/T 2589-2020 参考折标系数（平均低位发热量折算）（气田天然气）；CO₂ 因子按 GB/T 32150 及 24 "
    "个行业温室气体核算指南的缺省值计算（低位发热量 389.31 GJ/万m³ × 单位热值含碳量 15.3 tC/TJ × "
    "碳氧化率 99% × 44/12），源自 IPCC 2006 缺省值（与 DOMAIN §6 一致）"
)


def _shipped_source() -> str:
    data = json.loads(
        (DATA_DIR / "coefficients" / "gbt2589_2020_and_grid_2023.json").read_text(encoding="utf-8")
    )
    return next(row for row in data["carriers"] if row["key"] == KEY)["source"][:300]


def forward(apps, schema_editor):
    apps.get_model("programme", "EnergyCarrier").objects.filter(table__code=TABLE, key=KEY).update(
        source=_shipped_source()
    )


def backward(apps, schema_editor):
    apps.get_model("programme", "EnergyCarrier").objects.filter(table__code=TABLE, key=KEY).update(
        source=OLD
    )


class Migration(migrations.Migration):
    dependencies = [("programme", "0019_zero_carbon_system")]

    operations = [migrations.RunPython(forward, backward)]
