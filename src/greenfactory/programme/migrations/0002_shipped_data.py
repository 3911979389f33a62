from django.db import migrations

from greenfactory.programme.domain.coefficients import load_shipped_tables
from greenfactory.programme.domain.systems import load_shipped_systems


def load(apps, schema_editor):
    load_shipped_systems(
        system_model=apps.get_model("programme", "IndicatorSystem"),
        indicator_model=apps.get_model("programme", "Indicator"),
    )
    load_shipped_tables(
        table_model=apps.get_model("programme", "CoefficientTable"),
        carrier_model=apps.get_model("programme", "EnergyCarrier"),
        grid_model=apps.get_model("programme", "GridFactor"),
    )


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
