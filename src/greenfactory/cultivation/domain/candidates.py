"""Writes of the cultivation pipeline: candidates, their projects and trial answers.

Each function checks the actor's permission, locks the candidate row, writes, and records an
audit entry in one transaction.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from greenfactory.accounts.enums import EnterpriseStatus
from greenfactory.core.domain.audit import changed_fields, record_event, save_changes, snapshot
from greenfactory.core.domain.workflow import Move, Workflow, move
from greenfactory.core.refusals import Refused

from ..enums import CandidateStatus
from ..models import Candidate, TransformationProject, TrialAnswer

PROJECT_FIELDS = (
    "name",
    "kind",
    "investment",
    "energy_saving_tce",
    "co2_reduction_t",
    "status",
    "starts_on",
    "ends_on",
)
ANSWER_FIELDS = ("not_applicable", "met", "score", "value")


class CultivationRefused(Refused):
    """A change that cannot be made as asked; the message says why."""


def _lock(candidate: Candidate) -> Candidate:
    return (
        Candidate.objects.select_for_update()
        .select_related("district", "enterprise")
        .get(pk=candidate.pk)
    )


def _require(actor, permission: str, obj) -> None:
    if not actor.has_perm(permission, obj):
        raise PermissionDenied


S = CandidateStatus
_CHANGED = "cultivation.candidate.status_changed"
# Any status may follow any other; coming back on the list is adding the enterprise again.
CANDIDATE_MOVES = {
    (S.ACTIVE, S.GRADUATED): Move("cultivation.change_candidate", _CHANGED),
    (S.ACTIVE, S.DROPPED): Move("cultivation.change_candidate", _CHANGED),
    (S.GRADUATED, S.DROPPED): Move("cultivation.change_candidate", _CHANGED),
    (S.DROPPED, S.GRADUATED): Move("cultivation.change_candidate", _CHANGED),
    (S.DROPPED, S.ACTIVE): Move("cultivation.resume_candidate", "cultivation.candidate.added"),
    (S.GRADUATED, S.ACTIVE): Move("cultivation.resume_candidate", "cultivation.candidate.added"),
}


def _same_status(current, to) -> str:
    if to == S.ACTIVE:
        return _("This enterprise is already on the cultivation list.")
    return _("The candidate already has this status.")


WORKFLOW = Workflow(
    name=gettext_lazy("Cultivation candidate"),
    model=Candidate,
    states=CandidateStatus,
    table=CANDIDATE_MOVES,
    field="status",
    refused=CultivationRefused,
    wrong_state=_same_status,
    related=("district", "enterprise__district"),
    initial=S.ACTIVE,
)


def _require_confirmed(enterprise) -> None:
    """Only an enterprise its district has confirmed is put on the list, or taken back on."""
    if enterprise.status != EnterpriseStatus.CONFIRMED:
        raise CultivationRefused(
            _("Only enterprises confirmed by their district can be cultivated.")
        )


def add_candidate(enterprise, *, actor, note: str = "") -> Candidate:
    """Put a confirmed enterprise of the officer's district on the pipeline. An enterprise
    dropped earlier becomes active again (``CANDIDATE_MOVES``), with its projects and trial
    answers.

    Side effects: one audit entry ``cultivation.candidate.added``."""
    _require_confirmed(enterprise)
    _require(actor, "cultivation.add_candidate", enterprise)
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().filter(enterprise=enterprise).first()
        if candidate is not None:

            def effects(current):
                current.district = enterprise.district
                if note:
                    current.note = note

            return move(candidate, S.ACTIVE, actor=actor, effects=effects)
        candidate = Candidate.objects.create(
            enterprise=enterprise, district=enterprise.district, note=note, added_by=actor
        )
        record_event(
            "cultivation.candidate.added", actor=actor, obj=candidate, changes={"note": note}
        )
    return candidate


def set_candidate_status(
    candidate: Candidate, status: str, *, actor, reason: str = ""
) -> Candidate:
    """Drop a candidate from the list, mark it graduated (it has applied or been designated),
    or take it back on (``CANDIDATE_MOVES``). Nothing is deleted.

    Side effects: one audit entry ``cultivation.candidate.status_changed`` (or ``.added`` when
    taken back on) with the reason."""
    if status not in CandidateStatus.values:
        raise CultivationRefused(_("Unknown status."))
    if status == S.ACTIVE:
        return move(
            candidate,
            status,
            actor=actor,
            reason=reason,
            check=lambda current: _require_confirmed(current.enterprise),
        )
    return move(candidate, status, actor=actor, reason=reason)


def remove_candidate(candidate: Candidate, *, actor, reason: str = "") -> Candidate:
    return set_candidate_status(candidate, CandidateStatus.DROPPED, actor=actor, reason=reason)


def update_candidate_note(candidate: Candidate, *, actor, note: str) -> Candidate:
    with transaction.atomic():
        current = _lock(candidate)
        _require(actor, "cultivation.change_candidate", current)
        save_changes(
            current, {"note": note}, ("note",), actor=actor, action="cultivation.candidate.updated"
        )
    return current


def _check_dates(data: dict) -> None:
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if starts and ends and ends < starts:
        raise CultivationRefused(_("A project cannot end before it starts."))


def add_project(candidate: Candidate, *, actor, data: dict) -> TransformationProject:
    """Add a green transformation project to a candidate.

    Side effects: one audit entry ``cultivation.project.added``."""
    _check_dates(data)
    with transaction.atomic():
        current = _lock(candidate)
        _require(actor, "cultivation.change_candidate", current)
        project = TransformationProject.objects.create(
            candidate=current, **{name: data[name] for name in PROJECT_FIELDS if name in data}
        )
        record_event(
            "cultivation.project.added",
            actor=actor,
            obj=project,
            changes={"candidate": current.code, **snapshot(project, PROJECT_FIELDS)},
        )
    return project


def update_project(project: TransformationProject, *, actor, data: dict) -> TransformationProject:
    """Change a project's fields (its status and dates as it moves on).

    Side effects: one audit entry ``cultivation.project.updated`` with the changed fields."""
    _check_dates(data)
    with transaction.atomic():
        _require(actor, "cultivation.change_candidate", _lock(project.candidate))
        current = TransformationProject.objects.select_for_update().get(pk=project.pk)
        save_changes(
            current, data, PROJECT_FIELDS, actor=actor, action="cultivation.project.updated"
        )
    return current


def save_trial_answers(candidate: Candidate, *, actor, answers: dict) -> int:
    """Save the trial self-evaluation: ``answers`` maps an indicator to the fields given for
    it (``not_applicable``, ``met``, ``score``, ``value``). Returns how many rows changed.

    Side effects: one audit entry ``cultivation.trial.saved`` listing the changed indicators."""
    with transaction.atomic():
        current = _lock(candidate)
        _require(actor, "cultivation.change_candidate", current)
        existing = {
            row.indicator_id: row
            for row in TrialAnswer.objects.filter(
                candidate=current, indicator__in=[i.pk for i in answers]
            )
        }
        changes = {}
        for indicator, values in answers.items():
            row = existing.get(indicator.pk) or TrialAnswer(candidate=current, indicator=indicator)
            before = {name: getattr(row, name) for name in ANSWER_FIELDS}
            for name in ANSWER_FIELDS:
                if name in values:
                    setattr(row, name, values[name])
            after = {name: getattr(row, name) for name in ANSWER_FIELDS}
            if before != after:
                row.save()
                changes[indicator.code] = changed_fields(before, after)
        if changes:
            record_event("cultivation.trial.saved", actor=actor, obj=current, changes=changes)
    return len(changes)
