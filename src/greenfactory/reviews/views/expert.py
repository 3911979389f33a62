"""The expert review pages. City bureau: the expert pool, the assignment page of a batch and of
an application. Experts: their assignments, the scoring page, their conflict declarations.
District officers read the pages of their district."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.accounts.enums import Role
from greenfactory.applications.domain.figures import (
    answers_from,
    self_evaluation_values,
    self_score,
)
from greenfactory.applications.domain.queries import applications_visible_to
from greenfactory.applications.domain.transitions import TransitionRefused
from greenfactory.programme.domain.queries import batches_visible_to
from greenfactory.programme.enums import IndicatorKind

from ..domain.expert import (
    ASSIGNABLE_STATES,
    DEFAULT_LIMIT,
    AssignmentRefused,
    assign_experts,
    auto_assign,
    declare_conflict,
    save_expert_profile,
    unassign_expert,
)
from ..domain.expert_queries import (
    BATCH_PAGE_STATES,
    application_rows,
    assignment_for,
    assignments_visible_to,
    audit_findings_of,
    batch_rows,
    candidates_for,
    entries_visible_to,
    expert_pool,
    my_assignments,
    peers_visible_to,
    profile_or_none,
)
from ..domain.expert_scores import (
    ScoresIncomplete,
    complete_expert_review,
    expert_fields,
    expert_sheet,
    save_expert_scores,
    submit_expert_scores,
)
from ..forms_expert import AssignForm, AutoAssignForm, ConflictForm, ExpertProfileForm, ScoreForm


def _posted(request):
    """The submitted data, or None for a GET (an empty POST is still a submission)."""
    return request.POST if request.method == "POST" else None


# ---- city bureau --------------------------------------------------------------------------


@login_required
@require_GET
def pool(request):
    if not request.user.has_perm("reviews.manage_expert_pool"):
        raise PermissionDenied
    rows = []
    for expert in expert_pool():
        profile = profile_or_none(expert)
        rows.append((expert, profile, profile.max_concurrent if profile else DEFAULT_LIMIT))
    return render(request, "reviews/expert/pool.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request, code):
    if not request.user.has_perm("reviews.manage_expert_pool"):
        raise PermissionDenied
    expert = get_object_or_404(get_user_model(), role=Role.EXPERT, code=code)
    form = ExpertProfileForm(_posted(request), instance=profile_or_none(expert))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "specialties"}
        save_expert_profile(
            expert, actor=request.user, data=data, specialties=form.cleaned_data["specialties"]
        )
        messages.success(request, _("Expert profile saved."))
        return redirect("reviews:expert_pool")
    return render(
        request,
        "reviews/expert/profile.html",
        {"expert": expert, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def batch_page(request, batch_code):
    if not request.user.has_perm("reviews.view_expert_review"):
        raise PermissionDenied
    batch = get_object_or_404(batches_visible_to(request.user), code=batch_code)
    return render(
        request,
        "reviews/expert/batch.html",
        {
            "batch": batch,
            "rows": batch_rows(request.user, batch),
            "can_manage": request.user.has_perm("reviews.manage_expert_pool"),
            "auto_form": AutoAssignForm(),
        },
    )


@login_required
@require_POST
def auto(request, batch_code):
    if not request.user.has_perm("reviews.manage_expert_pool"):
        raise PermissionDenied
    batch = get_object_or_404(batches_visible_to(request.user), code=batch_code)
    form = AutoAssignForm(request.POST)
    seed = (form.cleaned_data["seed"] or 0) if form.is_valid() else 0
    applications = applications_visible_to(request.user).filter(
        batch=batch, state__in=ASSIGNABLE_STATES
    )
    plan = auto_assign(applications, actor=request.user, seed=seed)
    count = sum(len(experts) for experts in plan.chosen.values())
    messages.success(request, _("%(count)s assignments made.") % {"count": count})
    for application, got, needed in plan.short:
        messages.warning(
            request,
            _("%(enterprise)s has %(got)s of the %(needed)s experts needed: assign more by hand.")
            % {"enterprise": application.enterprise.name, "got": got, "needed": needed},
        )
    return redirect("reviews:expert_batch", batch_code=batch_code)


def _visible_application(request, code):
    if not request.user.has_perm("reviews.view_expert_review"):
        raise PermissionDenied
    return get_object_or_404(
        applications_visible_to(request.user).filter(state__in=BATCH_PAGE_STATES), code=code
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_page(request, code):
    application = _visible_application(request, code)
    can_assign = request.user.has_perm("reviews.assign_experts", application)
    candidates = candidates_for(application) if can_assign else []
    form = AssignForm(_posted(request), candidates=candidates)
    if request.method == "POST":
        if not can_assign:
            raise PermissionDenied
        if form.is_valid():
            try:
                assign_experts(application, form.cleaned_data["experts"], actor=request.user)
            except AssignmentRefused as refusal:
                for problem in refusal.problems:
                    messages.error(request, problem)
            else:
                messages.success(request, _("Experts assigned."))
            return redirect("reviews:expert_application", code=code)
    row = application_rows(applications_visible_to(request.user).filter(pk=application.pk))[0]
    return render(
        request,
        "reviews/expert/application.html",
        {
            "application": application,
            "row": row,
            "form": form,
            "conflicted": [c for c in candidates if c.reasons],
            "can_assign": can_assign and application.state in ASSIGNABLE_STATES,
            "can_complete": request.user.has_perm("reviews.complete_expert_review", application),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def unassign(request, code):
    assignment = get_object_or_404(assignments_visible_to(request.user), code=code)
    if not request.user.has_perm("reviews.unassign_expert", assignment):
        raise PermissionDenied
    unassign_expert(assignment, actor=request.user)
    messages.success(request, _("Assignment withdrawn."))
    return redirect("reviews:expert_application", code=assignment.application.code)


@login_required
@require_POST
def complete(request, code):
    application = _visible_application(request, code)
    if not request.user.has_perm("reviews.complete_expert_review", application):
        raise PermissionDenied
    try:
        result = complete_expert_review(application, actor=request.user)
    except TransitionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Expert review completed: %(score)s points (%(rule)s).")
            % {"score": result.score, "rule": result.get_rule_display()},
        )
    if request.POST.get("back") == "batch":
        return redirect("reviews:expert_batch", batch_code=application.batch.code)
    return redirect("reviews:expert_application", code=code)


# ---- experts ------------------------------------------------------------------------------


@login_required
@require_GET
def assignments(request):
    if not request.user.has_perm("reviews.view_expert_assignments"):
        raise PermissionDenied
    return render(
        request, "reviews/expert/assignments.html", {"rows": my_assignments(request.user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def conflicts(request):
    if not request.user.has_perm("reviews.declare_conflict"):
        raise PermissionDenied
    form = ConflictForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        declare_conflict(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Declaration recorded."))
        return redirect("reviews:expert_conflicts")
    return render(
        request,
        "reviews/expert/conflicts.html",
        {
            "form": form,
            "declarations": request.user.conflict_declarations.select_related(
                "enterprise", "agency"
            ),
        },
        status=400 if form.errors else 200,
    )


def _visible_assignment(request, code):
    """The assignment, or 404 for anyone who may not see it — and for its expert once a
    conflict of interest is known."""
    assignment = assignment_for(request.user, code)
    if assignment is None:
        raise Http404
    return assignment


# The indicator's own cells, the same for every application of every batch that uses its
# system (a system a batch uses is frozen): rendered once per language and column count.
INDICATOR_CELLS = "reviews/expert/_indicator_cells.html"
INDICATOR_CELLS_SECONDS = 60 * 60


def _indicator_cells(indicators, columns: int) -> dict[int, str]:
    language = translation.get_language()
    keys = {
        indicator.pk: ":".join(
            (
                "indicator-cells",
                str(indicator.system_id),
                str(indicator.pk),
                language,
                str(columns) if indicator.kind == IndicatorKind.GROUP else "",
            )
        )
        for indicator in indicators
    }
    found = cache.get_many(keys.values())
    cells, rendered = {}, {}
    for indicator in indicators:
        key = keys[indicator.pk]
        if key not in found:
            found[key] = rendered[key] = render_to_string(
                INDICATOR_CELLS, {"indicator": indicator, "columns": columns}
            )
        cells[indicator.pk] = found[key]
    if rendered:
        cache.set_many(rendered, INDICATOR_CELLS_SECONDS)
    return cells


def _score_rows(form, indicators, entries, sheet, application, findings, peers):
    """Template rows: the indicator's cells, the enterprise's answer and points, the audit
    team's verified result, this expert's fields, entry and points, and the other experts'
    entries."""
    own_rows = self_evaluation_values(application)
    selfs = {row["indicator_id"]: row for row in own_rows}
    self_sheet = self_score(application, indicators, answers_from(own_rows))
    cells = _indicator_cells(indicators, len(peers) + 7)
    rows = []
    for indicator in indicators:
        group = indicator.kind == IndicatorKind.GROUP
        rows.append(
            {
                "indicator": indicator,
                "group": group,
                "kind": indicator.kind,
                "unit": indicator.unit,
                "cells": cells[indicator.pk],
                "fields": {} if group else form.bound_fields(indicator),
                "shows_met": "met" in expert_fields(indicator),
                "entry": entries.get(indicator.pk),
                "result": sheet.items.get(indicator.code),
                "own": selfs.get(indicator.pk),
                "own_result": self_sheet.items.get(indicator.code),
                "finding": findings.get(indicator.pk),
                "peers": [peer.entries.get(indicator.pk) for peer in peers],
            }
        )
    return rows, self_sheet


@login_required
@require_http_methods(["GET", "POST"])
def score(request, code):
    assignment = _visible_assignment(request, code)
    application = assignment.application
    system = application.batch.indicator_system
    indicators = list(system.indicators.order_by("position"))
    can_score = request.user.has_perm("reviews.score_assignment", assignment)
    entries = entries_visible_to(request.user, assignment)
    findings = audit_findings_of(application)
    defaults = {
        i.pk: findings[i.pk].verified_value
        for i in indicators
        if i.pk in findings and findings[i.pk].verified_value is not None
    }
    form = ScoreForm(_posted(request), indicators=indicators, entries=entries, defaults=defaults)
    if request.method == "POST":
        if not can_score:
            if assignment.expert_id == request.user.pk:
                messages.error(request, _("Your scores are submitted and can no longer change."))
                return redirect("reviews:expert_score", code=code)
            raise PermissionDenied
        if form.is_valid():
            try:
                save_expert_scores(assignment, actor=request.user, scores=form.scores())
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            except TransitionRefused as refusal:
                messages.error(request, str(refusal))
                return redirect("reviews:expert_score", code=code)
            else:
                messages.success(request, _("Scores saved."))
                return redirect("reviews:expert_score", code=code)
    sheet = expert_sheet(system, indicators, entries)
    peers = peers_visible_to(request.user, assignment, indicators)
    rows, self_sheet = _score_rows(form, indicators, entries, sheet, application, findings, peers)
    return render(
        request,
        "reviews/expert/score.html",
        {
            "assignment": assignment,
            "application": application,
            "form": form,
            "rows": rows,
            "sheet": sheet,
            "self_sheet": self_sheet,
            "peers": peers,
            "can_score": can_score,
            "is_own": assignment.expert_id == request.user.pk,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def submit(request, code):
    assignment = _visible_assignment(request, code)
    if not request.user.has_perm("reviews.score_assignment", assignment):
        if assignment.expert_id == request.user.pk:
            messages.error(request, _("Your scores are already submitted."))
            return redirect("reviews:expert_score", code=code)
        raise PermissionDenied
    try:
        sheet = submit_expert_scores(assignment, actor=request.user)
    except ScoresIncomplete as refusal:
        messages.error(request, str(refusal))
        for problem in refusal.problems[:20]:
            messages.error(request, problem)
    except TransitionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Scores submitted: %(total)s points.") % {"total": sheet.total})
    return redirect("reviews:expert_score", code=code)
