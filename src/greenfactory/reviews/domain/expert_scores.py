"""Each expert's scores (专家打分), their submission, and completing the expert review with the
aggregated expert score.

An expert's total is the programme's own ``score_application`` over the expert's entries, so
experts, the enterprise's self-evaluation and the site audit are scored by the same rules.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenfactory.applications.domain.answers import answer_fields
from greenfactory.applications.domain.figures import scoring_indicators
from greenfactory.applications.domain.transitions import TransitionRefused, transition
from greenfactory.applications.enums import ApplicationState
from greenfactory.core.domain.audit import changed_fields, record_event, snapshot
from greenfactory.programme.enums import IndicatorKind
from greenfactory.programme.scoring import (
    Answer,
    ScoreSheet,
    quantitative_fraction,
    rounded,
    score_application,
)

from ..models import ExpertAssignment, ExpertResult, ExpertScore
from .aggregation import aggregate, divergent
from .expert import conflicts_of

SCORE_FIELDS = ("not_applicable", "met", "score", "value", "comment")


class ScoringRefused(TransitionRefused):
    """The scores cannot be saved or submitted now; the message says why."""


class ScoresIncomplete(ScoringRefused):
    """Submission refused: ``problems`` names the indicators still without a complete entry."""

    def __init__(self, problems):
        super().__init__(
            *problems, headline=_("Every indicator needs your entry before you submit.")
        )


def expert_fields(indicator) -> tuple[str, ...]:
    """What an expert enters for an indicator: as the enterprise's 自评表 row, except that a
    quantitative item always takes a value (the expert checks computed ones too) and every
    row takes a comment."""
    if indicator.kind == IndicatorKind.GROUP:
        return ()
    fields = [name for name in answer_fields(indicator) if name != "explanation"]
    if indicator.kind == IndicatorKind.QUANTITATIVE and "value" not in fields:
        fields.append("value")
    return (*fields, "comment")


def is_complete(indicator, entry: ExpertScore | None) -> bool:
    if entry is None:
        return False
    if entry.not_applicable and indicator.allow_na and indicator.kind != IndicatorKind.GATE:
        return True
    if "met" in expert_fields(indicator):
        if entry.met is None:
            return False
        if entry.met is False or indicator.kind == IndicatorKind.GATE:
            return True
    if indicator.kind == IndicatorKind.QUALITATIVE:
        return entry.score is not None
    return entry.value is not None


def missing_entries(indicators, entries: dict) -> list:
    """The gates and scored items whose entry is absent or incomplete, in tree order."""
    return [
        indicator
        for indicator in indicators
        if indicator.kind != IndicatorKind.GROUP
        and not is_complete(indicator, entries.get(indicator.pk))
    ]


def expert_sheet(system, indicators, entries: dict, application=None) -> ScoreSheet:
    """One expert's score sheet: their entries scored by ``score_application``, against the
    benchmark values of the enterprise's industry where the version has any (§52)."""
    if (
        application is not None
        and system.has_industry_benchmarks
        and not any(hasattr(i, "applied_benchmark") for i in indicators)
    ):
        indicators = scoring_indicators(application, indicators)
    code_of = {indicator.pk: indicator.code for indicator in indicators}
    answers = {
        code_of[entry.indicator_id]: Answer(
            not_applicable=entry.not_applicable, met=entry.met, score=entry.score, value=entry.value
        )
        for entry in entries.values()
        if entry.indicator_id in code_of
    }
    return score_application(
        indicators,
        answers,
        na_policy=system.na_policy,
        unmet_points=system.unmet_required_points,
    )


def _locked_assignment(assignment, actor) -> ExpertAssignment:
    """The assignment, locked, once the actor is found allowed to score it now."""
    current = (
        ExpertAssignment.objects.select_for_update(of=("self",))
        .select_related(
            "application__enterprise__district",
            "application__batch__indicator_system",
            "application__prepared_by_agency",
        )
        .get(pk=assignment.pk)
    )
    if not actor.has_perm("reviews.score_assignment", current):
        raise PermissionDenied
    if conflicts_of(actor, current.application):
        raise PermissionDenied
    if current.application.state != ApplicationState.EXPERT_REVIEW:
        raise ScoringRefused(_("The expert review of this application is closed."))
    return current


