"""An enterprise's application (申报) in a batch, and everything it is made of."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenfactory.core.codes import new_code
from greenfactory.core.models import StateChange

from ..enums import ACTIVE_STATES, ApplicationState, AuditKind, CertificationKind, EvidenceKind

NON_NEGATIVE = [MinValueValidator(Decimal(0))]


def amount(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        **kwargs,
    )


class Application(models.Model):
    """One application of one enterprise in one batch: 申请表 fields live here."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    batch = models.ForeignKey(
        "programme.Batch", on_delete=models.PROTECT, related_name="applications"
    )
    enterprise = models.ForeignKey(
        "accounts.Enterprise", on_delete=models.PROTECT, related_name="applications"
    )
    # The district bureau that pre-reviews it: the enterprise's district, which is fixed at
    # registration. Kept on the application so that a region's applications in a state are
    # read through one index (district, state) instead of through every enterprise.
    district = models.ForeignKey(
        "accounts.Region",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    state = models.CharField(
        _("state"),
        max_length=24,
        choices=ApplicationState.choices,
        default=ApplicationState.DRAFT,
        db_index=True,
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    # Incremented on every save of the enterprise's data, for "someone else saved meanwhile".
    revision = models.PositiveIntegerField(default=0)
    # 申请表
    products = models.TextField(_("main products"), blank=True)
    founded_on = models.DateField(_("in operation since"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    output_value = amount(_("industrial output value last year (10 000 yuan)"))
    contact_person = models.CharField(_("contact person"), max_length=64, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    # The latest energy audit, cleaner-production audit or energy diagnosis; its report is an
    # evidence file of kind ``energy_audit`` (decisions §51).
    energy_audit_kind = models.CharField(
        _("latest energy audit, cleaner-production audit or energy diagnosis"),
        max_length=24,
        choices=AuditKind.choices,
        blank=True,
    )
    energy_audit_on = models.DateField(_("date of its report"), null=True, blank=True)
    negative_list = models.JSONField(_("negative-list declarations"), default=dict, blank=True)
    declaration_accepted = models.BooleanField(_("declaration of authenticity"), default=False)
    declaration_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    declaration_at = models.DateTimeField(null=True, blank=True)
    prepared_by_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("prepared by agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The self score of the latest submitted version (its ApplicationVersion.self_score), set
    # by the submission: the lists show and sort by it without reading the versions.
    submitted_score = models.DecimalField(
        _("self score as submitted"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "enterprise"],
                condition=Q(state__in=list(ACTIVE_STATES)),
                name="one_active_application_per_batch",
            )
        ]
        indexes = [
            models.Index(fields=["batch", "state"]),
            models.Index(fields=["district", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.batch}"

    def save(self, *args, **kwargs):
        if self.district_id is None:
            self.district_id = self.enterprise.district_id
        super().save(*args, **kwargs)


class Certification(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="certifications"
    )
    kind = models.CharField(_("management system"), max_length=8, choices=CertificationKind.choices)
    certificate_no = models.CharField(_("certificate number"), max_length=64, blank=True)
    issuer = models.CharField(_("certification body"), max_length=200, blank=True)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="one_certification_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.certificate_no}"


class IndicatorAnswer(models.Model):
    """What an answer to one indicator holds, wherever the indicator system is answered: the
    application's 自评表 and a cultivation candidate's trial self-evaluation."""

    not_applicable = models.BooleanField(_("not applicable"), default=False)
    met = models.BooleanField(_("met"), null=True, blank=True)
    score = models.DecimalField(
        _("self score"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6, null=True, blank=True)

    class Meta:
        abstract = True


class SelfEvaluation(IndicatorAnswer):
    """The enterprise's answer for one indicator (one row of the 自评表)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="self_evaluations"
    )
    indicator = models.ForeignKey(
        "programme.Indicator", on_delete=models.PROTECT, related_name="self_evaluations"
    )
    value_is_computed = models.BooleanField(default=False)
    explanation = models.TextField(_("explanation"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "indicator"], name="one_answer")
        ]

    def __str__(self) -> str:
        return f"{self.application_id}/{self.indicator_id}"


class PerformanceFigures(models.Model):
    """What one year of performance data holds, wherever a factory reports it: the
    application's three years and a designated factory's yearly filing (年度动态管理表). The
    figures are computed from it (DOMAIN §5) by ``applications.domain.figures``."""

    energy = models.JSONField(_("energy use by carrier"), default=dict, blank=True)
    heat_content = models.JSONField(
        _("measured heat content by carrier (MJ per unit)"), default=dict, blank=True
    )
    exported_electricity_kwh = amount(_("electricity supplied to others (kWh)"))
    exported_heat_mj = amount(_("heat supplied to others (MJ)"))
    process_co2_t = amount(_("process CO₂ emissions (t)"))
    output_quantity = amount(_("output quantity"))
    output_unit = models.CharField(_("unit of output"), max_length=16, blank=True)
    output_value_10k_yuan = amount(_("output value (10 000 yuan)"))
    water_intake_m3 = amount(_("water intake (m³)"))
    water_reused_m3 = amount(_("water reused (m³)"))
    wastewater_treated_m3 = amount(_("wastewater treated (m³)"))
    wastewater_reused_m3 = amount(_("treated wastewater reused (m³)"))
    solid_waste_generated_t = amount(_("industrial solid waste generated (t)"))
    solid_waste_utilised_t = amount(_("industrial solid waste utilised (t)"))
    solid_waste_stock_utilised_t = amount(_("stock from earlier years utilised (t)"))
    land_area_m2 = amount(_("land area (m²)"))
    floor_area_m2 = amount(_("total floor area (m²)"))
    high_storey_floor_area_m2 = amount(_("floor area of storeys above 8 m (m²)"))
    footprint_m2 = amount(_("footprint of buildings, structures and yards (m²)"))

    class Meta:
        abstract = True


# The performance data's own fields, in the order of the model; what a save may change.
PERFORMANCE_FIELDS = tuple(f.name for f in PerformanceFigures._meta.local_fields)


class PerformanceYear(PerformanceFigures):
    """One year of performance data of an application."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="performance_years"
    )
    year = models.PositiveIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )

    class Meta:
        ordering = ["application", "year"]
        constraints = [
            models.UniqueConstraint(fields=["application", "year"], name="one_performance_year")
        ]

    def __str__(self) -> str:
        return f"{self.application_id}/{self.year}"


def evidence_path(instance, filename):
    # A random stored name: the user's file name is kept only as data.
    return f"evidence/{instance.application.code}/{new_code(16)}"


class EvidenceFile(models.Model):
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="evidence_files"
    )
    indicator = models.ForeignKey(
        "programme.Indicator",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence_files",
    )
    kind = models.CharField(
        _("kind"), max_length=24, choices=EvidenceKind.choices, default=EvidenceKind.EVIDENCE
    )
    file = models.FileField(upload_to=evidence_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name


class ApplicationVersion(models.Model):
    """What was submitted, frozen at each submission, so reviewers see what changed."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    self_score = models.DecimalField(
        _("self score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.application_id} v{self.number}"


class StatusChange(StateChange):
    """The application's history of states; also a work queue for notifications."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_state = models.CharField(max_length=24, choices=ApplicationState.choices)
    to_state = models.CharField(max_length=24, choices=ApplicationState.choices)

    class Meta(StateChange.Meta):
        pass


from .carbon import (  # noqa: E402, F401 -- the carbon accounts, split by topic
    CarbonInventory,
    CarbonStatusRule,
    ProcessEmission,
    ProductFootprint,
    Scope3Emission,
    UnitClaim,
    UnitLedger,
    VerificationStatement,
)
