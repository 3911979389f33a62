"""Titles (称号) held by enterprises, with their certificates and the history of their status."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from greenfactory.core.codes import new_code
from greenfactory.core.models import StateChange
from greenfactory.programme.enums import Programme, TitleGrade
from greenfactory.programme.programmes import terms

from .enums import (
    CandidateState,
    ProvinceStage,
    StageResult,
    TitleLevel,
    TitleSource,
    TitleStatus,
)


def certificate_path(instance, filename):
    return f"certificates/{instance.year}/{new_code(16)}.pdf"


class Title(models.Model):
    """A title of one programme (green factory, zero-carbon factory) and level, granted in one
    year. A title granted from a batch has the batch's programme; an imported title is a green
    factory's unless the import says otherwise (decisions §72)."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    enterprise = models.ForeignKey(
        "accounts.Enterprise", on_delete=models.PROTECT, related_name="titles"
    )
    programme = models.CharField(
        _("programme"), max_length=16, choices=Programme.choices, default=Programme.GREEN_FACTORY
    )
    level = models.CharField(_("level"), max_length=16, choices=TitleLevel.choices)
    # 零碳 / 近零碳 for a zero-carbon title: the status the carbon status rule computed at the
    # party group's decision, as the notice published it (decisions §78); empty for a green
    # factory's title (and for a zero-carbon title recorded before grades existed).
    grade = models.CharField(
        _("grade"), max_length=16, choices=TitleGrade.choices, blank=True, default=""
    )
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
    # The day a re-evaluation is due by, set from the level's ``ValidityPolicy`` when the title
    # is granted or renewed; empty: the title stands until revoked (动态管理, no fixed expiry).
    valid_until = models.DateField(_("re-evaluation due by"), null=True, blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
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
        verbose_name = pgettext_lazy("honour", "title")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "programme", "level", "year"],
                name="one_title_per_programme_level_and_year",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("issued_on")),
                name="title_validity_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_on__isnull=True) | models.Q(status="revoked"),
                name="title_revoked_on_only_when_revoked",
            ),
            models.CheckConstraint(
                condition=models.Q(grade="") | models.Q(programme=Programme.ZERO_CARBON),
                name="title_grade_only_when_graded",
            ),
        ]
        indexes = [models.Index(fields=["status", "year"])]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year} {self.title_name}"

    @property
    def title_name(self) -> str:
        """City-level green factory, city-level near-zero-carbon factory, …: the programme's
        name of the level and grade, translated (``programme.programmes.TERMS``)."""
        return terms(self.programme).title_label(self.level, self.grade)

    @property
    def proper_name(self) -> str:
        """常州市绿色工厂, 常州市近零碳工厂, 省级零碳工厂: the name as the bureau prints it (the
        certificate, the open data); a city title carries its batch's region."""
        region = self.batch.region.name if self.level == TitleLevel.CITY and self.batch_id else ""
        return terms(self.programme).title_name(self.level, region, self.grade)


class ValidityPolicy(models.Model):
    """How long a title of one level stands (称号有效期规则), held as data.

    Without a re-evaluation period a title stands under dynamic management (yearly filing,
    spot checks) until it is revoked: the 2019 Changzhou plan sets no expiry. With one, a title
    is due for re-evaluation that many years after it was granted or last passed a spot check
    or re-evaluation, and lapses when the day passes unrenewed. A title keeps the term it was
    granted or last renewed under; a change here applies from the next grant or renewal.
    """

    level = models.CharField(_("level"), max_length=16, choices=TitleLevel.choices, unique=True)
    reevaluation_years = models.PositiveSmallIntegerField(
        _("re-evaluation period (years)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Leave empty: the title stands until revoked."),
    )
    source = models.TextField(_("source of the rule"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["level"]
        verbose_name = _("validity policy")
        verbose_name_plural = _("validity policies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reevaluation_years__isnull=True)
                | models.Q(reevaluation_years__gte=1),
                name="validity_period_positive",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.reevaluation_years or '—'}"


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
    """The last sequence number used for a programme, region, year and level; locked while a
    number is drawn, so two certificates can never share one."""

    region = models.ForeignKey("accounts.Region", on_delete=models.PROTECT, related_name="+")
    programme = models.CharField(
        max_length=16, choices=Programme.choices, default=Programme.GREEN_FACTORY
    )
    year = models.PositiveIntegerField()
    level = models.CharField(max_length=16, choices=TitleLevel.choices)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "recognition_certificatecounter"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "programme", "year", "level"],
                name="one_counter_per_programme_scope",
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id}/{self.year}/{self.level}: {self.last}"


class ProvincialCandidate(models.Model):
    """A title recommended upward for one year's call: a city title to the province
    (推荐省级绿色工厂), or a provincial title to the national list (推荐国家级绿色工厂):
    selected by the city, confirmed and brought up to date by the enterprise, sent in the
    province's forms, and closed with the province's outcome (decisions §64). Nothing but
    ``domain/province.py`` writes ``state`` and the fields of each step."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    title = models.ForeignKey(Title, on_delete=models.PROTECT, related_name="province_candidacies")
    year = models.PositiveIntegerField(_("year of the call"))
    # The list the title is recommended for: a city title to the province's, a provincial
    # title to the national one (decisions §80); the same steps either way.
    level = models.CharField(
        _("recommended for"),
        max_length=16,
        choices=TitleLevel.choices,
        default=TitleLevel.PROVINCIAL,
        db_index=True,
    )
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=CandidateState.choices,
        default=CandidateState.SELECTED,
        db_index=True,
    )
    # What the enterprise confirms for the year of the call.
    data_year = models.PositiveIntegerField(_("year of the data"), null=True, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=64, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    output_value = models.DecimalField(
        _("industrial output value (10,000 yuan)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    changes = models.TextField(_("changes since the city title"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    evaluation = models.ForeignKey(
        "reviews.ThirdPartyEvaluation",
        verbose_name=_("third-party evaluation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The title of ``level`` granted when the province (or the ministry) lists the factory.
    granted_title = models.OneToOneField(
        Title, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "title__enterprise__name", "pk"]
        verbose_name = _("provincial candidate")
        constraints = [
            models.UniqueConstraint(
                fields=["title", "year"], name="one_candidacy_per_title_and_year"
            ),
            models.CheckConstraint(
                condition=Q(level__in=[TitleLevel.PROVINCIAL, TitleLevel.NATIONAL]),
                name="candidacy_for_a_higher_list",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title.enterprise} {self.year}"


class CandidateStateChange(StateChange):
    """The history of a candidacy, written by the workflow engine."""

    candidate = models.ForeignKey(
        ProvincialCandidate, on_delete=models.CASCADE, related_name="state_changes"
    )
    from_state = models.CharField(max_length=16, choices=CandidateState.choices, blank=True)
    to_state = models.CharField(max_length=16, choices=CandidateState.choices)

    class Meta(StateChange.Meta):
        ordering = ["created_at", "pk"]


class ProvinceStep(models.Model):
    """One step of the province's procedure recorded for a candidate: a check the city ran on
    the province's behalf, or the province's 形式审查, 专家评审 or 公示, with its result."""

    candidate = models.ForeignKey(
        ProvincialCandidate, on_delete=models.CASCADE, related_name="steps"
    )
    stage = models.CharField(_("step"), max_length=16, choices=ProvinceStage.choices)
    result = models.CharField(_("result"), max_length=8, choices=StageResult.choices)
    held_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("step of the province's procedure")

    def __str__(self) -> str:
        return f"{self.candidate} {self.stage} {self.result}"
