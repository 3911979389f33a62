"""programme's migrations up to 0020_natural_gas_source_in_the_2023_table in one, for a fresh database
(decisions §97).

A database that has applied every migration it replaces applies nothing here; one that has
applied none runs this one instead. The tables are created in their final shape, then the data
steps of the replaced migrations run: the same functions, in the same order.
Left out, as they only convert rows a fresh database cannot have:
``0014_batch_eligibility_rules (sets the rules of existing batches)``.
"""

from decimal import Decimal
from importlib import import_module

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import greenfactory.core.codes
from greenfactory.core.migration_operations import CreateModels

# The data steps of the replaced migrations, run with the same effect.
shipped_data = import_module("greenfactory.programme.migrations.0002_shipped_data")
corrected_formula_and_coefficient_tables = import_module(
    "greenfactory.programme.migrations.0011_corrected_formula_and_coefficient_tables"
)
shipped_industry_benchmarks = import_module(
    "greenfactory.programme.migrations.0013_shipped_industry_benchmarks"
)
jiangsu_grid_factor_2022 = import_module(
    "greenfactory.programme.migrations.0015_jiangsu_grid_factor_2022"
)
zero_carbon_system = import_module("greenfactory.programme.migrations.0019_zero_carbon_system")
natural_gas_source_in_the_2023_table = import_module(
    "greenfactory.programme.migrations.0020_natural_gas_source_in_the_2023_table"
)


