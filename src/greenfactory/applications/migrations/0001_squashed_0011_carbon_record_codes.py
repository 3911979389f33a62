"""applications's migrations up to 0011_carbon_record_codes in one, for a fresh database
(decisions §97).

A database that has applied every migration it replaces applies nothing here; one that has
applied none runs this one instead. The tables are created in their final shape, then the data
steps of the replaced migrations run: the same functions, in the same order.
Left out, as they only convert rows a fresh database cannot have:
``0005_application_district (copies the district of existing applications)``;
``0006_application_submitted_score (copies the score of existing versions)``;
``0011_carbon_record_codes (gives existing carbon records a code)``.
"""

from decimal import Decimal
from importlib import import_module

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import greenfactory.applications.models
import greenfactory.applications.models.carbon
import greenfactory.core.codes
from greenfactory.core.migration_operations import CreateModels

# The data steps of the replaced migrations, run with the same effect.
carbon_status_rules = import_module("greenfactory.applications.migrations.0010_carbon_status_rules")


class Migration(migrations.Migration):
    replaces = [
        ("applications", "0001_initial"),
        ("applications", "0002_version_self_score"),
        ("applications", "0003_remove_application_one_active_application_per_batch_and_more"),
        ("applications", "0004_remove_application_one_active_application_per_batch_and_more"),
        ("applications", "0005_application_district"),
        ("applications", "0006_application_submitted_score"),
        ("applications", "0007_wastewater_and_measured_heat_content"),
        ("applications", "0008_energy_audit"),
        ("applications", "0009_carbon_accounts"),
        ("applications", "0010_carbon_status_rules"),
        ("applications", "0011_carbon_record_codes"),
    ]

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
                    name="CarbonStatusRule",
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
                            "status",
                            models.CharField(
                                choices=[
                                    ("zero", "Zero-carbon (零碳)"),
                                    ("near_zero", "Near-zero-carbon (近零碳)"),
                                    ("not_yet", "Not yet near-zero"),
                                ],
                                max_length=16,
                                unique=True,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "max_net_share_pct",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=6,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="net emissions at most (percent of the baseline year's emissions)",
                            ),
                        ),
                        (
                            "min_reduction_pct",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=6,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="reduction against the baseline at least (%)",
                            ),
                        ),
                        (
                            "max_offset_share_pct",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=6,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="offsets cover at most (percent of the year's emissions)",
                            ),
                        ),
                        ("source", models.TextField(verbose_name="source")),
                        (
                            "is_platform_default",
                            models.BooleanField(
                                default=True,
                                verbose_name="platform default pending the bureau's rule",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["status"],
                    },
                ),
                migrations.CreateModel(
                    name="UnitLedger",
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
                            "kind",
                            models.CharField(
                                choices=[
                                    ("gec", "Green electricity certificate (绿证, 1 MWh each)"),
                                    ("ccer", "CCER (国家核证自愿减排量, 1 tCO₂e each)"),
                                    ("other", "Other credit the rules allow (1 tCO₂e each)"),
                                ],
                                max_length=8,
                                unique=True,
                            ),
                        ),
                    ],
                ),
                migrations.CreateModel(
                    name="Application",
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
                                    ("draft", "Draft"),
                                    ("submitted", "Submitted: awaiting district pre-review"),
                                    ("returned", "Returned for revision"),
                                    ("district_rejected", "Not recommended by the district"),
                                    ("recommended", "Recommended to the city"),
                                    ("site_audit", "On-site audit scheduled"),
                                    ("audited", "On-site audit completed"),
                                    ("expert_review", "In expert review"),
                                    ("reviewed", "Expert review completed"),
                                    ("withdrawn", "Withdrawn"),
                                ],
                                db_index=True,
                                default="draft",
                                max_length=24,
                                verbose_name="state",
                            ),
                        ),
                        ("version", models.PositiveIntegerField(default=1, verbose_name="version")),
                        ("revision", models.PositiveIntegerField(default=0)),
                        ("products", models.TextField(blank=True, verbose_name="main products")),
                        (
                            "founded_on",
                            models.DateField(
                                blank=True, null=True, verbose_name="in operation since"
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
                                decimal_places=4,
                                max_digits=18,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="industrial output value last year (10 000 yuan)",
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
                            "energy_audit_kind",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("energy_audit", "Energy audit (能源审计)"),
                                    (
                                        "cleaner_production",
                                        "Cleaner-production audit (清洁生产审核)",
                                    ),
                                    ("energy_diagnosis", "Energy diagnosis (节能诊断)"),
                                ],
                                max_length=24,
                                verbose_name="latest energy audit, cleaner-production audit or energy diagnosis",
                            ),
                        ),
                        (
                            "energy_audit_on",
                            models.DateField(
                                blank=True, null=True, verbose_name="date of its report"
                            ),
                        ),
                        (
                            "negative_list",
                            models.JSONField(
                                blank=True, default=dict, verbose_name="negative-list declarations"
                            ),
                        ),
                        (
                            "declaration_accepted",
                            models.BooleanField(
                                default=False, verbose_name="declaration of authenticity"
                            ),
                        ),
                        ("declaration_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "submitted_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="submitted at"
                            ),
                        ),
                        (
                            "submitted_score",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                editable=False,
                                max_digits=6,
                                null=True,
                                verbose_name="self score as submitted",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "batch",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="applications",
                                to="programme.batch",
                            ),
                        ),
                        (
                            "declaration_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "district",
                            models.ForeignKey(
                                editable=False,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="accounts.region",
                                verbose_name="district",
                            ),
                        ),
                        (
                            "enterprise",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="applications",
                                to="accounts.enterprise",
                            ),
                        ),
                        (
                            "prepared_by_agency",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="applications",
                                to="accounts.agency",
                                verbose_name="prepared by agency",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "application",
                        "verbose_name_plural": "applications",
                        "ordering": ["-created_at"],
                        "indexes": [
                            models.Index(
                                fields=["batch", "state"], name="application_batch_i_57f95c_idx"
                            ),
                            models.Index(
                                fields=["district", "state"], name="application_distric_fec082_idx"
                            ),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(
                                    (
                                        "state__in",
                                        [
                                            "draft",
                                            "submitted",
                                            "returned",
                                            "recommended",
                                            "site_audit",
                                            "audited",
                                            "expert_review",
                                            "reviewed",
                                        ],
                                    )
                                ),
                                fields=("batch", "enterprise"),
                                name="one_active_application_per_batch",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ApplicationVersion",
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
                        ("number", models.PositiveIntegerField()),
                        ("snapshot", models.JSONField()),
                        (
                            "self_score",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=6,
                                null=True,
                                verbose_name="self score",
                            ),
                        ),
                        ("submitted_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "application",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="versions",
                                to="applications.application",
                            ),
                        ),
                        (
                            "submitted_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["application", "number"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("application", "number"), name="one_version_number"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="CarbonInventory",
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
                            "year",
                            models.PositiveIntegerField(
                                validators=[
                                    django.core.validators.MinValueValidator(2000),
                                    django.core.validators.MaxValueValidator(2100),
                                ],
                                verbose_name="year",
                            ),
                        ),
                        (
                            "standard",
                            models.CharField(
                                choices=[
                                    (
                                        "gbt32150",
                                        "GB/T 32150-2015 工业企业温室气体排放核算和报告通则",
                                    ),
                                    (
                                        "industry",
                                        "The industry's accounting guideline (GB/T 32151 series)",
                                    ),
                                    ("iso14064", "ISO 14064-1:2018"),
                                ],
                                default="gbt32150",
                                max_length=16,
                                verbose_name="accounting standard",
                            ),
                        ),
                        (
                            "guideline",
                            models.CharField(
                                blank=True,
                                help_text="For example GB/T 32151.10 (化工生产企业).",
                                max_length=200,
                                verbose_name="industry accounting guideline",
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
                            "is_baseline",
                            models.BooleanField(default=False, verbose_name="baseline year"),
                        ),
                        (
                            "verifier",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="verification body"
                            ),
                        ),
                        (
                            "verified_on",
                            models.DateField(
                                blank=True, null=True, verbose_name="verification statement dated"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "coefficient_table",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="programme.coefficienttable",
                                verbose_name="coefficient table",
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
                                related_name="carbon_inventories",
                                to="accounts.enterprise",
                            ),
                        ),
                        (
                            "grid_factor",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="programme.gridfactor",
                                verbose_name="grid emission factor",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "carbon inventory",
                        "verbose_name_plural": "carbon inventories",
                        "ordering": ["enterprise", "-year"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("enterprise", "year"), name="one_inventory_a_year"
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("is_baseline", True)),
                                fields=("enterprise",),
                                name="one_baseline_inventory",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Certification",
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
                            "kind",
                            models.CharField(
                                choices=[
                                    ("qms", "Quality management system (GB/T 19001 / ISO 9001)"),
                                    (
                                        "ems",
                                        "Environmental management system (GB/T 24001 / ISO 14001)",
                                    ),
                                    (
                                        "ohsms",
                                        "Occupational health and safety (GB/T 45001 / ISO 45001)",
                                    ),
                                    ("enms", "Energy management system (GB/T 23331 / ISO 50001)"),
                                ],
                                max_length=8,
                                verbose_name="management system",
                            ),
                        ),
                        (
                            "certificate_no",
                            models.CharField(
                                blank=True, max_length=64, verbose_name="certificate number"
                            ),
                        ),
                        (
                            "issuer",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="certification body"
                            ),
                        ),
                        (
                            "expires_on",
                            models.DateField(blank=True, null=True, verbose_name="valid until"),
                        ),
                        (
                            "application",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="certifications",
                                to="applications.application",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["kind"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("application", "kind"), name="one_certification_kind"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="EvidenceFile",
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
                                    ("evidence", "Evidence"),
                                    ("report_scan", "Signed and sealed self-evaluation report"),
                                    ("third_party_report", "Third-party evaluation report"),
                                    (
                                        "energy_audit",
                                        "Energy audit, cleaner-production audit or energy diagnosis report",
                                    ),
                                ],
                                default="evidence",
                                max_length=24,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "file",
                            models.FileField(
                                upload_to=greenfactory.applications.models.evidence_path
                            ),
                        ),
                        (
                            "original_name",
                            models.CharField(max_length=200, verbose_name="file name"),
                        ),
                        ("content_type", models.CharField(max_length=100)),
                        ("size", models.PositiveBigIntegerField(verbose_name="size")),
                        ("sha256", models.CharField(max_length=64)),
                        ("uploaded_at", models.DateTimeField(auto_now_add=True)),
                        ("version", models.PositiveIntegerField(default=1)),
                        (
                            "application",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="evidence_files",
                                to="applications.application",
                            ),
                        ),
                        (
                            "indicator",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="evidence_files",
                                to="programme.indicator",
                            ),
                        ),
                        (
                            "uploaded_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "evidence file",
                        "verbose_name_plural": "evidence files",
                        "ordering": ["uploaded_at"],
                    },
                ),
                migrations.CreateModel(
                    name="PerformanceYear",
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
                            "year",
                            models.PositiveIntegerField(
                                validators=[
                                    django.core.validators.MinValueValidator(2000),
                                    django.core.validators.MaxValueValidator(2100),
                                ],
                                verbose_name="year",
                            ),
                        ),
                        (
                            "application",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="performance_years",
                                to="applications.application",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["application", "year"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("application", "year"), name="one_performance_year"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ProcessEmission",
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
                        ("description", models.CharField(max_length=200, verbose_name="source")),
                        (
                            "method",
                            models.CharField(
                                choices=[
                                    ("emission_factor", "Emission factor (activity × factor)"),
                                    ("mass_balance", "Carbon mass balance"),
                                    ("measurement", "Continuous measurement"),
                                ],
                                max_length=16,
                                verbose_name="method",
                            ),
                        ),
                        (
                            "activity",
                            models.DecimalField(
                                decimal_places=4,
                                max_digits=18,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="activity data",
                            ),
                        ),
                        (
                            "activity_unit",
                            models.CharField(
                                max_length=16, verbose_name="unit of the activity data"
                            ),
                        ),
                        (
                            "factor_t",
                            models.DecimalField(
                                decimal_places=6,
                                max_digits=14,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="emission factor (tCO₂e per unit)",
                            ),
                        ),
                        (
                            "inventory",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="process_lines",
                                to="applications.carboninventory",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["inventory", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="ProductFootprint",
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
                            "year",
                            models.PositiveIntegerField(
                                validators=[
                                    django.core.validators.MinValueValidator(2000),
                                    django.core.validators.MaxValueValidator(2100),
                                ],
                                verbose_name="year",
                            ),
                        ),
                        ("product", models.CharField(max_length=200, verbose_name="product")),
                        (
                            "functional_unit",
                            models.CharField(
                                max_length=64, verbose_name="declared or functional unit"
                            ),
                        ),
                        (
                            "kgco2e_per_unit",
                            models.DecimalField(
                                decimal_places=4,
                                max_digits=18,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="footprint (kgCO₂e per unit)",
                            ),
                        ),
                        (
                            "standard",
                            models.CharField(
                                choices=[
                                    ("gbt24067", "GB/T 24067-2024 产品碳足迹"),
                                    ("iso14067", "ISO 14067:2018"),
                                ],
                                default="gbt24067",
                                max_length=16,
                                verbose_name="standard",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("declared", "Declared by the enterprise"),
                                    ("verified", "Verified by a third party"),
                                ],
                                default="declared",
                                max_length=16,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "verifier",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="verification body"
                            ),
                        ),
                        (
                            "enterprise",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="product_footprints",
                                to="accounts.enterprise",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["enterprise", "-year", "product"],
                    },
                ),
                migrations.CreateModel(
                    name="Scope3Emission",
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
                            "category",
                            models.CharField(
                                choices=[
                                    ("3", "Category 3: indirect emissions from transportation"),
                                    (
                                        "4",
                                        "Category 4: indirect emissions from products the organisation uses",
                                    ),
                                    (
                                        "5",
                                        "Category 5: indirect emissions from the use of its products",
                                    ),
                                    ("6", "Category 6: indirect emissions from other sources"),
                                ],
                                max_length=2,
                                verbose_name="category",
                            ),
                        ),
                        ("description", models.CharField(max_length=200, verbose_name="source")),
                        (
                            "method",
                            models.CharField(max_length=200, verbose_name="method and factor"),
                        ),
                        (
                            "tco2e",
                            models.DecimalField(
                                decimal_places=4,
                                max_digits=18,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="emissions (tCO₂e)",
                            ),
                        ),
                        (
                            "inventory",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="scope3_lines",
                                to="applications.carboninventory",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["inventory", "category", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="SelfEvaluation",
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
                        ("value_is_computed", models.BooleanField(default=False)),
                        ("explanation", models.TextField(blank=True, verbose_name="explanation")),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "application",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="self_evaluations",
                                to="applications.application",
                            ),
                        ),
                        (
                            "indicator",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="self_evaluations",
                                to="programme.indicator",
                            ),
                        ),
                    ],
                    options={
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("application", "indicator"), name="one_answer"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="StatusChange",
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
                                    ("submitted", "Submitted: awaiting district pre-review"),
                                    ("returned", "Returned for revision"),
                                    ("district_rejected", "Not recommended by the district"),
                                    ("recommended", "Recommended to the city"),
                                    ("site_audit", "On-site audit scheduled"),
                                    ("audited", "On-site audit completed"),
                                    ("expert_review", "In expert review"),
                                    ("reviewed", "Expert review completed"),
                                    ("withdrawn", "Withdrawn"),
                                ],
                                max_length=24,
                            ),
                        ),
                        (
                            "to_state",
                            models.CharField(
                                choices=[
                                    ("draft", "Draft"),
                                    ("submitted", "Submitted: awaiting district pre-review"),
                                    ("returned", "Returned for revision"),
                                    ("district_rejected", "Not recommended by the district"),
                                    ("recommended", "Recommended to the city"),
                                    ("site_audit", "On-site audit scheduled"),
                                    ("audited", "On-site audit completed"),
                                    ("expert_review", "In expert review"),
                                    ("reviewed", "Expert review completed"),
                                    ("withdrawn", "Withdrawn"),
                                ],
                                max_length=24,
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
                            "application",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="status_changes",
                                to="applications.application",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["created_at", "pk"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="UnitClaim",
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
                            "file",
                            models.FileField(
                                blank=True,
                                upload_to=greenfactory.applications.models.carbon.carbon_file_path,
                            ),
                        ),
                        (
                            "original_name",
                            models.CharField(blank=True, max_length=200, verbose_name="file name"),
                        ),
                        ("content_type", models.CharField(blank=True, max_length=100)),
                        ("size", models.PositiveBigIntegerField(blank=True, null=True)),
                        ("sha256", models.CharField(blank=True, max_length=64)),
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
                            "use",
                            models.CharField(
                                choices=[
                                    ("scope2", "Green electricity claimed in market-based scope 2"),
                                    ("offset", "Offset retired"),
                                ],
                                max_length=8,
                                verbose_name="counted as",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("gec", "Green electricity certificate (绿证, 1 MWh each)"),
                                    ("ccer", "CCER (国家核证自愿减排量, 1 tCO₂e each)"),
                                    ("other", "Other credit the rules allow (1 tCO₂e each)"),
                                ],
                                max_length=8,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "prefix",
                            models.CharField(
                                blank=True, max_length=64, verbose_name="serial prefix"
                            ),
                        ),
                        (
                            "first",
                            models.PositiveBigIntegerField(verbose_name="first serial number"),
                        ),
                        ("last", models.PositiveBigIntegerField(verbose_name="last serial number")),
                        ("width", models.PositiveSmallIntegerField()),
                        ("retired_on", models.DateField(verbose_name="retired (注销) on")),
                        (
                            "project",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="project or issuer"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
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
                            "inventory",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="unit_claims",
                                to="applications.carboninventory",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["inventory", "use", "kind", "prefix", "first"],
                        "indexes": [
                            models.Index(
                                fields=["kind", "prefix", "first"],
                                name="application_kind_f4076c_idx",
                            )
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("last__gte", models.F("first"))),
                                name="unit_range_ordered",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="VerificationStatement",
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
                            "file",
                            models.FileField(
                                blank=True,
                                upload_to=greenfactory.applications.models.carbon.carbon_file_path,
                            ),
                        ),
                        (
                            "original_name",
                            models.CharField(blank=True, max_length=200, verbose_name="file name"),
                        ),
                        ("content_type", models.CharField(blank=True, max_length=100)),
                        ("size", models.PositiveBigIntegerField(blank=True, null=True)),
                        ("sha256", models.CharField(blank=True, max_length=64)),
                        ("uploaded_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "inventory",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="verification_statement",
                                to="applications.carboninventory",
                            ),
                        ),
                        (
                            "uploaded_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "abstract": False,
                    },
                ),
            ]
        ),
        migrations.RunPython(carbon_status_rules.forwards, migrations.RunPython.noop),
    ]
