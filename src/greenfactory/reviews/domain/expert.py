"""The expert review (专家评审), its people: conflict-of-interest screening and declarations,
the expert pool, and assigning experts by hand or automatically by specialty and workload
(DOMAIN §8). Scoring and completion are in ``expert_scores``, reads in ``expert_queries``.

The application enters the expert review through ``applications.domain.transitions.transition``
with its first assignment; every write records an audit entry in its own transaction.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from greenfactory.accounts.enums import Role
from greenfactory.applications.domain.transitions import TransitionRefused, transition
from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application
from greenfactory.core.compiled_reads import CompiledRead, PerConnection
from greenfactory.core.domain.audit import changed_fields, record_event, snapshot

from ..models import (
    AssignmentMethod,
    ConflictDeclaration,
    ExpertAssignment,
    ExpertProfile,
)

ASSIGNABLE_STATES = (ApplicationState.AUDITED, ApplicationState.EXPERT_REVIEW)
DEFAULT_LIMIT = ExpertProfile._meta.get_field("max_concurrent").default


class AssignmentRefused(TransitionRefused):
    """The experts cannot be assigned; ``problems`` says why, one line per expert."""

    separator = "；"

    def __init__(self, problems):
        super().__init__(*(str(p) for p in problems))


# ---- conflicts of interest ----------------------------------------------------------------


@dataclass
class ExpertFacts:
    """What screening and assignment need to know of one expert, loaded once for many."""

    user: object
    profile: ExpertProfile | None
    declarations: list = field(default_factory=list)

    @property
    def limit(self) -> int:
        return self.profile.max_concurrent if self.profile else DEFAULT_LIMIT

    @property
    def available(self) -> bool:
        return self.profile.available if self.profile else True

    def specialty_rank(self, industry) -> int:
        """0: a specialty is the enterprise's division; 1: same section; 2: neither."""
        specialties = list(self.profile.specialties.all()) if self.profile else []
        if any(s.pk == industry.pk for s in specialties):
            return 0
        if any(s.parent_id == industry.parent_id for s in specialties):
            return 1
        return 2


def expert_facts(experts, *, specialties: bool = True) -> dict[int, ExpertFacts]:
    """Profiles (with specialties, unless asked without: the conflict screen needs none) and
    declarations of the given experts, in three queries (two without specialties)."""
    experts = list(experts)
    ids = [expert.pk for expert in experts]
    profiles = ExpertProfile.objects.filter(user_id__in=ids)
    if specialties:
        profiles = profiles.select_related("district").prefetch_related("specialties")
    else:
        # The conflict screen reads the profile's district by its id only (§94).
        profiles = profiles.only("user_id", "district_id")
    profiles = {p.user_id: p for p in profiles}
    facts = {expert.pk: ExpertFacts(expert, profiles.get(expert.pk)) for expert in experts}
    for declaration in ConflictDeclaration.objects.filter(expert_id__in=ids).order_by("pk"):
        facts[declaration.expert_id].declarations.append(declaration)
    return facts


def screen(facts: ExpertFacts, application) -> list[str]:
    """The reasons ``facts.user`` may not review ``application`` (no query of its own once the
    application's enterprise, batch and agency are loaded)."""
    reasons = []
    enterprise = application.enterprise
    agency_id = application.prepared_by_agency_id
    for declaration in facts.declarations:
        kind = declaration.get_kind_display()
        note = f"（{declaration.description}）" if declaration.description else ""
        if declaration.enterprise_id == enterprise.pk:
            reasons.append(
                _("Declared a conflict with the enterprise: %(kind)s%(note)s")
                % {"kind": kind, "note": note}
            )
        if agency_id and declaration.agency_id == agency_id:
            reasons.append(
                _(
                    "Declared a conflict with %(agency)s, the agency that prepared the "
                    "application: %(kind)s%(note)s"
                )
                % {"agency": application.prepared_by_agency, "kind": kind, "note": note}
            )
    user = facts.user
    if getattr(user, "enterprise_id", None) == enterprise.pk:
        reasons.append(_("The expert's account belongs to the enterprise."))
    if agency_id and getattr(user, "agency_id", None) == agency_id:
        reasons.append(
            _("The expert's account belongs to the agency that prepared the application.")
        )
    profile = facts.profile
    if (
        application.batch.same_district_conflict
        and profile is not None
        and profile.district_id is not None
        and profile.district_id == enterprise.district_id
    ):
        reasons.append(
            _("The expert is from the enterprise's district (%(district)s).")
            % {"district": enterprise.district}
        )
    return reasons


_EXPERT_MARK = -731_004_400_001

# One expert's facts for the conflict screen, as ``expert_facts([expert], specialties=False)``
# reads them, compiled once per connection (``core.compiled_reads``; decisions §111): the
# scoring sheet screens its own expert on every view.
_SCREEN_PROFILE = PerConnection(
    lambda alias: CompiledRead(
        ExpertProfile.objects.using(alias)
        .filter(user_id=_EXPERT_MARK)
        .only("user_id", "district_id")
        .order_by(),
        {"expert": _EXPERT_MARK},
    )
)
_SCREEN_DECLARATIONS = PerConnection(
    lambda alias: CompiledRead(
        ConflictDeclaration.objects.using(alias).filter(expert_id=_EXPERT_MARK).order_by("pk"),
        {"expert": _EXPERT_MARK},
    )
)


