"""The ledger's title now points at ``titles.Title`` (the same table): state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('rewards', '0001_initial'),
        ('titles', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # State only: the rows stay where they are.
            state_operations=[
                migrations.AlterField(
                    model_name='ledgerentry',
                    name='title',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='ledger_entry', to='titles.title', verbose_name='title'),
                ),
            ],
        ),
    ]
