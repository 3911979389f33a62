"""Writing one generated batch: its applications along their paths through the transition
table, with everything each state implies (see ``dataset``'s docstring)."""

import json
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from greenfactory.applications.enums import ApplicationState as S
from greenfactory.applications.enums import EvidenceKind, NegativeListItem
from greenfactory.applications.models import (
    Application,
    ApplicationVersion,
    EvidenceFile,
    SelfEvaluation,
    StatusChange,
)
from greenfactory.programme.enums import IndicatorKind
from greenfactory.programme.scoring import Answer, score_application
from greenfactory.reviews.domain.aggregation import aggregate, divergent
from greenfactory.reviews.enums import AuditStatus, CreditResult, DistrictDecision
from greenfactory.reviews.models import (
    DistrictReview,
    ExpertAssignment,
    ExpertResult,
    ExpertScore,
    SiteAudit,
    SiteAuditMember,
)
from greenfactory.titles.certificates import format_number
from greenfactory.titles.domain.titles import valid_until
from greenfactory.titles.enums import TitleLevel, TitleSource, TitleStatus
from greenfactory.titles.models import CertificateCounter, Title, TitleStatusChange

from .inserts import insert_rows
from .people import PRODUCTS, answer

# The share of each state among a batch's applications.
OPEN_MIX = [
    (S.DRAFT, 15), (S.SUBMITTED, 15), (S.RETURNED, 8), (S.DISTRICT_REJECTED, 7),
    (S.RECOMMENDED, 10), (S.SITE_AUDIT, 10), (S.AUDITED, 10), (S.EXPERT_REVIEW, 12),
    (S.REVIEWED, 8), (S.WITHDRAWN, 5),
]  # fmt: skip
PAST_MIX = [(S.REVIEWED, 85), (S.DISTRICT_REJECTED, 10), (S.WITHDRAWN, 5)]
# Each state's path from the draft, every step a pair of the transition table.
PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: [S.SUBMITTED],
    S.RETURNED: [S.SUBMITTED, S.RETURNED],
    S.DISTRICT_REJECTED: [S.SUBMITTED, S.DISTRICT_REJECTED],
    S.RECOMMENDED: [S.SUBMITTED, S.RECOMMENDED],
    S.SITE_AUDIT: [S.SUBMITTED, S.RECOMMENDED, S.SITE_AUDIT],
    S.AUDITED: [S.SUBMITTED, S.RECOMMENDED, S.SITE_AUDIT, S.AUDITED],
    S.EXPERT_REVIEW: [S.SUBMITTED, S.RECOMMENDED, S.SITE_AUDIT, S.AUDITED, S.EXPERT_REVIEW],
    S.REVIEWED: [S.SUBMITTED, S.RECOMMENDED, S.SITE_AUDIT, S.AUDITED, S.EXPERT_REVIEW, S.REVIEWED],
    S.WITHDRAWN: [S.SUBMITTED, S.RETURNED, S.WITHDRAWN],
}
DECISIONS = {
    S.RETURNED: DistrictDecision.RETURNED,
    S.WITHDRAWN: DistrictDecision.RETURNED,
    S.DISTRICT_REJECTED: DistrictDecision.REJECTED,
}
REASONS = {
    S.RETURNED: "请补充近三年水平衡测试报告后重新提交。",
    S.DISTRICT_REJECTED: "近三年发生一般及以上环境污染事件，不予推荐。",
    S.WITHDRAWN: "企业申请撤回。",
}
AUDITED_STATES = (S.AUDITED, S.EXPERT_REVIEW, S.REVIEWED)
STEP_DAYS = {
    S.SUBMITTED: 20,
    S.RETURNED: 7,
    S.DISTRICT_REJECTED: 7,
    S.RECOMMENDED: 7,
    S.SITE_AUDIT: 5,
    S.AUDITED: 3,
    S.EXPERT_REVIEW: 3,
    S.REVIEWED: 9,
    S.WITHDRAWN: 5,
}
CHUNK = 500
ANSWER_FIELDS = ["not_applicable", "met", "score", "value"]
SELF_FIELDS = [
    "application_id",
    "indicator_id",
    *ANSWER_FIELDS,
    "value_is_computed",
    "explanation",
    "updated_at",
]
SCORE_FIELDS = ["assignment_id", "indicator_id", *ANSWER_FIELDS, "comment", "updated_at"]


def _json(data):
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