def conflicts_of(expert, application) -> list[str]:
    """Why ``expert`` may not review ``application``: empty when there is no conflict."""
    facts = ExpertFacts(
        expert, _SCREEN_PROFILE(router.db_for_read(ExpertProfile)).first(expert=expert.pk)
    )
    facts.declarations.extend(
        _SCREEN_DECLARATIONS(router.db_for_read(ConflictDeclaration)).all(expert=expert.pk)
    )
    return screen(facts, application)


@transaction.atomic
def declare_conflict(*, actor, kind: str, enterprise=None, agency=None, description=""):
    """An expert declares a conflict of interest. Side effects: audit entry."""
    if not actor.has_perm("reviews.declare_conflict"):
        raise PermissionDenied
    if enterprise is None and agency is None:
        raise ValidationError(_("Name the enterprise or the agency the conflict concerns."))
    declaration = ConflictDeclaration.objects.create(
        expert=actor,
        kind=kind,
        enterprise=enterprise,
        agency=agency,
        description=(description or "").strip(),
    )
    record_event(
        "reviews.conflict.declared",
        actor=actor,
        obj=declaration,
        changes={
            "kind": kind,
            "enterprise": enterprise.uscc if enterprise else None,
            "agency": agency.uscc if agency else None,
        },
    )
    return declaration


@transaction.atomic
def save_expert_profile(expert, *, actor, data: dict, specialties) -> ExpertProfile:
    """The city bureau records an expert's specialties, district, workload and availability.

    Side effects: audit entry with what changed."""
    if not actor.has_perm("reviews.manage_expert_pool") or expert.role != Role.EXPERT:
        raise PermissionDenied
    names = ("district", "max_concurrent", "available", "employer", "notes")
    profile, _created = ExpertProfile.objects.get_or_create(user=expert)
    before = {
        **snapshot(profile, names),
        "specialties": sorted(profile.specialties.values_list("code", flat=True)),
    }
    for name in names:
        if name in data:
            setattr(profile, name, data[name])
    profile.save()
    profile.specialties.set(specialties)
    after = {**snapshot(profile, names), "specialties": sorted(s.code for s in specialties)}
    changes = changed_fields(before, after)
    if changes:
        record_event("reviews.expert_profile.saved", actor=actor, obj=expert, changes=changes)
    return profile


# ---- assignment -----------------------------------------------------------------------------


def open_loads(expert_ids) -> dict[int, int]:
    """Each expert's open assignments: assigned and not yet submitted."""
    rows = (
        ExpertAssignment.objects.filter(expert_id__in=list(expert_ids), submitted_at__isnull=True)
        .values("expert_id")
        .annotate(n=Count("pk"))
    )
    return defaultdict(int, {row["expert_id"]: row["n"] for row in rows})


def _locked_application(application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related(
            "enterprise__district", "enterprise__industry", "batch", "prepared_by_agency"
        )
        .get(pk=application.pk)
    )


def assign_experts(
    application, experts, *, actor, method: str = AssignmentMethod.MANUAL
) -> list[ExpertAssignment]:
    """Assign experts to an audited application; the first assignment moves it into expert
    review. An expert with a conflict of interest is refused with the reasons; a manual
    assignment may exceed an expert's workload (the audit entry says so).

    Side effects (one transaction): the transition AUDITED → EXPERT_REVIEW the first time
    (status change and its audit entry); one assignment and one audit entry per expert.
    """
    experts = list(dict.fromkeys(experts))
    with transaction.atomic():
        current = _locked_application(application)
        if not actor.has_perm("reviews.assign_experts", current):
            raise PermissionDenied
        if current.state not in ASSIGNABLE_STATES:
            raise AssignmentRefused(
                [_("Experts are assigned after the on-site audit, until the review is completed.")]
            )
        if not experts:
            raise AssignmentRefused([_("Choose at least one expert.")])
        User = get_user_model()
        locked = {
            u.pk: u
            for u in User.objects.select_for_update(of=("self",)).filter(
                pk__in=[e.pk for e in experts]
            )
        }
        facts = expert_facts(locked.values())
        already = set(current.expert_assignments.values_list("expert_id", flat=True))
        problems = []
        for expert in experts:
            user = locked.get(expert.pk)
            if user is None or user.role != Role.EXPERT or not user.is_active:
                problems.append(_("%(name)s is not an active expert.") % {"name": expert})
            elif user.pk in already:
                problems.append(_("%(name)s is already assigned.") % {"name": user})
            elif reasons := screen(facts[user.pk], current):
                problems.append(
                    _("%(name)s has a conflict of interest: %(reasons)s")
                    % {"name": user, "reasons": "；".join(str(r) for r in reasons)}
                )
        if problems:
            raise AssignmentRefused(problems)
        if current.state == ApplicationState.AUDITED:
            current = transition(current, ApplicationState.EXPERT_REVIEW, actor=actor)
        loads = open_loads(locked)
        created = []
        for expert in experts:
            user = locked[expert.pk]
            over_limit = loads[user.pk] >= facts[user.pk].limit
            assignment = ExpertAssignment.objects.create(
                application=current, expert=user, assigned_by=actor, method=method
            )
            loads[user.pk] += 1
            record_event(
                "reviews.expert_assignment.created",
                actor=actor,
                obj=assignment,
                changes={
                    "application": current.code,
                    "expert": user.username,
                    "method": str(method),
                    **({"over_limit": True} if over_limit else {}),
                },
            )
            created.append(assignment)
    return created


