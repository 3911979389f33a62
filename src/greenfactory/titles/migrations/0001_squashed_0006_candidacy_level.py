"""titles's migrations up to 0006_candidacy_level in one, for a fresh database
(decisions §97).

A database that has applied every migration it replaces applies nothing here; one that has
applied none runs this one instead. The tables are created in their final shape, then the data
steps of the replaced migrations run: the same functions, in the same order.
"""

from importlib import import_module

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import greenfactory.core.codes
import greenfactory.titles.models
from greenfactory.core.migration_operations import CreateModels

# The data steps of the replaced migrations, run with the same effect.
title_stands_until_revoked = import_module(
    "greenfactory.titles.migrations.0002_title_stands_until_revoked"
)


class Migration(migrations.Migration):
    replaces = [
        ("titles", "0001_initial"),
        ("titles", "0002_title_stands_until_revoked"),
        ("titles", "0003_provincial_candidates"),
        ("titles", "0004_title_programme"),
        ("titles", "0005_title_grade"),
        ("titles", "0006_candidacy_level"),
    ]

    initial = True

    dependencies = [
        ("accounts", "0001_squashed_0008_pilot_period_credit_codes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("applications", "0001_squashed_0011_carbon_record_codes"),
        ("programme", "0001_squashed_0020_natural_gas_source_in_the_2023_table"),
        ("reviews", "0001_squashed_0006_credit_jiangsu"),
    ]

    operations = [
        CreateModels(
            [
                migrations.CreateModel(
                    name="ProvincialCandidate",
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
                        ("year", models.PositiveIntegerField(verbose_name="year of the call")),
                        (
                            "level",
                            models.CharField(
                                choices=[
                                    ("city", "City-level green factory"),
                                    ("provincial", "Provincial-level green factory"),
                                    ("national", "National-level green factory"),
                                ],
                                db_index=True,
                                default="provincial",
                                max_length=16,
                                verbose_name="recommended for",
                            ),
                        ),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("selected", "Selected by the city"),
                                    ("confirmed", "Confirmed by the enterprise"),
                                    ("exported", "Sent to the province"),
                                    ("listed", "Listed by the province"),
                                    ("not_listed", "Not listed by the province"),
                                    ("withdrawn", "Withdrawn"),
                                ],
                                db_index=True,
                                default="selected",
                                max_length=16,
                                verbose_name="state",
                            ),
                        ),
                        (
                            "data_year",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="year of the data"
                            ),
                        ),
                        (
                            "contact_person",
                            models.CharField(
                                blank=True, max_length=64, verbose_name="contact person"
                            ),
                        ),
                        (
                            "contact_phone",
                            models.CharField(
                                blank=True, max_length=32, verbose_name="contact phone"
                            ),
                        ),
                        (
                            "employees",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="employees"
                            ),
                        ),
                        (
                            "output_value",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=14,
                                null=True,
                                verbose_name="industrial output value (10,000 yuan)",
                            ),
                        ),
                        (
                            "changes",
                            models.TextField(
                                blank=True, verbose_name="changes since the city title"
                            ),
                        ),
                        (
                            "confirmed_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="confirmed at"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "confirmed_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "evaluation",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="reviews.thirdpartyevaluation",
                                verbose_name="third-party evaluation",
                            ),
                        ),
                        (
                            "selected_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "granted_title",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="titles.title",
                            ),
                        ),
                        (
                            "title",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="province_candidacies",
                                to="titles.title",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "provincial candidate",
                        "ordering": ["-year", "title__enterprise__name", "pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("title", "year"), name="one_candidacy_per_title_and_year"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("level__in", ["provincial", "national"])),
                                name="candidacy_for_a_higher_list",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ProvinceStep",
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
                            "stage",
                            models.CharField(
                                choices=[
                                    ("city_audit", "City's check on the province's behalf"),
                                    ("formal_review", "Formal review (形式审查)"),
                                    ("expert_review", "Expert review (专家评审)"),
                                    ("publicity", "Public notice (公示)"),
                                ],
                                max_length=16,
                                verbose_name="step",
                            ),
                        ),
                        (
                            "result",
                            models.CharField(
                                choices=[("passed", "Passed"), ("failed", "Not passed")],
                                max_length=8,
                                verbose_name="result",
                            ),
                        ),
                        ("held_on", models.DateField(verbose_name="date")),
                        ("note", models.TextField(blank=True, verbose_name="note")),
                        ("recorded_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "candidate",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="steps",
                                to="titles.provincialcandidate",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "step of the province's procedure",
                        "ordering": ["held_on", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="CandidateStateChange",
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
                        ("reason", models.TextField(blank=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "from_state",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("selected", "Selected by the city"),
                                    ("confirmed", "Confirmed by the enterprise"),
                                    ("exported", "Sent to the province"),
                                    ("listed", "Listed by the province"),
                                    ("not_listed", "Not listed by the province"),
                                    ("withdrawn", "Withdrawn"),
                                ],
                                max_length=16,
                            ),
                        ),
                        (
                            "to_state",
                            models.CharField(
                                choices=[
                                    ("selected", "Selected by the city"),
                                    ("confirmed", "Confirmed by the enterprise"),
                                    ("exported", "Sent to the province"),
                                    ("listed", "Listed by the province"),
                                    ("not_listed", "Not listed by the province"),
                                    ("withdrawn", "Withdrawn"),
                                ],
                                max_length=16,
                            ),
                        ),
                        (
                            "actor",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "candidate",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="state_changes",
                                to="titles.provincialcandidate",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["created_at", "pk"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="Title",
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
                            "programme",
                            models.CharField(
                                choices=[
                                    ("green_factory", "Green factory"),
                                    ("zero_carbon", "Zero-carbon factory"),
                                ],
                                default="green_factory",
                                max_length=16,
                                verbose_name="programme",
                            ),
                        ),
                        (
                            "level",
                            models.CharField(
                                choices=[
                                    ("city", "City-level green factory"),
                                    ("provincial", "Provincial-level green factory"),
                                    ("national", "National-level green factory"),
                                ],
                                max_length=16,
                                verbose_name="level",
                            ),
                        ),
                        (
                            "grade",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("zero", "Zero-carbon (零碳)"),
                                    ("near_zero", "Near-zero-carbon (近零碳)"),
                                ],
                                default="",
                                max_length=16,
                                verbose_name="grade",
                            ),
                        ),
                        ("year", models.PositiveIntegerField(verbose_name="year")),
                        (
                            "source",
                            models.CharField(
                                choices=[
                                    ("designated", "Designated on this platform"),
                                    ("imported", "Imported from a provincial or national list"),
                                ],
                                max_length=16,
                                verbose_name="source",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("valid", "Valid"),
                                    ("under_check", "Under spot check"),
                                    ("rectifying", "Rectifying"),
                                    ("revoked", "Revoked"),
                                ],
                                default="valid",
                                max_length=16,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "certificate_number",
                            models.CharField(
                                blank=True,
                                max_length=40,
                                null=True,
                                unique=True,
                                verbose_name="certificate number",
                            ),
                        ),
                        ("issued_on", models.DateField(verbose_name="issued on")),
                        (
                            "valid_until",
                            models.DateField(
                                blank=True, null=True, verbose_name="re-evaluation due by"
                            ),
                        ),
                        (
                            "revoked_on",
                            models.DateField(blank=True, null=True, verbose_name="revoked on"),
                        ),
                        (
                            "certificate",
                            models.FileField(
                                blank=True, upload_to=greenfactory.titles.models.certificate_path
                            ),
                        ),
                        ("certificate_sha256", models.CharField(blank=True, max_length=64)),
                        ("certificate_generated_at", models.DateTimeField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "application",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="title",
                                to="applications.application",
                            ),
                        ),
                        (
                            "batch",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="titles",
                                to="programme.batch",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "enterprise",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="titles",
                                to="accounts.enterprise",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "title",
                        "db_table": "recognition_title",
                        "ordering": ["-year", "level", "enterprise__name"],
                        "indexes": [
                            models.Index(
                                fields=["status", "year"], name="recognition_status_7a0f2c_idx"
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("enterprise", "programme", "level", "year"),
                                name="one_title_per_programme_level_and_year",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("valid_until__isnull", True),
                                    ("valid_until__gte", models.F("issued_on")),
                                    _connector="OR",
                                ),
                                name="title_validity_ordered",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("revoked_on__isnull", True),
                                    ("status", "revoked"),
                                    _connector="OR",
                                ),
                                name="title_revoked_on_only_when_revoked",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("grade", ""), ("programme", "zero_carbon"), _connector="OR"
                                ),
                                name="title_grade_only_when_graded",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="TitleStatusChange",
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
                        ("reason", models.TextField(blank=True)),
                        (
                            "from_status",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("valid", "Valid"),
                                    ("under_check", "Under spot check"),
                                    ("rectifying", "Rectifying"),
                                    ("revoked", "Revoked"),
                                ],
                                max_length=16,
                            ),
                        ),
                        (
                            "to_status",
                            models.CharField(
                                choices=[
                                    ("valid", "Valid"),
                                    ("under_check", "Under spot check"),
                                    ("rectifying", "Rectifying"),
                                    ("revoked", "Revoked"),
                                ],
                                max_length=16,
                            ),
                        ),
                        ("at", models.DateTimeField(auto_now_add=True)),
                        (
                            "actor",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "title",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="status_changes",
                                to="titles.title",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "recognition_titlestatuschange",
                        "ordering": ["at", "pk"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="ValidityPolicy",
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
                            "level",
                            models.CharField(
                                choices=[
                                    ("city", "City-level green factory"),
                                    ("provincial", "Provincial-level green factory"),
                                    ("national", "National-level green factory"),
                                ],
                                max_length=16,
                                unique=True,
                                verbose_name="level",
                            ),
                        ),
                        (
                            "reevaluation_years",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                help_text="Leave empty: the title stands until revoked.",
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(10),
                                ],
                                verbose_name="re-evaluation period (years)",
                            ),
                        ),
                        ("source", models.TextField(blank=True, verbose_name="source of the rule")),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "updated_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "validity policy",
                        "verbose_name_plural": "validity policies",
                        "ordering": ["level"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("reevaluation_years__isnull", True),
                                    ("reevaluation_years__gte", 1),
                                    _connector="OR",
                                ),
                                name="validity_period_positive",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="CertificateCounter",
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
                            "programme",
                            models.CharField(
                                choices=[
                                    ("green_factory", "Green factory"),
                                    ("zero_carbon", "Zero-carbon factory"),
                                ],
                                default="green_factory",
                                max_length=16,
                            ),
                        ),
                        ("year", models.PositiveIntegerField()),
                        (
                            "level",
                            models.CharField(
                                choices=[
                                    ("city", "City-level green factory"),
                                    ("provincial", "Provincial-level green factory"),
                                    ("national", "National-level green factory"),
                                ],
                                max_length=16,
                            ),
                        ),
                        ("last", models.PositiveIntegerField(default=0)),
                        (
                            "region",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="accounts.region",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "recognition_certificatecounter",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("region", "programme", "year", "level"),
                                name="one_counter_per_programme_scope",
                            )
                        ],
                    },
                ),
            ]
        ),
        migrations.RunPython(
            title_stands_until_revoked.stand_until_revoked, migrations.RunPython.noop
        ),
    ]