def _apply(indicator, entry: ExpertScore, values: dict) -> str | None:
    """Copy the allowed values onto the entry; return why they are refused, if they are."""
    allowed = expert_fields(indicator)
    for name in allowed:
        if name in values:
            value = values[name]
            setattr(entry, name, (value or "").strip() if name == "comment" else value)
    if "not_applicable" not in allowed:
        entry.not_applicable = False
    maximum = Decimal(indicator.max_points or 0)
    out_of_bounds = entry.score is not None and not Decimal(0) <= entry.score <= maximum
    if indicator.kind == IndicatorKind.QUALITATIVE and out_of_bounds:
        return _("%(code)s: the points must be between 0 and %(max)s.") % {
            "code": indicator.code,
            "max": f"{maximum.normalize():f}",
        }
    if indicator.kind == IndicatorKind.QUANTITATIVE:
        entry.score = None
        if entry.value is not None:
            fraction, _how = quantitative_fraction(indicator, Decimal(entry.value))
            entry.score = rounded(maximum * fraction)
    return None


def _is_blank(entry: ExpertScore) -> bool:
    return (
        not entry.not_applicable
        and entry.met is None
        and entry.score is None
        and entry.value is None
        and not entry.comment
    )


def save_expert_scores(
    assignment, *, actor, scores: dict, submit: bool = False
) -> ExpertAssignment:
    """Save the assigned expert's entries; ``scores`` maps an indicator to its values (``met``,
    ``score``, ``value``, ``not_applicable``, ``comment``). Points above an item's maximum are
    refused; a quantitative value is turned into points by the indicator's bands or benchmark.
    With ``submit`` the sheet is then submitted as ``submit_expert_scores`` submits it, in the
    same transaction and under the same lock (decisions §113).

    Side effects: audit entry ``reviews.expert_score.saved`` with what changed; with
    ``submit``, those of ``submit_expert_scores`` after it."""
    with transaction.atomic():
        current = _locked_assignment(assignment, actor)
        system_id = current.application.batch.indicator_system_id
        existing = {entry.indicator_id: entry for entry in current.scores.all()}
        errors, pending = [], []
        for indicator, values in scores.items():
            if indicator.system_id != system_id or indicator.kind == IndicatorKind.GROUP:
                errors.append(_("%(code)s is not scored here.") % {"code": indicator.code})
                continue
            entry = existing.get(indicator.pk) or ExpertScore(
                assignment=current, indicator=indicator
            )
            before = snapshot(entry, SCORE_FIELDS)
            problem = _apply(indicator, entry, values)
            if problem:
                errors.append(problem)
            pending.append((indicator, entry, before))
        if errors:
            raise ValidationError(errors)
        changes, new = {}, []
        for indicator, entry, before in pending:
            diff = changed_fields(before, snapshot(entry, SCORE_FIELDS))
            if _is_blank(entry):
                if entry.pk is not None:
                    entry.delete()  # an entry cleared on the page is no entry
            elif entry.pk is None:
                new.append(entry)
            elif diff:
                entry.save()
            if diff:
                changes[indicator.code] = diff
        ExpertScore.objects.bulk_create(new)  # the sheet's first entries: one statement
        if changes:
            record_event("reviews.expert_score.saved", actor=actor, obj=current, changes=changes)
        if submit:
            _submit(current, assignment, actor=actor)
    return current


def submit_expert_scores(assignment, *, actor) -> ScoreSheet:
    """Submit and lock the expert's scores once every gate and scored item has an entry.

    Side effects: the assignment's ``submitted_at``; audit entry with the expert's total. From
    now on the expert sees the other experts' submitted scores."""
    with transaction.atomic():
        return _submit(_locked_assignment(assignment, actor), assignment, actor=actor)


