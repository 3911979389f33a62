"""Writes of the ranking step and the party-group decision.

The ranking is computed, never edited: `compute_ranking` stores a new computation each time, and
an officer who wants the list to differ proposes a change with a written reason
(`propose_change`). The party group then decides the list (`record_decision`); where its list
differs from the proposal each difference carries a reason. Every write holds the batch row lock,
so two officers acting at once are serialised and the second sees the first's result.
"""

import json
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from greenfactory.applications.domain.carbon.status import (
    GRADED_STATUSES,
    carbon_status_of_application,
)
from greenfactory.applications.enums import CarbonStatus
from greenfactory.applications.models import Application
from greenfactory.core.domain.audit import record_event
from greenfactory.core.refusals import Refused
from greenfactory.core.uploads import PDF, check_upload
from greenfactory.programme.domain.batches import move_batch
from greenfactory.programme.enums import BatchPurpose, BatchState, Programme
from greenfactory.programme.models import Batch

from .. import ranking as rule
from ..models import DecisionEntry, PartyGroupDecision, ProposalChange, Ranking, RankingEntry
from .ranking_queries import (
    RowDecision,
    candidates_of,
    current_ranking,
    fewer_experts_reasons,
    proposal,
    skipped_steps,
    unfinished_applications,
)

RANKABLE_BATCH_STATES = (BatchState.IN_REVIEW, BatchState.RANKED)


class RecognitionRefused(Refused):
    """A recognition step that cannot be taken now; the message says why."""


class ReviewsUnfinished(RecognitionRefused):
    def __init__(self, applications):
        self.applications = list(applications)
        super().__init__(
            _("%(count)s applications have not finished their review yet.")
            % {"count": len(self.applications)}
        )


class StepsSkipped(RecognitionRefused):
    """Applications that cannot be put on the list: each has skipped a step of the review
    (``skipped`` maps their ids to the enterprise and the missing steps)."""

    separator = "\n"

    def __init__(self, skipped: dict[int, tuple[str, list[str]]]):
        self.skipped = skipped
        super().__init__(
            *(
                _("%(enterprise)s cannot be put on the list: %(missing)s.")
                % {"enterprise": name, "missing": "; ".join(missing)}
                for name, missing in skipped.values()
            )
        )


def refuse_if_steps_skipped(application_ids) -> None:
    """The one rule of what may be on the list: an application its district recommended, with
    a completed on-site audit and a completed expert review (DOMAIN §8; decisions §49). The
    computation proposes only reviewed applications; this holds the same for what an officer
    adds and what the party group decides."""
    skipped = skipped_steps(application_ids)
    if skipped:
        raise StepsSkipped(skipped)


class CarbonStatusUnmet(RecognitionRefused):
    """Applications of a zero-carbon batch that cannot be put on the list: the carbon status
    rule gives their enterprise neither grade (``unmet`` maps their ids to the enterprise and
    the status)."""

    separator = "\n"

    def __init__(self, unmet: dict[int, tuple[str, str]]):
        self.unmet = unmet
        super().__init__(
            *(
                _(
                    "%(enterprise)s cannot be put on the list: its carbon status is "
                    "“%(status)s”; only a zero-carbon or near-zero-carbon factory can be "
                    "designated."
                )
                % {"enterprise": name, "status": CarbonStatus(status).label}
                for name, status in unmet.values()
            )
        )


def grades_or_refuse(batch, application_ids) -> dict[int, str]:
    """The grade (零碳 / 近零碳) of each application of a zero-carbon batch, from the one status
    rule as it stands now (decisions §78); refused, naming each, when any has neither grade.
    Empty for a batch of another programme."""
    if batch.programme != Programme.ZERO_CARBON:
        return {}
    applications = Application.objects.filter(pk__in=list(application_ids)).select_related(
        "batch", "enterprise"
    )
    grades, unmet = {}, {}
    for application in applications.order_by("pk"):
        status = carbon_status_of_application(application)
        if status in GRADED_STATUSES:
            grades[application.pk] = status
        else:
            unmet[application.pk] = (application.enterprise.name, status)
    if unmet:
        raise CarbonStatusUnmet(unmet)
    return grades


def _locked_batch(batch, actor, permission: str) -> Batch:
    current = (
        Batch.objects.select_for_update(of=("self",)).select_related("region").get(pk=batch.pk)
    )
    if not actor.has_perm(permission, current):
        raise PermissionDenied
    return current


def refuse_if_decided(batch) -> None:
    if PartyGroupDecision.objects.filter(batch=batch).exists():
        raise RecognitionRefused(_("The party group has decided; the ranking is final."))


