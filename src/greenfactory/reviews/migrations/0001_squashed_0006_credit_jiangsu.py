"""reviews's migrations up to 0006_credit_jiangsu in one, for a fresh database
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
import greenfactory.reviews.models.audit
import greenfactory.reviews.models.district
from greenfactory.core.migration_operations import CreateModels


class Migration(migrations.Migration):
    replaces = [
        ("reviews", "0001_initial"),
        ("reviews", "0002_siteaudit_auditphoto_auditfinding_siteauditmember"),
        ("reviews", "0003_expertassignment_expertprofile_expertresult_and_more"),
        ("reviews", "0004_third_party_evaluation"),
        ("reviews", "0005_expert_result_short_reason"),
        ("reviews", "0006_credit_jiangsu"),
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
                    name="DistrictReview",
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
                        ("version", models.PositiveIntegerField(verbose_name="version")),
                        (
                            "materials_complete",
                            models.BooleanField(
                                blank=True, null=True, verbose_name="materials complete"
                            ),
                        ),
                        (
                            "gates_verified",
                            models.BooleanField(
                                blank=True,
                                null=True,
                                verbose_name="basic requirements and negative list verified",
                            ),
                        ),
                        (
                            "credit_china_on",
                            models.DateField(
                                blank=True, null=True, verbose_name="信用中国 checked on"
                            ),
                        ),
                        (
                            "credit_china_result",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("clean", "No adverse record"),
                                    ("listed", "Adverse record found"),
                                ],
                                max_length=8,
                                verbose_name="信用中国 result",
                            ),
                        ),
                        (
                            "credit_gsxt_on",
                            models.DateField(
                                blank=True,
                                null=True,
                                verbose_name="国家企业信用信息公示系统 checked on",
                            ),
                        ),
                        (
                            "credit_gsxt_result",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("clean", "No adverse record"),
                                    ("listed", "Adverse record found"),
                                ],
                                max_length=8,
                                verbose_name="国家企业信用信息公示系统 result",
                            ),
                        ),
                        (
                            "credit_jiangsu_on",
                            models.DateField(
                                blank=True, null=True, verbose_name="信用江苏 checked on"
                            ),
                        ),
                        (
                            "credit_jiangsu_result",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("clean", "No adverse record"),
                                    ("listed", "Adverse record found"),
                                ],
                                max_length=8,
                                verbose_name="信用江苏 result",
                            ),
                        ),
                        ("notes", models.TextField(blank=True, verbose_name="notes")),
                        (
                            "decision",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("recommended", "Recommended"),
                                    ("returned", "Returned for revision"),
                                    ("rejected", "Not recommended"),
                                ],
                                max_length=12,
                                verbose_name="decision",
                            ),
                        ),
                        ("reason", models.TextField(blank=True, verbose_name="reason")),
                        (
                            "decided_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="decided at"),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "application",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="district_reviews",
                                to="applications.application",
                            ),
                        ),
                        (
                            "reviewer",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "district pre-review",
                        "ordering": ["application", "-version"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("application", "version"), name="one_review_per_version"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ExpertAssignment",
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
                            "assigned_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="assigned at"),
                        ),
                        (
                            "method",
                            models.CharField(
                                choices=[
                                    ("manual", "Assigned by an officer"),
                                    ("automatic", "Assigned automatically"),
                                ],
                                default="manual",
                                max_length=16,
                                verbose_name="method",
                            ),
                        ),
                        (
                            "submitted_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="submitted at"
                            ),
                        ),
                        (
                            "application",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="expert_assignments",
                                to="applications.application",
                            ),
                        ),
                        (
                            "assigned_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "expert",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="expert_assignments",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "expert assignment",
                        "ordering": ["application", "pk"],
                        "indexes": [
                            models.Index(
                                fields=["expert", "submitted_at"],
                                name="reviews_exp_expert__aa8a9c_idx",
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("application", "expert"), name="one_assignment_per_expert"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ExpertProfile",
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
                            "max_concurrent",
                            models.PositiveSmallIntegerField(
                                default=5,
                                validators=[django.core.validators.MinValueValidator(1)],
                                verbose_name="maximum open assignments",
                            ),
                        ),
                        (
                            "available",
                            models.BooleanField(
                                default=True, verbose_name="available for assignment"
                            ),
                        ),
                        (
                            "employer",
                            models.CharField(blank=True, max_length=200, verbose_name="employer"),
                        ),
                        ("notes", models.TextField(blank=True, verbose_name="notes")),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "district",
                            models.ForeignKey(
                                blank=True,
                                limit_choices_to={"level": "district"},
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="accounts.region",
                                verbose_name="district of residence or work",
                            ),
                        ),
                        (
                            "specialties",
                            models.ManyToManyField(
                                blank=True,
                                limit_choices_to={"parent__isnull": False},
                                related_name="+",
                                to="accounts.industry",
                                verbose_name="specialties (industry divisions)",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="expert_profile",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "expert profile",
                        "ordering": ["user__username"],
                    },
                ),
                migrations.CreateModel(
                    name="ExpertResult",
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
                                blank=True,
                                decimal_places=2,
                                max_digits=6,
                                null=True,
                                verbose_name="expert score",
                            ),
                        ),
                        (
                            "rule",
                            models.CharField(
                                choices=[
                                    ("mean", "Mean"),
                                    ("median", "Median"),
                                    ("trimmed_mean", "Trimmed mean (highest and lowest dropped)"),
                                ],
                                max_length=16,
                                verbose_name="aggregation used",
                            ),
                        ),
                        ("expert_count", models.PositiveSmallIntegerField(verbose_name="experts")),
                        (
                            "divergent",
                            models.BooleanField(default=False, verbose_name="experts diverge"),
                        ),
                        (
                            "totals",
                            models.JSONField(default=list, verbose_name="each expert's total"),
                        ),
                        (
                            "short_reason",
                            models.TextField(
                                blank=True,
                                verbose_name="reason for completing with fewer experts than the batch asks for",
                            ),
                        ),
                        (
                            "computed_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="computed at"),
                        ),
                        (
                            "application",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="expert_result",
                                to="applications.application",
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
                        "verbose_name": "expert review result",
                    },
                ),
                migrations.CreateModel(
                    name="ExpertScore",
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
                                verbose_name="points",
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
                        ("comment", models.TextField(blank=True, verbose_name="comment")),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "assignment",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="scores",
                                to="reviews.expertassignment",
                            ),
                        ),
                        (
                            "indicator",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="programme.indicator",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["indicator__position"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("assignment", "indicator"),
                                name="one_expert_score_per_indicator",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="IndicatorComment",
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
                        ("comment", models.TextField(verbose_name="comment")),
                        (
                            "indicator",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="programme.indicator",
                            ),
                        ),
                        (
                            "review",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="comments",
                                to="reviews.districtreview",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["indicator__position"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("review", "indicator"), name="one_comment_per_indicator"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="RecommendationLetter",
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
                                upload_to=greenfactory.reviews.models.district.letter_path
                            ),
                        ),
                        ("original_name", models.CharField(max_length=200)),
                        ("sha256", models.CharField(max_length=64)),
                        ("uploaded_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "batch",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="programme.batch",
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
                        "ordering": ["-uploaded_at"],
                    },
                ),
                migrations.CreateModel(
                    name="RecommendationRank",
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
                        ("rank", models.PositiveIntegerField(verbose_name="rank")),
                        (
                            "application",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="recommendation_rank",
                                to="applications.application",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["rank"],
                    },
                ),
                migrations.CreateModel(
                    name="SiteAudit",
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
                        ("version", models.PositiveIntegerField(verbose_name="version")),
                        ("scheduled_for", models.DateTimeField(verbose_name="date and time")),
                        ("location", models.CharField(max_length=300, verbose_name="place")),
                        (
                            "status",
                            models.CharField(
                                choices=[("scheduled", "Scheduled"), ("completed", "Completed")],
                                default="scheduled",
                                max_length=16,
                                verbose_name="status",
                            ),
                        ),
                        ("conclusion", models.TextField(blank=True, verbose_name="conclusion")),
                        (
                            "completed_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="completed at"
                            ),
                        ),
                        (
                            "record",
                            models.FileField(
                                blank=True,
                                upload_to=greenfactory.reviews.models.audit.audit_file_path,
                                verbose_name="audit record",
                            ),
                        ),
                        (
                            "acknowledged_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="acknowledged at"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "acknowledged_by",
                            models.ForeignKey(
                                blank=True,
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
                                related_name="site_audits",
                                to="applications.application",
                            ),
                        ),
                        (
                            "scheduled_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "site audit",
                        "verbose_name_plural": "site audits",
                        "ordering": ["-scheduled_for"],
                    },
                ),
                migrations.CreateModel(
                    name="AuditPhoto",
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
                                upload_to=greenfactory.reviews.models.audit.audit_file_path
                            ),
                        ),
                        ("original_name", models.CharField(max_length=200)),
                        ("content_type", models.CharField(max_length=100)),
                        ("sha256", models.CharField(max_length=64)),
                        ("uploaded_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "indicator",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
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
                        (
                            "audit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="photos",
                                to="reviews.siteaudit",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["uploaded_at"],
                    },
                ),
                migrations.CreateModel(
                    name="AuditFinding",
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
                            "methods",
                            models.JSONField(blank=True, default=list, verbose_name="methods"),
                        ),
                        (
                            "enterprise_score",
                            models.DecimalField(
                                blank=True, decimal_places=2, max_digits=6, null=True
                            ),
                        ),
                        (
                            "enterprise_value",
                            models.DecimalField(
                                blank=True, decimal_places=6, max_digits=20, null=True
                            ),
                        ),
                        (
                            "verified_met",
                            models.BooleanField(blank=True, null=True, verbose_name="verified met"),
                        ),
                        (
                            "verified_score",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=6,
                                null=True,
                                verbose_name="verified score",
                            ),
                        ),
                        (
                            "verified_value",
                            models.DecimalField(
                                blank=True,
                                decimal_places=6,
                                max_digits=20,
                                null=True,
                                verbose_name="verified value",
                            ),
                        ),
                        (
                            "change_reason",
                            models.TextField(blank=True, verbose_name="reason for the change"),
                        ),
                        ("finding", models.TextField(blank=True, verbose_name="finding")),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "indicator",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="programme.indicator",
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
                            "audit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="findings",
                                to="reviews.siteaudit",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["indicator__position"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("audit", "indicator"), name="one_finding_per_indicator"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="SiteAuditMember",
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
                        ("is_lead", models.BooleanField(default=False, verbose_name="team leader")),
                        (
                            "audit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="members",
                                to="reviews.siteaudit",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("audit", "user"), name="one_membership_per_audit"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ThirdPartyEvaluation",
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
                            "purpose",
                            models.CharField(
                                choices=[
                                    ("application", "Evaluation of an application"),
                                    ("spot_check", "Spot check (抽检)"),
                                ],
                                editable=False,
                                max_length=16,
                                verbose_name="purpose",
                            ),
                        ),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("commissioned", "Commissioned"),
                                    ("submitted", "Report submitted"),
                                    ("refused", "Declined by the body"),
                                    ("withdrawn", "Withdrawn by the bureau"),
                                ],
                                default="commissioned",
                                max_length=16,
                                verbose_name="state",
                            ),
                        ),
                        ("commissioned_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "basic_information",
                            models.TextField(
                                blank=True, verbose_name="basic information of the enterprise"
                            ),
                        ),
                        (
                            "process",
                            models.TextField(blank=True, verbose_name="evaluation process"),
                        ),
                        ("highlights", models.TextField(blank=True, verbose_name="highlights")),
                        ("conclusion", models.TextField(blank=True, verbose_name="conclusion")),
                        (
                            "independence_declared",
                            models.BooleanField(
                                default=False, verbose_name="declaration of independence signed"
                            ),
                        ),
                        (
                            "responsible_person",
                            models.CharField(
                                blank=True,
                                max_length=64,
                                verbose_name="responsible person (signature)",
                            ),
                        ),
                        (
                            "signed_on",
                            models.DateField(
                                blank=True, null=True, verbose_name="date of signature"
                            ),
                        ),
                        (
                            "submitted_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="submitted at"
                            ),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "application",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="third_party_evaluations",
                                to="applications.application",
                            ),
                        ),
                        (
                            "body",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="evaluations",
                                to="accounts.evaluationbody",
                                verbose_name="third-party evaluation body",
                            ),
                        ),
                        (
                            "commissioned_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
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
                        "verbose_name": "third-party evaluation",
                        "verbose_name_plural": "third-party evaluations",
                        "ordering": ["-commissioned_at", "-pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("state__in", ["commissioned", "submitted"])),
                                fields=("application", "body"),
                                name="one_live_evaluation_per_body_and_application",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="EvaluationStateChange",
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
                                    ("commissioned", "Commissioned"),
                                    ("submitted", "Report submitted"),
                                    ("refused", "Declined by the body"),
                                    ("withdrawn", "Withdrawn by the bureau"),
                                ],
                                max_length=16,
                            ),
                        ),
                        (
                            "to_state",
                            models.CharField(
                                choices=[
                                    ("commissioned", "Commissioned"),
                                    ("submitted", "Report submitted"),
                                    ("refused", "Declined by the body"),
                                    ("withdrawn", "Withdrawn by the bureau"),
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
                            "evaluation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="history",
                                to="reviews.thirdpartyevaluation",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["created_at", "pk"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="EvaluationItem",
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
                        ("met", models.BooleanField(blank=True, null=True, verbose_name="met")),
                        (
                            "score",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=6,
                                null=True,
                                verbose_name="score",
                            ),
                        ),
                        ("note", models.TextField(blank=True, verbose_name="note")),
                        (
                            "indicator",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="programme.indicator",
                            ),
                        ),
                        (
                            "evaluation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="items",
                                to="reviews.thirdpartyevaluation",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["indicator__position"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("evaluation", "indicator"),
                                name="one_item_per_evaluation_indicator",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ConflictDeclaration",
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
                                    ("enterprise", "Works for or advises the enterprise"),
                                    ("group", "Same corporate group as the enterprise"),
                                    ("agency", "Works for or with the consulting agency"),
                                    ("former_employer", "Former employer of the expert"),
                                    ("relative", "A relative of the expert works there"),
                                    ("other", "Other"),
                                ],
                                max_length=16,
                                verbose_name="kind",
                            ),
                        ),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        (
                            "declared_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="declared at"),
                        ),
                        (
                            "agency",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="accounts.agency",
                                verbose_name="consulting agency",
                            ),
                        ),
                        (
                            "enterprise",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="accounts.enterprise",
                                verbose_name="enterprise",
                            ),
                        ),
                        (
                            "expert",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="conflict_declarations",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "conflict of interest declaration",
                        "ordering": ["-declared_at", "-pk"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("enterprise__isnull", False),
                                    ("agency__isnull", False),
                                    _connector="OR",
                                ),
                                name="conflict_names_a_party",
                            )
                        ],
                    },
                ),
            ]
        ),
    ]
