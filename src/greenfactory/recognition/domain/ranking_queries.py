"""Reads of the ranking step: the candidates as the rule reads them, the current computation,
the proposal with officers' changes, what is still in review, and the wording of each reason."""

from dataclasses import dataclass, replace
from typing import NamedTuple

from django.db.models import Exists, Func, IntegerField, JSONField, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from greenfactory.applications.domain.carbon.status import carbon_status_of_application
from greenfactory.applications.enums import ApplicationState, CarbonStatus
from greenfactory.applications.models import Application
from greenfactory.programme.enums import Programme, TieBreak
from greenfactory.reviews.enums import AuditStatus, DistrictDecision
from greenfactory.reviews.models import DistrictReview, ExpertResult, SiteAudit

from .. import ranking as rule
from ..models import ProposalChange, Ranking, RankingEntry

# Applications that must reach the end of their review before the batch can be ranked.
IN_REVIEW_STATES = (
    ApplicationState.SUBMITTED,
    ApplicationState.RETURNED,
    ApplicationState.RECOMMENDED,
    ApplicationState.SITE_AUDIT,
    ApplicationState.AUDITED,
    ApplicationState.EXPERT_REVIEW,
)

# Applications that reached the city: the ranking shows each of them with its reasons.
CONSIDERED_STATES = (
    ApplicationState.REVIEWED,
    ApplicationState.DISTRICT_REJECTED,
    ApplicationState.WITHDRAWN,
)


def unfinished_applications(batch):
    return (
        Application.objects.filter(batch=batch, state__in=IN_REVIEW_STATES)
        .select_related("enterprise", "enterprise__district")
        .order_by("enterprise__district__code", "enterprise__name")
    )


def skipped_steps(application_ids) -> dict[int, tuple[str, list[str]]]:
    """The steps each of the given applications has not been through — its district's
    recommendation, a completed on-site audit, a completed expert review — read from the rows
    those steps leave, in one query. Only applications with a step missing are in the answer:
    application id → (enterprise name, the missing steps in the reader's language)."""
    rows = (
        Application.objects.filter(pk__in=list(application_ids))
        .annotate(
            recommended=Exists(
                DistrictReview.objects.filter(
                    application=OuterRef("pk"), decision=DistrictDecision.RECOMMENDED
                )
            ),
            audited=Exists(
                SiteAudit.objects.filter(application=OuterRef("pk"), status=AuditStatus.COMPLETED)
            ),
            reviewed=Exists(ExpertResult.objects.filter(application=OuterRef("pk"))),
        )
        .order_by("enterprise__district__code", "enterprise__name")
        .values_list("pk", "enterprise__name", "state", "recommended", "audited", "reviewed")
    )
    skipped = {}
    for pk, name, state, recommended, audited, reviewed in rows:
        missing = []
        if not recommended:
            missing.append(_("its district did not recommend it"))
        if not audited:
            missing.append(_("no on-site audit was completed"))
        if not reviewed or state != ApplicationState.REVIEWED:
            missing.append(_("its expert review is not completed"))
        if missing:
            skipped[pk] = (name, missing)
    return skipped


# A reason the ranking adds to the rule's: the review completed with fewer experts than the
# batch asks for, and the officer's reason for it (decisions §49).
FEWER_EXPERTS = "fewer_experts"


def fewer_experts_reasons(batch) -> dict[int, dict]:
    """Application id → the ``FEWER_EXPERTS`` reason, for the batch's reviews completed with
    fewer experts than ``experts_per_application``, in one query."""
    rows = ExpertResult.objects.filter(application__batch=batch).exclude(short_reason="")
    return {
        application_id: {
            "code": FEWER_EXPERTS,
            "experts": experts,
            "needed": batch.experts_per_application,
            "reason": reason,
        }
        for application_id, experts, reason in rows.values_list(
            "application_id", "expert_count", "short_reason"
        )
    }


class _ExpertCount(Func):
    """How many experts' sheets an ``ExpertResult.totals`` holds."""

    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="jsonb_array_length", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="json_array_length", **extra)


