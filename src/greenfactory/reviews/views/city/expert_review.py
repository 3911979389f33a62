"""The city bureau's pages of the expert review (专家评审): the expert pool and profiles, the
assignment page of a batch and of an application, unassigning, and the review's completion.
District officers read the pages of their district. The experts' own pages are in
``views/expert/``."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.accounts.enums import Role
from greenfactory.applications.domain.queries import applications_visible_to
from greenfactory.applications.domain.transitions import TransitionRefused
from greenfactory.programme.domain.queries import batches_visible_to

from ...domain.expert import (
    ASSIGNABLE_STATES,
    DEFAULT_LIMIT,
    AssignmentRefused,
    assign_experts,
    auto_assign,
    save_expert_profile,
    unassign_expert,
)
from ...domain.expert_queries import (
    BATCH_PAGE_STATES,
    application_rows,
    assignments_visible_to,
    batch_rows,
    candidates_for,
    expert_pool,
    profile_or_none,
)
from ...domain.expert_scores import (
    ExpertsShort,
    complete_expert_review,
)
from ...forms.expert import (
    AssignForm,
    AutoAssignForm,
    CompleteReviewForm,
    ExpertProfileForm,
)


def _posted(request):
    """The submitted data, or None for a GET (an empty POST is still a submission)."""
    return request.POST if request.method == "POST" else None


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
    return _render_application(request, application, form=form, candidates=candidates)


def _render_application(request, application, *, form, candidates, complete_form=None):
    can_assign = request.user.has_perm("reviews.assign_experts", application)
    row = application_rows(applications_visible_to(request.user).filter(pk=application.pk))[0]
    complete_form = complete_form or CompleteReviewForm()
    return render(
        request,
        "reviews/expert/application.html",
        {
            "application": application,
            "row": row,
            "form": form,
            "complete_form": complete_form,
            "conflicted": [c for c in candidates if c.reasons],
            "can_assign": can_assign and application.state in ASSIGNABLE_STATES,
            "can_complete": request.user.has_perm("reviews.complete_expert_review", application),
        },
        status=400 if form.errors or complete_form.errors else 200,
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
    from_batch = request.POST.get("back") == "batch"
    form = CompleteReviewForm(request.POST)
    try:
        if not form.is_valid():
            raise TransitionRefused(*form.errors.get("reason", []))
        result = complete_expert_review(
            application, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except TransitionRefused as refusal:
        if from_batch:
            messages.error(request, str(refusal))
            return redirect("reviews:expert_batch", batch_code=application.batch.code)
        form.add_error("reason" if isinstance(refusal, ExpertsShort) else None, str(refusal))
        can_assign = request.user.has_perm("reviews.assign_experts", application)
        candidates = candidates_for(application) if can_assign else []
        return _render_application(
            request,
            application,
            form=AssignForm(None, candidates=candidates),
            candidates=candidates,
            complete_form=form,
        )
    messages.success(
        request,
        _("Expert review completed: %(score)s points (%(rule)s).")
        % {"score": result.score, "rule": result.get_rule_display()},
    )
    if from_batch:
        return redirect("reviews:expert_batch", batch_code=application.batch.code)
    return redirect("reviews:expert_application", code=code)
