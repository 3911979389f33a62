"""An application carries its enterprise's district, indexed with its state."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_districts(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    Enterprise = apps.get_model("accounts", "Enterprise")
    district = Enterprise.objects.filter(pk=OuterRef("enterprise_id")).values("district_id")[:1]
    Application.objects.update(district_id=Subquery(district))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_password_age_and_history"),
        ("applications", "0004_remove_application_one_active_application_per_batch_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="district",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.region",
                verbose_name="district",
            ),
        ),
        migrations.RunPython(copy_districts, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="application",
            name="district",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.region",
                verbose_name="district",
            ),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["district", "state"], name="application_distric_fec082_idx"),
        ),
    ]
