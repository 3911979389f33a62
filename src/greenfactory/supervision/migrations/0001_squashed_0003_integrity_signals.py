"""supervision's migrations up to 0003_integrity_signals in one, for a fresh database
(decisions §97).

A database that has applied every migration it replaces applies nothing here; one that has
applied none runs this one instead. The tables are created in their final shape, then the data
steps of the replaced migrations run: the same functions, in the same order.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import greenfactory.core.codes
import greenfactory.supervision.models
from greenfactory.core.migration_operations import CreateModels


class Migration(migrations.Migration):
    replaces = [
        ("supervision", "0001_initial"),
        ("supervision", "0002_title_moved"),
        ("supervision", "0003_integrity_signals"),
    ]

    initial = True

    dependencies = [
        ("accounts", "0001_squashed_0008_pilot_period_credit_codes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("applications", "0001_squashed_0011_carbon_record_codes"),
        ("filings", "0001_squashed_0006_site_assessment"),
        ("programme", "0001_squashed_0020_natural_gas_source_in_the_2023_table"),
        ("titles", "0001_squashed_0006_candidacy_level"),
    ]

    operations = [
        CreateModels(
            [
                migrations.CreateModel(
                    name="IntegritySignal",
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
                                    ("same_file", "Same file, two enterprises"),
                                    ("copied_text", "Copied text"),
                                    ("peer_outlier", "Figure far from the industry's peers"),
                                    ("identical_years", "Figures identical across years"),
                                    ("year_jump", "Year-on-year jump"),
                                    (
                                        "contradicts_designation",
                                        "Filing contradicts the figures of the designation",
                                    ),
                                ],
                                max_length=32,
                                verbose_name="kind",
                            ),
                        ),
                        ("key", models.CharField(max_length=64)),
                        ("evidence", models.JSONField(default=dict)),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("open", "Open"),
                                    ("explained", "Explained"),
                                    ("referred", "Referred to the on-site audit"),
                                    ("not_relevant", "Not relevant"),
                                ],
                                default="open",
                                max_length=16,
                                verbose_name="disposition",
                            ),
                        ),
                        ("note", models.TextField(blank=True, verbose_name="note")),
                        ("disposed_at", models.DateTimeField(blank=True, null=True)),
                        ("found_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "application",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="integrity_signals",
                                to="applications.application",
                            ),
                        ),
                        (
                            "batch",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="programme.batch",
                                verbose_name="batch",
                            ),
                        ),
                        (
                            "disposed_by",
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
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="accounts.region",
                            ),
                        ),
                        (
                            "filing",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="integrity_signals",
                                to="filings.annualfiling",
                            ),
                        ),
                        (
                            "other_application",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="applications.application",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "integrity signal",
                        "ordering": ["found_at", "pk"],
                        "indexes": [
                            models.Index(
                                fields=["batch", "kind"], name="supervision_batch_i_d1e2d1_idx"
                            )
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(
                                        ("application__isnull", False), ("filing__isnull", True)
                                    ),
                                    models.Q(
                                        ("application__isnull", True), ("filing__isnull", False)
                                    ),
                                    _connector="OR",
                                ),
                                name="signal_on_application_or_filing",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("application__isnull", False)),
                                fields=("application", "kind", "key"),
                                name="one_signal_per_application_kind_key",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("filing__isnull", False)),
                                fields=("filing", "kind", "key"),
                                name="one_signal_per_filing_kind_key",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="SignalDisposition",
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
                                    ("open", "Open"),
                                    ("explained", "Explained"),
                                    ("referred", "Referred to the on-site audit"),
                                    ("not_relevant", "Not relevant"),
                                ],
                                max_length=16,
                            ),
                        ),
                        (
                            "to_state",
                            models.CharField(
                                choices=[
                                    ("open", "Open"),
                                    ("explained", "Explained"),
                                    ("referred", "Referred to the on-site audit"),
                                    ("not_relevant", "Not relevant"),
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
                            "signal",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="dispositions",
                                to="supervision.integritysignal",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["created_at", "pk"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="SpotCheck",
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
                                choices=[("random", "Random draw"), ("targeted", "Targeted")],
                                max_length=16,
                                verbose_name="drawn as",
                            ),
                        ),
                        (
                            "reason",
                            models.TextField(
                                blank=True, verbose_name="reason for a targeted check"
                            ),
                        ),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("in_progress", "Under check"),
                                    ("passed", "Passed"),
                                    ("rectifying", "Rectification ordered"),
                                    ("rectified", "Rectification reported: awaiting re-check"),
                                    ("revoked", "Title revoked"),
                                ],
                                default="in_progress",
                                max_length=16,
                                verbose_name="state",
                            ),
                        ),
                        (
                            "changes_summary",
                            models.TextField(blank=True, verbose_name="changes since the title"),
                        ),
                        (
                            "rectifications_summary",
                            models.TextField(blank=True, verbose_name="rectifications made"),
                        ),
                        ("summary_saved_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "rectify_by",
                            models.DateField(blank=True, null=True, verbose_name="rectify by"),
                        ),
                        (
                            "rectification_report",
                            models.TextField(blank=True, verbose_name="rectification report"),
                        ),
                        (
                            "decided_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="decided at"),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "application",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="spot_checks",
                                to="applications.application",
                            ),
                        ),
                        (
                            "title",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="spot_checks",
                                to="titles.title",
                            ),
                        ),
                        (
                            "round",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="checks",
                                to="supervision.spotcheckround",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "spot check",
                        "ordering": ["round", "title__enterprise__name"],
                        "indexes": [
                            models.Index(fields=["state"], name="supervision_state_613512_idx")
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("round", "title"), name="one_check_per_title_and_round"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="CheckDecision",
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
                            "from_state",
                            models.CharField(
                                choices=[
                                    ("in_progress", "Under check"),
                                    ("passed", "Passed"),
                                    ("rectifying", "Rectification ordered"),
                                    ("rectified", "Rectification reported: awaiting re-check"),
                                    ("revoked", "Title revoked"),
                                ],
                                max_length=16,
                            ),
                        ),
                        (
                            "to_state",
                            models.CharField(
                                choices=[
                                    ("in_progress", "Under check"),
                                    ("passed", "Passed"),
                                    ("rectifying", "Rectification ordered"),
                                    ("rectified", "Rectification reported: awaiting re-check"),
                                    ("revoked", "Title revoked"),
                                ],
                                max_length=16,
                            ),
                        ),
                        ("rectify_by", models.DateField(blank=True, null=True)),
                        ("at", models.DateTimeField(auto_now_add=True)),
                        (
                            "actor",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "spot_check",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="decisions",
                                to="supervision.spotcheck",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["at", "pk"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="SpotCheckRound",
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
                            "cohort_years",
                            models.PositiveSmallIntegerField(
                                default=3,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(10),
                                ],
                                verbose_name="titles not checked for at least (years)",
                            ),
                        ),
                        (
                            "levels",
                            models.JSONField(
                                default=greenfactory.supervision.models.default_levels,
                                verbose_name="title levels checked",
                            ),
                        ),
                        (
                            "sample_count",
                            models.PositiveIntegerField(
                                blank=True,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(1)],
                                verbose_name="number to draw",
                            ),
                        ),
                        (
                            "sample_ratio",
                            models.DecimalField(
                                blank=True,
                                decimal_places=3,
                                max_digits=4,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(0),
                                    django.core.validators.MaxValueValidator(1),
                                ],
                                verbose_name="share to draw",
                            ),
                        ),
                        (
                            "stratified",
                            models.BooleanField(
                                default=False, verbose_name="stratified by district"
                            ),
                        ),
                        (
                            "submission_deadline",
                            models.DateTimeField(verbose_name="the factories drawn file by"),
                        ),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("draft", "Draft: sample not drawn"),
                                    ("drawn", "Sample drawn: checks under way"),
                                    ("published", "Results published"),
                                ],
                                default="draft",
                                max_length=16,
                                verbose_name="state",
                            ),
                        ),
                        (
                            "seed",
                            models.CharField(
                                blank=True,
                                max_length=64,
                                null=True,
                                unique=True,
                                verbose_name="seed",
                            ),
                        ),
                        (
                            "method",
                            models.CharField(
                                default="sha256-v1",
                                editable=False,
                                max_length=32,
                                verbose_name="method",
                            ),
                        ),
                        (
                            "cohort_date",
                            models.DateField(blank=True, null=True, verbose_name="cohort as of"),
                        ),
                        (
                            "drawn_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="drawn at"),
                        ),
                        (
                            "published_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="results published at"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "batch",
                            models.OneToOneField(
                                blank=True,
                                editable=False,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="spot_check_round",
                                to="programme.batch",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "drawn_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "indicator_system",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="programme.indicatorsystem",
                                verbose_name="indicator system",
                            ),
                        ),
                        (
                            "reference_batch",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="programme.batch",
                                verbose_name="coefficients and review settings as in",
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
                        "verbose_name": "spot-check round",
                        "ordering": ["-year", "-created_at"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(
                                        ("sample_count__isnull", False),
                                        ("sample_ratio__isnull", True),
                                    ),
                                    models.Q(
                                        ("sample_count__isnull", True),
                                        ("sample_ratio__isnull", False),
                                    ),
                                    _connector="OR",
                                ),
                                name="round_sample_count_or_ratio",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="CohortEntry",
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
                        ("ticket", models.CharField(max_length=40)),
                        ("stratum", models.CharField(blank=True, max_length=16)),
                        ("digest", models.CharField(max_length=64)),
                        ("drawn", models.BooleanField(default=False)),
                        (
                            "title",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="titles.title",
                            ),
                        ),
                        (
                            "round",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="cohort",
                                to="supervision.spotcheckround",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["stratum", "digest"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("round", "title"), name="one_cohort_entry_per_title"
                            ),
                            models.UniqueConstraint(
                                fields=("round", "ticket"), name="one_ticket_per_round"
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="TargetedPick",
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
                        ("reason", models.TextField(verbose_name="reason")),
                        ("chosen_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "chosen_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "round",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="picks",
                                to="supervision.spotcheckround",
                            ),
                        ),
                        (
                            "title",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="titles.title",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["chosen_at", "pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("round", "title"), name="one_pick_per_title"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="TextPassage",
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
                        ("source", models.CharField(max_length=48)),
                        ("text", models.TextField()),
                        ("signature", models.BinaryField()),
                        (
                            "application",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="text_passages",
                                to="applications.application",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["application", "source"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("application", "source"), name="one_passage_per_source"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="PassageBand",
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
                        ("band", models.PositiveSmallIntegerField()),
                        ("key", models.BigIntegerField()),
                        (
                            "passage",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="bands",
                                to="supervision.textpassage",
                            ),
                        ),
                    ],
                    options={
                        "indexes": [
                            models.Index(fields=["key", "band"], name="supervision_key_710676_idx")
                        ],
                    },
                ),
            ]
        ),
    ]