class Migration(migrations.Migration):
    replaces = [
        ("programme", "0001_initial"),
        ("programme", "0002_shipped_data"),
        ("programme", "0003_batch_aggregation_rule_batch_divergence_threshold_and_more"),
        ("programme", "0004_batch_recognition_settings"),
        ("programme", "0005_target"),
        ("programme", "0006_batch_purpose"),
        ("programme", "0007_target_ordering_by_region"),
        ("programme", "0008_evaluations_per_body"),
        ("programme", "0009_notice_contacts_and_scores_off"),
        ("programme", "0010_energy_carriers_and_grid_factors_as_published"),
        ("programme", "0011_corrected_formula_and_coefficient_tables"),
        ("programme", "0012_industry_benchmarks"),
        ("programme", "0013_shipped_industry_benchmarks"),
        ("programme", "0014_batch_eligibility_rules"),
        ("programme", "0015_jiangsu_grid_factor_2022"),
        ("programme", "0016_batch_integrity_thresholds"),
        ("programme", "0017_programme_of_batch_and_system"),
        ("programme", "0018_batch_industry_divisions"),
        ("programme", "0019_zero_carbon_system"),
        ("programme", "0020_natural_gas_source_in_the_2023_table"),
    ]

    initial = True

    dependencies = [
        ("accounts", "0001_squashed_0008_pilot_period_credit_codes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        CreateModels(
            [
                migrations.CreateModel(
                    name="CoefficientTable",
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
                        ("code", models.CharField(max_length=40, unique=True, verbose_name="code")),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        ("year", models.PositiveIntegerField(verbose_name="year")),
                        ("source_note", models.TextField(blank=True, verbose_name="source")),
                    ],
                    options={
                        "verbose_name": "coefficient table",
                        "verbose_name_plural": "coefficient tables",
                        "ordering": ["-year", "code"],
                    },
                ),
                migrations.CreateModel(
                    name="GridFactor",
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
                        ("key", models.CharField(max_length=40)),
                        ("name", models.CharField(max_length=100, verbose_name="name")),
                        (
                            "value",
                            models.DecimalField(
                                decimal_places=4, max_digits=8, verbose_name="kgCO₂/kWh"
                            ),
                        ),
                        (
                            "year",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="year of the data"
                            ),
                        ),
                        (
                            "scope",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("national", "National"),
                                    ("regional", "Regional grid"),
                                    ("provincial", "Provincial"),
                                ],
                                max_length=16,
                                verbose_name="scope",
                            ),
                        ),
                        (
                            "area",
                            models.CharField(
                                blank=True, max_length=32, verbose_name="grid or province"
                            ),
                        ),
                        (
                            "basis",
                            models.CharField(
                                choices=[
                                    ("average", "Average of all power (电力平均二氧化碳排放因子)"),
                                    (
                                        "excl_market_non_fossil",
                                        "Average excluding market-traded non-fossil power (不包括市场化交易的非化石能源电量)",
                                    ),
                                ],
                                default="average",
                                max_length=24,
                                verbose_name="basis",
                            ),
                        ),
                        (
                            "source",
                            models.CharField(blank=True, max_length=300, verbose_name="source"),
                        ),
                        (
                            "residual_value",
                            models.DecimalField(
                                blank=True,
                                decimal_places=4,
                                max_digits=8,
                                null=True,
                                verbose_name="factor for the rest when green electricity is counted (kgCO₂/kWh)",
                            ),
                        ),
                        (
                            "table",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="grid_factors",
                                to="programme.coefficienttable",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["table", "key"],
                        "constraints": [
                            models.UniqueConstraint(fields=("table", "key"), name="one_grid_key")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="IndicatorSystem",
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
                        ("code", models.CharField(max_length=40, verbose_name="code")),
                        ("version", models.PositiveIntegerField(default=1, verbose_name="version")),
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
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        (
                            "name_en",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="English name"
                            ),
                        ),
                        (
                            "standard",
                            models.CharField(blank=True, max_length=64, verbose_name="standard"),
                        ),
                        (
                            "scoring",
                            models.CharField(
                                choices=[
                                    ("points", "Points per item (GB/T 36132-2018)"),
                                    ("benchmark", "Benchmark and leading values (GB/T 36132-2025)"),
                                ],
                                max_length=16,
                                verbose_name="scoring method",
                            ),
                        ),
                        (
                            "na_policy",
                            models.CharField(
                                choices=[
                                    (
                                        "redistribute",
                                        "Points go to the applicable siblings pro rata",
                                    ),
                                    ("drop", "Points are dropped; the total is rescaled to 100"),
                                ],
                                default="redistribute",
                                max_length=16,
                                verbose_name="not-applicable items",
                            ),
                        ),
                        (
                            "unmet_required_points",
                            models.DecimalField(
                                decimal_places=2,
                                default=0,
                                max_digits=6,
                                verbose_name="points of an unmet required item",
                            ),
                        ),
                        ("source_note", models.TextField(blank=True, verbose_name="source")),
                        (
                            "has_industry_benchmarks",
                            models.BooleanField(default=False, editable=False),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "based_on",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="copies",
                                to="programme.indicatorsystem",
                            ),
                        ),
                        (
                            "created_by",
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
                        "verbose_name": "indicator system",
                        "verbose_name_plural": "indicator systems",
                        "ordering": ["code", "-version"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("code", "version"), name="one_system_version"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Indicator",
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
                        ("code", models.CharField(max_length=20, verbose_name="code")),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        (
                            "name_en",
                            models.CharField(
                                blank=True, max_length=300, verbose_name="English name"
                            ),
                        ),
                        ("level", models.PositiveSmallIntegerField(verbose_name="level")),
                        ("position", models.PositiveIntegerField(default=0)),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("group", "Group"),
                                    ("gate", "Basic requirement (veto)"),
                                    ("qualitative", "Qualitative"),
                                    ("quantitative", "Quantitative"),
                                ],
                                max_length=16,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "requirement",
                            models.CharField(
                                blank=True,
                                choices=[("required", "Required"), ("optional", "Optional")],
                                max_length=16,
                                verbose_name="required or optional",
                            ),
                        ),
                        (
                            "weight",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=6,
                                null=True,
                                verbose_name="weight (%)",
                            ),
                        ),
                        (
                            "max_points",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=6,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                                verbose_name="maximum points",
                            ),
                        ),
                        ("unit", models.CharField(blank=True, max_length=32, verbose_name="unit")),
                        (
                            "direction",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("higher", "Higher is better"),
                                    ("lower", "Lower is better"),
                                ],
                                max_length=8,
                                verbose_name="direction",
                            ),
                        ),
                        (
                            "benchmark",
                            models.DecimalField(
                                blank=True,
                                decimal_places=6,
                                max_digits=20,
                                null=True,
                                verbose_name="benchmark value",
                            ),
                        ),
                        (
                            "leading",
                            models.DecimalField(
                                blank=True,
                                decimal_places=6,
                                max_digits=20,
                                null=True,
                                verbose_name="leading value",
                            ),
                        ),
                        (
                            "bands",
                            models.JSONField(blank=True, default=list, verbose_name="graded bands"),
                        ),
                        (
                            "levels",
                            models.JSONField(
                                blank=True, default=list, verbose_name="judgement levels"
                            ),
                        ),
                        (
                            "formula",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("comprehensive_energy", "Comprehensive energy consumption"),
                                    ("unit_product_energy", "Energy per unit of product"),
                                    ("unit_product_carbon", "CO₂ per unit of product"),
                                    ("carbon_intensity_output", "CO₂ per 10 000 yuan of output"),
                                    ("floor_area_ratio", "Floor-area ratio"),
                                    ("building_coefficient", "Building coefficient"),
                                    ("land_output", "Output per m² of land"),
                                    ("solid_waste_utilisation", "Solid-waste utilisation rate"),
                                    ("water_reuse_rate", "Water reuse rate"),
                                    ("wastewater_reuse_rate", "Treated wastewater reuse rate"),
                                    (
                                        "water_intake_per_product",
                                        "Water intake per unit of product",
                                    ),
                                    ("renewable_share", "Renewable-energy share"),
                                ],
                                max_length=40,
                                verbose_name="computed from",
                            ),
                        ),
                        (
                            "allow_na",
                            models.BooleanField(
                                default=False, verbose_name="may be not applicable"
                            ),
                        ),
                        ("guidance", models.TextField(blank=True, verbose_name="guidance")),
                        (
                            "evidence",
                            models.JSONField(
                                blank=True, default=list, verbose_name="evidence expected"
                            ),
                        ),
                        ("note", models.TextField(blank=True, verbose_name="note")),
                        (
                            "parent",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="children",
                                to="programme.indicator",
                            ),
                        ),
                        (
                            "system",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="indicators",
                                to="programme.indicatorsystem",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "indicator",
                        "verbose_name_plural": "indicators",
                        "ordering": ["system", "position"],
                        "indexes": [
                            models.Index(
                                fields=["system", "position"], name="programme_i_system__bd6d1c_idx"
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("system", "code"), name="one_indicator_code"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Batch",
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
                                    django.core.validators.MinValueValidator(2016),
                                    django.core.validators.MaxValueValidator(2100),
                                ],
                                verbose_name="year",
                            ),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
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
                            "purpose",
                            models.CharField(
                                choices=[
                                    ("designation", "Designation (认定)"),
                                    ("spot_check", "Spot check (抽检)"),
                                ],
                                default="designation",
                                editable=False,
                                max_length=16,
                                verbose_name="purpose",
                            ),
                        ),
                        ("opens_at", models.DateTimeField(verbose_name="applications open")),
                        ("closes_at", models.DateTimeField(verbose_name="applications close")),
                        (
                            "pass_threshold",
                            models.DecimalField(
                                decimal_places=2,
                                default=Decimal("70"),
                                max_digits=5,
                                validators=[
                                    django.core.validators.MinValueValidator(Decimal("0")),
                                    django.core.validators.MaxValueValidator(Decimal("100")),
                                ],
                                verbose_name="pass threshold (score strictly above)",
                            ),
                        ),
                        (
                            "quota",
                            models.PositiveIntegerField(
                                default=20,
                                validators=[django.core.validators.MinValueValidator(1)],
                                verbose_name="quota (top N)",
                            ),
                        ),
                        (
                            "notice_days",
                            models.PositiveIntegerField(
                                default=7,
                                validators=[django.core.validators.MinValueValidator(1)],
                                verbose_name="public notice length",
                            ),
                        ),
                        (
                            "notice_day_kind",
                            models.CharField(
                                choices=[
                                    ("calendar", "Calendar days"),
                                    ("working", "Working days"),
                                ],
                                default="calendar",
                                max_length=16,
                                verbose_name="notice days are",
                            ),
                        ),
                        (
                            "third_party_report_required",
                            models.BooleanField(
                                default=False, verbose_name="third-party evaluation report required"
                            ),
                        ),
                        (
                            "evaluations_per_body",
                            models.PositiveSmallIntegerField(
                                default=15,
                                validators=[django.core.validators.MinValueValidator(1)],
                                verbose_name="evaluations per third-party evaluation body (at most)",
                            ),
                        ),
                        (
                            "experts_per_application",
                            models.PositiveSmallIntegerField(
                                default=5,
                                validators=[django.core.validators.MinValueValidator(1)],
                                verbose_name="experts per application",
                            ),
                        ),
                        (
                            "aggregation_rule",
                            models.CharField(
                                choices=[
                                    ("mean", "Mean"),
                                    ("median", "Median"),
                                    ("trimmed_mean", "Trimmed mean (highest and lowest dropped)"),
                                ],
                                default="trimmed_mean",
                                max_length=16,
                                verbose_name="aggregation of the experts' scores",
                            ),
                        ),
                        (
                            "divergence_threshold",
                            models.DecimalField(
                                decimal_places=2,
                                default=Decimal("15"),
                                max_digits=5,
                                validators=[
                                    django.core.validators.MinValueValidator(Decimal("0")),
                                    django.core.validators.MaxValueValidator(Decimal("100")),
                                ],
                                verbose_name="divergence threshold (points between highest and lowest total)",
                            ),
                        ),
                        (
                            "same_district_conflict",
                            models.BooleanField(
                                default=True,
                                verbose_name="an expert from the enterprise's district has a conflict of interest",
                            ),
                        ),
                        (
                            "tie_break",
                            models.CharField(
                                choices=[
                                    (
                                        "part_then_submission",
                                        "Higher subtotal of the tie-break part, then earlier submission",
                                    ),
                                    ("submission", "Earlier submission"),
                                ],
                                default="submission",
                                max_length=24,
                                verbose_name="ties are broken by",
                            ),
                        ),
                        (
                            "tie_break_part",
                            models.CharField(
                                blank=True,
                                help_text="For example 6 (绩效) in GB/T 36132-2018, 1 (能源低碳化) in GB/T 36132-2025.",
                                max_length=16,
                                verbose_name="tie-break part (code of a top-level part)",
                            ),
                        ),
                        (
                            "publish_scores",
                            models.BooleanField(
                                default=False,
                                help_text="Off: the notice lists the factories by district and name, in no order of rank (排名不分先后), without scores.",
                                verbose_name="scores are shown in the public notice",
                            ),
                        ),
                        (
                            "notice_bureau_contact",
                            models.CharField(
                                blank=True,
                                help_text="The bureau's office and phone, e.g. 常州市工业和信息化局节能与综合利用处 0519-…",
                                max_length=200,
                                verbose_name="contact for objections on the public notice",
                            ),
                        ),
                        (
                            "notice_discipline_contact",
                            models.CharField(
                                blank=True,
                                help_text="The discipline-inspection group and phone, e.g. 驻市工信局纪检监察组 0519-…",
                                max_length=200,
                                verbose_name="discipline-inspection contact (纪检监察) on the public notice",
                            ),
                        ),
                        (
                            "integrity_mad_k",
                            models.DecimalField(
                                decimal_places=1,
                                default=Decimal("3.5"),
                                max_digits=4,
                                validators=[
                                    django.core.validators.MinValueValidator(Decimal("1")),
                                    django.core.validators.MaxValueValidator(Decimal("20")),
                                ],
                                verbose_name="figures outside the median ± k·MAD of peers: k",
                            ),
                        ),
                        (
                            "integrity_min_peers",
                            models.PositiveSmallIntegerField(
                                default=5,
                                validators=[
                                    django.core.validators.MinValueValidator(5),
                                    django.core.validators.MaxValueValidator(100),
                                ],
                                verbose_name="peers of the same industry class needed for the peer comparison",
                            ),
                        ),
                        (
                            "integrity_jump_factor",
                            models.DecimalField(
                                decimal_places=1,
                                default=Decimal("2"),
                                max_digits=4,
                                validators=[
                                    django.core.validators.MinValueValidator(Decimal("1.1")),
                                    django.core.validators.MaxValueValidator(Decimal("100")),
                                ],
                                verbose_name="year-on-year change flagged beyond this factor",
                            ),
                        ),
                        (
                            "integrity_text_similarity",
                            models.DecimalField(
                                decimal_places=2,
                                default=Decimal("0.70"),
                                help_text="Estimated Jaccard similarity of their 5-character shingles, 0.50 to 1.",
                                max_digits=3,
                                validators=[
                                    django.core.validators.MinValueValidator(Decimal("0.50")),
                                    django.core.validators.MaxValueValidator(Decimal("1")),
                                ],
                                verbose_name="similarity of two passages flagged as copied text",
                            ),
                        ),
                        (
                            "min_years_operating",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                default=2,
                                help_text="Counted to the close of applications from the business licence's date of establishment (成立日期) and from the declared start of production (投产时间). Leave empty for no minimum.",
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(50),
                                ],
                                verbose_name="years in operation at least",
                            ),
                        ),
                        (
                            "industry_sections",
                            models.CharField(
                                blank=True,
                                default="BCD",
                                help_text="Section letters, for example BCD (mining, manufacturing, utilities). Leave empty for every industry.",
                                max_length=20,
                                validators=[
                                    django.core.validators.RegexValidator(
                                        "^[A-T]*$",
                                        "Give the sections as capital letters A–T of GB/T 4754-2017, for example BCD.",
                                    )
                                ],
                                verbose_name="industry sections that may apply (GB/T 4754-2017)",
                            ),
                        ),
                        (
                            "industry_divisions",
                            models.CharField(
                                blank=True,
                                default="",
                                help_text="Division codes separated by commas, for example 34,35,36,39. Leave empty for every division of the sections above.",
                                max_length=200,
                                validators=[
                                    django.core.validators.RegexValidator(
                                        "^([0-9]{2}(,[0-9]{2})*)?$",
                                        "Give the divisions as 2-digit codes of GB/T 4754-2017 separated by commas, e.g. 34,36.",
                                    )
                                ],
                                verbose_name="industry divisions that may apply (GB/T 4754-2017, 2 digits)",
                            ),
                        ),
                        (
                            "barred_title_level",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("city", "City-level green factory"),
                                    ("provincial", "Provincial-level green factory"),
                                    ("national", "National-level green factory"),
                                ],
                                default="city",
                                help_text="Leave empty to let title holders apply.",
                                max_length=16,
                                verbose_name="holders of a title in force of this level or higher may not apply",
                            ),
                        ),
                        (
                            "audit_within_years",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                default=3,
                                help_text="Leave empty if no audit is required.",
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(10),
                                ],
                                verbose_name="energy audit, cleaner-production audit or energy diagnosis within (years)",
                            ),
                        ),
                        (
                            "accident_grade",
                            models.CharField(
                                choices=[
                                    ("general", "Any accident (一般及以上)"),
                                    ("serious", "Serious or worse (较大及以上, GB/T 36132)"),
                                    ("major", "Major or worse (重大及以上, Changzhou 2023 call)"),
                                ],
                                default="major",
                                max_length=16,
                                verbose_name="accidents in the last three years that bar an application",
                            ),
                        ),
                        (
                            "accident_gate",
                            models.CharField(
                                blank=True,
                                default="0.2",
                                help_text="The basic requirement of the indicator system that the negative-list declaration on accidents answers, with this batch's grade: 0.2 in both GB/T 36132 systems. Leave empty to let the enterprise answer it on the self-evaluation table.",
                                max_length=20,
                                verbose_name="basic requirement on accidents (indicator code)",
                            ),
                        ),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("draft", "Draft"),
                                    ("open", "Open for applications"),
                                    ("closed", "Closed"),
                                    ("in_review", "In review"),
                                    ("ranked", "Ranked"),
                                    ("published", "Published"),
                                ],
                                default="draft",
                                max_length=16,
                                verbose_name="state",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "region",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="accounts.region",
                                verbose_name="region",
                            ),
                        ),
                        (
                            "coefficient_table",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="batches",
                                to="programme.coefficienttable",
                                verbose_name="coefficient table",
                            ),
                        ),
                        (
                            "grid_factor",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="batches",
                                to="programme.gridfactor",
                                verbose_name="grid emission factor",
                            ),
                        ),
                        (
                            "indicator_system",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="batches",
                                to="programme.indicatorsystem",
                                verbose_name="indicator system",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "batch",
                        "verbose_name_plural": "batches",
                        "ordering": ["-year", "-opens_at"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("closes_at__gt", models.F("opens_at"))),
                                name="batch_window_ordered",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="IndustryBenchmark",
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
                            "industry_code",
                            models.CharField(
                                max_length=4, verbose_name="industry (GB/T 4754 class or division)"
                            ),
                        ),
                        (
                            "product",
                            models.CharField(blank=True, max_length=100, verbose_name="product"),
                        ),
                        (
                            "product_unit",
                            models.CharField(
                                blank=True, max_length=16, verbose_name="unit of product"
                            ),
                        ),
                        (
                            "conversions",
                            models.JSONField(
                                blank=True, default=dict, verbose_name="accepted units of output"
                            ),
                        ),
                        (
                            "benchmark",
                            models.DecimalField(
                                decimal_places=6, max_digits=20, verbose_name="benchmark value"
                            ),
                        ),
                        (
                            "leading",
                            models.DecimalField(
                                decimal_places=6, max_digits=20, verbose_name="leading value"
                            ),
                        ),
                        ("source", models.TextField(blank=True, verbose_name="source")),
                        (
                            "is_default",
                            models.BooleanField(
                                default=True, verbose_name="platform default (not from a source)"
                            ),
                        ),
                        (
                            "indicator",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="industry_benchmarks",
                                to="programme.indicator",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "industry benchmark",
                        "verbose_name_plural": "industry benchmarks",
                        "ordering": ["indicator__position", "industry_code"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("indicator", "industry_code"),
                                name="one_benchmark_per_industry",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Target",
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
                            "count",
                            models.PositiveIntegerField(
                                validators=[django.core.validators.MinValueValidator(1)],
                                verbose_name="number of titles",
                            ),
                        ),
                        (
                            "by_year",
                            models.PositiveIntegerField(
                                validators=[
                                    django.core.validators.MinValueValidator(2016),
                                    django.core.validators.MaxValueValidator(2100),
                                ],
                                verbose_name="by the end of",
                            ),
                        ),
                        (
                            "from_year",
                            models.PositiveIntegerField(
                                blank=True,
                                help_text="Leave empty to count every title granted up to the deadline year.",
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(2016),
                                    django.core.validators.MaxValueValidator(2100),
                                ],
                                verbose_name="counting titles from",
                            ),
                        ),
                        ("note", models.TextField(blank=True, verbose_name="note")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="accounts.region",
                                verbose_name="region",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "target",
                        "verbose_name_plural": "targets",
                        "ordering": ["by_year", "region", "level"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("region", "level", "by_year"),
                                name="one_target_per_region_level_year",
                                violation_error_message="This region already has a target for this level and year; change that one.",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("count__gte", 1)),
                                name="target_count_positive",
                                violation_error_message="A target counts at least one title.",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("from_year__isnull", True),
                                    ("from_year__lte", models.F("by_year")),
                                    _connector="OR",
                                ),
                                name="target_years_ordered",
                                violation_error_message="The first year counted must not be after the deadline year.",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="EnergyCarrier",
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
                        ("key", models.CharField(max_length=40)),
                        ("name", models.CharField(max_length=64, verbose_name="name")),
                        (
                            "name_en",
                            models.CharField(
                                blank=True, max_length=64, verbose_name="English name"
                            ),
                        ),
                        ("unit", models.CharField(max_length=16, verbose_name="unit")),
                        (
                            "standard_coal",
                            models.DecimalField(
                                blank=True,
                                decimal_places=6,
                                max_digits=12,
                                null=True,
                                verbose_name="standard coal coefficient (kgce per unit)",
                            ),
                        ),
                        (
                            "co2",
                            models.DecimalField(
                                blank=True,
                                decimal_places=6,
                                max_digits=12,
                                null=True,
                                verbose_name="CO₂ factor (kgCO₂ per unit)",
                            ),
                        ),
                        ("is_electricity", models.BooleanField(default=False)),
                        ("is_renewable", models.BooleanField(default=False)),
                        ("is_heat", models.BooleanField(default=False)),
                        ("is_green_electricity", models.BooleanField(default=False)),
                        (
                            "certificate_kwh",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=12,
                                null=True,
                                verbose_name="kWh per certificate",
                            ),
                        ),
                        ("heat_content_measurable", models.BooleanField(default=False)),
                        (
                            "co2_per_mj",
                            models.DecimalField(
                                blank=True,
                                decimal_places=6,
                                max_digits=12,
                                null=True,
                                verbose_name="CO₂ per MJ of measured heat content (kgCO₂/MJ)",
                            ),
                        ),
                        (
                            "source",
                            models.CharField(blank=True, max_length=300, verbose_name="source"),
                        ),
                        ("position", models.PositiveIntegerField(default=0)),
                        (
                            "table",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="carriers",
                                to="programme.coefficienttable",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["table", "position"],
                        "constraints": [
                            models.UniqueConstraint(fields=("table", "key"), name="one_carrier_key")
                        ],
                    },
                ),
            ]
        ),
        migrations.RunPython(shipped_data.load, migrations.RunPython.noop),
        migrations.RunPython(
            corrected_formula_and_coefficient_tables.forward,
            corrected_formula_and_coefficient_tables.backward,
        ),
        migrations.RunPython(shipped_industry_benchmarks.load, migrations.RunPython.noop),
        migrations.RunPython(jiangsu_grid_factor_2022.forward, jiangsu_grid_factor_2022.backward),
        migrations.RunPython(zero_carbon_system.load, migrations.RunPython.noop),
        migrations.RunPython(
            natural_gas_source_in_the_2023_table.forward,
            natural_gas_source_in_the_2023_table.backward,
        ),
    ]
