"""The title registry moves from recognition into its own app. The tables keep their names
(``db_table``) and their rows: these operations change Django's state only."""

import django.db.models.deletion
import greenfactory.core.codes
import greenfactory.titles.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('recognition', '0003_announcement_attachments'),
        ('accounts', '0004_password_age_and_history'),
        ('applications', '0006_application_submitted_score'),
        ('programme', '0006_batch_purpose'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # State only: the rows stay where they are.
            state_operations=[
                migrations.CreateModel(
                    name='Title',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(default=greenfactory.core.codes.new_code, editable=False, max_length=16, unique=True)),
                        ('level', models.CharField(choices=[('city', 'City-level green factory'), ('provincial', 'Provincial-level green factory'), ('national', 'National-level green factory')], max_length=16, verbose_name='level')),
                        ('year', models.PositiveIntegerField(verbose_name='year')),
                        ('source', models.CharField(choices=[('designated', 'Designated on this platform'), ('imported', 'Imported from a provincial or national list')], max_length=16, verbose_name='source')),
                        ('status', models.CharField(choices=[('valid', 'Valid'), ('under_check', 'Under spot check'), ('rectifying', 'Rectifying'), ('revoked', 'Revoked')], default='valid', max_length=16, verbose_name='status')),
                        ('certificate_number', models.CharField(blank=True, max_length=40, null=True, unique=True, verbose_name='certificate number')),
                        ('issued_on', models.DateField(verbose_name='issued on')),
                        ('valid_until', models.DateField(verbose_name='valid until')),
                        ('certificate', models.FileField(blank=True, upload_to=greenfactory.titles.models.certificate_path)),
                        ('certificate_sha256', models.CharField(blank=True, max_length=64)),
                        ('certificate_generated_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('application', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='title', to='applications.application')),
                        ('batch', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='titles', to='programme.batch')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('enterprise', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='titles', to='accounts.enterprise')),
                    ],
                    options={
                        'verbose_name': 'title',
                        'db_table': 'recognition_title',
                        'ordering': ['-year', 'level', 'enterprise__name'],
                    },
                ),
                migrations.CreateModel(
                    name='TitleStatusChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('from_status', models.CharField(blank=True, choices=[('valid', 'Valid'), ('under_check', 'Under spot check'), ('rectifying', 'Rectifying'), ('revoked', 'Revoked')], max_length=16)),
                        ('to_status', models.CharField(choices=[('valid', 'Valid'), ('under_check', 'Under spot check'), ('rectifying', 'Rectifying'), ('revoked', 'Revoked')], max_length=16)),
                        ('reason', models.TextField(blank=True)),
                        ('at', models.DateTimeField(auto_now_add=True)),
                        ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('title', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_changes', to='titles.title')),
                    ],
                    options={
                        'db_table': 'recognition_titlestatuschange',
                        'ordering': ['at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='CertificateCounter',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveIntegerField()),
                        ('level', models.CharField(choices=[('city', 'City-level green factory'), ('provincial', 'Provincial-level green factory'), ('national', 'National-level green factory')], max_length=16)),
                        ('last', models.PositiveIntegerField(default=0)),
                        ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.region')),
                    ],
                    options={
                        'db_table': 'recognition_certificatecounter',
                        'constraints': [models.UniqueConstraint(fields=('region', 'year', 'level'), name='one_counter_per_scope')],
                    },
                ),
                migrations.AddIndex(
                    model_name='title',
                    index=models.Index(fields=['status', 'year'], name='recognition_status_7a0f2c_idx'),
                ),
                migrations.AddConstraint(
                    model_name='title',
                    constraint=models.UniqueConstraint(fields=('enterprise', 'level', 'year'), name='one_title_per_level_and_year'),
                ),
                migrations.AddConstraint(
                    model_name='title',
                    constraint=models.CheckConstraint(condition=models.Q(('valid_until__gte', models.F('issued_on'))), name='title_validity_ordered'),
                ),
            ],
        ),
    ]