def _tie_key(seed: int, username: str):
    if not seed:
        return ("", username)
    return (hashlib.sha256(f"{seed}:{username}".encode()).hexdigest(), username)


@dataclass
class AutoPlan:
    """Who is to be assigned to which application, and the applications left short."""

    chosen: dict[int, list] = field(default_factory=dict)  # application pk -> experts
    short: list[tuple[Application, int, int]] = field(default_factory=list)  # (app, got, needed)


def plan_auto_assignment(applications, *, seed: int = 0) -> AutoPlan:
    """Pick, for each application, enough available experts without a conflict to reach the
    batch's number: specialty match first (division, then section), then the lowest open
    load, then a stable key (the username; a non-zero ``seed`` gives another reproducible
    order). No expert is given more than their workload limit. Deterministic: the same data
    and seed give the same plan, whatever the order of ``applications``."""
    User = get_user_model()
    applications = sorted(
        (a for a in applications if a.state in ASSIGNABLE_STATES), key=lambda a: a.pk
    )
    pool = list(
        User.objects.filter(role=Role.EXPERT, is_active=True)
        .exclude(expert_profile__available=False)
        .order_by("username")
    )
    facts = expert_facts(pool)
    loads = open_loads(u.pk for u in pool)
    assigned = defaultdict(set)
    for app_id, expert_id in ExpertAssignment.objects.filter(
        application__in=[a.pk for a in applications]
    ).values_list("application_id", "expert_id"):
        assigned[app_id].add(expert_id)
    plan = AutoPlan()
    for application in applications:
        needed = application.batch.experts_per_application
        missing = needed - len(assigned[application.pk])
        if missing <= 0:
            continue
        industry = application.enterprise.industry
        candidates = [
            expert
            for expert in pool
            if expert.pk not in assigned[application.pk]
            and loads[expert.pk] < facts[expert.pk].limit
            and not screen(facts[expert.pk], application)
        ]
        candidates.sort(
            key=lambda e: (
                facts[e.pk].specialty_rank(industry),
                loads[e.pk],
                _tie_key(seed, e.username),
            )
        )
        chosen = candidates[:missing]
        for expert in chosen:
            loads[expert.pk] += 1
        if chosen:
            plan.chosen[application.pk] = chosen
        if len(chosen) < missing:
            plan.short.append((application, len(assigned[application.pk]) + len(chosen), needed))
    return plan


def auto_assign(batch_applications, *, actor, seed: int = 0) -> AutoPlan:
    """Assign experts automatically to every given application still short of the batch's
    number (see ``plan_auto_assignment``); reports the applications that stay short.

    Side effects (one transaction): those of ``assign_experts`` for each application; one
    audit entry ``reviews.expert_assignment.auto`` with the seed and the outcome."""
    with transaction.atomic():
        applications = [
            _locked_application(a) for a in sorted(batch_applications, key=lambda a: a.pk)
        ]
        if any(not actor.has_perm("reviews.assign_experts", a) for a in applications):
            raise PermissionDenied
        plan = plan_auto_assignment(applications, seed=seed)
        for application in applications:
            if plan.chosen.get(application.pk):
                assign_experts(
                    application,
                    plan.chosen[application.pk],
                    actor=actor,
                    method=AssignmentMethod.AUTOMATIC,
                )
        if applications:
            record_event(
                "reviews.expert_assignment.auto",
                actor=actor,
                obj=applications[0].batch,
                changes={
                    "seed": seed,
                    "assigned": {
                        a.code: [e.username for e in plan.chosen.get(a.pk, [])]
                        for a in applications
                    },
                    "short": {a.code: [got, needed] for a, got, needed in plan.short},
                },
            )
    return plan


def unassign_expert(assignment, *, actor) -> None:
    """Withdraw an assignment before the expert submits. Side effects: the expert's draft
    entries are removed; audit entry on the application."""
    with transaction.atomic():
        current = (
            ExpertAssignment.objects.select_for_update(of=("self",))
            .select_related("application__enterprise__district", "expert")
            .get(pk=assignment.pk)
        )
        if not actor.has_perm("reviews.unassign_expert", current):
            raise PermissionDenied
        application = current.application
        code, username = current.code, current.expert.username
        current.delete()
        record_event(
            "reviews.expert_assignment.removed",
            actor=actor,
            obj=application,
            changes={"assignment": code, "expert": username},
        )
