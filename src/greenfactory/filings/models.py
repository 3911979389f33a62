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
from greenfactory.titles.enums import TitleLevel

from .enums import (
    WORSENING_FLAGS,
    Adjustment,
    FilingState,
    MajorChangeKind,
    MajorChangeState,
    SiteAssessmentOutcome,
    SiteAssessmentState,
)

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


class LevelFilingPolicy(models.Model):
    """What the yearly filing (动态管理表) of a factory asks and by when, by the highest level of
    title it holds: a city title's filing ends with the district's acceptance; a provincial or
    national one also asks the year's summary and next year's plan, compares the key indicators
    with the year before, and ends with the city's review and its 动态调整意见. A level without
    a row follows ``DEFAULT_LEVEL_POLICIES``. An empty deadline means the region's own
    (``FilingSettings``)."""

    level = models.CharField(_("level"), max_length=16, choices=TitleLevel.choices, unique=True)
    deadline_month = models.PositiveSmallIntegerField(
        _("deadline month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    deadline_day = models.PositiveSmallIntegerField(
        _("deadline day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    city_review = models.BooleanField(
        _("reviewed by the city after the district, with an adjustment opinion"), default=False
    )
    compare_previous_year = models.BooleanField(
        _("key indicators compared with the year before"), default=False
    )
    summary_and_plan = models.BooleanField(
        _("asks the year's summary and next year's plan"), default=False
    )
    source = models.TextField(_("source of the rule"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("filing policy of a level")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline_month__isnull=True, deadline_day__isnull=True)
                | Q(deadline_month__isnull=False, deadline_day__isnull=False),
                name="level_filing_policy_whole_deadline",
            )
        ]

    def __str__(self) -> str:
        return self.get_level_display()

    def deadline(self, year: int) -> date | None:
        if self.deadline_month is None:
            return None
        return deadline_for(year, self.deadline_month, self.deadline_day)


NATIONAL_RULES = (
    "《绿色工厂梯度培育及管理暂行办法》（工信部节〔2024〕13号）：名单内工厂每年填报动态管理表，"
    "地方审核关键指标，指标不符合要求的开展现场评估，提出动态调整意见；"
    "江苏省：苏工信节能〔2021〕607号、苏工信节能〔2025〕56号，年度总结及下年度计划汇总表"
)
DEFAULT_LEVEL_POLICIES = {
    TitleLevel.CITY: {
        "deadline_month": None,
        "deadline_day": None,
        "city_review": False,
        "compare_previous_year": False,
        "summary_and_plan": False,
        "source": "常州市绿色工厂评价工作方案（2019）：动态管理",
    },
    TitleLevel.PROVINCIAL: {
        "deadline_month": 3,
        "deadline_day": 31,
        "city_review": True,
        "compare_previous_year": True,
        "summary_and_plan": True,
        "source": NATIONAL_RULES,
    },
    TitleLevel.NATIONAL: {
        "deadline_month": 3,
        "deadline_day": 31,
        "city_review": True,
        "compare_previous_year": True,
        "summary_and_plan": True,
        "source": NATIONAL_RULES,
    },
}


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
    level = models.CharField(
        _("highest level held"),
        max_length=16,
        choices=TitleLevel.choices,
        default=TitleLevel.CITY,
    )
    revision = models.PositiveIntegerField(default=0)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    year_summary = models.TextField(_("summary of the year's green work"), blank=True)
    next_year_plan = models.TextField(_("next year's targets and plan"), blank=True)
    district_opinion = models.TextField(_("district's review opinion"), blank=True)
    adjustment = models.CharField(
        _("adjustment opinion"), max_length=16, choices=Adjustment.choices, blank=True
    )
    adjustment_reason = models.TextField(_("reasons of the adjustment opinion"), blank=True)
    city_reviewed_at = models.DateTimeField(_("reviewed by the city at"), null=True, blank=True)
    city_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
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
            models.CheckConstraint(
                condition=~Q(state=FilingState.CITY_REVIEWED) | ~Q(adjustment=""),
                name="city_reviewed_filing_has_adjustment",
            ),
        ]
        indexes = [models.Index(fields=["year", "state"])]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}"

    @property
    def site_assessment_suggested(self) -> bool:
        """A key indicator worsened (a worsening flag): the bureau should consider a 现场评估."""
        return any(item.get("code") in WORSENING_FLAGS for item in self.flags or [])