class _FromSheets(Func):
    """One JSON list gathered from the sheets of an ``ExpertResult.totals``: each sheet's
    ``key`` (sheets without it are skipped) or, with ``each_item``, every item of each sheet's
    ``key`` list; NULL rather than an empty list, which is nearly every row and costs nothing to
    decode. The database picks these few fields out of the stored JSON faster than Python can
    decode the whole of it."""

    output_field = JSONField()

    def __init__(self, expression, key: str, *, each_item: bool = False):
        if not key.isidentifier():
            raise ValueError(f"Not a sheet key: {key!r}")
        self.key, self.each_item = key, each_item
        super().__init__(expression)

    def as_postgresql(self, compiler, connection, **extra):
        path = f"$[*].{self.key}[*]" if self.each_item else f"$[*].{self.key}"
        template = f"NULLIF(jsonb_path_query_array(%(expressions)s, '{path}'), '[]')"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # The key is an identifier (checked above) and the expression is compiled by Django.
        if self.each_item:
            template = (
                "NULLIF((SELECT json_group_array(item.value) "  # noqa: S608
                "FROM json_each(%(expressions)s) AS sheet, "
                f"json_each(sheet.value, '$.{self.key}') AS item), '[]')"
            )
        else:
            template = (
                f"NULLIF((SELECT json_group_array(json_extract(sheet.value, '$.{self.key}')) "  # noqa: S608
                "FROM json_each(%(expressions)s) AS sheet "
                f"WHERE json_type(sheet.value, '$.{self.key}') IS NOT NULL), '[]')"
            )
        return self.as_sql(compiler, connection, template=template, **extra)


def candidates_of(batch) -> list[rule.Candidate]:
    """The batch's considered applications as the rule reads them, from one query of plain
    values (no model instances: a provincial batch has thousands). Of each stored
    ``ExpertResult`` only what the rule reads is fetched (``rule.from_sheets`` in SQL); the
    subtotals only when ties are broken by a part."""
    totals = "expert_result__totals"
    sheets = {
        "expert_count": _ExpertCount(totals),
        "gate_failures": _FromSheets(totals, "gate_failures", each_item=True),
        "unmet_required": _FromSheets(totals, "unmet_required", each_item=True),
    }
    if batch.tie_break == TieBreak.PART_THEN_SUBMISSION and batch.tie_break_part:
        sheets["subtotals"] = _FromSheets(totals, "subtotals")
    rows = (
        Application.objects.filter(batch=batch, state__in=CONSIDERED_STATES)
        .order_by("pk")
        .annotate(**sheets)
        .values_list(
            "pk",
            "code",
            "state",
            "submitted_at",
            "expert_result__pk",
            "expert_result__score",
            "expert_result__rule",
            *sheets,
        )
    )
    candidates = []
    for pk, code, state, submitted_at, result, score, result_rule, *found in rows:
        expert = dict(zip(sheets, found, strict=True))
        candidates.append(
            rule.Candidate(
                application_id=pk,
                code=code,
                state=state,
                reviewed=state == ApplicationState.REVIEWED and result is not None,
                score=score,
                rule=result_rule or "",
                submitted_at=submitted_at,
                expert_count=expert["expert_count"] or 0,
                gate_failures=expert["gate_failures"] or (),
                unmet_required=expert["unmet_required"] or (),
                subtotals=expert.get("subtotals") or (),
            )
        )
    if batch.programme == Programme.ZERO_CARBON:
        candidates = _with_carbon_status(batch, candidates)
    return candidates


def _with_carbon_status(batch, candidates: list[rule.Candidate]) -> list[rule.Candidate]:
    """Each reviewed candidate of a zero-carbon batch with its enterprise's carbon status (one
    inventory computation per reviewed application: such batches are small)."""
    reviewed = [c.application_id for c in candidates if c.reviewed]
    applications = Application.objects.filter(pk__in=reviewed).select_related("batch")
    status = {a.pk: carbon_status_of_application(a) for a in applications}
    return [
        replace(c, carbon_status=status[c.application_id]) if c.application_id in status else c
        for c in candidates
    ]


