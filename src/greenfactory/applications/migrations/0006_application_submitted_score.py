"""An application keeps the self score of its latest submitted version."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_scores(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    ApplicationVersion = apps.get_model("applications", "ApplicationVersion")
    latest = ApplicationVersion.objects.filter(application_id=OuterRef("pk")).order_by("-number")
    Application.objects.update(submitted_score=Subquery(latest.values("self_score")[:1]))


class Migration(migrations.Migration):
    dependencies = [("applications", "0005_application_district")]

    operations = [
        migrations.AddField(
            model_name="application",
            name="submitted_score",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                editable=False,
                max_digits=6,
                null=True,
                verbose_name="self score as submitted",
            ),
        ),
        migrations.RunPython(copy_scores, migrations.RunPython.noop, elidable=False),
    ]