def _submit(current: ExpertAssignment, assignment, *, actor) -> ScoreSheet:
    """Submit the locked assignment's sheet (``submit_expert_scores``)."""
    system = current.application.batch.indicator_system
    indicators = list(system.indicators.all())
    entries = {entry.indicator_id: entry for entry in current.scores.all()}
    missing = missing_entries(indicators, entries)
    if missing:
        raise ScoresIncomplete([f"{i.code} {i.display_name}" for i in missing])
    sheet = expert_sheet(system, indicators, entries, current.application)
    current.submitted_at = timezone.now()
    current.save(update_fields=["submitted_at"])
    assignment.submitted_at = current.submitted_at
    record_event(
        "reviews.expert_assignment.submitted",
        actor=actor,
        obj=current,
        changes={"total": sheet.total, "eligible": sheet.eligible},
    )
    return sheet


def expert_totals(application) -> list[tuple[ExpertAssignment, ScoreSheet]]:
    """Each submitted expert's sheet, in assignment order."""
    system = application.batch.indicator_system
    indicators = list(system.indicators.all())
    assignments = (
        application.expert_assignments.filter(submitted_at__isnull=False)
        .select_related("expert")
        .prefetch_related("scores")
        .order_by("pk")
    )
    return [
        (
            a,
            expert_sheet(
                system, indicators, {s.indicator_id: s for s in a.scores.all()}, application
            ),
        )
        for a in assignments
    ]


class ExpertsShort(ScoringRefused):
    """Fewer experts submitted than the batch asks for, and no reason given."""

    def __init__(self, submitted: int, needed: int):
        self.submitted, self.needed = submitted, needed
        super().__init__(
            _(
                "%(submitted)s of the %(needed)s experts the batch asks for have scored this "
                "application: give the reason to complete the review with fewer."
            )
            % {"submitted": submitted, "needed": needed}
        )


def complete_expert_review(application, *, actor, reason: str = "") -> ExpertResult:
    """Close the expert review once every assigned expert has submitted: aggregate their totals
    by the batch's rule and flag a wide divergence. With fewer experts than the batch's
    ``experts_per_application`` the review completes only with a reason (decisions §49), kept on
    the result, in the status history and the audit entry, and shown in the ranking.

    Side effects (one transaction): the transition EXPERT_REVIEW → REVIEWED (status change and
    audit entry carrying the score, and the reason when given); the ``ExpertResult``."""
    made = {}
    reason = (reason or "").strip()

    def check(current):
        states = list(current.expert_assignments.values_list("submitted_at", flat=True))
        if not states:
            raise ScoringRefused(_("No expert is assigned to this application."))
        waiting = sum(1 for submitted in states if submitted is None)
        if waiting:
            raise ScoringRefused(
                _("%(waiting)s of %(total)s experts have not submitted their scores yet.")
                % {"waiting": waiting, "total": len(states)}
            )
        needed = current.batch.experts_per_application
        if len(states) < needed and not reason:
            raise ExpertsShort(len(states), needed)

    def effects(current):
        batch = current.batch
        sheets = expert_totals(current)
        totals = [sheet.total for _a, sheet in sheets]
        score, rule = aggregate(totals, batch.aggregation_rule)
        flag = divergent(totals, batch.divergence_threshold)
        made["result"] = ExpertResult.objects.create(
            application=current,
            score=score,
            rule=rule,
            expert_count=len(totals),
            divergent=flag,
            short_reason=reason if len(totals) < batch.experts_per_application else "",
            totals=[
                {
                    "expert": a.expert.username,
                    "total": str(s.total),
                    "eligible": s.eligible,
                    "subtotals": {code: str(value) for code, value in s.subtotals.items()},
                    "gate_failures": s.gate_failures,
                    "unmet_required": s.unmet_required,
                }
                for a, s in sheets
            ],
            computed_by=actor,
        )
        return {
            "expert_score": str(score),
            "rule": rule,
            "experts": len(totals),
            "experts_needed": batch.experts_per_application,
            "divergent": flag,
        }

    transition(
        application,
        ApplicationState.REVIEWED,
        actor=actor,
        reason=reason,
        check=check,
        effects=effects,
    )
    return made["result"]
