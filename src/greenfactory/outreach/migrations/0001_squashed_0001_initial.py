"""outreach's migrations up to 0001_initial in one, for a fresh database
(decisions §97).

A database that has applied every migration it replaces applies nothing here; one that has
applied none runs this one instead. The tables are created in their final shape, then the data
steps of the replaced migrations run: the same functions, in the same order.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import greenfactory.core.codes
import greenfactory.outreach.models.announcements
from greenfactory.core.migration_operations import CreateModels


class Migration(migrations.Migration):
    replaces = [("outreach", "0001_initial")]

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
                    name="Announcement",
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
                        ("body", models.TextField(verbose_name="text")),
                        (
                            "published_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="published at"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "batch",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
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
                            "region",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="accounts.region",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "announcement",
                        "db_table": "recognition_announcement",
                        "ordering": [
                            models.OrderBy(
                                models.F("published_at"), descending=True, nulls_first=True
                            ),
                            "-pk",
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="AnnouncementAttachment",
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
                                upload_to=greenfactory.outreach.models.announcements.announcement_file_path
                            ),
                        ),
                        (
                            "original_name",
                            models.CharField(max_length=200, verbose_name="file name"),
                        ),
                        ("content_type", models.CharField(max_length=100)),
                        ("size", models.PositiveIntegerField(verbose_name="size")),
                        ("sha256", models.CharField(max_length=64)),
                        ("uploaded_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "announcement",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="attachments",
                                to="outreach.announcement",
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
                        "verbose_name": "announcement attachment",
                        "db_table": "recognition_announcementattachment",
                        "ordering": ["pk"],
                    },
                ),
                migrations.CreateModel(
                    name="TrainingEvent",
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
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        ("starts_at", models.DateTimeField(verbose_name="starts at")),
                        ("ends_at", models.DateTimeField(verbose_name="ends at")),
                        ("place", models.CharField(max_length=300, verbose_name="place")),
                        ("capacity", models.PositiveIntegerField(verbose_name="seats")),
                        (
                            "registration_closes_at",
                            models.DateTimeField(verbose_name="registration closes at"),
                        ),
                        (
                            "published_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="published at"
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
                            "region",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="accounts.region",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "training event",
                        "db_table": "recognition_trainingevent",
                        "ordering": ["-starts_at", "-pk"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("ends_at__gte", models.F("starts_at"))),
                                name="training_event_ends_after_start",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("registration_closes_at__lte", models.F("starts_at"))
                                ),
                                name="training_registration_closes_before_start",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("capacity__gte", 1)), name="training_has_a_seat"
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Registration",
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
                        ("attendee_name", models.CharField(max_length=64, verbose_name="attendee")),
                        (
                            "attendee_phone",
                            models.CharField(max_length=32, verbose_name="attendee's phone"),
                        ),
                        (
                            "registered_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="registered at"),
                        ),
                        (
                            "cancelled_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="cancelled at"
                            ),
                        ),
                        (
                            "attended",
                            models.BooleanField(blank=True, null=True, verbose_name="attended"),
                        ),
                        (
                            "enterprise",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="training_registrations",
                                to="accounts.enterprise",
                            ),
                        ),
                        (
                            "registered_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "event",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="registrations",
                                to="outreach.trainingevent",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "training registration",
                        "db_table": "recognition_registration",
                        "ordering": ["registered_at", "pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("cancelled_at__isnull", True)),
                                fields=("event", "enterprise"),
                                name="one_active_registration_per_enterprise",
                            )
                        ],
                    },
                ),
            ]
        ),
    ]
