from django.db import migrations

from greenfactory.programme.domain.systems import ZERO_CARBON_SYSTEMS, load_shipped_systems


def load(apps, schema_editor):
    load_shipped_systems(
        ZERO_CARBON_SYSTEMS,
        system_model=apps.get_model("programme", "IndicatorSystem"),
        indicator_model=apps.get_model("programme", "Indicator"),
    )


class Migration(migrations.Migration):
    dependencies = [("programme", "0018_batch_industry_divisions")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
