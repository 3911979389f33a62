"""The yearly key-indicator filing (年度动态管理表) of a designated factory, and the bureau's
settings for it (the deadline and the tolerance for "worse than at designation")."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenfactory.applications.models import PerformanceFigures
from greenfactory.core.codes import new_code
from greenfactory.core.models import StateChange

from .enums import FilingState

DEFAULT_DEADLINE = (4, 15)  # 15 April of the year after the data
DEFAULT_TOLERANCE = Decimal(10)  # per cent


class FilingSettings(models.Model):
    """A region's deadline for the filings of year Y (month and day of Y + 1) and how much
    worse than at designation a factory's energy or CO₂ per unit of output may be before it is
    flagged. Without a row the defaults hold: 15 April and 10 %."""

    region = models.OneToOneField(
        "accounts.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="filing_settings",
    )
    deadline_month = models.PositiveSmallIntegerField(
        _("deadline month"),
        default=DEFAULT_DEADLINE[0],
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    deadline_day = models.PositiveSmallIntegerField(
        _("deadline day"),
        default=DEFAULT_DEADLINE[1],
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    tolerance_percent = models.DecimalField(
        _("tolerance against the designation figures (per cent)"),
        max_digits=5,
        decimal_places=1,
        default=DEFAULT_TOLERANCE,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(500))],
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("filing settings")

    def __str__(self) -> str:
        return f"{self.region_id}: {self.deadline_month}-{self.deadline_day}"

    def deadline(self, year: int) -> date:
        """The last day to file the data of ``year``."""
        return deadline_for(year, self.deadline_month, self.deadline_day)


def deadline_for(year: int, month: int, day: int) -> date:
    """Month and day of the year after ``year``; a 29 February falls back to the 28th."""
    try:
        return date(year + 1, month, day)
    except ValueError:
        return date(year + 1, month, 28)


class AnnualFiling(PerformanceFigures):
    """One designated factory's key indicators for one year: the performance-data fields of
    the application (``PerformanceFigures``), computed by the same functions with the
    coefficient table and grid factor of ``reference_batch``.

    ``flags`` holds what the submission found, as data — ``[{"code": ..., "params": {...}}]`` —
    worded at display time (``domain/flags.py``). Nothing but ``domain/filings.py`` writes
    ``state`` and the fields of each step."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    enterprise = models.ForeignKey(
        "accounts.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="annual_filings",
    )
    year = models.PositiveIntegerField(
        _("year of the data"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    reference_batch = models.ForeignKey(
        "programme.Batch",
        verbose_name=_("requirements of"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=FilingState.choices,
        default=FilingState.DRAFT,
        db_index=True,
    )
    revision = models.PositiveIntegerField(default=0)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    # The key figures as the enterprise's own statistics give them: {figure key: "decimal"}
    # (``domain/reported.py``), shown to the district beside the computed ones.
    reported = models.JSONField(_("figures as reported"), default=dict, blank=True)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "enterprise__name"]
        verbose_name = _("yearly filing")
        verbose_name_plural = _("yearly filings")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="one_filing_per_year"),
            models.CheckConstraint(
                condition=~Q(state=FilingState.RETURNED) | ~Q(return_reason=""),
                name="returned_filing_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["year", "state"])]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}"


class FilingStatusChange(StateChange):
    """The filing's history of states, written by the one function that moves it."""

    filing = models.ForeignKey(
        AnnualFiling, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_state = models.CharField(max_length=16, choices=FilingState.choices)
    to_state = models.CharField(max_length=16, choices=FilingState.choices)

    class Meta(StateChange.Meta):
        pass
