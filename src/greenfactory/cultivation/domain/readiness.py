"""Readiness (培育成熟度): the score a candidate's trial self-evaluation would get today, and
what stands between it and the pass threshold.

The score comes from ``programme.scoring.score_application`` with the system's own
not-applicable policy and unmet-required points, exactly as an application's self score
(``applications.domain.figures.self_score``), so the two agree for the same answers.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from greenfactory.accounts.models import Industry
from greenfactory.programme.domain.benchmarks import benchmarks_for, with_benchmarks
from greenfactory.programme.enums import BatchState
from greenfactory.programme.models import Batch, Indicator, IndicatorSystem
from greenfactory.programme.scoring import Answer, ScoreSheet, score_application

from ..models import Candidate, TrialAnswer

DEFAULT_THRESHOLD = Decimal(70)
OPEN_TO_POINTS = ("scored", "missing", "unmet")


@dataclass(frozen=True)
class Reference:
    """What a candidate is measured against: an indicator system and a pass threshold, taken
    from a batch when there is one."""

    system: IndicatorSystem | None
    batch: Batch | None
    threshold: Decimal


@dataclass(frozen=True)
class Potential:
    indicator: Indicator
    max_points: Decimal
    points: Decimal
    status: str

    @property
    def potential(self) -> Decimal:
        return self.max_points - self.points


@dataclass
class Readiness:
    reference: Reference
    sheet: ScoreSheet
    gate_failures: list[Indicator] = field(default_factory=list)
    unmet_required: list[Indicator] = field(default_factory=list)
    missing: list[Indicator] = field(default_factory=list)
    potentials: list[Potential] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return self.sheet.total

    @property
    def threshold(self) -> Decimal:
        return self.reference.threshold

    @property
    def gap(self) -> Decimal:
        """Points still missing to the threshold (a pass needs a score strictly above it)."""
        return max(self.threshold - self.total, Decimal(0))

    @property
    def can_put_forward(self) -> bool:
        """Eligible (no failed gate, no unmet or unanswered required item) and above the
        threshold: an application with these answers would pass today."""
        return self.sheet.eligible and self.total > self.threshold


def current_reference(system: IndicatorSystem | None = None) -> Reference:
    """The latest open call for applications (a spot check's batch is none), else the most recent
    one that is not a draft; its system and
    threshold, unless ``system`` is chosen (then the batch's threshold holds only when the
    batch uses that system, and 70 otherwise). Without any batch, the newest system."""
    batch = (
        Batch.objects.select_related("indicator_system")
        .calls()
        .filter(state=BatchState.OPEN)
        .order_by("-opens_at", "-pk")
        .first()
    ) or (
        Batch.objects.select_related("indicator_system")
        .calls()
        .exclude(state=BatchState.DRAFT)
        .order_by("-opens_at", "-pk")
        .first()
    )
    if system is None:
        system = (
            batch.indicator_system
            if batch
            else (IndicatorSystem.objects.order_by("-created_at", "-pk").first())
        )
    if batch is not None and batch.indicator_system_id == getattr(system, "pk", None):
        return Reference(system, batch, batch.pass_threshold)
    return Reference(system, None, DEFAULT_THRESHOLD)


def answer_of(row: TrialAnswer) -> Answer:
    return Answer(not_applicable=row.not_applicable, met=row.met, score=row.score, value=row.value)


def assess(indicators: list[Indicator], answers: dict[str, Answer], reference: Reference):
    """Score the answers and list what stands in the way, with each item's open points,
    largest first (then in the system's order)."""
    system = reference.system
    sheet = score_application(
        indicators,
        answers,
        na_policy=system.na_policy,
        unmet_points=system.unmet_required_points,
    )
    by_code = {indicator.code: indicator for indicator in indicators}
    potentials = [
        Potential(by_code[code], item.max_points, item.points, item.status)
        for code, item in sheet.items.items()
        if item.status in OPEN_TO_POINTS and item.max_points > item.points
    ]
    potentials.sort(key=lambda p: (-p.potential, p.indicator.position))
    return Readiness(
        reference=reference,
        sheet=sheet,
        gate_failures=[by_code[code] for code in sheet.gate_failures],
        unmet_required=[by_code[code] for code in sheet.unmet_required],
        missing=[by_code[code] for code in sheet.missing],
        potentials=potentials,
    )


def indicators_of(system: IndicatorSystem) -> list[Indicator]:
    return list(system.indicators.order_by("position"))


def readiness(
    candidate: Candidate,
    system: IndicatorSystem | None = None,
    *,
    reference: Reference | None = None,
    indicators: list[Indicator] | None = None,
) -> Readiness | None:
    """The candidate's readiness under ``system`` (default: the current one); ``None`` when
    the platform has no indicator system at all."""
    reference = reference or current_reference(system)
    if reference.system is None:
        return None
    indicators = indicators if indicators is not None else indicators_of(reference.system)
    rows = TrialAnswer.objects.filter(
        candidate=candidate, indicator__system=reference.system
    ).select_related("indicator")
    answers = {row.indicator.code: answer_of(row) for row in rows}
    if reference.system.has_industry_benchmarks:
        # The benchmark values of the candidate's industry (§52); each item says which applied.
        industry = (
            Industry.objects.filter(enterprises__pk=candidate.enterprise_id)
            .values_list("code", flat=True)
            .first()
        )
        indicators = list(indicators)
        indicators = with_benchmarks(
            indicators, benchmarks_for(reference.system, industry or "", indicators)
        )
    return assess(indicators, answers, reference)


def readiness_of_many(
    candidates: Iterable[Candidate], reference: Reference
) -> dict[int, Readiness]:
    """Readiness of many candidates in two queries (the system's indicators and the
    answers), keyed by candidate pk."""
    candidates = list(candidates)
    if reference.system is None or not candidates:
        return {}
    indicators = indicators_of(reference.system)
    code_of = {indicator.pk: indicator.code for indicator in indicators}
    answers: dict[int, dict[str, Answer]] = defaultdict(dict)
    rows = TrialAnswer.objects.filter(
        candidate__in=[c.pk for c in candidates], indicator__system=reference.system
    )
    for row in rows:
        answers[row.candidate_id][code_of[row.indicator_id]] = answer_of(row)
    return {c.pk: assess(indicators, answers[c.pk], reference) for c in candidates}