def current_ranking(batch) -> Ranking | None:
    return Ranking.objects.filter(batch=batch).order_by("-number").first()


@dataclass
class ProposalRow:
    entry: RankingEntry
    change: ProposalChange | None

    @property
    def proposed(self) -> bool:
        """In the proposal: the computation's answer unless an officer proposed otherwise."""
        return self.change.include if self.change else self.entry.proposed


class RowDecision(NamedTuple):
    """The party group's decision on one application of the ranking, the one vocabulary of the
    decision page's rows and the API's ``decisions`` (keyed by the application's code): whether
    it is on the decided list, and the reason where that departs from the proposal."""

    include: bool
    reason: str = ""


PROPOSAL_RELATED = (
    "application",
    "application__enterprise",
    "application__enterprise__district",
    "application__enterprise__industry",
)


def proposal(ranking: Ranking | None) -> list[ProposalRow]:
    """Every entry of the ranking in rank order with the officer's change, if any."""
    if ranking is None:
        return []
    changes = {c.application_id: c for c in ranking.changes.select_related("proposed_by")}
    entries = ranking.entries.select_related(*PROPOSAL_RELATED)
    return [ProposalRow(entry, changes.get(entry.application_id)) for entry in entries]


def decision_rows(ranking: Ranking | None) -> list[ProposalRow]:
    """The rows the party group decides on, on the decision page as in the API: every row of
    ``proposal`` that is eligible or proposed."""
    return [row for row in proposal(ranking) if row.entry.eligible or row.proposed]


def proposal_row(ranking: Ranking | None, application_code: str) -> ProposalRow | None:
    """One application's row of ``proposal`` (None when it is not in the ranking), read without
    the batch's other entries: a provincial batch ranks thousands."""
    if ranking is None:
        return None
    entry = (
        ranking.entries.select_related(*PROPOSAL_RELATED)
        .filter(application__code=application_code)
        .first()
    )
    if entry is None:
        return None
    change = (
        ranking.changes.select_related("proposed_by")
        .filter(application_id=entry.application_id)
        .first()
    )
    return ProposalRow(entry, change)


def reason_text(reason: dict) -> str:
    """One reason of ``ranking.rank`` in the reader's language."""
    code = reason["code"]
    if code == rule.NOT_REVIEWED:
        return _("Not ranked: %(state)s") % {"state": ApplicationState(reason["state"]).label}
    if code == rule.GATE_FAILED:
        return _("Basic requirement not met: %(items)s") % {"items": "、".join(reason["items"])}
    if code == rule.REQUIRED_UNMET:
        return _("Required item unmet: %(items)s") % {"items": "、".join(reason["items"])}
    if code == rule.CARBON_STATUS_UNMET:
        return _(
            "Carbon status “%(status)s”: only a zero-carbon or near-zero-carbon factory can be "
            "designated"
        ) % {"status": CarbonStatus(reason["status"]).label}
    if code == rule.AT_OR_BELOW_THRESHOLD:
        return _("%(score)s ≤ %(threshold)s: not above the pass threshold") % reason
    if code == rule.WITHIN_QUOTA:
        return _("Rank %(rank)s of %(eligible)s eligible, within the quota of %(quota)s") % reason
    if code == rule.OUTSIDE_QUOTA:
        return _("Rank %(rank)s of %(eligible)s eligible, outside the quota of %(quota)s") % reason
    if code == FEWER_EXPERTS:
        return _("Reviewed by %(experts)s of the %(needed)s experts asked for: %(reason)s") % reason
    if code == rule.TIE_BROKEN:
        if reason["by"] == "part":
            return ngettext(
                "Same score as %(others)s other; ordered by the subtotal of part %(part)s",
                "Same score as %(others)s others; ordered by the subtotal of part %(part)s",
                reason["others"],
            ) % {"others": reason["others"], "part": reason["part"]}
        return ngettext(
            "Same score as %(others)s other; ordered by the earlier submission",
            "Same score as %(others)s others; ordered by the earlier submission",
            reason["others"],
        ) % {"others": reason["others"]}
    return code
