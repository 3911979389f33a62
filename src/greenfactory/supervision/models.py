"""Spot checks (抽检) of titles held: rounds, the cohort with its published digests, the
factories drawn and the outcome of each check with its history (DOMAIN §7)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from greenfactory.core.codes import new_code
from greenfactory.core.models import StateChange

from .enums import CheckState, RoundState, SampleKind, SignalKind, SignalState
from .sampling import METHOD


def default_levels():
    return ["city"]


class SpotCheckRound(models.Model):
    """One round of spot checks run by a city bureau: who is in the cohort, how many are drawn
    and how, and the batch in which the factories drawn file their new self-evaluation."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    region = models.ForeignKey(
        "accounts.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField(
        _("year"), validators=[MinValueValidator(2016), MaxValueValidator(2100)]
    )
    title = models.CharField(pgettext_lazy("spot-check round", "title"), max_length=200)
    cohort_years = models.PositiveSmallIntegerField(
        _("titles not checked for at least (years)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    levels = models.JSONField(_("title levels checked"), default=default_levels)
    sample_count = models.PositiveIntegerField(
        _("number to draw"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    sample_ratio = models.DecimalField(
        _("share to draw"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    stratified = models.BooleanField(_("stratified by district"), default=False)
    submission_deadline = models.DateTimeField(_("the factories drawn file by"))
    indicator_system = models.ForeignKey(
        "programme.IndicatorSystem",
        verbose_name=_("indicator system"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reference_batch = models.ForeignKey(
        "programme.Batch",
        verbose_name=_("coefficients and review settings as in"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    batch = models.OneToOneField(
        "programme.Batch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="spot_check_round",
        editable=False,
    )
    state = models.CharField(
        _("state"), max_length=16, choices=RoundState.choices, default=RoundState.DRAFT
    )
    seed = models.CharField(_("seed"), max_length=64, unique=True, null=True, blank=True)
    method = models.CharField(_("method"), max_length=32, default=METHOD, editable=False)
    cohort_date = models.DateField(_("cohort as of"), null=True, blank=True)
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = _("spot-check round")
        constraints = [
            models.CheckConstraint(
                condition=Q(sample_count__isnull=False, sample_ratio__isnull=True)
                | Q(sample_count__isnull=True, sample_ratio__isnull=False),
                name="round_sample_count_or_ratio",
            )
        ]

    def __str__(self) -> str:
        return self.title


class TargetedPick(models.Model):
    """A title the bureau chose to check on purpose before the draw (e.g. flagged by its yearly
    filing), with the reason; it is checked beside the random sample."""

    round = models.ForeignKey(SpotCheckRound, on_delete=models.CASCADE, related_name="picks")
    title = models.ForeignKey("titles.Title", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    chosen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["chosen_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "title"], name="one_pick_per_title")
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.title_id}"


class CohortEntry(models.Model):
    """A title of the cohort as it stood at the draw, with its ticket and digest: the
    published list from which anyone can redraw the sample."""

    round = models.ForeignKey(SpotCheckRound, on_delete=models.CASCADE, related_name="cohort")
    title = models.ForeignKey("titles.Title", on_delete=models.PROTECT, related_name="+")
    ticket = models.CharField(max_length=40)
    stratum = models.CharField(max_length=16, blank=True)
    digest = models.CharField(max_length=64)
    drawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["stratum", "digest"]
        constraints = [
            models.UniqueConstraint(fields=["round", "title"], name="one_cohort_entry_per_title"),
            models.UniqueConstraint(fields=["round", "ticket"], name="one_ticket_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.ticket}"


class SpotCheck(models.Model):
    """One title checked in a round: the factory's three-year summary, its new application
    (自评表, performance data, evidence, 自评报告 in the round's batch) and the outcome."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    round = models.ForeignKey(SpotCheckRound, on_delete=models.PROTECT, related_name="checks")
    title = models.ForeignKey("titles.Title", on_delete=models.PROTECT, related_name="spot_checks")
    kind = models.CharField(_("drawn as"), max_length=16, choices=SampleKind.choices)
    reason = models.TextField(_("reason for a targeted check"), blank=True)
    # One application per enterprise and round, shared when two of its titles are drawn.
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.PROTECT,
        related_name="spot_checks",
    )
    state = models.CharField(
        _("state"), max_length=16, choices=CheckState.choices, default=CheckState.IN_PROGRESS
    )
    # The three-year summary (三年总结): what changed and what was rectified since the title.
    changes_summary = models.TextField(_("changes since the title"), blank=True)
    rectifications_summary = models.TextField(_("rectifications made"), blank=True)
    summary_saved_at = models.DateTimeField(null=True, blank=True)
    rectify_by = models.DateField(_("rectify by"), null=True, blank=True)
    rectification_report = models.TextField(_("rectification report"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "title__enterprise__name"]
        verbose_name = _("spot check")
        constraints = [
            models.UniqueConstraint(fields=["round", "title"], name="one_check_per_title_and_round")
        ]
        indexes = [models.Index(fields=["state"])]

    def __str__(self) -> str:
        return f"{self.round} · {self.title}"


class CheckDecision(StateChange):
    """The history of a check: each outcome decided or reported, by whom and why."""

    AT_FIELD = "at"
    created_at = None

    spot_check = models.ForeignKey(SpotCheck, on_delete=models.CASCADE, related_name="decisions")
    from_state = models.CharField(max_length=16, choices=CheckState.choices)
    to_state = models.CharField(max_length=16, choices=CheckState.choices)
    rectify_by = models.DateField(null=True, blank=True)
    # A decision stays with the officer who took it: the account cannot be deleted.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta(StateChange.Meta):
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.spot_check_id}: {self.from_state} → {self.to_state}"


class IntegritySignal(models.Model):
    """Something a careful reader would want to look at in an application or a yearly filing
    (decisions §66): the kind, the evidence as data and, once an officer has looked, the
    disposition with its note. Found by ``domain/integrity``, in the background; the state is
    moved only by ``domain/integrity/dispositions.py``.

    ``key`` tells two findings of one kind on one subject apart (the other application's code,
    the figure), so a recomputation updates the evidence and keeps the disposition.
    ``evidence`` holds codes and numbers, never text of another enterprise's that a reader may
    not see: what a reader is shown is decided at display time (``domain/integrity/queries``).
    """

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    kind = models.CharField(_("kind"), max_length=32, choices=SignalKind.choices)
    batch = models.ForeignKey(
        "programme.Batch", verbose_name=_("batch"), on_delete=models.PROTECT, related_name="+"
    )
    application = models.ForeignKey(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="integrity_signals",
    )
    filing = models.ForeignKey(
        "filings.AnnualFiling",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="integrity_signals",
    )
    # The enterprise's district, for the scope of the city's list and the officers' rights.
    district = models.ForeignKey("accounts.Region", on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=64)
    evidence = models.JSONField(default=dict)
    # The other application of a match (same file, copied text), when there is one.
    other_application = models.ForeignKey(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("disposition"), max_length=16, choices=SignalState.choices, default=SignalState.OPEN
    )
    note = models.TextField(_("note"), blank=True)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    disposed_at = models.DateTimeField(null=True, blank=True)
    found_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["found_at", "pk"]
        verbose_name = _("integrity signal")
        constraints = [
            models.CheckConstraint(
                condition=Q(application__isnull=False, filing__isnull=True)
                | Q(application__isnull=True, filing__isnull=False),
                name="signal_on_application_or_filing",
            ),
            models.UniqueConstraint(
                fields=["application", "kind", "key"],
                condition=Q(application__isnull=False),
                name="one_signal_per_application_kind_key",
            ),
            models.UniqueConstraint(
                fields=["filing", "kind", "key"],
                condition=Q(filing__isnull=False),
                name="one_signal_per_filing_kind_key",
            ),
        ]
        indexes = [models.Index(fields=["batch", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.application_id or self.filing_id} {self.key}"


class SignalDisposition(StateChange):
    """The history of a signal's dispositions, written by the workflow engine."""

    signal = models.ForeignKey(
        IntegritySignal, on_delete=models.CASCADE, related_name="dispositions"
    )
    from_state = models.CharField(max_length=16, choices=SignalState.choices)
    to_state = models.CharField(max_length=16, choices=SignalState.choices)


class TextPassage(models.Model):
    """One passage of free text an application submitted (a qualitative answer's explanation, a
    part of the self-evaluation report, an on-site audit finding) with its MinHash signature,
    built once when the application is submitted (``domain/integrity/texts.py``)."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="text_passages"
    )
    source = models.CharField(max_length=48)
    text = models.TextField()
    signature = models.BinaryField()

    class Meta:
        ordering = ["application", "source"]
        constraints = [
            models.UniqueConstraint(fields=["application", "source"], name="one_passage_per_source")
        ]

    def __str__(self) -> str:
        return f"{self.application_id}/{self.source}"


class PassageBand(models.Model):
    """One LSH band of a passage's signature: passages sharing a (band, key) are candidates,
    found by one indexed query instead of comparing every pair."""

    passage = models.ForeignKey(TextPassage, on_delete=models.CASCADE, related_name="bands")
    band = models.PositiveSmallIntegerField()
    key = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["key", "band"])]

    def __str__(self) -> str:
        return f"{self.passage_id}/{self.band}"
