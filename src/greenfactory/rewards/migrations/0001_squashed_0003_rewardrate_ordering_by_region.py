"""rewards's migrations up to 0003_rewardrate_ordering_by_region in one, for a fresh database
(decisions §97).

A database that has applied every migration it replaces applies nothing here; one that has
applied none runs this one instead. The tables are created in their final shape, then the data
steps of the replaced migrations run: the same functions, in the same order.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import greenfactory.core.codes
from greenfactory.core.migration_operations import CreateModels


class Migration(migrations.Migration):
    replaces = [
        ("rewards", "0001_initial"),
        ("rewards", "0002_title_moved"),
        ("rewards", "0003_rewardrate_ordering_by_region"),
    ]

    initial = True

    dependencies = [
        ("accounts", "0001_squashed_0008_pilot_period_credit_codes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("titles", "0001_squashed_0006_candidacy_level"),
    ]

    operations = [
        CreateModels(
            [
                migrations.CreateModel(
                    name="RewardRate",
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
                        ("year_from", models.PositiveIntegerField(verbose_name="from year")),
                        (
                            "year_to",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="to year"
                            ),
                        ),
                        (
                            "amount",
                            models.DecimalField(
                                decimal_places=2, max_digits=12, verbose_name="amount (yuan)"
                            ),
                        ),
                        ("source", models.CharField(max_length=300, verbose_name="source")),
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
                        "verbose_name": "reward rate",
                        "ordering": ["region", "level", "year_from"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("region", "level", "year_from"),
                                name="one_reward_rate_per_start",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("year_to__isnull", True),
                                    ("year_to__gte", models.F("year_from")),
                                    _connector="OR",
                                ),
                                name="reward_rate_years_ordered",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("amount__gte", 0)),
                                name="reward_rate_not_negative",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="LedgerEntry",
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
                        ("year", models.PositiveIntegerField(verbose_name="year")),
                        (
                            "rate_amount",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=12,
                                null=True,
                                verbose_name="rate (yuan)",
                            ),
                        ),
                        (
                            "deducted",
                            models.DecimalField(
                                decimal_places=2,
                                default=0,
                                max_digits=12,
                                verbose_name="deducted (yuan)",
                            ),
                        ),
                        ("deductions", models.JSONField(blank=True, default=list)),
                        (
                            "amount_due",
                            models.DecimalField(
                                decimal_places=2, max_digits=12, verbose_name="amount due (yuan)"
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("due", "Due"),
                                    ("approved", "Approved"),
                                    ("paid", "Paid"),
                                    ("cancelled", "Cancelled"),
                                ],
                                default="due",
                                max_length=16,
                                verbose_name="status",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("recalculated_at", models.DateTimeField(blank=True, null=True)),
                        ("approved_at", models.DateTimeField(blank=True, null=True)),
                        ("paid_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "paid_on",
                            models.DateField(blank=True, null=True, verbose_name="paid on"),
                        ),
                        (
                            "payment_reference",
                            models.CharField(
                                blank=True, max_length=64, verbose_name="payment reference"
                            ),
                        ),
                        ("cancelled_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "cancel_reason",
                            models.TextField(blank=True, verbose_name="reason for cancelling"),
                        ),
                        (
                            "approved_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "cancelled_by",
                            models.ForeignKey(
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
                                related_name="ledger_entries",
                                to="accounts.enterprise",
                                verbose_name="enterprise",
                            ),
                        ),
                        (
                            "paid_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "title",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="ledger_entry",
                                to="titles.title",
                                verbose_name="title",
                            ),
                        ),
                        (
                            "rate",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="entries",
                                to="rewards.rewardrate",
                                verbose_name="rate",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "ledger entry",
                        "verbose_name_plural": "ledger entries",
                        "ordering": ["-year", "pk"],
                        "indexes": [
                            models.Index(
                                fields=["year", "status"], name="rewards_led_year_084d71_idx"
                            ),
                            models.Index(
                                fields=["enterprise", "status"],
                                name="rewards_led_enterpr_e1d465_idx",
                            ),
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("amount_due__gte", 0)),
                                name="ledger_amount_due_not_negative",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("deducted__gte", 0)),
                                name="ledger_deducted_not_negative",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("approved_by__isnull", True),
                                    models.Q(
                                        ("approved_by", models.F("created_by")), _negated=True
                                    ),
                                    _connector="OR",
                                ),
                                name="ledger_approver_is_not_creator",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("status__in", ["approved", "paid"]), _negated=True),
                                    models.Q(
                                        ("approved_at__isnull", False),
                                        ("approved_by__isnull", False),
                                    ),
                                    _connector="OR",
                                ),
                                name="ledger_approved_has_approver",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("status", "paid"), _negated=True),
                                    models.Q(
                                        ("paid_at__isnull", False),
                                        ("paid_on__isnull", False),
                                        models.Q(("payment_reference", ""), _negated=True),
                                    ),
                                    _connector="OR",
                                ),
                                name="ledger_paid_has_payment",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("status", "cancelled"), _negated=True),
                                    models.Q(("cancel_reason", ""), _negated=True),
                                    _connector="OR",
                                ),
                                name="ledger_cancelled_has_reason",
                            ),
                        ],
                    },
                ),
            ]
        ),
    ]
