"""Rows of the reviews (district pre-review, site audit, expert review) that an application in
a later state carries, written directly: ``applications.py`` builds the states from them."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from greenfactory.accounts.enums import Role
from greenfactory.programme.enums import IndicatorKind
from greenfactory.reviews.domain.aggregation import aggregate, divergent
from greenfactory.reviews.domain.expert_scores import expert_fields, expert_totals
from greenfactory.reviews.enums import AuditStatus, CreditResult, EvaluationPurpose
from greenfactory.reviews.models import (
    DistrictReview,
    EvaluationItem,
    EvaluationStateChange,
    ExpertAssignment,
    ExpertResult,
    ExpertScore,
    RecommendationRank,
    SiteAudit,
    SiteAuditMember,
    ThirdPartyEvaluation,
)

from .accounts import CityOfficerFactory, ExpertFactory, OfficerFactory

# The district's checklist when nothing is wrong (``recommendation_problems`` finds nothing).
CLEAN_CHECKLIST = {
    "materials_complete": True,
    "gates_verified": True,
    "credit_china_on": date(2026, 11, 20),
    "credit_china_result": CreditResult.CLEAN,
    "credit_gsxt_on": date(2026, 11, 20),
    "credit_gsxt_result": CreditResult.CLEAN,
    "credit_jiangsu_on": date(2026, 11, 20),
    "credit_jiangsu_result": CreditResult.CLEAN,
}


def decide_rows(application, decision: str, *, reviewer=None, reason="") -> DistrictReview:
    """The district review of the current version, with its checklist and decision."""
    return DistrictReview.objects.create(
        application=application,
        version=application.version,
        reviewer=reviewer,
        decision=decision,
        reason=reason,
        decided_at=timezone.now(),
        **CLEAN_CHECKLIST,
    )


def rank_row(application) -> RecommendationRank:
    """Last in the district's order of preference for the batch."""
    taken = RecommendationRank.objects.filter(
        application__batch=application.batch, application__district=application.district
    ).count()
    return RecommendationRank.objects.create(application=application, rank=taken + 1)


def site_audit_row(application, *, team=None) -> SiteAudit:
    """A joint audit a week ahead; ``team`` (lead first) defaults to a new city officer leading
    and a new officer of the application's district."""
    team = list(team or [CityOfficerFactory(), OfficerFactory(region=application.district)])
    lead = next((m for m in team if m.role == Role.CITY_OFFICER), team[0])
    audit = SiteAudit.objects.create(
        application=application,
        version=application.version,
        scheduled_for=timezone.now() + timedelta(days=7),
        location="企业生产厂区",
        scheduled_by=lead,
    )
    SiteAuditMember.objects.bulk_create(
        SiteAuditMember(audit=audit, user=member, is_lead=member == lead) for member in team
    )
    return audit


def complete_audit_row(application) -> SiteAudit:
    audit = application.site_audits.get(status=AuditStatus.SCHEDULED)
    audit.status = AuditStatus.COMPLETED
    audit.conclusion = "现场核查情况与申报材料一致。"
    audit.completed_at = timezone.now()
    audit.save()
    return audit


def assignment_rows(application, experts=3) -> list[ExpertAssignment]:
    """``experts``: how many new experts, or the expert users; assigned by a city officer."""
    if isinstance(experts, int):
        experts = [ExpertFactory() for _ in range(experts)]
    by = CityOfficerFactory()
    return [
        ExpertAssignment.objects.create(application=application, expert=expert, assigned_by=by)
        for expert in experts
    ]


def scores_rows(assignment, *, submitted=True) -> list[ExpertScore]:
    """The expert agrees with the enterprise's own answer on every indicator."""
    application = assignment.application
    answers = {row.indicator_id: row for row in application.self_evaluations.all()}
    rows = []
    for indicator in application.batch.indicator_system.indicators.all():
        fields = expert_fields(indicator)
        if not fields:
            continue
        answer = answers.get(indicator.pk)
        values = {}
        if "met" in fields:
            values["met"] = True
        if "score" in fields:
            values["score"] = answer.score if answer and answer.score is not None else 0
        if "value" in fields:
            values["value"] = (
                answer.value if answer and answer.value is not None else (indicator.benchmark or 0)
            )
        rows.append(ExpertScore(assignment=assignment, indicator=indicator, **values))
    ExpertScore.objects.bulk_create(rows)
    if submitted:
        assignment.submitted_at = timezone.now()
        assignment.save(update_fields=["submitted_at"])
    return rows


def submitted_scores_rows(application) -> None:
    for assignment in application.expert_assignments.all():
        scores_rows(assignment)


def expert_result_row(application) -> ExpertResult:
    """The result ``complete_expert_review`` stores, computed from the submitted sheets."""
    batch = application.batch
    sheets = expert_totals(application)
    totals = [sheet.total for _assignment, sheet in sheets]
    score, rule = aggregate(totals, batch.aggregation_rule)
    return ExpertResult.objects.create(
        application=application,
        score=score,
        rule=rule,
        expert_count=len(totals),
        divergent=divergent(totals, batch.divergence_threshold),
        totals=[
            {
                "expert": assignment.expert.username,
                "total": str(sheet.total),
                "eligible": sheet.eligible,
                "subtotals": {code: str(value) for code, value in sheet.subtotals.items()},
                "gate_failures": sheet.gate_failures,
                "unmet_required": sheet.unmet_required,
            }
            for assignment, sheet in sheets
        ],
        computed_by=sheets[0][0].assigned_by if sheets else None,
    )


def evaluation_row(application, body, *, state="commissioned", commissioned_by=None):
    """A third-party evaluation of ``application`` by ``body`` as the bureau commissioned it
    (``commission_evaluation``); ``state="submitted"`` adds a complete, signed report with an
    item for every indicator (basic requirements met, scored indicators at half points)."""
    evaluation = ThirdPartyEvaluation.objects.create(
        application=application,
        body=body,
        purpose=EvaluationPurpose.APPLICATION,
        commissioned_by=commissioned_by,
    )
    EvaluationStateChange.record(evaluation=evaluation, before="", to="commissioned", actor=None)
    if state == "submitted":
        for indicator in application.batch.indicator_system.indicators.exclude(
            kind=IndicatorKind.GROUP
        ):
            EvaluationItem.objects.create(
                evaluation=evaluation,
                indicator=indicator,
                met=True if indicator.kind == IndicatorKind.GATE else None,
                score=None
                if indicator.kind == IndicatorKind.GATE
                else (indicator.max_points or Decimal(0)) / 2,
            )
        ThirdPartyEvaluation.objects.filter(pk=evaluation.pk).update(
            state="submitted",
            basic_information="企业基本情况",
            process="文件审查、现场评价",
            highlights="亮点",
            conclusion="符合",
            independence_declared=True,
            responsible_person=body.responsible_person or "周评价",
            signed_on=date(2026, 12, 1),
            submitted_at=timezone.now(),
        )
        EvaluationStateChange.record(
            evaluation=evaluation, before="commissioned", to="submitted", actor=None
        )
        evaluation.refresh_from_db()
    return evaluation
