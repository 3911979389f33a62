"""Titles (称号) held by enterprises, with their certificates and the history of their status."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from greenfactory.core.codes import new_code
from greenfactory.core.models import StateChange

from .enums import TitleLevel, TitleSource, TitleStatus


def certificate_path(instance, filename):
    return f"certificates/{instance.year}/{new_code(16)}.pdf"


class Title(models.Model):
    """A green-factory title of one level, granted in one year."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    enterprise = models.ForeignKey(
        "accounts.Enterprise", on_delete=models.PROTECT, related_name="titles"
    )
    level = models.CharField(_("level"), max_length=16, choices=TitleLevel.choices)
    year = models.PositiveIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=16, choices=TitleSource.choices)
    batch = models.ForeignKey(
        "programme.Batch", null=True, blank=True, on_delete=models.PROTECT, related_name="titles"
    )
    application = models.OneToOneField(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="title",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=TitleStatus.choices, default=TitleStatus.VALID
    )
    certificate_number = models.CharField(
        _("certificate number"), max_length=40, unique=True, null=True, blank=True
    )
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    certificate = models.FileField(upload_to=certificate_path, blank=True)
    certificate_sha256 = models.CharField(max_length=64, blank=True)
    certificate_generated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "recognition_title"
        ordering = ["-year", "level", "enterprise__name"]
        verbose_name = _("title")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "level", "year"], name="one_title_per_level_and_year"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("issued_on")),
                name="title_validity_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status", "year"])]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year} {self.get_level_display()}"


class TitleStatusChange(StateChange):
    """The history of a title's status, written by the workflow engine."""

    FROM_FIELD, TO_FIELD, AT_FIELD = "from_status", "to_status", "at"
    from_state = to_state = created_at = None

    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=16, choices=TitleStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=TitleStatus.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta(StateChange.Meta):
        db_table = "recognition_titlestatuschange"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.title}: {self.from_status} → {self.to_status}"


class CertificateCounter(models.Model):
    """The last sequence number used for a region, year and level; locked while a number is
    drawn, so two certificates can never share one."""

    region = models.ForeignKey("accounts.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField()
    level = models.CharField(max_length=16, choices=TitleLevel.choices)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "recognition_certificatecounter"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "level"], name="one_counter_per_scope"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id}/{self.year}/{self.level}: {self.last}"
