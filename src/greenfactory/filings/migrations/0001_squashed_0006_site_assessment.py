"""filings's migrations up to 0006_site_assessment in one, for a fresh database
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
    replaces = [
        ("filings", "0001_initial"),
        ("filings", "0002_wastewater_and_measured_heat_content"),
        ("filings", "0003_level_policies_city_review_major_changes"),
        ("filings", "0004_filing_figures_as_reported"),
        ("filings", "0005_carbon_disclosure"),
        ("filings", "0006_site_assessment"),
    ]

    initial = True

    dependencies = [
        ("accounts", "0001_squashed_0008_pilot_period_credit_codes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("applications", "0001_squashed_0011_carbon_record_codes"),
        ("programme", "0001_squashed_0020_natural_gas_source_in_the_2023_table"),
    ]

    operations = [
        CreateModels(
            [
                migrations.CreateModel(
                    name="AnnualFiling",
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
                            "energy",
                            models.JSONField(
                                blank=True, default=dict, verbose_name="energy use by carrier"
                            ),
                        ),
                        (
                            "heat_content",
                            models.JSONField(
                                blank=True,
                                default=dict,
                                verbose_name="measured heat content by carrier (MJ per unit)",
                            ),
                        ),
                        (
                            "exported_electricity_kwh",
                            models.DecimalField(
                                blank=True,
                                decimal_places=4,
                                max_digits=18,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="electricity supplied to others (kWh)",
                            ),
                        ),
                        (
                            "exported_heat_mj",
                            models.DecimalField(
                                blank=True,
                                decimal_places=4,
                                max_digits=18,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="heat supplied to others (MJ)",
                            ),
                        ),
                        (
                            "process_co2_t",
                            models.DecimalField(
                                blank=True,
                                decimal_places=4,
                                max_digits=18,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="process CO₂ emissions (t)",
                            ),
                        ),
                        (
                            "output_quantity",
                            models.DecimalField(
                                blank=True,
                                decimal_places=4,
                                max_digits=18,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="output quantity",
                            ),
                        ),
                        (
                            "output_unit",
                            models.CharField(
                                blank=True, max_length=16, verbose_name="unit of output"
                            ),
                        ),
                        (
                            "output_value_10k_yuan",
                            models.DecimalField(
                                blank=True,
                                decimal_places=4,
                                max_digits=18,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="output value (10 000 yuan)",
                            ),
                        ),
                        (
                            "water_intake_m3",
                            models.DecimalField(
                                blank=True,
                                decimal_places=4,
                                max_digits=18,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="water intake (m³)",
                            ),
                        ),
                        (
                            "water_reused_m3",
                            models.DecimalField(
                                blank=True,
                                decimal_places=4,
                                max_digits=18,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="water reused (m³)",
                            ),
                        ),
                        (
                            "wastewater_treated_m3",
                            models.DecimalField(
                                blank=True,
                                decimal_places=4,
                                max_digits=18,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="wastewater treated (m³)",
                            ),
                        ),
                        (
                            "wastewater_reused_m3",
                            models.DecimalField(
                                blank=True,
                                decimal_places=4,
                                max_digits=18,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="treated wastewater reused (m³)",
                            ),
                        ),
                        (
                            "solid_waste_generated_t",
                            models.DecimalField(
                                blank=True,
                                decimal_places=4,
                                max_digits=18,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="industrial solid waste generated (t)",
                            ),
                        ),
                        (
                            "solid_waste_utilised_t",
                            models.DecimalField(
                                blank=True,
                                decimal_places=4,
                                max_digits=18,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="industrial solid waste utilised (t)",
                            ),
                        ),
                        (
                            "solid_waste_stock_utilised_t",
                            models.DecimalField(
                                blank=True,
                                decimal_places=4,
                                max_digits=18,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="stock from earlier years utilised (t)",
                            ),
                        ),
                        (
                            "land_area_m2",
                            models.DecimalField(
                                blank=True,
                                decimal_places=4,
                                max_digits=18,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="land area (m²)",
                            ),
                        ),
                        (
                            "floor_area_m2",
                            models.DecimalField(
                                blank=True,
                                decimal_places=4,
                                max_digits=18,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="total floor area (m²)",
                            ),
                        ),
                        (
                            "high_storey_floor_area_m2",
                            models.DecimalField(
                                blank=True,
                                decimal_places=4,
                                max_digits=18,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="floor area of storeys above 8 m (m²)",
                            ),
                        ),
                        (
                            "footprint_m2",
                            models.DecimalField(
                                blank=True,
                                decimal_places=4,
                                max_digits=18,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="footprint of buildings, structures and yards (m²)",
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
                            "year",
                            models.PositiveIntegerField(
                                validators=[
                                    django.core.validators.MinValueValidator(2000),
                                    django.core.validators.MaxValueValidator(2100),
                                ],
                                verbose_name="year of the data",
                            ),
                        ),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("draft", "Draft"),
                                    ("submitted", "Submitted"),
                                    ("accepted", "Accepted"),
                                    ("returned", "Returned for revision"),
                                    ("city_reviewed", "Reviewed by the city"),
                                ],
                                db_index=True,
                                default="draft",
                                max_length=16,
                                verbose_name="state",
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
                                default="city",
                                max_length=16,
                                verbose_name="highest level held",
                            ),
                        ),
                        ("revision", models.PositiveIntegerField(default=0)),
                        ("flags", models.JSONField(blank=True, default=list, verbose_name="flags")),
                        (
                            "year_summary",
                            models.TextField(
                                blank=True, verbose_name="summary of the year's green work"
                            ),
                        ),
                        (
                            "next_year_plan",
                            models.TextField(
                                blank=True, verbose_name="next year's targets and plan"
                            ),
                        ),
                        (
                            "district_opinion",
                            models.TextField(blank=True, verbose_name="district's review opinion"),
                        ),
                        (
                            "adjustment",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("keep", "Keep on the list"),
                                    ("rectify", "Keep, with rectification"),
                                    ("propose_removal", "Propose removal from the list"),
                                ],
                                max_length=16,
                                verbose_name="adjustment opinion",
                            ),
                        ),
                        (
                            "adjustment_reason",
                            models.TextField(
                                blank=True, verbose_name="reasons of the adjustment opinion"
                            ),
                        ),
                        (
                            "city_reviewed_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="reviewed by the city at"
                            ),
                        ),
                        (
                            "reported",
                            models.JSONField(
                                blank=True, default=dict, verbose_name="figures as reported"
                            ),
                        ),
                        ("first_submitted_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "submitted_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="submitted at"
                            ),
                        ),
                        (
                            "reviewed_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="reviewed at"),
                        ),
                        (
                            "return_reason",
                            models.TextField(blank=True, verbose_name="reason for returning"),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "city_reviewed_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
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
                                related_name="annual_filings",
                                to="accounts.enterprise",
                                verbose_name="enterprise",
                            ),
                        ),
                        (
                            "reference_batch",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="programme.batch",
                                verbose_name="requirements of",
                            ),
                        ),
                        (
                            "reviewed_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "submitted_by",
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
                        "verbose_name": "yearly filing",
                        "verbose_name_plural": "yearly filings",
                        "ordering": ["-year", "enterprise__name"],
                        "indexes": [
                            models.Index(
                                fields=["year", "state"], name="filings_ann_year_f1c9c3_idx"
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("enterprise", "year"), name="one_filing_per_year"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("state", "returned"), _negated=True),
                                    models.Q(("return_reason", ""), _negated=True),
                                    _connector="OR",
                                ),
                                name="returned_filing_has_reason",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("state", "city_reviewed"), _negated=True),
                                    models.Q(("adjustment", ""), _negated=True),
                                    _connector="OR",
                                ),
                                name="city_reviewed_filing_has_adjustment",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="CarbonDisclosure",
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
                        ("year", models.PositiveIntegerField(verbose_name="year of the data")),
                        (
                            "figures",
                            models.JSONField(default=dict, verbose_name="figures as published"),
                        ),
                        ("status", models.CharField(max_length=16, verbose_name="status")),
                        (
                            "meets_rule",
                            models.BooleanField(
                                default=False, verbose_name="meets the status rule"
                            ),
                        ),
                        ("published_at", models.DateTimeField(verbose_name="published at")),
                        (
                            "enterprise",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="carbon_disclosures",
                                to="accounts.enterprise",
                            ),
                        ),
                        (
                            "filing",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="carbon_disclosures",
                                to="filings.annualfiling",
                            ),
                        ),
                        (
                            "inventory",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="applications.carboninventory",
                            ),
                        ),
                        (
                            "published_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["-year", "enterprise"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("enterprise", "year"), name="one_disclosure_a_year"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="FilingSettings",
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
                            "deadline_month",
                            models.PositiveSmallIntegerField(
                                default=4,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(12),
                                ],
                                verbose_name="deadline month",
                            ),
                        ),
                        (
                            "deadline_day",
                            models.PositiveSmallIntegerField(
                                default=15,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(31),
                                ],
                                verbose_name="deadline day",
                            ),
                        ),
                        (
                            "tolerance_percent",
                            models.DecimalField(
                                decimal_places=1,
                                default=Decimal("10"),
                                max_digits=5,
                                validators=[
                                    django.core.validators.MinValueValidator(Decimal("0")),
                                    django.core.validators.MaxValueValidator(Decimal("500")),
                                ],
                                verbose_name="tolerance against the designation figures (per cent)",
                            ),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "region",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="filing_settings",
                                to="accounts.region",
                                verbose_name="region",
                            ),
                        ),
                        (
                            "updated_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "filing settings",
                    },
                ),
                migrations.CreateModel(
                    name="FilingStatusChange",
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
                                choices=[
                                    ("draft", "Draft"),
                                    ("submitted", "Submitted"),
                                    ("accepted", "Accepted"),
                                    ("returned", "Returned for revision"),
                                    ("city_reviewed", "Reviewed by the city"),
                                ],
                                max_length=16,
                            ),
                        ),
                        (
                            "to_state",
                            models.CharField(
                                choices=[
                                    ("draft", "Draft"),
                                    ("submitted", "Submitted"),
                                    ("accepted", "Accepted"),
                                    ("returned", "Returned for revision"),
                                    ("city_reviewed", "Reviewed by the city"),
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
                            "filing",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="status_changes",
                                to="filings.annualfiling",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["created_at", "pk"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="LevelFilingPolicy",
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
                            "deadline_month",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(12),
                                ],
                                verbose_name="deadline month",
                            ),
                        ),
                        (
                            "deadline_day",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(31),
                                ],
                                verbose_name="deadline day",
                            ),
                        ),
                        (
                            "city_review",
                            models.BooleanField(
                                default=False,
                                verbose_name="reviewed by the city after the district, with an adjustment opinion",
                            ),
                        ),
                        (
                            "compare_previous_year",
                            models.BooleanField(
                                default=False,
                                verbose_name="key indicators compared with the year before",
                            ),
                        ),
                        (
                            "summary_and_plan",
                            models.BooleanField(
                                default=False,
                                verbose_name="asks the year's summary and next year's plan",
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
                        "verbose_name": "filing policy of a level",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(
                                        ("deadline_day__isnull", True),
                                        ("deadline_month__isnull", True),
                                    ),
                                    models.Q(
                                        ("deadline_day__isnull", False),
                                        ("deadline_month__isnull", False),
                                    ),
                                    _connector="OR",
                                ),
                                name="level_filing_policy_whole_deadline",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="MajorChange",
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
                            "kind",
                            models.CharField(
                                choices=[
                                    ("name", "Name"),
                                    ("address", "Production address"),
                                    ("boundary", "Organisational boundary or scope of production"),
                                    ("merger", "Merger, acquisition or investment"),
                                    ("other", "Other major change"),
                                ],
                                max_length=16,
                                verbose_name="kind of change",
                            ),
                        ),
                        ("effective_on", models.DateField(verbose_name="effective on")),
                        (
                            "before",
                            models.CharField(blank=True, max_length=300, verbose_name="before"),
                        ),
                        (
                            "after",
                            models.CharField(blank=True, max_length=300, verbose_name="after"),
                        ),
                        ("description", models.TextField(verbose_name="description")),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("reported", "Reported"),
                                    ("district_ack", "Acknowledged by the district"),
                                    ("city_ack", "Acknowledged by the city"),
                                    ("returned", "Returned to the enterprise"),
                                ],
                                db_index=True,
                                default="reported",
                                max_length=16,
                                verbose_name="state",
                            ),
                        ),
                        ("note", models.TextField(blank=True, verbose_name="officer's note")),
                        (
                            "reported_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="reported at"),
                        ),
                        (
                            "enterprise",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="major_changes",
                                to="accounts.enterprise",
                                verbose_name="enterprise",
                            ),
                        ),
                        (
                            "reported_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "major change",
                        "verbose_name_plural": "major changes",
                        "ordering": ["-effective_on", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="MajorChangeStatusChange",
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
                                choices=[
                                    ("reported", "Reported"),
                                    ("district_ack", "Acknowledged by the district"),
                                    ("city_ack", "Acknowledged by the city"),
                                    ("returned", "Returned to the enterprise"),
                                ],
                                max_length=16,
                            ),
                        ),
                        (
                            "to_state",
                            models.CharField(
                                choices=[
                                    ("reported", "Reported"),
                                    ("district_ack", "Acknowledged by the district"),
                                    ("city_ack", "Acknowledged by the city"),
                                    ("returned", "Returned to the enterprise"),
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
                            "change",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="status_changes",
                                to="filings.majorchange",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["created_at", "pk"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="SiteAssessment",
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
                            "state",
                            models.CharField(
                                choices=[
                                    ("called", "Called"),
                                    ("held", "Held"),
                                    ("cancelled", "Cancelled"),
                                ],
                                db_index=True,
                                default="called",
                                max_length=16,
                                verbose_name="state",
                            ),
                        ),
                        ("reason", models.TextField(verbose_name="why it is called")),
                        (
                            "planned_on",
                            models.DateField(blank=True, null=True, verbose_name="planned for"),
                        ),
                        (
                            "called_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="called at"),
                        ),
                        (
                            "held_on",
                            models.DateField(blank=True, null=True, verbose_name="held on"),
                        ),
                        (
                            "assessors",
                            models.CharField(
                                blank=True, max_length=300, verbose_name="assessed by"
                            ),
                        ),
                        ("findings", models.TextField(blank=True, verbose_name="findings")),
                        (
                            "outcome",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("meets", "Still meets the requirements"),
                                    ("rectify", "Meets them after rectification"),
                                    ("fails", "No longer meets the requirements"),
                                ],
                                max_length=16,
                                verbose_name="outcome",
                            ),
                        ),
                        (
                            "called_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "filing",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="site_assessments",
                                to="filings.annualfiling",
                                verbose_name="yearly filing",
                            ),
                        ),
                        (
                            "recorded_by",
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
                        "verbose_name": "on-site assessment",
                        "verbose_name_plural": "on-site assessments",
                        "ordering": ["called_at", "pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("state", "called")),
                                fields=("filing",),
                                name="one_open_site_assessment_per_filing",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("state", "held"), _negated=True),
                                    models.Q(
                                        ("held_on__isnull", False),
                                        models.Q(("outcome", ""), _negated=True),
                                        models.Q(("findings", ""), _negated=True),
                                    ),
                                    _connector="OR",
                                ),
                                name="held_site_assessment_is_recorded",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="SiteAssessmentStatusChange",
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
                                    ("called", "Called"),
                                    ("held", "Held"),
                                    ("cancelled", "Cancelled"),
                                ],
                                max_length=16,
                            ),
                        ),
                        (
                            "to_state",
                            models.CharField(
                                choices=[
                                    ("called", "Called"),
                                    ("held", "Held"),
                                    ("cancelled", "Cancelled"),
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
                            "assessment",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="status_changes",
                                to="filings.siteassessment",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["created_at", "pk"],
                        "abstract": False,
                    },
                ),
            ]
        ),
    ]