def _insert_entries(ranking, placed) -> None:
    """The entries as plain rows, written by COPY on PostgreSQL and by one prepared INSERT
    elsewhere: building 10 000 ``RankingEntry`` instances and Django's multi-row INSERT cost
    several times what the database itself spends. ``reasons`` is encoded as ``JSONField``
    encodes it."""
    meta = RankingEntry._meta
    fields = ("ranking", "application", "score", "tie_value", "eligible", "position")
    fields += ("proposed", "reasons")
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)
    dumps = json.dumps
    rows = [
        (
            ranking.pk,
            item.candidate.application_id,
            item.candidate.score,
            item.tie_value,
            item.eligible,
            item.position,
            item.proposed,
            dumps(item.reasons),
        )
        for item in placed
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            values = ", ".join(["%s"] * len(fields))
            insert = f"INSERT INTO {table} ({columns}) VALUES ({values})"  # noqa: S608 - names from the model, values bound
            cursor.executemany(insert, rows)


def compute_ranking(batch, *, actor) -> Ranking:
    """Apply the ranking rule to the batch as it stands and store the result.

    Refused while any application of the batch is still in review (the exception lists them),
    and once the party group has decided. A review completed with fewer experts than the batch
    asks for carries its reason among the entry's reasons (``fewer_experts_reasons``).
    Officers' proposed changes of the previous computation are carried over with their reasons.
    Side effects (one transaction): a new ``Ranking`` with its entries; the batch moves
    IN_REVIEW → RANKED the first time; an audit entry.
    """
    with transaction.atomic():
        current = _locked_batch(batch, actor, "recognition.rank_batch")
        if current.purpose != BatchPurpose.DESIGNATION:
            raise RecognitionRefused(
                _("A spot-check batch is not ranked: each factory checked gets its own outcome.")
            )
        if current.state not in RANKABLE_BATCH_STATES:
            raise RecognitionRefused(
                _("The batch is “%(state)s”; it can be ranked once its review has started.")
                % {"state": current.get_state_display()}
            )
        refuse_if_decided(current)
        unfinished = list(unfinished_applications(current))
        if unfinished:
            raise ReviewsUnfinished(unfinished)
        placed = rule.rank(
            candidates_of(current),
            threshold=current.pass_threshold,
            quota=current.quota,
            tie_break=current.tie_break,
            tie_break_part=current.tie_break_part,
        )
        fewer = fewer_experts_reasons(current)
        for item in placed:
            if item.candidate.application_id in fewer:
                item.reasons.append(fewer[item.candidate.application_id])
        previous = current_ranking(current)
        number = (current.rankings.aggregate(n=Max("number"))["n"] or 0) + 1
        ranking = Ranking.objects.create(
            batch=current,
            number=number,
            threshold=current.pass_threshold,
            quota=current.quota,
            tie_break=current.tie_break,
            tie_break_part=current.tie_break_part,
            candidates=len(placed),
            eligible_count=sum(1 for item in placed if item.eligible),
            computed_by=actor,
        )
        _insert_entries(ranking, placed)
        carried = 0
        if previous is not None:
            proposed = {item.candidate.application_id: item.proposed for item in placed}
            for change in previous.changes.all():
                if change.application_id in proposed and (
                    proposed[change.application_id] != change.include
                ):
                    ProposalChange.objects.create(
                        ranking=ranking,
                        application_id=change.application_id,
                        include=change.include,
                        reason=change.reason,
                        proposed_by=change.proposed_by,
                    )
                    carried += 1
        if current.state == BatchState.IN_REVIEW:
            move_batch(current, BatchState.RANKED, actor=actor, by_step=True)
        record_event(
            "recognition.ranking.computed",
            actor=actor,
            obj=current,
            changes={
                "number": number,
                "candidates": ranking.candidates,
                "eligible": ranking.eligible_count,
                "proposed": sum(1 for item in placed if item.proposed),
                "threshold": str(current.pass_threshold),
                "quota": current.quota,
                "changes_carried_over": carried,
            },
        )
    return ranking


def propose_change(ranking, application, *, actor, include: bool, reason: str) -> ProposalChange:
    """An officer's proposal to add an application to the list or take one off, with the
    written reason. Only on the current computation and before the decision; the computed
    entry itself is never changed. Side effects: the ``ProposalChange``; an audit entry."""
    reason = (reason or "").strip()
    with transaction.atomic():
        batch = _locked_batch(ranking.batch, actor, "recognition.propose_change")
        refuse_if_decided(batch)
        if current_ranking(batch).pk != ranking.pk:
            raise RecognitionRefused(
                _("The ranking has been recomputed; propose the change on the current one.")
            )
        entry = ranking.entries.filter(application=application).first()
        if entry is None:
            raise RecognitionRefused(_("This application is not part of the ranking."))
        if not reason:
            raise RecognitionRefused(_("A proposed change needs a written reason."))
        if ranking.changes.filter(application=application).exists():
            raise RecognitionRefused(
                _("A change is already proposed for this application; withdraw it first.")
            )
        if entry.proposed == include:
            raise RecognitionRefused(
                _("The computed proposal already includes this application.")
                if include
                else _("The computed proposal does not include this application.")
            )
        if include:
            refuse_if_steps_skipped([application.pk])
            grades_or_refuse(batch, [application.pk])
        change = ProposalChange.objects.create(
            ranking=ranking,
            application=application,
            include=include,
            reason=reason,
            proposed_by=actor,
        )
        record_event(
            "recognition.ranking.change_proposed",
            actor=actor,
            obj=application,
            changes={"ranking": ranking.number, "include": include, "reason": reason},
        )
    return change


def withdraw_change(change, *, actor) -> None:
    """Take back a proposed change before the decision. Side effects: an audit entry."""
    with transaction.atomic():
        batch = _locked_batch(change.ranking.batch, actor, "recognition.propose_change")
        refuse_if_decided(batch)
        record_event(
            "recognition.ranking.change_withdrawn",
            actor=actor,
            obj=change.application,
            changes={"include": change.include, "reason": change.reason},
        )
        ProposalChange.objects.filter(pk=change.pk).delete()


def refuse_outside_rows(rows, decided: Mapping[str, RowDecision]) -> None:
    """Refuse a decision that names an application outside ``rows`` (the ranking's rows, or
    those the page and the API offer: ``decision_rows``)."""
    if set(decided) - {row.entry.application.code for row in rows}:
        raise RecognitionRefused(_("The decision names applications outside the ranking."))


def record_decision(
    batch,
    *,
    actor,
    meeting_on,
    minutes_reference: str,
    decided: Mapping[str, RowDecision],
    minutes=None,
) -> PartyGroupDecision:
    """Record the party group's meeting and the list it decided: the one entry point of the
    decision page and the API.

    ``decided`` maps application codes of the current ranking to a ``RowDecision`` (the page
    and the API offer the rows of ``decision_rows``); an application not mentioned keeps the
    proposal, one outside the ranking is refused (``refuse_outside_rows``). Every departure
    from the proposal needs a reason, and all are checked before anything is written. In a
    zero-carbon batch each decided factory's grade (零碳 / 近零碳) is fixed here from the carbon
    status rule, and a factory with neither grade is refused (``grades_or_refuse``, decisions
    §78). Side effects (one transaction): the
    ``PartyGroupDecision`` with one ``DecisionEntry`` per application proposed or decided (a
    decided one with its grade); the
    minutes file stored under a random name; an audit entry listing the differences.
    """
    minutes_reference = (minutes_reference or "").strip()
    checked = check_upload(minutes, allowed=(PDF,)) if minutes is not None else None
    with transaction.atomic():
        current = _locked_batch(batch, actor, "recognition.record_decision")
        if current.state != BatchState.RANKED:
            raise RecognitionRefused(_("The batch must be ranked before the party group decides."))
        refuse_if_decided(current)
        ranking = current_ranking(current)
        if not minutes_reference:
            raise RecognitionRefused(_("Give the minutes reference of the meeting."))
        rows = proposal(ranking)
        refuse_outside_rows(rows, decided)
        missing = []
        entries = []
        for row in rows:
            included, reason = decided.get(row.entry.application.code, (row.proposed, ""))
            reason = (reason or "").strip()
            if included != row.proposed and not reason:
                missing.append(row.entry.application.enterprise.name)
            if included or row.proposed:
                entries.append((row, included, reason if included != row.proposed else ""))
        if missing:
            raise RecognitionRefused(
                _("Give the reason for each difference from the proposal: %(names)s.")
                % {"names": "、".join(missing)}
            )
        refuse_if_steps_skipped(
            row.entry.application_id
            for row, included, _reason in entries
            if included and not row.entry.proposed
        )
        if not any(included for _row, included, _reason in entries):
            raise RecognitionRefused(_("The decided list is empty."))
        grades = grades_or_refuse(
            current, [row.entry.application_id for row, included, _r in entries if included]
        )
        decision = PartyGroupDecision(
            batch=current,
            ranking=ranking,
            meeting_on=meeting_on,
            minutes_reference=minutes_reference,
            recorded_by=actor,
        )
        if checked is not None:
            decision.minutes_name = checked.name
            decision.minutes_sha256 = checked.sha256
            decision.minutes.save(checked.name, minutes, save=False)
        decision.save()
        DecisionEntry.objects.bulk_create(
            DecisionEntry(
                decision=decision,
                application_id=row.entry.application_id,
                proposed=row.proposed,
                included=included,
                reason=reason,
                position=position,
                grade=grades.get(row.entry.application_id, "") if included else "",
            )
            for position, (row, included, reason) in enumerate(entries, start=1)
        )
        record_event(
            "recognition.decision.recorded",
            actor=actor,
            obj=current,
            changes={
                "meeting_on": meeting_on.isoformat(),
                "minutes_reference": minutes_reference,
                "ranking": ranking.number,
                "decided": sum(1 for _r, included, _x in entries if included),
                **(
                    {
                        "grades": {
                            row.entry.application.code: grades[row.entry.application_id]
                            for row, included, _x in entries
                            if included
                        }
                    }
                    if grades
                    else {}
                ),
                "differences": [
                    {"application": row.entry.application.code, "included": inc, "reason": why}
                    for row, inc, why in entries
                    if why
                ],
            },
        )
    return decision
