"""recognition's migrations up to 0003_announcement_attachments in one, for a fresh database
(decisions §97).

A database that has applied every migration it replaces applies nothing here; one that has
applied none runs this one instead. The tables are created in their final shape, then the data
steps of the replaced migrations run: the same functions, in the same order.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import greenfactory.core.codes
import greenfactory.recognition.models.notice
import greenfactory.recognition.models.ranking
from greenfactory.core.migration_operations import CreateModels


class Migration(migrations.Migration):
    replaces = [
        ("recognition", "0001_initial"),
        ("recognition", "0002_training"),
        ("recognition", "0003_announcement_attachments"),
    ]

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("applications", "0001_squashed_0011_carbon_record_codes"),
        ("programme", "0001_squashed_0020_natural_gas_source_in_the_2023_table"),
    ]

    operations = [
        CreateModels(
            [
                migrations.CreateModel(
                    name="NoticeEntry",
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
                        ("position", models.PositiveIntegerField(verbose_name="number")),
                        (
                            "enterprise_name",
                            models.CharField(max_length=200, verbose_name="enterprise"),
                        ),
                        (
                            "district_name",
                            models.CharField(max_length=100, verbose_name="district"),
                        ),
                        (
                            "industry_name",
                            models.CharField(max_length=200, verbose_name="industry"),
                        ),
                        (
                            "score",
                            models.DecimalField(
                                decimal_places=2, max_digits=6, null=True, verbose_name="score"
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
                        (
                            "removed",
                            models.BooleanField(
                                default=False, verbose_name="removed from the list"
                            ),
                        ),
                        (
                            "removed_reason",
                            models.TextField(blank=True, verbose_name="reason for removal"),
                        ),
                        ("removed_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "application",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="applications.application",
                            ),
                        ),
                        (
                            "notice",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="entries",
                                to="recognition.publicnotice",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["notice", "position"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("notice", "application"), name="one_notice_entry"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("removed", False),
                                    models.Q(("removed_reason", ""), _negated=True),
                                    _connector="OR",
                                ),
                                name="notice_removal_has_reason",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Objection",
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
                        ("name", models.CharField(max_length=64, verbose_name="your name")),
                        (
                            "contact",
                            models.CharField(max_length=100, verbose_name="phone or e-mail"),
                        ),
                        ("reason", models.TextField(verbose_name="reason for the objection")),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("open", "Received"),
                                    ("investigating", "Under investigation"),
                                    ("upheld", "Upheld: the factory leaves the list"),
                                    ("dismissed", "Dismissed"),
                                ],
                                default="open",
                                max_length=16,
                                verbose_name="state",
                            ),
                        ),
                        ("client_ip", models.GenericIPAddressField(blank=True, null=True)),
                        (
                            "submitted_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="received at"),
                        ),
                        (
                            "investigation",
                            models.TextField(blank=True, verbose_name="investigation"),
                        ),
                        (
                            "outcome_reason",
                            models.TextField(blank=True, verbose_name="outcome and reason"),
                        ),
                        ("handled_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "entry",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="objections",
                                to="recognition.noticeentry",
                            ),
                        ),
                        (
                            "handled_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "notice",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="objections",
                                to="recognition.publicnotice",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "objection",
                        "ordering": ["-submitted_at", "-pk"],
                        "indexes": [
                            models.Index(
                                fields=["notice", "state"], name="recognition_notice__b05a16_idx"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ObjectionAttachment",
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
                            "file",
                            models.FileField(
                                upload_to=greenfactory.recognition.models.notice.objection_file_path
                            ),
                        ),
                        ("original_name", models.CharField(max_length=200)),
                        ("content_type", models.CharField(max_length=100)),
                        ("size", models.PositiveIntegerField()),
                        ("sha256", models.CharField(max_length=64)),
                        (
                            "objection",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="attachments",
                                to="recognition.objection",
                            ),
                        ),
                    ],
                ),
                migrations.CreateModel(
                    name="PublicNotice",
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
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        ("body", models.TextField(verbose_name="notice text")),
                        ("how_to_object", models.TextField(verbose_name="how to object")),
                        ("starts_on", models.DateField(verbose_name="notice starts")),
                        ("ends_on", models.DateField(verbose_name="notice ends")),
                        ("days", models.PositiveIntegerField(verbose_name="length")),
                        (
                            "day_kind",
                            models.CharField(
                                choices=[
                                    ("calendar", "Calendar days"),
                                    ("working", "Working days"),
                                ],
                                max_length=16,
                                verbose_name="days are",
                            ),
                        ),
                        ("publish_scores", models.BooleanField(verbose_name="scores shown")),
                        (
                            "bureau_contact",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="contact for objections"
                            ),
                        ),
                        (
                            "discipline_contact",
                            models.CharField(
                                blank=True,
                                max_length=200,
                                verbose_name="discipline-inspection contact (纪检监察)",
                            ),
                        ),
                        (
                            "state",
                            models.CharField(
                                choices=[("open", "Open for objections"), ("closed", "Closed")],
                                default="open",
                                max_length=16,
                                verbose_name="state",
                            ),
                        ),
                        (
                            "published_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="published at"),
                        ),
                        (
                            "closed_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="closed at"),
                        ),
                        (
                            "batch",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="public_notice",
                                to="programme.batch",
                            ),
                        ),
                        (
                            "closed_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
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
                        "verbose_name": "public notice",
                        "ordering": ["-starts_on", "-pk"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("ends_on__gte", models.F("starts_on"))),
                                name="notice_period_ordered",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Ranking",
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
                        ("number", models.PositiveIntegerField(verbose_name="computation")),
                        (
                            "threshold",
                            models.DecimalField(
                                decimal_places=2, max_digits=5, verbose_name="pass threshold"
                            ),
                        ),
                        ("quota", models.PositiveIntegerField(verbose_name="quota")),
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
                                max_length=24,
                                verbose_name="ties broken by",
                            ),
                        ),
                        (
                            "tie_break_part",
                            models.CharField(
                                blank=True, max_length=16, verbose_name="tie-break part"
                            ),
                        ),
                        (
                            "candidates",
                            models.PositiveIntegerField(verbose_name="applications considered"),
                        ),
                        ("eligible_count", models.PositiveIntegerField(verbose_name="eligible")),
                        (
                            "computed_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="computed at"),
                        ),
                        (
                            "batch",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="rankings",
                                to="programme.batch",
                            ),
                        ),
                        (
                            "computed_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "ranking",
                        "ordering": ["batch", "-number"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("batch", "number"), name="one_ranking_number"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ProposalChange",
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
                        ("include", models.BooleanField(verbose_name="include in the proposal")),
                        ("reason", models.TextField(verbose_name="reason")),
                        ("proposed_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "application",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="applications.application",
                            ),
                        ),
                        (
                            "proposed_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "ranking",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="changes",
                                to="recognition.ranking",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["proposed_at", "pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("ranking", "application"), name="one_change_per_application"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="PartyGroupDecision",
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
                        ("meeting_on", models.DateField(verbose_name="meeting date")),
                        (
                            "minutes_reference",
                            models.CharField(max_length=100, verbose_name="minutes reference"),
                        ),
                        (
                            "minutes",
                            models.FileField(
                                blank=True,
                                upload_to=greenfactory.recognition.models.ranking.minutes_path,
                                verbose_name="minutes",
                            ),
                        ),
                        ("minutes_name", models.CharField(blank=True, max_length=200)),
                        ("minutes_sha256", models.CharField(blank=True, max_length=64)),
                        ("recorded_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "batch",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="party_group_decision",
                                to="programme.batch",
                            ),
                        ),
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
                            "ranking",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="recognition.ranking",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "party-group decision",
                    },
                ),
                migrations.CreateModel(
                    name="RankingEntry",
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
                            "score",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=6,
                                null=True,
                                verbose_name="final score",
                            ),
                        ),
                        (
                            "tie_value",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=6,
                                null=True,
                                verbose_name="tie-break subtotal",
                            ),
                        ),
                        ("eligible", models.BooleanField(verbose_name="eligible")),
                        ("position", models.PositiveIntegerField(null=True, verbose_name="rank")),
                        (
                            "proposed",
                            models.BooleanField(verbose_name="proposed by the computation"),
                        ),
                        ("reasons", models.JSONField(default=list, verbose_name="why")),
                        (
                            "application",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="ranking_entries",
                                to="applications.application",
                            ),
                        ),
                        (
                            "ranking",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="entries",
                                to="recognition.ranking",
                            ),
                        ),
                    ],
                    options={
                        "ordering": [
                            "ranking",
                            models.OrderBy(models.F("position"), nulls_last=True),
                            "-score",
                            "pk",
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("ranking", "application"), name="one_entry_per_ranking"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="DecisionEntry",
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
                        ("proposed", models.BooleanField(verbose_name="in the proposal")),
                        ("included", models.BooleanField(verbose_name="decided")),
                        (
                            "reason",
                            models.TextField(blank=True, verbose_name="reason for the difference"),
                        ),
                        ("position", models.PositiveIntegerField(verbose_name="order")),
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
                        (
                            "application",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="applications.application",
                            ),
                        ),
                        (
                            "decision",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="entries",
                                to="recognition.partygroupdecision",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["decision", "position"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("decision", "application"),
                                name="one_decision_per_application",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("proposed", models.F("included")),
                                    models.Q(("reason", ""), _negated=True),
                                    _connector="OR",
                                ),
                                name="decision_difference_has_reason",
                            ),
                        ],
                    },
                ),
            ]
        ),
    ]
