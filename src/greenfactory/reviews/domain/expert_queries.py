"""Reads of the expert review. Every view loads assignments through
``assignments_visible_to``; what an expert may see of the other experts is decided here, not in
the templates."""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import router
from django.db.models import (
    Count,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from greenfactory.accounts.enums import Role
from greenfactory.accounts.scope import inside
from greenfactory.applications.domain.queries import applications_visible_to
from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application
from greenfactory.core.compiled_reads import CompiledRead, CompiledValues, PerConnection

from ..enums import AuditStatus, EvaluationState
from ..models import (
    AuditFinding,
    ExpertAssignment,
    ExpertScore,
    SiteAudit,
    ThirdPartyEvaluation,
)
from .aggregation import aggregate, divergent
from .expert import ASSIGNABLE_STATES, conflicts_of, expert_facts, open_loads, screen
from .expert_scores import expert_sheet

BATCH_PAGE_STATES = (*ASSIGNABLE_STATES, ApplicationState.REVIEWED)


def assigned_applications(user, applications: QuerySet[Application]) -> QuerySet | None:
    """Experts read the applications the city bureau assigned them (the assignment itself
    refuses an expert with a conflict of interest); ``applications_visible_to`` asks here."""
    if user.role != Role.EXPERT:
        return None
    return applications.filter(expert_assignments__expert=user, submitted_at__isnull=False)


# What every page of an assignment reads with it.
ASSIGNMENT_RELATED = (
    "expert",
    "application__batch__indicator_system",
    "application__enterprise__district",
    "application__enterprise__industry",
    "application__prepared_by_agency",
)


def assignments_visible_to(user) -> QuerySet[ExpertAssignment]:
    """Experts: their own assignments. City officers: all in their region. District officers:
    those of their district, to read. Nobody else."""
    base = ExpertAssignment.objects.select_related(*ASSIGNMENT_RELATED)
    if not (user and user.is_authenticated and user.is_active):
        return base.none()
    if user.role == Role.EXPERT:
        return base.filter(expert=user)
    if user.role in (Role.CITY_OFFICER, Role.DISTRICT_OFFICER) and user.region_id:
        return base.filter(inside(user.region, via="application__enterprise__district"))
    return base.none()


def expert_pool():
    """Every expert account with its profile and open load, for the city bureau's pool page."""
    open_count = (
        ExpertAssignment.objects.filter(expert=OuterRef("pk"), submitted_at__isnull=True)
        .values("expert")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        get_user_model()
        .objects.filter(role=Role.EXPERT)
        .select_related("expert_profile__district")
        .prefetch_related("expert_profile__specialties")
        .annotate(
            load=Coalesce(Subquery(open_count, output_field=IntegerField()), Value(0)),
            declared=Count("conflict_declarations"),
        )
        .order_by("username")
    )


def profile_or_none(user):
    try:
        return user.expert_profile
    except user._meta.model.expert_profile.RelatedObjectDoesNotExist:
        return None


@dataclass
class ApplicationRow:
    """One application of the batch page: its experts (each with ``total`` once submitted and
    ``conflicts`` arisen since the assignment), and what completing the review would give now."""

    application: object
    assignments: list
    totals: dict = field(default_factory=dict)  # assignment pk -> total, once submitted
    preview: tuple | None = None  # (score, rule used) when everyone has submitted
    divergent: bool = False

    @property
    def needed(self) -> int:
        return self.application.batch.experts_per_application

    @property
    def submitted(self) -> int:
        return len(self.totals)

    @property
    def ready(self) -> bool:
        return (
            self.application.state == ApplicationState.EXPERT_REVIEW
            and bool(self.assignments)
            and self.submitted == len(self.assignments)
        )


def application_rows(applications) -> list[ApplicationRow]:
    """Rows for applications (of one or more batches) at a cost that does not grow with them."""
    applications = list(
        applications.select_related("enterprise__industry", "prepared_by_agency", "expert_result")
        .prefetch_related(
            Prefetch(
                "expert_assignments",
                queryset=ExpertAssignment.objects.select_related("expert")
                .prefetch_related("scores")
                .order_by("pk"),
            )
        )
        .order_by("enterprise__name", "pk")
    )
    systems = {}
    for application in applications:
        system = application.batch.indicator_system
        if system.pk not in systems:
            systems[system.pk] = (system, list(system.indicators.all()))
    experts = {a.expert_id: a.expert for app in applications for a in app.expert_assignments.all()}
    facts = expert_facts(experts.values())
    rows = []
    for application in applications:
        system, indicators = systems[application.batch.indicator_system_id]
        row = ApplicationRow(application, list(application.expert_assignments.all()))
        for assignment in row.assignments:
            assignment.total = None
            if assignment.submitted_at is not None:
                entries = {s.indicator_id: s for s in assignment.scores.all()}
                assignment.total = expert_sheet(system, indicators, entries, application).total
                row.totals[assignment.pk] = assignment.total
            assignment.conflicts = screen(facts[assignment.expert_id], application)
        if row.ready:
            batch = application.batch
            totals = list(row.totals.values())
            row.preview = aggregate(totals, batch.aggregation_rule)
            row.divergent = divergent(totals, batch.divergence_threshold)
        rows.append(row)
    return rows


def batch_rows(user, batch) -> list[ApplicationRow]:
    return application_rows(
        applications_visible_to(user).filter(batch=batch, state__in=BATCH_PAGE_STATES)
    )


@dataclass
class Candidate:
    expert: object
    load: int
    limit: int
    available: bool
    reasons: list

    @property
    def over_limit(self) -> bool:
        return self.load >= self.limit


def candidates_for(application) -> list[Candidate]:
    """Every active expert not yet assigned, with their load and any conflict of interest."""
    assigned = set(application.expert_assignments.values_list("expert_id", flat=True))
    pool = [
        expert
        for expert in get_user_model()
        .objects.filter(role=Role.EXPERT, is_active=True)
        .order_by("username")
        if expert.pk not in assigned
    ]
    facts = expert_facts(pool)
    loads = open_loads(e.pk for e in pool)
    return [
        Candidate(
            e,
            loads[e.pk],
            facts[e.pk].limit,
            facts[e.pk].available,
            screen(facts[e.pk], application),
        )
        for e in pool
    ]


@dataclass
class MyAssignment:
    assignment: ExpertAssignment
    entries: int
    conflicts: list


def my_assignments(user) -> list[MyAssignment]:
    """The expert's own assignments, newest first, each with the count of entries made and any
    conflict of interest (then the scoring page is closed to them)."""
    assignments = list(
        assignments_visible_to(user)
        .filter(expert=user)
        .annotate(entries=Count("scores"))
        .order_by("-assigned_at", "-pk")
    )
    facts = expert_facts([user])[user.pk]
    return [MyAssignment(a, a.entries, screen(facts, a.application)) for a in assignments]


def audit_findings_of(application) -> dict[int, AuditFinding]:
    """The verified values of the application's latest completed site audit, by indicator."""
    audit = (
        SiteAudit.objects.filter(application=application, status=AuditStatus.COMPLETED)
        .order_by("-completed_at", "-pk")
        .first()
    )
    if audit is None:
        return {}
    return {finding.indicator_id: finding for finding in audit.findings.all()}


_STAMP_MARK = -731_004_300_002
_STAMP_ASSIGNMENT_COLUMNS = (
    "pk",
    "submitted_at",
    "entries",
    "changed",
    "expert__username",
    "expert__first_name",
    "expert__last_name",
)
# The stamp's three reads, each compiled once per connection (decisions §111).
_STAMP_AUDIT = PerConnection(
    lambda alias: CompiledValues(
        SiteAudit.objects.using(alias)
        .filter(application_id=_STAMP_MARK, status=AuditStatus.COMPLETED)
        .order_by("-completed_at", "-pk")
        .values("pk")[:1],
        {"application": _STAMP_MARK},
    )
)
_STAMP_ASSIGNMENTS = PerConnection(
    lambda alias: CompiledValues(
        ExpertAssignment.objects.using(alias)
        .filter(application_id=_STAMP_MARK)
        .annotate(entries=Count("scores"), changed=Max("scores__updated_at"))
        .order_by("pk")
        .values(*_STAMP_ASSIGNMENT_COLUMNS),
        {"application": _STAMP_MARK},
    )
)
_STAMP_REPORTS = PerConnection(
    lambda alias: CompiledValues(
        ThirdPartyEvaluation.objects.using(alias)
        .filter(application_id=_STAMP_MARK, state=EvaluationState.SUBMITTED)
        .order_by("pk")
        .values("pk", "submitted_at"),
        {"application": _STAMP_MARK},
    )
)


def sheet_stamp(assignment) -> str:
    """A short string that changes whenever anything an assignment's scoring sheet shows does:
    the enterprise's answers (the application's revision, counted up by every save), the
    latest completed site audit (its findings are frozen on completion), and each assignment
    of the application — submitted or not, how many entries, when one last changed, and its
    expert's name (officers see it) — and the submitted third-party reports (they do not
    change once submitted). Three queries."""
    application = assignment.application
    alias = router.db_for_read(ExpertAssignment)
    audit = [row["pk"] for row in _STAMP_AUDIT(alias).all(application=application.pk)]
    rows = [
        tuple(row[name] for name in _STAMP_ASSIGNMENT_COLUMNS)
        for row in _STAMP_ASSIGNMENTS(alias).all(application=application.pk)
    ]
    reports = [
        (row["pk"], row["submitted_at"])
        for row in _STAMP_REPORTS(alias).all(application=application.pk)
    ]
    digest = hashlib.blake2b(repr((audit, rows, reports)).encode(), digest_size=12).hexdigest()
    return f"{application.pk}.{application.revision}.{digest}"


# The columns the scoring sheet reads of its assignment's joined rows, to show, to check who
# may score and to screen conflicts (docs/decisions.md §94): the nine joined rows hold 148
# columns and compiling them was a third of the page. A column left out is read by a query of
# its own when used, which the page's query-count test catches.
SHEET_COLUMNS = (
    "code",
    "application_id",
    "expert_id",
    "assigned_by_id",
    "assigned_at",
    "method",
    "submitted_at",
    "expert__username",
    "expert__first_name",
    "expert__last_name",
    "expert__role",
    "application__code",
    "application__batch_id",
    "application__enterprise_id",
    "application__district_id",
    "application__state",
    "application__version",
    "application__revision",
    "application__prepared_by_agency_id",
    "application__submitted_at",
    "application__submitted_score",
    "application__batch__code",
    "application__batch__region_id",
    "application__batch__title",
    "application__batch__programme",
    "application__batch__purpose",
    "application__batch__indicator_system_id",
    "application__batch__state",
    "application__batch__same_district_conflict",
    "application__batch__accident_grade",
    "application__batch__accident_gate",
    "application__batch__indicator_system__code",
    "application__batch__indicator_system__version",
    "application__batch__indicator_system__programme",
    "application__batch__indicator_system__name",
    "application__batch__indicator_system__name_en",
    "application__batch__indicator_system__scoring",
    "application__batch__indicator_system__na_policy",
    "application__batch__indicator_system__unmet_required_points",
    "application__batch__indicator_system__has_industry_benchmarks",
    "application__enterprise__code",
    "application__enterprise__name",
    "application__enterprise__district_id",
    "application__enterprise__industry_id",
    "application__enterprise__district__name",
    "application__enterprise__district__name_en",
    "application__enterprise__district__code",
    "application__enterprise__district__level",
    "application__enterprise__district__parent_id",
    "application__enterprise__district__path",
    "application__enterprise__industry__name",
    "application__enterprise__industry__name_en",
    "application__enterprise__industry__code",
    "application__enterprise__industry__parent_id",
    "application__prepared_by_agency__name",
)


_EXPERT_MARK, _ASSIGNMENT_CODE_MARK = -731_004_300_001, "assignment-code-mark"

# An expert's own assignment by its code with the scoring sheet's columns: the query
# ``assignments_visible_to`` makes for that role, compiled once per connection
# (``core.compiled_reads``; decisions §111).
_EXPERT_SHEET_ASSIGNMENT = PerConnection(
    lambda alias: CompiledRead(
        ExpertAssignment.objects.using(alias)
        .select_related(*ASSIGNMENT_RELATED)
        .filter(expert_id=_EXPERT_MARK, code=_ASSIGNMENT_CODE_MARK)
        .only(*SHEET_COLUMNS)
        .order_by(),
        {"expert": _EXPERT_MARK, "code": _ASSIGNMENT_CODE_MARK},
    )
)


def assignment_for(user, code: str, *, columns=None) -> ExpertAssignment | None:
    """The assignment with this code if the user may see it — and not for its own expert once a
    conflict of interest is known (None: answer 404). ``columns``: only these of its joined
    rows (``SHEET_COLUMNS`` for the scoring sheet as read: an expert's is read without the ORM
    compiling the query on each request)."""
    if (
        columns is SHEET_COLUMNS
        and user
        and user.is_authenticated
        and user.is_active
        and user.role == Role.EXPERT
    ):
        read = _EXPERT_SHEET_ASSIGNMENT(router.db_for_read(ExpertAssignment))
        assignment = read.first(expert=user.pk, code=code)
        if assignment is None:
            return None
    else:
        rows = assignments_visible_to(user)
        if columns is not None:
            rows = rows.only(*columns)
        try:
            assignment = rows.get(code=code)
        except ExpertAssignment.DoesNotExist:
            return None
    if assignment.expert_id == user.pk and conflicts_of(user, assignment.application):
        return None
    return assignment


def entries_visible_to(user, assignment) -> dict[int, ExpertScore]:
    """The assignment's entries by indicator: the expert always sees their own; an officer sees
    them once submitted."""
    if assignment.expert_id != user.pk and assignment.submitted_at is None:
        return {}
    return {entry.indicator_id: entry for entry in assignment.scores.all()}


@dataclass
class Peer:
    label: str
    assignment: ExpertAssignment
    entries: dict
    total: Decimal


def peers_visible_to(user, assignment, indicators) -> list[Peer]:
    """The other experts' submitted scores on the same application. An expert sees them only
    after submitting their own, and without names; officers see them with names."""
    own = assignment.expert_id == user.pk
    if own and assignment.submitted_at is None:
        return []
    if not own and not user.has_perm("reviews.view_expert_review"):
        return []
    system = assignment.application.batch.indicator_system
    everyone = list(
        ExpertAssignment.objects.filter(application_id=assignment.application_id)
        .select_related("expert")
        .prefetch_related("scores")
        .order_by("pk")
    )
    peers = []
    for number, other in enumerate(everyone, start=1):
        if other.pk == assignment.pk or other.submitted_at is None:
            continue
        entries = {s.indicator_id: s for s in other.scores.all()}
        label = f"#{number}" if own else str(other.expert)
        total = expert_sheet(system, indicators, entries, assignment.application).total
        peers.append(Peer(label, other, entries, total))
    return peers
