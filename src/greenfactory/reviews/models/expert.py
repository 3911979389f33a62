"""The expert review (专家评审): the expert pool, conflicts of interest, assignments, each
expert's scores per indicator, and the aggregated result of an application."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenfactory.core.codes import new_code
from greenfactory.programme.enums import AggregationRule


class ConflictKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Works for or advises the enterprise")
    GROUP = "group", _("Same corporate group as the enterprise")
    AGENCY = "agency", _("Works for or with the consulting agency")
    FORMER_EMPLOYER = "former_employer", _("Former employer of the expert")
    RELATIVE = "relative", _("A relative of the expert works there")
    OTHER = "other", _("Other")


class AssignmentMethod(models.TextChoices):
    MANUAL = "manual", _("Assigned by an officer")
    AUTOMATIC = "automatic", _("Assigned automatically")


class ExpertProfile(models.Model):
    """What the city bureau knows of an expert in its pool. An expert account without a
    profile counts as available, with the default workload and no specialty."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_profile"
    )
    specialties = models.ManyToManyField(
        "accounts.Industry",
        verbose_name=_("specialties (industry divisions)"),
        blank=True,
        related_name="+",
        limit_choices_to={"parent__isnull": False},
    )
    district = models.ForeignKey(
        "accounts.Region",
        verbose_name=_("district of residence or work"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "district"},
    )
    max_concurrent = models.PositiveSmallIntegerField(
        _("maximum open assignments"), default=5, validators=[MinValueValidator(1)]
    )
    available = models.BooleanField(_("available for assignment"), default=True)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("expert profile")

    def __str__(self) -> str:
        return str(self.user)


class ConflictDeclaration(models.Model):
    """An expert's declaration of a conflict of interest with an enterprise or an agency."""

    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflict_declarations"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ConflictKind.choices)
    enterprise = models.ForeignKey(
        "accounts.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("consulting agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        ordering = ["-declared_at", "-pk"]
        verbose_name = _("conflict of interest declaration")
        constraints = [
            models.CheckConstraint(
                condition=Q(enterprise__isnull=False) | Q(agency__isnull=False),
                name="conflict_names_a_party",
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.enterprise or self.agency}"


class ExpertAssignment(models.Model):
    """One expert asked to score one application; locked once submitted."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="expert_assignments"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    method = models.CharField(
        _("method"), max_length=16, choices=AssignmentMethod.choices, default="manual"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("expert assignment")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "expert"], name="one_assignment_per_expert"
            )
        ]
        indexes = [models.Index(fields=["expert", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.expert} · {self.application}"


class ExpertScore(models.Model):
    """An expert's entry for one indicator: points (qualitative), a value (quantitative, its
    points computed by the indicator's bands or benchmark), met (gates and required items)."""

    assignment = models.ForeignKey(
        ExpertAssignment, on_delete=models.CASCADE, related_name="scores"
    )
    indicator = models.ForeignKey("programme.Indicator", on_delete=models.PROTECT, related_name="+")
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    met = models.BooleanField(_("met"), null=True, blank=True)
    score = models.DecimalField(_("points"), max_digits=6, decimal_places=2, null=True, blank=True)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "indicator"], name="one_expert_score_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id}/{self.indicator_id}"


class ExpertResult(models.Model):
    """The application's expert score, aggregated when the review was completed."""

    application = models.OneToOneField(
        "applications.Application", on_delete=models.CASCADE, related_name="expert_result"
    )
    score = models.DecimalField(
        _("expert score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    rule = models.CharField(_("aggregation used"), max_length=16, choices=AggregationRule.choices)
    expert_count = models.PositiveSmallIntegerField(_("experts"))
    divergent = models.BooleanField(_("experts diverge"), default=False)
    totals = models.JSONField(_("each expert's total"), default=list)
    short_reason = models.TextField(
        _("reason for completing with fewer experts than the batch asks for"), blank=True
    )
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("expert review result")

    def __str__(self) -> str:
        return f"{self.application}: {self.score}"
