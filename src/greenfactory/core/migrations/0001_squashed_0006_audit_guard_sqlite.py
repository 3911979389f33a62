"""core's migrations up to 0006_audit_guard_sqlite in one, for a fresh database
(decisions §97).

A database that has applied every migration it replaces applies nothing here; one that has
applied none runs this one instead. The tables are created in their final shape, then the data
steps of the replaced migrations run: the same functions, in the same order.
"""

from importlib import import_module

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import greenfactory.core.codes
from greenfactory.core.migration_operations import CreateModels

# The data steps of the replaced migrations, run with the same effect.
audit_chain_guard = import_module("greenfactory.core.migrations.0002_audit_chain_guard")
audit_guard_sqlite = import_module("greenfactory.core.migrations.0006_audit_guard_sqlite")


class Migration(migrations.Migration):
    replaces = [
        ("core", "0001_initial"),
        ("core", "0002_audit_chain_guard"),
        ("core", "0003_audit_actor_untouched"),
        ("core", "0004_audit_via"),
        ("core", "0005_audit_seal"),
        ("core", "0006_audit_guard_sqlite"),
    ]

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        CreateModels(
            [
                migrations.CreateModel(
                    name="AuditChainHead",
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
                        ("seq", models.PositiveBigIntegerField(default=0)),
                        ("hash", models.CharField(max_length=64)),
                        ("seal", models.CharField(blank=True, default="", max_length=80)),
                    ],
                    options={
                        "default_permissions": (),
                    },
                ),
                migrations.CreateModel(
                    name="ExportJob",
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
                        ("kind", models.CharField(max_length=64, verbose_name="kind")),
                        ("params", models.JSONField(blank=True, default=dict)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "Queued"),
                                    ("running", "Running"),
                                    ("done", "Ready"),
                                    ("failed", "Failed"),
                                ],
                                default="queued",
                                max_length=16,
                            ),
                        ),
                        ("file", models.FileField(blank=True, upload_to="exports/%Y/%m/")),
                        ("filename", models.CharField(blank=True, max_length=200)),
                        ("error", models.TextField(blank=True)),
                        ("row_count", models.PositiveIntegerField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "requested_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="export_jobs",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "export",
                        "verbose_name_plural": "exports",
                        "ordering": ["-created_at"],
                    },
                ),
                migrations.CreateModel(
                    name="AuditEvent",
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
                            "seq",
                            models.PositiveBigIntegerField(unique=True, verbose_name="sequence"),
                        ),
                        ("created_at", models.DateTimeField(db_index=True, verbose_name="time")),
                        (
                            "actor_username",
                            models.CharField(blank=True, max_length=150, verbose_name="username"),
                        ),
                        (
                            "actor_role",
                            models.CharField(blank=True, max_length=32, verbose_name="role"),
                        ),
                        (
                            "ip",
                            models.GenericIPAddressField(
                                blank=True, null=True, verbose_name="IP address"
                            ),
                        ),
                        (
                            "via",
                            models.CharField(
                                blank=True,
                                default="",
                                max_length=40,
                                verbose_name="authenticated by",
                            ),
                        ),
                        (
                            "action",
                            models.CharField(db_index=True, max_length=100, verbose_name="action"),
                        ),
                        (
                            "object_type",
                            models.CharField(
                                blank=True, max_length=100, verbose_name="object type"
                            ),
                        ),
                        (
                            "object_id",
                            models.CharField(blank=True, max_length=64, verbose_name="object id"),
                        ),
                        (
                            "object_repr",
                            models.CharField(blank=True, max_length=300, verbose_name="object"),
                        ),
                        (
                            "changes",
                            models.JSONField(blank=True, default=dict, verbose_name="changes"),
                        ),
                        ("prev_hash", models.CharField(max_length=64)),
                        ("hash", models.CharField(max_length=64, unique=True)),
                        (
                            "seal",
                            models.CharField(
                                blank=True, default="", max_length=80, verbose_name="seal"
                            ),
                        ),
                        (
                            "actor",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="actor",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "audit entry",
                        "verbose_name_plural": "audit trail",
                        "ordering": ["-seq"],
                        "default_permissions": ("view",),
                        "indexes": [
                            models.Index(
                                fields=["object_type", "object_id"],
                                name="core_audite_object__bbabc4_idx",
                            )
                        ],
                    },
                ),
            ]
        ),
        migrations.RunPython(audit_chain_guard.create_head, migrations.RunPython.noop),
        migrations.RunPython(audit_chain_guard.guard, audit_chain_guard.unguard),
        migrations.RunPython(audit_guard_sqlite.guard, audit_guard_sqlite.unguard),
    ]
