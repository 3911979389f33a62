"""accounts's migrations up to 0008_pilot_period_credit_codes in one, for a fresh database
(decisions §97).

A database that has applied every migration it replaces applies nothing here; one that has
applied none runs this one instead. The tables are created in their final shape, then the data
steps of the replaced migrations run: the same functions, in the same order.
"""

from importlib import import_module

import django.contrib.auth.models
import django.contrib.auth.validators
import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import greenfactory.accounts.uscc
import greenfactory.core.codes
from greenfactory.core.migration_operations import CreateModels

# The data steps of the replaced migrations, run with the same effect.
reference_data = import_module("greenfactory.accounts.migrations.0002_reference_data")


class Migration(migrations.Migration):
    replaces = [
        ("accounts", "0001_initial"),
        ("accounts", "0002_reference_data"),
        ("accounts", "0003_enterprise_bar"),
        ("accounts", "0004_password_age_and_history"),
        ("accounts", "0005_activations"),
        ("accounts", "0006_consulting_agency_and_evaluation_body"),
        ("accounts", "0007_enterprise_established_on"),
        ("accounts", "0008_pilot_period_credit_codes"),
    ]

    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        CreateModels(
            [
                migrations.CreateModel(
                    name="Agency",
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
                            "uscc",
                            models.CharField(
                                max_length=18,
                                unique=True,
                                validators=[greenfactory.accounts.uscc.validate_uscc],
                                verbose_name="unified social credit code",
                            ),
                        ),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        (
                            "legal_representative",
                            models.CharField(
                                blank=True, max_length=64, verbose_name="legal representative"
                            ),
                        ),
                        (
                            "contact_person",
                            models.CharField(
                                blank=True, max_length=64, verbose_name="contact person"
                            ),
                        ),
                        (
                            "phone",
                            models.CharField(
                                blank=True,
                                max_length=32,
                                validators=[
                                    django.core.validators.RegexValidator(
                                        "^(1[3-9]\\d{9}|0\\d{2,3}-?\\d{7,8}(-\\d{1,6})?)$",
                                        "Enter a mobile number (11 digits) or a landline such as 0519-86981234.",
                                    )
                                ],
                                verbose_name="phone",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        "verbose_name": "consulting agency",
                        "verbose_name_plural": "consulting agencies",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="EvaluationBody",
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
                            "uscc",
                            models.CharField(
                                max_length=18,
                                unique=True,
                                validators=[greenfactory.accounts.uscc.validate_uscc],
                                verbose_name="unified social credit code",
                            ),
                        ),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        (
                            "legal_representative",
                            models.CharField(max_length=64, verbose_name="legal representative"),
                        ),
                        (
                            "responsible_person",
                            models.CharField(
                                blank=True, max_length=64, verbose_name="responsible person"
                            ),
                        ),
                        (
                            "phone",
                            models.CharField(
                                blank=True,
                                max_length=32,
                                validators=[
                                    django.core.validators.RegexValidator(
                                        "^(1[3-9]\\d{9}|0\\d{2,3}-?\\d{7,8}(-\\d{1,6})?)$",
                                        "Enter a mobile number (11 digits) or a landline such as 0519-86981234.",
                                    )
                                ],
                                verbose_name="phone",
                            ),
                        ),
                        (
                            "suspended_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="suspended at"
                            ),
                        ),
                        (
                            "suspension_reason",
                            models.TextField(blank=True, verbose_name="reason for the suspension"),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        "verbose_name": "third-party evaluation body",
                        "verbose_name_plural": "third-party evaluation bodies",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="User",
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
                        ("password", models.CharField(max_length=128, verbose_name="password")),
                        (
                            "last_login",
                            models.DateTimeField(blank=True, null=True, verbose_name="last login"),
                        ),
                        (
                            "is_superuser",
                            models.BooleanField(
                                default=False,
                                help_text="Designates that this user has all permissions without explicitly assigning them.",
                                verbose_name="superuser status",
                            ),
                        ),
                        (
                            "username",
                            models.CharField(
                                error_messages={
                                    "unique": "A user with that username already exists."
                                },
                                help_text="Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.",
                                max_length=150,
                                unique=True,
                                validators=[
                                    django.contrib.auth.validators.UnicodeUsernameValidator()
                                ],
                                verbose_name="username",
                            ),
                        ),
                        (
                            "first_name",
                            models.CharField(blank=True, max_length=150, verbose_name="first name"),
                        ),
                        (
                            "last_name",
                            models.CharField(blank=True, max_length=150, verbose_name="last name"),
                        ),
                        (
                            "email",
                            models.EmailField(
                                blank=True, max_length=254, verbose_name="email address"
                            ),
                        ),
                        (
                            "is_staff",
                            models.BooleanField(
                                default=False,
                                help_text="Designates whether the user can log into this admin site.",
                                verbose_name="staff status",
                            ),
                        ),
                        (
                            "is_active",
                            models.BooleanField(
                                default=True,
                                help_text="Designates whether this user should be treated as active. Unselect this instead of deleting accounts.",
                                verbose_name="active",
                            ),
                        ),
                        (
                            "date_joined",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="date joined"
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
                            "role",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("enterprise", "Enterprise user"),
                                    ("agency", "Consulting agency"),
                                    ("district_officer", "District bureau officer"),
                                    ("city_officer", "City bureau officer"),
                                    ("expert", "Expert"),
                                    ("evaluator", "Third-party evaluation body"),
                                    ("system_admin", "System administrator"),
                                    ("security_admin", "Security administrator"),
                                    ("audit_admin", "Audit administrator"),
                                ],
                                max_length=32,
                                verbose_name="role",
                            ),
                        ),
                        (
                            "phone",
                            models.CharField(
                                blank=True,
                                max_length=32,
                                validators=[
                                    django.core.validators.RegexValidator(
                                        "^(1[3-9]\\d{9}|0\\d{2,3}-?\\d{7,8}(-\\d{1,6})?)$",
                                        "Enter a mobile number (11 digits) or a landline such as 0519-86981234.",
                                    )
                                ],
                                verbose_name="phone",
                            ),
                        ),
                        (
                            "password_changed_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now,
                                verbose_name="password changed at",
                            ),
                        ),
                        (
                            "must_change_password",
                            models.BooleanField(default=False, verbose_name="must change password"),
                        ),
                        (
                            "groups",
                            models.ManyToManyField(
                                blank=True,
                                help_text="The groups this user belongs to. A user will get all permissions granted to each of their groups.",
                                related_name="user_set",
                                related_query_name="user",
                                to="auth.group",
                                verbose_name="groups",
                            ),
                        ),
                        (
                            "user_permissions",
                            models.ManyToManyField(
                                blank=True,
                                help_text="Specific permissions for this user.",
                                related_name="user_set",
                                related_query_name="user",
                                to="auth.permission",
                                verbose_name="user permissions",
                            ),
                        ),
                        (
                            "agency",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="users",
                                to="accounts.agency",
                                verbose_name="agency",
                            ),
                        ),
                        (
                            "enterprise",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="users",
                                to="accounts.enterprise",
                                verbose_name="enterprise",
                            ),
                        ),
                        (
                            "evaluation_body",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="users",
                                to="accounts.evaluationbody",
                                verbose_name="third-party evaluation body",
                            ),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="officers",
                                to="accounts.region",
                                verbose_name="region",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "account",
                        "verbose_name_plural": "accounts",
                        "ordering": ["username"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(
                                        ("agency__isnull", True),
                                        ("enterprise__isnull", False),
                                        ("evaluation_body__isnull", True),
                                        ("region__isnull", True),
                                        ("role", "enterprise"),
                                    ),
                                    models.Q(
                                        ("agency__isnull", False),
                                        ("enterprise__isnull", True),
                                        ("evaluation_body__isnull", True),
                                        ("region__isnull", True),
                                        ("role", "agency"),
                                    ),
                                    models.Q(
                                        ("agency__isnull", True),
                                        ("enterprise__isnull", True),
                                        ("evaluation_body__isnull", False),
                                        ("region__isnull", True),
                                        ("role", "evaluator"),
                                    ),
                                    models.Q(
                                        ("agency__isnull", True),
                                        ("enterprise__isnull", True),
                                        ("evaluation_body__isnull", True),
                                        ("region__isnull", False),
                                        ("role__in", ["district_officer", "city_officer"]),
                                    ),
                                    models.Q(
                                        ("agency__isnull", True),
                                        ("enterprise__isnull", True),
                                        ("evaluation_body__isnull", True),
                                        ("region__isnull", True),
                                        (
                                            "role__in",
                                            [
                                                "",
                                                "expert",
                                                "system_admin",
                                                "security_admin",
                                                "audit_admin",
                                            ],
                                        ),
                                    ),
                                    _connector="OR",
                                ),
                                name="role_scope_matches",
                            )
                        ],
                    },
                    managers=[
                        ("objects", django.contrib.auth.models.UserManager()),
                    ],
                ),
                migrations.CreateModel(
                    name="Activation",
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
                                    ("new", "New account"),
                                    ("reset", "Password reset"),
                                    ("bootstrap", "Issued on the server"),
                                ],
                                max_length=16,
                                verbose_name="purpose",
                            ),
                        ),
                        (
                            "requested_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="requested at"
                            ),
                        ),
                        (
                            "released_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="released at"),
                        ),
                        ("digest", models.CharField(blank=True, db_index=True, max_length=64)),
                        (
                            "expires_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="expires at"),
                        ),
                        (
                            "used_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="used at"),
                        ),
                        (
                            "cancelled_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="cancelled at"
                            ),
                        ),
                        (
                            "account",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="activations",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "released_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "requested_by",
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
                        "verbose_name": "account activation",
                        "ordering": ["-requested_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="AgencyAuthorisation",
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
                        ("granted_at", models.DateTimeField(auto_now_add=True)),
                        ("revoked_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, to="accounts.agency"
                            ),
                        ),
                        (
                            "enterprise",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="accounts.enterprise",
                            ),
                        ),
                    ],
                    options={
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("revoked_at__isnull", True)),
                                fields=("enterprise", "agency"),
                                name="one_active_authorisation",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Enterprise",
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
                            "uscc",
                            models.CharField(
                                max_length=18,
                                unique=True,
                                validators=[greenfactory.accounts.uscc.validate_registrable_uscc],
                                verbose_name="unified social credit code",
                            ),
                        ),
                        ("name", models.CharField(max_length=200, verbose_name="enterprise name")),
                        ("address", models.CharField(max_length=300, verbose_name="address")),
                        (
                            "contact_person",
                            models.CharField(max_length=64, verbose_name="contact person"),
                        ),
                        (
                            "phone",
                            models.CharField(
                                max_length=32,
                                validators=[
                                    django.core.validators.RegexValidator(
                                        "^(1[3-9]\\d{9}|0\\d{2,3}-?\\d{7,8}(-\\d{1,6})?)$",
                                        "Enter a mobile number (11 digits) or a landline such as 0519-86981234.",
                                    )
                                ],
                                verbose_name="phone",
                            ),
                        ),
                        (
                            "email",
                            models.EmailField(blank=True, max_length=254, verbose_name="e-mail"),
                        ),
                        (
                            "established_on",
                            models.DateField(
                                blank=True,
                                null=True,
                                verbose_name="date of establishment (成立日期)",
                            ),
                        ),
                        (
                            "established_on_confirmed",
                            models.BooleanField(
                                default=False,
                                verbose_name="date of establishment confirmed by the district",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Awaiting district confirmation"),
                                    ("confirmed", "Confirmed"),
                                    ("rejected", "Not confirmed"),
                                ],
                                db_index=True,
                                default="pending",
                                max_length=16,
                                verbose_name="registration status",
                            ),
                        ),
                        ("status_reason", models.TextField(blank=True, verbose_name="reason")),
                        (
                            "confirmed_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="confirmed at"
                            ),
                        ),
                        (
                            "barred_until",
                            models.DateField(
                                blank=True, null=True, verbose_name="barred from applying until"
                            ),
                        ),
                        (
                            "barred_reason",
                            models.TextField(blank=True, verbose_name="reason for the bar"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="registered at"),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "agencies",
                            models.ManyToManyField(
                                blank=True,
                                related_name="enterprises",
                                through="accounts.AgencyAuthorisation",
                                to="accounts.agency",
                            ),
                        ),
                        (
                            "industry",
                            models.ForeignKey(
                                limit_choices_to={"parent__isnull": False},
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="enterprises",
                                to="accounts.industry",
                                verbose_name="industry",
                            ),
                        ),
                        (
                            "district",
                            models.ForeignKey(
                                limit_choices_to={"level": "district"},
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="enterprises",
                                to="accounts.region",
                                verbose_name="district",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "enterprise",
                        "verbose_name_plural": "enterprises",
                        "ordering": ["name"],
                        "indexes": [
                            models.Index(
                                fields=["district", "status", "name"],
                                name="accounts_en_distric_b9c875_idx",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="EnterpriseNameChange",
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
                        ("old_name", models.CharField(max_length=200, verbose_name="former name")),
                        ("new_name", models.CharField(max_length=200, verbose_name="new name")),
                        (
                            "changed_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="changed at"),
                        ),
                        (
                            "changed_by",
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
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="names",
                                to="accounts.enterprise",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "enterprise name change",
                        "ordering": ["-changed_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Industry",
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
                        ("name", models.CharField(max_length=128, verbose_name="name")),
                        (
                            "name_en",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="English name"
                            ),
                        ),
                        (
                            "code",
                            models.CharField(
                                max_length=4, unique=True, verbose_name="industry code"
                            ),
                        ),
                        (
                            "parent",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="children",
                                to="accounts.industry",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "industry",
                        "verbose_name_plural": "industries",
                        "ordering": ["code"],
                    },
                ),
                migrations.CreateModel(
                    name="PasswordHistory",
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
                        ("password", models.CharField(max_length=128)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="password_history",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "former password",
                        "verbose_name_plural": "former passwords",
                        "ordering": ["-created_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Region",
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
                        ("name", models.CharField(max_length=128, verbose_name="name")),
                        (
                            "name_en",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="English name"
                            ),
                        ),
                        (
                            "code",
                            models.CharField(
                                max_length=12, unique=True, verbose_name="region code"
                            ),
                        ),
                        (
                            "level",
                            models.CharField(
                                choices=[
                                    ("nation", "Nation"),
                                    ("province", "Province"),
                                    ("city", "City"),
                                    ("district", "District / county-level city"),
                                ],
                                max_length=16,
                                verbose_name="level",
                            ),
                        ),
                        ("path", models.CharField(db_index=True, editable=False, max_length=128)),
                        (
                            "parent",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="children",
                                to="accounts.region",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "region",
                        "verbose_name_plural": "regions",
                        "ordering": ["path"],
                    },
                ),
                migrations.CreateModel(
                    name="PilotCode",
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
                            "uscc",
                            models.CharField(
                                max_length=18,
                                unique=True,
                                verbose_name="unified social credit code",
                            ),
                        ),
                        ("reason", models.TextField(verbose_name="reason")),
                        (
                            "recorded_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="recorded at"),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="recorded by",
                            ),
                        ),
                        (
                            "district",
                            models.ForeignKey(
                                limit_choices_to={"parent__isnull": False},
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="accounts.region",
                                verbose_name="district",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "pilot-period credit code",
                        "verbose_name_plural": "pilot-period credit codes",
                        "ordering": ["uscc"],
                    },
                ),
            ]
        ),
        migrations.RunPython(reference_data.load, migrations.RunPython.noop),
    ]