class ApplicationWriter:
    def __init__(self, generator, evidence: dict):
        self.g = generator
        self.rng = generator.rng
        self.evidence = evidence
        self.leaves: dict[int, list] = {}
        self.nodes: dict[int, list] = {}
        self.missing = [state for state, _weight in OPEN_MIX]

    def indicators(self, system):
        if system.pk not in self.nodes:
            nodes = list(system.indicators.all())
            self.nodes[system.pk] = nodes
            self.leaves[system.pk] = [n for n in nodes if n.kind != IndicatorKind.GROUP]
        return self.nodes[system.pk], self.leaves[system.pk]

    def clamp(self, when: datetime) -> datetime:
        latest = timezone.now() - timedelta(hours=1)
        return min(when, latest)

    def write_batch(self, batch, enterprises, *, current: bool) -> None:
        mix = OPEN_MIX if current else PAST_MIX
        states = [state for state, _weight in mix]
        weights = [weight for _state, weight in mix]
        reviewed = []
        for start in range(0, len(enterprises), CHUNK):
            chunk = enterprises[start : start + CHUNK]
            drawn = self.rng.choices(states, weights, k=len(chunk))
            if current:
                # Every state present in the open batches, as soon as there are enough.
                for index in range(min(len(self.missing), len(chunk))):
                    drawn[index] = self.missing.pop()
            reviewed += self.write_chunk(batch, chunk, drawn)
        if not current:
            self.designate(batch, reviewed)

    def write_chunk(self, batch, enterprises, states) -> list:
        g, rng = self.g, self.rng
        nodes, leaves = self.indicators(batch.indicator_system)
        city_officer = g.city_officer[batch.region_id]
        apps, plans = [], []
        for enterprise, state in zip(enterprises, states, strict=True):
            created = self.clamp(batch.opens_at + timedelta(days=rng.randrange(1, 25)))
            steps, when = [], created
            for to in PATHS[state]:
                when = self.clamp(
                    when + timedelta(days=rng.randrange(1, STEP_DAYS[to]), hours=rng.randrange(8))
                )
                steps.append((to, when))
            user_id = g.enterprise_user[enterprise.pk]
            submitted_at = steps[0][1] if steps else None
            apps.append(
                Application(
                    code=g.code(),
                    batch=batch,
                    enterprise=enterprise,
                    district_id=enterprise.district_id,
                    state=state,
                    version=1,
                    revision=rng.randrange(3, 40),
                    products=f"{enterprise.name.removesuffix('有限公司')}{rng.choice(PRODUCTS)}",
                    founded_on=date(rng.randrange(1985, batch.year - 2), rng.randrange(1, 13), 1),
                    employees=rng.randrange(50, 5000),
                    output_value=Decimal(rng.randrange(5_000, 900_000)),
                    contact_person=enterprise.contact_person,
                    contact_phone=enterprise.phone,
                    negative_list={
                        item.value: {"answer": False, "note": ""} for item in NegativeListItem
                    },
                    declaration_accepted=submitted_at is not None,
                    declaration_by_id=user_id if submitted_at else None,
                    declaration_at=submitted_at,
                    submitted_at=submitted_at,
                    created_at=created,
                    updated_at=steps[-1][1] if steps else created,
                )
            )
            plans.append((state, steps, user_id, rng.uniform(0.55, 0.98)))
        Application.objects.bulk_create(apps)
        rows = {
            name: []
            for name in ("status", "self", "version", "evidence", "review", "audit", "assignment")
        }
        finished = []
        for application, (state, steps, user_id, quality) in zip(apps, plans, strict=True):
            self.application_rows(
                batch, application, state, steps, user_id, quality, leaves, nodes, rows
            )
        StatusChange.objects.bulk_create(rows["status"], batch_size=2000)
        insert_rows(SelfEvaluation, SELF_FIELDS, rows["self"])
        ApplicationVersion.objects.bulk_create(rows["version"], batch_size=500)
        submitted = []
        for version in rows["version"]:
            version.application.submitted_score = version.self_score
            submitted.append(version.application)
        Application.objects.bulk_update(submitted, ["submitted_score"], batch_size=1000)
        EvidenceFile.objects.bulk_create(rows["evidence"], batch_size=2000)
        DistrictReview.objects.bulk_create(rows["review"], batch_size=2000)
        SiteAudit.objects.bulk_create([audit for audit, _lead in rows["audit"]], batch_size=2000)
        SiteAuditMember.objects.bulk_create(
            [
                SiteAuditMember(audit=audit, user_id=lead, is_lead=True)
                for audit, lead in rows["audit"]
            ],
            batch_size=2000,
        )
        assignments = [a for a, _entries, _app, _when in rows["assignment"]]
        ExpertAssignment.objects.bulk_create(assignments, batch_size=2000)
        scores = []
        sheets: dict[int, list] = {}
        for assignment, entries, application, when in rows["assignment"]:
            answers = {}
            for indicator, values in entries:
                scores.append(
                    (
                        assignment.pk,
                        indicator.pk,
                        False,
                        values["met"],
                        values["score"],
                        values["value"],
                        "",
                        when,
                    )
                )
                answers[indicator.code] = Answer(**values)
            if application.state == S.REVIEWED:
                sheets.setdefault(application.pk, []).append((assignment, answers))
        insert_rows(ExpertScore, SCORE_FIELDS, scores)
        results = []
        for application in apps:
            if application.pk in sheets:
                results.append(
                    self.result(batch, application, sheets[application.pk], nodes, city_officer)
                )
                finished.append((application, results[-1]))
        ExpertResult.objects.bulk_create(results, batch_size=2000)
        for name, made in (
            ("applications", apps),
            ("expert scores", scores),
            ("expert results", results),
        ):
            g.counts[name] += len(made)
        for name in ("status", "self", "version", "evidence", "review", "audit", "assignment"):
            g.counts[name] += len(rows[name])
        return finished

    def application_rows(
        self, batch, application, state, steps, user_id, quality, leaves, nodes, rows
    ):
        g, rng = self.g, self.rng
        officer = g.district_officer[application.enterprise.district_id]
        previous = S.DRAFT
        for to, when in steps:
            actor = user_id if to in (S.SUBMITTED, S.WITHDRAWN) else officer.pk
            if to in (S.EXPERT_REVIEW, S.REVIEWED):
                actor = g.city_officer[batch.region_id].pk
            rows["status"].append(
                StatusChange(
                    application=application,
                    from_state=previous,
                    to_state=to,
                    actor_id=actor,
                    reason=REASONS.get(to, ""),
                    created_at=when,
                )
            )
            previous = to
        answered = leaves if steps else [leaf for leaf in leaves if rng.random() < 0.5]
        entries = {}
        for indicator in answered:
            values = answer(indicator, quality + rng.uniform(-0.15, 0.15))
            entries[indicator.code] = values
            rows["self"].append(
                (
                    application.pk,
                    indicator.pk,
                    False,
                    values["met"],
                    values["score"],
                    values["value"],
                    bool(indicator.formula),
                    "已按要求落实，详见证明材料。",
                    application.created_at,
                )
            )
        files = [(EvidenceKind.EVIDENCE, rng.choice(leaves)), (EvidenceKind.REPORT_SCAN, None)]
        for kind, indicator in files[: 2 if steps else 1]:
            rows["evidence"].append(
                EvidenceFile(
                    code=g.code(),
                    application=application,
                    indicator=indicator,
                    kind=kind,
                    file=self.evidence["path"],
                    original_name=self.evidence["name"],
                    content_type="application/pdf",
                    size=self.evidence["size"],
                    sha256=self.evidence["sha256"],
                    uploaded_by_id=user_id,
                    uploaded_at=application.created_at,
                )
            )
        if not steps:
            return
        submitted_at = steps[0][1]
        sheet = score_application(
            nodes,
            {c: Answer(**v) for c, v in entries.items()},
            na_policy=batch.indicator_system.na_policy,
            unmet_points=batch.indicator_system.unmet_required_points,
        )
        rows["version"].append(
            ApplicationVersion(
                application=application,
                number=1,
                self_score=sheet.total,
                submitted_by_id=user_id,
                submitted_at=submitted_at,
                snapshot=_json(
                    {
                        "form": {
                            "products": application.products,
                            "employees": application.employees,
                            "output_value": application.output_value,
                            "negative_list": application.negative_list,
                        },
                        "certifications": [],
                        "self_evaluation": entries,
                        "performance": {},
                        "evidence": [
                            {
                                "code": f.code,
                                "name": f.original_name,
                                "sha256": f.sha256,
                                "kind": f.kind,
                                "indicator": f.indicator.code if f.indicator else "",
                            }
                            for f in rows["evidence"][-2:]
                        ],
                        "self_score": {"total": sheet.total, "subtotals": sheet.subtotals},
                    }
                ),
            )
        )
        when = dict(steps)
        if len(steps) > 1:
            decided = steps[1][1]
            decision = DECISIONS.get(state, DistrictDecision.RECOMMENDED)
            day = timezone.localtime(decided).date()
            rows["review"].append(
                DistrictReview(
                    application=application,
                    version=1,
                    reviewer=officer,
                    materials_complete=True,
                    gates_verified=True,
                    credit_china_on=day,
                    credit_china_result=CreditResult.CLEAN,
                    credit_gsxt_on=day,
                    credit_gsxt_result=CreditResult.CLEAN,
                    credit_jiangsu_on=day,
                    credit_jiangsu_result=CreditResult.CLEAN,
                    notes="材料齐全，信用记录良好。",
                    decision=decision,
                    reason=REASONS.get(S.RETURNED if state == S.WITHDRAWN else state, ""),
                    decided_at=decided,
                    updated_at=decided,
                )
            )
        if S.SITE_AUDIT in when:
            completed = when.get(S.AUDITED)
            rows["audit"].append(
                (
                    SiteAudit(
                        code=g.code(),
                        application=application,
                        version=1,
                        scheduled_for=completed
                        or self.clamp(when[S.SITE_AUDIT] + timedelta(days=3)),
                        location="企业生产现场",
                        status=AuditStatus.COMPLETED if completed else AuditStatus.SCHEDULED,
                        conclusion="现场核实情况与自评基本一致。" if completed else "",
                        scheduled_by=officer,
                        completed_at=completed,
                        created_at=when[S.SITE_AUDIT],
                    ),
                    officer.pk,
                )
            )
        if S.EXPERT_REVIEW in when:
            experts = rng.sample(g.experts, min(batch.experts_per_application, len(g.experts)))
            done = len(experts) if state == S.REVIEWED else rng.randrange(0, len(experts))
            for index, expert in enumerate(experts):
                submitted = index < done
                at = when.get(S.REVIEWED) or when[S.EXPERT_REVIEW]
                assignment = ExpertAssignment(
                    code=g.code(),
                    application=application,
                    expert=expert,
                    assigned_by=g.city_officer[batch.region_id],
                    assigned_at=when[S.EXPERT_REVIEW],
                    method="automatic",
                    submitted_at=at if submitted else None,
                )
                scored = leaves if submitted else leaves[: rng.randrange(len(leaves))]
                expert_quality = quality + rng.uniform(-0.08, 0.08)
                rows["assignment"].append(
                    (
                        assignment,
                        [
                            (ind, answer(ind, expert_quality + rng.uniform(-0.1, 0.1)))
                            for ind in scored
                        ],
                        application,
                        at,
                    )
                )

    def result(self, batch, application, sheets, nodes, city_officer):
        system = batch.indicator_system
        scored = [
            (
                a,
                score_application(
                    nodes,
                    answers,
                    na_policy=system.na_policy,
                    unmet_points=system.unmet_required_points,
                ),
            )
            for a, answers in sheets
        ]
        totals = [s.total for _a, s in scored]
        score, rule = aggregate(totals, batch.aggregation_rule)
        return ExpertResult(
            application=application,
            score=score,
            rule=rule,
            expert_count=len(totals),
            divergent=divergent(totals, batch.divergence_threshold),
            totals=_json(
                [
                    {
                        "expert": a.expert.username,
                        "total": s.total,
                        "eligible": s.eligible,
                        "subtotals": s.subtotals,
                        "gate_failures": s.gate_failures,
                        "unmet_required": s.unmet_required,
                    }
                    for a, s in scored
                ]
            ),
            computed_by=city_officer,
            computed_at=application.updated_at,
        )

    def designate(self, batch, reviewed) -> None:
        """The batch's best eligible applications above the threshold, up to its quota, get
        city-level titles with consecutive certificate numbers of the city and year."""
        passing = sorted(
            (
                pair
                for pair in reviewed
                if pair[1].score is not None and pair[1].score > batch.pass_threshold
            ),
            key=lambda pair: (-pair[1].score, pair[0].submitted_at),
        )[: batch.quota]
        issued = date(batch.year, 12, 1)
        due_by = valid_until(issued, TitleLevel.CITY)
        titles = []
        for number, (application, _result) in enumerate(passing, start=1):
            titles.append(
                Title(
                    code=self.g.code(),
                    enterprise_id=application.enterprise_id,
                    level=TitleLevel.CITY,
                    year=batch.year,
                    source=TitleSource.DESIGNATED,
                    batch=batch,
                    application=application,
                    status=TitleStatus.VALID,
                    certificate_number=format_number(
                        batch.region.code, batch.year, TitleLevel.CITY, number
                    ),
                    issued_on=issued,
                    valid_until=due_by,
                    created_by=self.g.city_officer[batch.region_id],
                    created_at=datetime.combine(
                        issued, datetime.min.time(), tzinfo=timezone.get_current_timezone()
                    ),
                )
            )
        Title.objects.bulk_create(titles)
        if titles:
            CertificateCounter.objects.create(
                region=batch.region, year=batch.year, level=TitleLevel.CITY, last=len(titles)
            )
        changes = [
            TitleStatusChange(
                title=t,
                from_status="",
                to_status=TitleStatus.VALID,
                actor=t.created_by,
                at=t.created_at,
            )
            for t in titles
        ]
        TitleStatusChange.objects.bulk_create(changes)
        self.g.counts["titles"] += len(titles)
