"""The district's cultivation pipeline (培育储备库): candidates, their green transformation
projects (绿色化改造项目) and a trial self-evaluation against an indicator system."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from greenfactory.applications.models import IndicatorAnswer
from greenfactory.core.codes import new_code

from .enums import CandidateStatus, ProjectKind, ProjectStatus

NON_NEGATIVE = [MinValueValidator(Decimal(0))]


class Candidate(models.Model):
    """An enterprise a district cultivates towards a green-factory application.

    One row per enterprise: dropping a candidate keeps the row (with its projects and trial
    answers), and adding the enterprise again makes it active again.
    """

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    enterprise = models.OneToOneField(
        "accounts.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="cultivation",
    )
    # The enterprise's district when it was added: the list it is kept on.
    district = models.ForeignKey(
        "accounts.Region", verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CandidateStatus.choices,
        default=CandidateStatus.ACTIVE,
        db_index=True,
    )
    note = models.TextField(_("note"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["district", "enterprise__name"]
        verbose_name = _("cultivation candidate")
        verbose_name_plural = _("cultivation candidates")
        indexes = [models.Index(fields=["district", "status"])]

    def __str__(self) -> str:
        return str(self.enterprise)


class TransformationProject(models.Model):
    """A green transformation project (绿色化改造项目) of a candidate."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="projects")
    name = models.CharField(_("project name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=ProjectKind.choices)
    investment = models.DecimalField(
        _("investment (10 000 yuan)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=NON_NEGATIVE,
    )
    energy_saving_tce = models.DecimalField(
        _("expected energy saving (tce/yr)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=NON_NEGATIVE,
    )
    co2_reduction_t = models.DecimalField(
        _("expected CO₂ reduction (t/yr)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=NON_NEGATIVE,
    )
    # Measured once the project runs (a reduction project of a zero-carbon factory, §73).
    achieved_co2_reduction_t = models.DecimalField(
        _("achieved CO₂ reduction (t/yr)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["candidate", "created_at", "pk"]
        verbose_name = _("transformation project")
        verbose_name_plural = _("transformation projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="project_dates_ordered",
                violation_error_message=_("A project cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class TrialAnswer(IndicatorAnswer):
    """One row of a candidate's trial self-evaluation (试评), as an application's 自评表 row.

    Rows are kept per indicator, so answers for another system's version stay when the
    current system changes.
    """

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(
        "programme.Indicator", on_delete=models.PROTECT, related_name="trial_answers"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "indicator"], name="one_trial_answer")
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id}/{self.indicator_id}"
