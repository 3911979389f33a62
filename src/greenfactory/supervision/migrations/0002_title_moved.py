"""Spot checks point at ``titles.Title`` (the same table): state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('supervision', '0001_initial'),
        ('titles', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # State only: the rows stay where they are.
            state_operations=[
                migrations.AlterField(
                    model_name='cohortentry',
                    name='title',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='titles.title'),
                ),
                migrations.AlterField(
                    model_name='spotcheck',
                    name='title',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='spot_checks', to='titles.title'),
                ),
                migrations.AlterField(
                    model_name='targetedpick',
                    name='title',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='titles.title'),
                ),
            ],
        ),
    ]
