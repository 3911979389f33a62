from django.db import migrations

from greenfactory.accounts.reference_data import load_industries, load_regions


def load(apps, schema_editor):
    load_regions(apps.get_model("accounts", "Region"))
    load_industries(apps.get_model("accounts", "Industry"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
