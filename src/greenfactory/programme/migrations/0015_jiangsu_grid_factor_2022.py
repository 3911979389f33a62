"""The Jiangsu provincial electricity CO₂ factor of 2022 added to the 2022 table, with its
source as found (docs/decisions.md §61.4)."""

import json

from django.db import migrations

from greenfactory.programme.domain.coefficients import DATA_DIR

TABLE = "GBT2589-2020+CO2-2022"
KEY = "jiangsu_2022"


def _shipped():
    return json.loads(
        (DATA_DIR / "coefficients" / "gbt2589_2020_co2_2022.json").read_text(encoding="utf-8")
    )


def forward(apps, schema_editor):
    table = apps.get_model("programme", "CoefficientTable").objects.filter(code=TABLE).first()
    if table is None:
        return
    data = _shipped()
    row = next(r for r in data["grid_factors"] if r["key"] == KEY)
    apps.get_model("programme", "GridFactor").objects.get_or_create(
        table=table,
        key=KEY,
        defaults={
            "name": row["name"],
            "value": str(row["value"]),
            "year": row["year"],
            "scope": row["scope"],
            "area": row["area"],
            "basis": row["basis"],
            "source": row["source"][:300],
        },
    )
    table.source_note = data["source_note"]
    table.save(update_fields=["source_note"])


def backward(apps, schema_editor):
    apps.get_model("programme", "GridFactor").objects.filter(
        table__code=TABLE, key=KEY
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("programme", "0014_batch_eligibility_rules")]

    operations = [migrations.RunPython(forward, backward)]
