"""Writes on batches: creation, settings, and the batch's own state table."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenfactory.core.domain.audit import record_event, save_changes, snapshot
from greenfactory.core.domain.workflow import Move, Workflow, move
from greenfactory.core.refusals import Refused

from ..enums import BatchState, IndicatorKind, Programme, TieBreak
from ..models import Batch
from ..programmes import batch_defaults

# The thresholds of the integrity signals (decisions §66): left empty on the form, the default
# holds.
INTEGRITY_FIELDS = (
    "integrity_mad_k",
    "integrity_min_peers",
    "integrity_jump_factor",
    "integrity_text_similarity",
)
# Every setting of a batch, in the order the batch form shows them.
SETTINGS_FIELDS = (
    "year",
    "title",
    "programme",
    "opens_at",
    "closes_at",
    "indicator_system",
    "coefficient_table",
    "grid_factor",
    "pass_threshold",
    "quota",
    "notice_days",
    "notice_day_kind",
    "third_party_report_required",
    "evaluations_per_body",
    "experts_per_application",
    "aggregation_rule",
    "divergence_threshold",
    "same_district_conflict",
    "tie_break",
    "tie_break_part",
    "publish_scores",
    "notice_bureau_contact",
    "notice_discipline_contact",
    "min_years_operating",
    "industry_sections",
    "industry_divisions",
    "barred_title_level",
    "audit_within_years",
    "accident_grade",
    "accident_gate",
    *INTEGRITY_FIELDS,
)
# Once applications may be submitted, the rules they are judged by stay fixed; the window can
# still be extended and the notice arranged.
FIELDS_EDITABLE_WHEN_LOCKED = (
    *INTEGRITY_FIELDS,
    "title",
    "closes_at",
    "notice_days",
    "notice_day_kind",
    "tie_break",
    "tie_break_part",
    "publish_scores",
    "notice_bureau_contact",
    "notice_discipline_contact",
)


class BatchStepRefused(Refused):
    """A batch step that cannot be taken now; the message says why."""


@dataclass(frozen=True)
class BatchMove(Move):
    # Taken only by the recognition step that owns it (computing the ranking, designating),
    # never from the batch page.
    by_step: bool = False


MANAGE = "programme.manage_batch"
BATCH_MOVES = {
    (BatchState.DRAFT, BatchState.OPEN): BatchMove(MANAGE, "programme.batch.opened"),
    (BatchState.OPEN, BatchState.CLOSED): BatchMove(MANAGE, "programme.batch.closed"),
    (BatchState.CLOSED, BatchState.OPEN): BatchMove(MANAGE, "programme.batch.reopened"),
    (BatchState.CLOSED, BatchState.IN_REVIEW): BatchMove(MANAGE, "programme.batch.review_started"),
    (BatchState.IN_REVIEW, BatchState.RANKED): BatchMove(
        MANAGE, "programme.batch.ranked", by_step=True
    ),
    (BatchState.RANKED, BatchState.IN_REVIEW): BatchMove(
        MANAGE, "programme.batch.ranking_reopened", by_step=True
    ),
    (BatchState.RANKED, BatchState.PUBLISHED): BatchMove(
        MANAGE, "programme.batch.published", by_step=True
    ),
}

WORKFLOW = Workflow(
    name=_("Batch"),
    model=Batch,
    states=BatchState,
    table=BATCH_MOVES,
    refused=BatchStepRefused,
    wrong_state=_("The batch is “%(state)s”; it cannot become “%(to)s”."),
    related=("region",),
    initial=BatchState.DRAFT,
)


def is_open_for_applications(batch: Batch, at=None) -> bool:
    """Submission is possible only while the batch is open and inside its window."""
    at = at or timezone.now()
    return batch.state == BatchState.OPEN and batch.opens_at <= at < batch.closes_at


def _check_consistency(batch: Batch) -> None:
    if batch.closes_at <= batch.opens_at:
        raise BatchStepRefused(_("The application window must close after it opens."))
    if batch.indicator_system.programme != batch.programme:
        raise BatchStepRefused(
            _("The indicator system %(system)s belongs to another programme: choose one of %(p)s.")
            % {"system": batch.indicator_system, "p": batch.get_programme_display()}
        )
    if batch.grid_factor.table_id != batch.coefficient_table_id:
        raise BatchStepRefused(
            _("The grid emission factor must come from the batch's coefficient table.")
        )
    if (
        batch.accident_gate
        and not batch.indicator_system.indicators.filter(
            code=batch.accident_gate, kind=IndicatorKind.GATE
        ).exists()
    ):
        raise BatchStepRefused(
            _("%(code)s is not a basic requirement of the indicator system %(system)s.")
            % {"code": batch.accident_gate, "system": batch.indicator_system}
        )
    if batch.tie_break == TieBreak.PART_THEN_SUBMISSION or batch.tie_break_part:
        parts = batch.indicator_system.indicators.filter(parent__isnull=True)
        if not parts.filter(code=batch.tie_break_part).exists():
            raise BatchStepRefused(
                _("The tie-break part must be the code of a top-level part: %(codes)s.")
                % {"codes": ", ".join(parts.order_by("position").values_list("code", flat=True))}
            )


@transaction.atomic
def create_batch(*, actor, region, historical: bool = False, **fields) -> Batch:
    """A draft batch of the officer's region. Side effects: audit entry.

    ``historical`` records a past batch run before the platform (its window has ended), closed
    from the start, so that earlier rounds and their titles can be entered.
    """
    if not actor.has_perm("programme.add_batch"):
        raise PermissionDenied
    # A batch of another programme starts from that programme's eligibility rules.
    for name, value in batch_defaults(fields.get("programme", Programme.GREEN_FACTORY)).items():
        fields.setdefault(name, value)
    # A past batch is created closed: it starts where the table ends, and never moves.
    batch = Batch(
        region=region, state=BatchState.CLOSED if historical else BatchState.DRAFT, **fields
    )
    _check_consistency(batch)
    if historical and batch.closes_at > timezone.now():
        raise BatchStepRefused(_("Only a batch whose window has ended can be recorded."))
    batch.save()
    record_event(
        "programme.batch.recorded" if historical else "programme.batch.created",
        actor=actor,
        obj=batch,
        changes=snapshot(batch, (*SETTINGS_FIELDS, "state")),
    )
    return batch


@transaction.atomic
def update_batch(batch: Batch, *, actor, data: dict) -> Batch:
    """Change a batch's settings; once open, only the window's end and the notice.

    Side effects: audit entry with what changed.
    """
    current = (
        Batch.objects.select_for_update(of=("self",)).select_related("region").get(pk=batch.pk)
    )
    if not actor.has_perm("programme.manage_batch", current):
        raise PermissionDenied
    editable = SETTINGS_FIELDS if current.state == BatchState.DRAFT else FIELDS_EDITABLE_WHEN_LOCKED
    refused = [
        name for name in data if name not in editable and data[name] != getattr(current, name)
    ]
    if refused:
        raise BatchStepRefused(
            _("Once the batch is open these settings are fixed: %(fields)s.")
            % {"fields": ", ".join(str(Batch._meta.get_field(n).verbose_name) for n in refused)}
        )
    save_changes(
        current,
        {name: value for name, value in data.items() if name in editable},
        SETTINGS_FIELDS,
        actor=actor,
        action="programme.batch.updated",
        check=_check_consistency,
    )
    return current


def move_batch(batch: Batch, to: str, *, actor, by_step: bool = False) -> Batch:
    """Move a batch along ``BATCH_MOVES`` (``core.domain.workflow.move``). A move marked
    ``by_step`` is refused unless the step that owns it asks for it; opening is refused once
    the window has ended. Side effects: audit entry named in the table."""

    def check(current):
        if BATCH_MOVES[(current.state, to)].by_step and not by_step:
            raise BatchStepRefused(
                _("The batch becomes “%(to)s” through its recognition step, not directly.")
                % {"to": BatchState(to).label}
            )
        if to == BatchState.OPEN and current.closes_at <= timezone.now():
            raise BatchStepRefused(
                _("The application window has already ended; extend it before opening.")
            )

    return move(batch, to, actor=actor, check=check)