class FilingStatusChange(StateChange):
    """The filing's history of states, written by the one function that moves it."""

    filing = models.ForeignKey(
        AnnualFiling, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_state = models.CharField(max_length=16, choices=FilingState.choices)
    to_state = models.CharField(max_length=16, choices=FilingState.choices)

    class Meta(StateChange.Meta):
        pass


class MajorChange(models.Model):
    """A 重大事项变更 reported by a listed factory (name, address, boundary, merger...), which the
    district and then the city acknowledge. Nothing but ``domain/changes.py`` writes ``state``."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    enterprise = models.ForeignKey(
        "accounts.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="major_changes",
    )
    kind = models.CharField(_("kind of change"), max_length=16, choices=MajorChangeKind.choices)
    effective_on = models.DateField(_("effective on"))
    before = models.CharField(_("before"), max_length=300, blank=True)
    after = models.CharField(_("after"), max_length=300, blank=True)
    description = models.TextField(_("description"))
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=MajorChangeState.choices,
        default=MajorChangeState.REPORTED,
        db_index=True,
    )
    note = models.TextField(_("officer's note"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        ordering = ["-effective_on", "-pk"]
        verbose_name = _("major change")
        verbose_name_plural = _("major changes")

    def __str__(self) -> str:
        return f"{self.enterprise} {self.get_kind_display()} {self.effective_on}"


class MajorChangeStatusChange(StateChange):
    change = models.ForeignKey(MajorChange, on_delete=models.CASCADE, related_name="status_changes")
    from_state = models.CharField(max_length=16, choices=MajorChangeState.choices)
    to_state = models.CharField(max_length=16, choices=MajorChangeState.choices)

    class Meta(StateChange.Meta):
        pass


class SiteAssessment(models.Model):
    """A 现场评估 of a filing's factory, where its key indicators worsened (the national rules:
    工信部节〔2024〕13号). Called by an officer of the district or the city with the reason, then
    held — the day, who assessed, what they found and the outcome — or cancelled with the
    reason (decisions §80). Nothing but ``domain/assessments.py`` writes ``state``."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    filing = models.ForeignKey(
        AnnualFiling,
        verbose_name=_("yearly filing"),
        on_delete=models.CASCADE,
        related_name="site_assessments",
    )
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=SiteAssessmentState.choices,
        default=SiteAssessmentState.CALLED,
        db_index=True,
    )
    reason = models.TextField(_("why it is called"))
    planned_on = models.DateField(_("planned for"), null=True, blank=True)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    called_at = models.DateTimeField(_("called at"), auto_now_add=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    assessors = models.CharField(_("assessed by"), max_length=300, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=SiteAssessmentOutcome.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["called_at", "pk"]
        verbose_name = _("on-site assessment")
        verbose_name_plural = _("on-site assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["filing"],
                condition=Q(state=SiteAssessmentState.CALLED),
                name="one_open_site_assessment_per_filing",
            ),
            models.CheckConstraint(
                condition=~Q(state=SiteAssessmentState.HELD)
                | (Q(held_on__isnull=False) & ~Q(outcome="") & ~Q(findings="")),
                name="held_site_assessment_is_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filing} {self.get_state_display()}"


class SiteAssessmentStatusChange(StateChange):
    assessment = models.ForeignKey(
        SiteAssessment, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_state = models.CharField(max_length=16, choices=SiteAssessmentState.choices, blank=True)
    to_state = models.CharField(max_length=16, choices=SiteAssessmentState.choices)

    class Meta(StateChange.Meta):
        pass


class CarbonDisclosure(models.Model):
    """A designated zero-carbon factory's yearly carbon disclosure (碳信息披露, decisions §73):
    the figures of its inventory as published, kept as they were published; the year's filing
    collects it. ``meets_rule`` is whether the status rule was met when published: a factory
    that no longer meets it is flagged for the spot check."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    enterprise = models.ForeignKey(
        "accounts.Enterprise", on_delete=models.PROTECT, related_name="carbon_disclosures"
    )
    year = models.PositiveIntegerField(_("year of the data"))
    inventory = models.ForeignKey(
        "applications.CarbonInventory", on_delete=models.PROTECT, related_name="+"
    )
    filing = models.ForeignKey(
        AnnualFiling,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carbon_disclosures",
    )
    figures = models.JSONField(_("figures as published"), default=dict)
    status = models.CharField(_("status"), max_length=16)
    meets_rule = models.BooleanField(_("meets the status rule"), default=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"))

    class Meta:
        ordering = ["-year", "enterprise"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="one_disclosure_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}"
