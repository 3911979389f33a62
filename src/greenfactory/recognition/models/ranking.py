"""Ranking (排名) and the party-group decision (党组讨论)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from greenfactory.core.codes import new_code
from greenfactory.programme.enums import TieBreak, TitleGrade
from greenfactory.programme.programmes import grade_name


class Ranking(models.Model):
    """One computation of a batch's ranking with the rules it used. Rankings are never edited:
    a new computation supersedes the previous one, and the latest is the current one."""

    batch = models.ForeignKey("programme.Batch", on_delete=models.CASCADE, related_name="rankings")
    number = models.PositiveIntegerField(_("computation"))
    threshold = models.DecimalField(_("pass threshold"), max_digits=5, decimal_places=2)
    quota = models.PositiveIntegerField(_("quota"))
    tie_break = models.CharField(_("ties broken by"), max_length=24, choices=TieBreak.choices)
    tie_break_part = models.CharField(_("tie-break part"), max_length=16, blank=True)
    candidates = models.PositiveIntegerField(_("applications considered"))
    eligible_count = models.PositiveIntegerField(_("eligible"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)

    class Meta:
        ordering = ["batch", "-number"]
        verbose_name = _("ranking")
        constraints = [
            models.UniqueConstraint(fields=["batch", "number"], name="one_ranking_number")
        ]

    def __str__(self) -> str:
        return f"{self.batch} #{self.number}"


class RankingEntry(models.Model):
    """An application's place in a ranking and why it is in or out."""

    ranking = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="ranking_entries"
    )
    score = models.DecimalField(_("final score"), max_digits=6, decimal_places=2, null=True)
    tie_value = models.DecimalField(
        _("tie-break subtotal"), max_digits=6, decimal_places=2, null=True
    )
    eligible = models.BooleanField(_("eligible"))
    position = models.PositiveIntegerField(_("rank"), null=True)
    proposed = models.BooleanField(_("proposed by the computation"))
    reasons = models.JSONField(_("why"), default=list)

    class Meta:
        ordering = ["ranking", models.F("position").asc(nulls_last=True), "-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ranking", "application"], name="one_entry_per_ranking")
        ]

    def __str__(self) -> str:
        return f"{self.position or '-'}. {self.application}"


class ProposalChange(models.Model):
    """An officer's proposed change to the computed list: adding or removing one application,
    always with a written reason. The computation itself is never altered."""

    ranking = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="changes")
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="+"
    )
    include = models.BooleanField(_("include in the proposal"))
    reason = models.TextField(_("reason"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ranking", "application"], name="one_change_per_application"
            )
        ]

    def __str__(self) -> str:
        return f"{'+' if self.include else '-'} {self.application}"


def minutes_path(instance, filename):
    return f"minutes/{instance.batch.code}/{new_code(16)}"


class PartyGroupDecision(models.Model):
    """The bureau's party group meeting (党组会议) that decides the list to publish."""

    batch = models.OneToOneField(
        "programme.Batch", on_delete=models.CASCADE, related_name="party_group_decision"
    )
    ranking = models.ForeignKey(Ranking, on_delete=models.PROTECT, related_name="+")
    meeting_on = models.DateField(_("meeting date"))
    minutes_reference = models.CharField(_("minutes reference"), max_length=100)
    minutes = models.FileField(_("minutes"), upload_to=minutes_path, blank=True)
    minutes_name = models.CharField(max_length=200, blank=True)
    minutes_sha256 = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("party-group decision")

    def __str__(self) -> str:
        return f"{self.batch}: {self.minutes_reference}"


class DecisionEntry(models.Model):
    """One application in the decided list; where the decision departs from the proposal the
    reason is required."""

    decision = models.ForeignKey(
        PartyGroupDecision, on_delete=models.CASCADE, related_name="entries"
    )
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="+"
    )
    proposed = models.BooleanField(_("in the proposal"))
    included = models.BooleanField(_("decided"))
    reason = models.TextField(_("reason for the difference"), blank=True)
    position = models.PositiveIntegerField(_("order"))
    # A decided factory of a zero-carbon batch: 零碳 / 近零碳 as the carbon status rule gave it
    # at the decision (decisions §78); empty otherwise.
    grade = models.CharField(
        _("grade"), max_length=16, choices=TitleGrade.choices, blank=True, default=""
    )

    class Meta:
        ordering = ["decision", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "application"], name="one_decision_per_application"
            ),
            models.CheckConstraint(
                condition=models.Q(proposed=models.F("included")) | ~models.Q(reason=""),
                name="decision_difference_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.included}"

    @property
    def grade_name(self) -> str:
        """零碳工厂 / 近零碳工厂 for a graded decided factory (the notice page shows it)."""
        return grade_name(self.grade)
