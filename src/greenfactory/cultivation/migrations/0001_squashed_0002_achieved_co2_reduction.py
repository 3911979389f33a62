"""cultivation's migrations up to 0002_achieved_co2_reduction in one, for a fresh database
(decisions §97).

A database that has applied every migration it replaces applies nothing here; one that has
applied none runs this one instead. The tables are created in their final shape, then the data
steps of the replaced migrations run: the same functions, in the same order.
"""

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import greenfactory.core.codes
from greenfactory.core.migration_operations import CreateModels


class Migration(migrations.Migration):
    replaces = [("cultivation", "0001_initial"), ("cultivation", "0002_achieved_co2_reduction")]

    initial = True

    dependencies = [
        ("accounts", "0001_squashed_0008_pilot_period_credit_codes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("programme", "0001_squashed_0020_natural_gas_source_in_the_2023_table"),
    ]

    operations = [
        CreateModels(
            [
                migrations.CreateModel(
                    name="Candidate",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "code",
                            models.CharField(
                                default=greenfactory.core.codes.new_code,
                                editable=False,
                                max_length=16,
                                unique=True,
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("active", "Being cultivated"),
                                    ("graduated", "Graduated"),
                                    ("dropped", "Dropped"),
                                ],
                                db_index=True,
                                default="active",
                                max_length=16,
                                verbose_name="status",
                            ),
                        ),
                        ("note", models.TextField(blank=True, verbose_name="note")),
                        (
                            "added_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="added at"),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "added_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "district",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="accounts.region",
                                verbose_name="district",
                            ),
                        ),
                        (
                            "enterprise",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="cultivation",
                                to="accounts.enterprise",
                                verbose_name="enterprise",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "cultivation candidate",
                        "verbose_name_plural": "cultivation candidates",
                        "ordering": ["district", "enterprise__name"],
                        "indexes": [
                            models.Index(
                                fields=["district", "status"], name="cultivation_distric_4b86f3_idx"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="TransformationProject",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "code",
                            models.CharField(
                                default=greenfactory.core.codes.new_code,
                                editable=False,
                                max_length=16,
                                unique=True,
                            ),
                        ),
                        ("name", models.CharField(max_length=200, verbose_name="project name")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("energy_saving", "Energy saving"),
                                    ("renewable", "Renewable energy"),
                                    ("resource", "Resource recycling"),
                                    ("water", "Water saving"),
                                    ("pollution", "Pollution control"),
                                    ("digital", "Digital and smart upgrade"),
                                    ("other", "Other"),
                                ],
                                max_length=16,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "investment",
                            models.DecimalField(
                                decimal_places=2,
                                default=Decimal("0"),
                                max_digits=14,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="investment (10 000 yuan)",
                            ),
                        ),
                        (
                            "energy_saving_tce",
                            models.DecimalField(
                                decimal_places=2,
                                default=Decimal("0"),
                                max_digits=14,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="expected energy saving (tce/yr)",
                            ),
                        ),
                        (
                            "co2_reduction_t",
                            models.DecimalField(
                                decimal_places=2,
                                default=Decimal("0"),
                                max_digits=14,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="expected CO₂ reduction (t/yr)",
                            ),
                        ),
                        (
                            "achieved_co2_reduction_t",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=14,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="achieved CO₂ reduction (t/yr)",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("planned", "Planned"),
                                    ("in_progress", "In progress"),
                                    ("done", "Done"),
                                ],
                                default="planned",
                                max_length=16,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "starts_on",
                            models.DateField(blank=True, null=True, verbose_name="starts on"),
                        ),
                        (
                            "ends_on",
                            models.DateField(blank=True, null=True, verbose_name="ends on"),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "candidate",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="projects",
                                to="cultivation.candidate",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "transformation project",
                        "verbose_name_plural": "transformation projects",
                        "ordering": ["candidate", "created_at", "pk"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("starts_on__isnull", True),
                                    ("ends_on__isnull", True),
                                    ("ends_on__gte", models.F("starts_on")),
                                    _connector="OR",
                                ),
                                name="project_dates_ordered",
                                violation_error_message="A project cannot end before it starts.",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="TrialAnswer",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "not_applicable",
                            models.BooleanField(default=False, verbose_name="not applicable"),
                        ),
                        ("met", models.BooleanField(blank=True, null=True, verbose_name="met")),
                        (
                            "score",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=6,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="self score",
                            ),
                        ),
                        (
                            "value",
                            models.DecimalField(
                                blank=True,
                                decimal_places=6,
                                max_digits=20,
                                null=True,
                                verbose_name="value",
                            ),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "candidate",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="answers",
                                to="cultivation.candidate",
                            ),
                        ),
                        (
                            "indicator",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="trial_answers",
                                to="programme.indicator",
                            ),
                        ),
                    ],
                    options={
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("candidate", "indicator"), name="one_trial_answer"
                            )
                        ],
                    },
                ),
            ]
        ),
    ]
