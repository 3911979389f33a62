"""The third-party evaluation (第三方评价) of an application: commissioned by the city bureau to
an independent evaluation body, which returns a structured, signed report.

The report's parts follow the MIIT rules for green-factory evaluation reports (决策 §54): the
basic information, each basic requirement met or not, a score per indicator, the highlights,
the evaluation process, the body's declaration of independence, and the signature of its
responsible person with the date. A submitted report does not change.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from greenfactory.core.codes import new_code
from greenfactory.core.models import StateChange

from ..enums import EvaluationPurpose, EvaluationState


class ThirdPartyEvaluation(models.Model):
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.CASCADE,
        related_name="third_party_evaluations",
    )
    body = models.ForeignKey(
        "accounts.EvaluationBody",
        verbose_name=_("third-party evaluation body"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    purpose = models.CharField(
        _("purpose"), max_length=16, choices=EvaluationPurpose.choices, editable=False
    )
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=EvaluationState.choices,
        default=EvaluationState.COMMISSIONED,
    )
    commissioned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    commissioned_at = models.DateTimeField(auto_now_add=True)
    # The report (评价报告).
    basic_information = models.TextField(_("basic information of the enterprise"), blank=True)
    process = models.TextField(_("evaluation process"), blank=True)
    highlights = models.TextField(_("highlights"), blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    independence_declared = models.BooleanField(
        _("declaration of independence signed"), default=False
    )
    responsible_person = models.CharField(
        _("responsible person (signature)"), max_length=64, blank=True
    )
    signed_on = models.DateField(_("date of signature"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-commissioned_at", "-pk"]
        verbose_name = _("third-party evaluation")
        verbose_name_plural = _("third-party evaluations")
        constraints = [
            # One live commission per body and application: a declined or withdrawn one may be
            # followed by a new one.
            models.UniqueConstraint(
                fields=["application", "body"],
                condition=models.Q(state__in=["commissioned", "submitted"]),
                name="one_live_evaluation_per_body_and_application",
            )
        ]

    def __str__(self) -> str:
        return f"{self.body} · {self.application}"


class EvaluationItem(models.Model):
    """The body's finding on one indicator: a basic requirement met or not, or the points of a
    scored indicator, with its note."""

    evaluation = models.ForeignKey(
        ThirdPartyEvaluation, on_delete=models.CASCADE, related_name="items"
    )
    indicator = models.ForeignKey("programme.Indicator", on_delete=models.PROTECT, related_name="+")
    met = models.BooleanField(_("met"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["indicator__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "indicator"], name="one_item_per_evaluation_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}"


class EvaluationStateChange(StateChange):
    evaluation = models.ForeignKey(
        ThirdPartyEvaluation, on_delete=models.CASCADE, related_name="history"
    )
    from_state = models.CharField(max_length=16, blank=True, choices=EvaluationState.choices)
    to_state = models.CharField(max_length=16, choices=EvaluationState.choices)

    class Meta(StateChange.Meta):
        pass
