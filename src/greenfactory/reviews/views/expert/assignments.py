"""The expert's pages: their assignments, their conflict declarations, and the submission of a
scoring sheet (the sheet itself is ``score_sheet``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ...domain.expert import declare_conflict
from ...domain.expert_queries import my_assignments
from ...forms.expert import ConflictForm
from .score_sheet import submit_saved_scores, visible_assignment


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
    form = ConflictForm(request.POST if request.method == "POST" else None)
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


@login_required
@require_POST
def submit(request, code):
    assignment = visible_assignment(request, code)
    if not request.user.has_perm("reviews.score_assignment", assignment):
        if assignment.expert_id == request.user.pk:
            messages.error(request, _("Your scores are already submitted."))
            return redirect("reviews:expert_score", code=code)
        raise PermissionDenied
    return submit_saved_scores(request, assignment)
