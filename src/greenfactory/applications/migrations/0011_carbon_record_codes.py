"""Opaque codes for the lines, claims and footprints of the carbon accounts, so their edit and
removal pages carry a code, not a database id (decisions §79). Existing rows get one each."""

from django.db import migrations, models

import greenfactory.core.codes

MODELS = ("processemission", "scope3emission", "unitclaim", "productfootprint")


def fill_codes(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("applications", name)
        for row in model.objects.filter(code__isnull=True).only("pk"):
            row.code = greenfactory.core.codes.new_code()
            row.save(update_fields=["code"])


class Migration(migrations.Migration):
    dependencies = [("applications", "0010_carbon_status_rules")]

    operations = [
        *(
            migrations.AddField(
                model_name=name,
                name="code",
                field=models.CharField(editable=False, max_length=16, null=True),
            )
            for name in MODELS
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
        *(
            migrations.AlterField(
                model_name=name,
                name="code",
                field=models.CharField(
                    default=greenfactory.core.codes.new_code,
                    editable=False,
                    max_length=16,
                    unique=True,
                ),
            )
            for name in MODELS
        ),
    ]
