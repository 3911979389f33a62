"""Regions, industries, enterprises, agencies and the accounts that act for them."""

from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenfactory.core.codes import new_code
from greenfactory.core.models import BilingualNameMixin

from .enums import ActivationPurpose, EnterpriseStatus, RegionLevel, Role
from .uscc import validate_registrable_uscc, validate_uscc

phone_validator = RegexValidator(
    r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$",
    _("Enter a mobile number (11 digits) or a landline such as 0519-86981234."),
)


class Region(BilingualNameMixin):
    """An administrative region: nation → province → city → district or county-level city.

    ``path`` holds the codes from the root down, so "everything within a region" is one
    indexed prefix query at any level.
    """

    code = models.CharField(_("region code"), max_length=12, unique=True)
    level = models.CharField(_("level"), max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=128, db_index=True, editable=False)

    class Meta:
        ordering = ["path"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def save(self, *args, **kwargs):
        prefix = self.parent.path if self.parent_id else ""
        self.path = f"{prefix}{self.code}/"
        super().save(*args, **kwargs)

    def contains(self, other: "Region") -> bool:
        """``other`` is this region or lies below it (``accounts.scope`` says the same in SQL)."""
        return other.path.startswith(self.path)

    @property
    def depth(self) -> int:
        """0 for the root, one more at each level below: the deeper, the more specific."""
        return self.path.count("/") - 1


class Industry(BilingualNameMixin):
    """国民经济行业分类 GB/T 4754-2017: 门类 (section, a letter) and 大类 (division, 2 digits)."""

    code = models.CharField(_("industry code"), max_length=4, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")

    @property
    def is_section(self) -> bool:
        return self.parent_id is None

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"


class Agency(models.Model):
    """A consulting agency (咨询服务机构): an enterprise authorises it to help prepare its
    applications. It is not the third-party evaluation body (``EvaluationBody``), and it never
    evaluates what it helped prepare."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    uscc = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_uscc]
    )
    name = models.CharField(_("name"), max_length=200)
    legal_representative = models.CharField(_("legal representative"), max_length=64, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=64, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[phone_validator])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("consulting agency")
        verbose_name_plural = _("consulting agencies")

    def __str__(self) -> str:
        return self.name


class EvaluationBody(models.Model):
    """A third-party evaluation body (第三方评价机构): evaluates an application independently
    when the bureau commissions it, and signs a structured evaluation report. The bureau may
    suspend it; a suspended body is not commissioned and its reports are not accepted."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    uscc = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_uscc]
    )
    name = models.CharField(_("name"), max_length=200)
    legal_representative = models.CharField(_("legal representative"), max_length=64)
    responsible_person = models.CharField(_("responsible person"), max_length=64, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[phone_validator])
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)
    suspension_reason = models.TextField(_("reason for the suspension"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("third-party evaluation body")
        verbose_name_plural = _("third-party evaluation bodies")

    def __str__(self) -> str:
        return self.name

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None


class Enterprise(models.Model):
    """An enterprise in the registry, identified by its unified social credit code."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_registrable_uscc],
    )
    name = models.CharField(_("enterprise name"), max_length=200)
    district = models.ForeignKey(
        Region,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="enterprises",
        limit_choices_to={"level": RegionLevel.DISTRICT},
    )
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("industry"),
        on_delete=models.PROTECT,
        related_name="enterprises",
        limit_choices_to={"parent__isnull": False},
    )
    address = models.CharField(_("address"), max_length=300)
    contact_person = models.CharField(_("contact person"), max_length=64)
    phone = models.CharField(_("phone"), max_length=32, validators=[phone_validator])
    email = models.EmailField(_("e-mail"), blank=True)
    # 成立日期 as printed on the business licence (not the platform's registration date). It
    # counts for eligibility only once the district has confirmed it (decisions §51).
    established_on = models.DateField(_("date of establishment (成立日期)"), null=True, blank=True)
    established_on_confirmed = models.BooleanField(
        _("date of establishment confirmed by the district"), default=False
    )
    status = models.CharField(
        _("registration status"),
        max_length=16,
        choices=EnterpriseStatus.choices,
        default=EnterpriseStatus.PENDING,
        db_index=True,
    )
    status_reason = models.TextField(_("reason"), blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # Set when a title is revoked (DOMAIN §7): no new application before this date.
    barred_until = models.DateField(_("barred from applying until"), null=True, blank=True)
    barred_reason = models.TextField(_("reason for the bar"), blank=True)
    agencies = models.ManyToManyField(
        Agency, through="AgencyAuthorisation", related_name="enterprises", blank=True
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        indexes = [models.Index(fields=["district", "status", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_confirmed(self) -> bool:
        return self.status == EnterpriseStatus.CONFIRMED


class PilotCode(models.Model):
    """A credit code issued in the pilot period whose check character does not follow
    GB 32100-2015 (some 2014–2015 codes), recorded by an officer after seeing the business
    licence, so that its enterprise can register and be matched. The check is not weakened:
    only this exact code passes, and who recorded it, when and why stays on record."""

    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    district = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district"),
        limit_choices_to={"parent__isnull": False},
    )
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["uscc"]
        verbose_name = _("pilot-period credit code")
        verbose_name_plural = _("pilot-period credit codes")

    def __str__(self) -> str:
        return self.uscc


class EnterpriseNameChange(models.Model):
    """The history of an enterprise's names: titles and certificates keep the old one."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="names")
    old_name = models.CharField(_("former name"), max_length=200)
    new_name = models.CharField(_("new name"), max_length=200)
    changed_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("enterprise name change")

    def __str__(self) -> str:
        return f"{self.old_name} → {self.new_name}"


class AgencyAuthorisation(models.Model):
    """An enterprise's authorisation for an agency to prepare its applications."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE)
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE)
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "agency"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_authorisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} → {self.agency}"


class User(AbstractUser):
    """An account. Its role and the scope of that role (an enterprise, an agency, a region) are
    held here, so every permission check reads them without another query."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    evaluation_body = models.ForeignKey(
        EvaluationBody,
        verbose_name=_("third-party evaluation body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[phone_validator])
    # Password age (等保 8.1.4.1 a) 定期更换) and passwords issued by an administrator, which the
    # user must replace at the next request (accounts.middleware.PasswordChangeRequiredMiddleware).
    password_changed_at = models.DateTimeField(_("password changed at"), default=timezone.now)
    must_change_password = models.BooleanField(_("must change password"), default=False)

    class Meta:
        ordering = ["username"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches",
                condition=(
                    Q(
                        role=Role.ENTERPRISE,
                        enterprise__isnull=False,
                        agency__isnull=True,
                        region__isnull=True,
                        evaluation_body__isnull=True,
                    )
                    | Q(
                        role=Role.AGENCY,
                        agency__isnull=False,
                        enterprise__isnull=True,
                        region__isnull=True,
                        evaluation_body__isnull=True,
                    )
                    | Q(
                        role=Role.EVALUATOR,
                        evaluation_body__isnull=False,
                        agency__isnull=True,
                        enterprise__isnull=True,
                        region__isnull=True,
                    )
                    | Q(
                        role__in=[Role.DISTRICT_OFFICER, Role.CITY_OFFICER],
                        region__isnull=False,
                        enterprise__isnull=True,
                        agency__isnull=True,
                        evaluation_body__isnull=True,
                    )
                    | Q(
                        role__in=[
                            "",
                            Role.EXPERT,
                            Role.SYSTEM_ADMIN,
                            Role.SECURITY_ADMIN,
                            Role.AUDIT_ADMIN,
                        ],
                        enterprise__isnull=True,
                        agency__isnull=True,
                        region__isnull=True,
                        evaluation_body__isnull=True,
                    )
                ),
            )
        ]

    def __str__(self) -> str:
        return self.label(self.username, self.first_name, self.last_name)

    @staticmethod
    def label(username: str, first_name: str, last_name: str) -> str:
        """How an account is named on pages, from its fields read as plain values."""
        full = f"{last_name}{first_name}".strip()
        return f"{full} ({username})" if full else username

    def get_full_name(self) -> str:
        # Chinese names are written family name first, without a space.
        return f"{self.last_name}{self.first_name}".strip()

    def set_password(self, raw_password):
        """Every new password restarts the password's age; the caller saves the account."""
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()


class PasswordHistory(models.Model):
    """The hashes of an account's recent passwords, so that none of them is chosen again
    (``accounts.passwords.PasswordHistoryValidator`` writes and reads them)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("former password")
        verbose_name_plural = _("former passwords")

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"


class AccountSession(AbstractBaseSession):
    """A session (Django's database sessions) whose row names its logged-in account, so that a
    request reads the session and its user in one query (``accounts.sessions``) and an account's
    sessions are found without decoding every session (``domain/sessions.py``). The account is
    written from the session's own data at every save; a session without a login has none."""

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="sessions"
    )

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore  # noqa: PLC0415 -- the store imports this model

        return SessionStore


class Activation(models.Model):
    """A one-time link by which an account's holder sets their own password (三员分立).

    The system administrator asks for it (a new account, a forgotten password); the security
    administrator releases it, and only then is a key made, sent to the holder's e-mail address
    (or, without one, shown once to the releasing officer to hand over sealed). Neither
    administrator ever learns a password that works, and neither can act alone. The key is kept
    only as its SHA-256. Written only by ``domain/activations.py``.
    """

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    account = models.ForeignKey(User, on_delete=models.CASCADE, related_name="activations")
    purpose = models.CharField(_("purpose"), max_length=16, choices=ActivationPurpose.choices)
    requested_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    released_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    digest = models.CharField(max_length=64, blank=True, db_index=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("account activation")

    def __str__(self) -> str:
        return f"{self.account.username}: {self.get_purpose_display()}"

    @property
    def is_pending(self) -> bool:
        """Asked for, and neither released, used nor cancelled yet."""
        return self.released_at is None and self.cancelled_at is None and self.used_at is None

    @property
    def is_usable(self) -> bool:
        return (
            self.released_at is not None
            and self.used_at is None
            and self.cancelled_at is None
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )
