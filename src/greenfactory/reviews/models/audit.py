"""The joint city and district on-site audit (现场审核) of a recommended application."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from greenfactory.core.codes import new_code

from ..enums import AuditMethod, AuditStatus


def audit_file_path(instance, filename):
    audit = instance.audit if isinstance(instance, AuditPhoto) else instance
    return f"audits/{audit.code}/{new_code(16)}"


class SiteAudit(models.Model):
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="site_audits"
    )
    version = models.PositiveIntegerField(_("version"))
    scheduled_for = models.DateTimeField(_("date and time"))
    location = models.CharField(_("place"), max_length=300)
    status = models.CharField(
        _("status"), max_length=16, choices=AuditStatus.choices, default=AuditStatus.SCHEDULED
    )
    conclusion = models.TextField(_("conclusion"), blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    record = models.FileField(_("audit record"), upload_to=audit_file_path, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-scheduled_for"]
        verbose_name = _("site audit")
        verbose_name_plural = _("site audits")

    def __str__(self) -> str:
        return f"{self.application} · {self.scheduled_for:%Y-%m-%d}"


class SiteAuditMember(models.Model):
    audit = models.ForeignKey(SiteAudit, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_lead = models.BooleanField(_("team leader"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit", "user"], name="one_membership_per_audit")
        ]

    def __str__(self) -> str:
        return str(self.user)


class AuditFinding(models.Model):
    """The team's result for one indicator: the verified score or value, how it was verified,
    and — where it differs from the enterprise's — the reason ("A → B, reason")."""

    audit = models.ForeignKey(SiteAudit, on_delete=models.CASCADE, related_name="findings")
    indicator = models.ForeignKey("programme.Indicator", on_delete=models.PROTECT, related_name="+")
    methods = models.JSONField(_("methods"), default=list, blank=True)
    enterprise_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    enterprise_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    verified_met = models.BooleanField(_("verified met"), null=True, blank=True)
    verified_score = models.DecimalField(
        _("verified score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    verified_value = models.DecimalField(
        _("verified value"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    change_reason = models.TextField(_("reason for the change"), blank=True)
    finding = models.TextField(_("finding"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator__position"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "indicator"], name="one_finding_per_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}"

    def method_labels(self) -> list[str]:
        return [str(AuditMethod(m).label) for m in self.methods if m in AuditMethod.values]


class AuditPhoto(models.Model):
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    audit = models.ForeignKey(SiteAudit, on_delete=models.CASCADE, related_name="photos")
    indicator = models.ForeignKey(
        "programme.Indicator", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(upload_to=audit_file_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name
