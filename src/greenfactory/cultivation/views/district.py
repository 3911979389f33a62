"""The district's cultivation pages: the list, a candidate with its projects, trial
self-evaluation and readiness gap. City officers read them too."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.programme.models import IndicatorSystem

from ..domain.candidates import (
    CultivationRefused,
    add_candidate,
    add_project,
    save_trial_answers,
    set_candidate_status,
    update_project,
)
from ..domain.queries import candidates_visible_to, enterprises_to_add, with_project_totals
from ..domain.readiness import current_reference, indicators_of, readiness, readiness_of_many
from ..enums import CandidateStatus
from ..forms import AddCandidateForm, ProjectForm, StatusForm, TrialForm
from ..models import TransformationProject


def _pipeline_page(request, add_form=None):
    if not request.user.has_perm("cultivation.view_pipeline"):
        raise PermissionDenied
    candidates = with_project_totals(candidates_visible_to(request.user))
    district = request.GET.get("district", "")
    if district:
        candidates = candidates.filter(district__code=district)
    status = request.GET.get("status", CandidateStatus.ACTIVE)
    if status in CandidateStatus.values:
        candidates = candidates.filter(status=status)
    candidates = list(candidates.order_by("district__code", "enterprise__name"))
    reference = current_reference()
    scores = readiness_of_many(candidates, reference)
    rows = [(candidate, scores.get(candidate.pk)) for candidate in candidates]
    can_add = request.user.has_perm("cultivation.keep_pipeline")
    if can_add and add_form is None:
        add_form = AddCandidateForm(enterprises=enterprises_to_add(request.user))
    return render(
        request,
        "cultivation/district/list.html",
        {
            "rows": rows,
            "reference": reference,
            "status": status,
            "statuses": CandidateStatus.choices,
            "district": district,
            "add_form": add_form if can_add else None,
            "totals": {
                "investment": sum((c.investment_total for c in candidates), 0),
                "energy": sum((c.energy_saving_total for c in candidates), 0),
                "co2": sum((c.co2_reduction_total for c in candidates), 0),
                "projects": sum(c.project_count for c in candidates),
            },
        },
        status=400 if add_form is not None and add_form.errors else 200,
    )


@login_required
@require_GET
def pipeline(request):
    return _pipeline_page(request)


@login_required
@require_POST
def add(request):
    if not request.user.has_perm("cultivation.keep_pipeline"):
        raise PermissionDenied
    form = AddCandidateForm(request.POST, enterprises=enterprises_to_add(request.user))
    if form.is_valid():
        try:
            candidate = add_candidate(
                form.cleaned_data["enterprise"], actor=request.user, note=form.cleaned_data["note"]
            )
        except CultivationRefused as refusal:
            form.add_error("enterprise", str(refusal))
        else:
            messages.success(request, _("Added to the cultivation list."))
            return redirect("cultivation:candidate", code=candidate.code)
    return _pipeline_page(request, add_form=form)


def _load(request, code):
    return get_object_or_404(candidates_visible_to(request.user), code=code)


def _chosen_system(request):
    slug = request.GET.get("system", "")
    code, _sep, version = slug.rpartition(".v")
    if not code or not version.isdigit():
        return None
    return IndicatorSystem.objects.filter(code=code, version=int(version)).first()


def _candidate_page(request, candidate, *, project_form=None, trial_form=None):
    can_change = request.user.has_perm("cultivation.change_candidate", candidate)
    reference = current_reference(_chosen_system(request))
    indicators = indicators_of(reference.system) if reference.system else []
    state = readiness(candidate, reference=reference, indicators=indicators)
    if trial_form is None:
        answers = {
            row.indicator_id: row
            for row in candidate.answers.filter(indicator__in=[i.pk for i in indicators])
        }
        trial_form = TrialForm(indicators=indicators, answers=answers)
    projects = list(candidate.projects.all())
    bad = (project_form is not None and project_form.errors) or trial_form.errors
    return render(
        request,
        "cultivation/district/candidate.html",
        {
            "candidate": candidate,
            "can_change": can_change,
            "projects": projects,
            "project_form": project_form or ProjectForm(),
            "trial_form": trial_form,
            "trial_rows": trial_form.rows(state.sheet if state else None),
            "readiness": state,
            "reference": reference,
            "systems": IndicatorSystem.objects.order_by("code", "-version"),
            "status_form": StatusForm(initial={"status": candidate.status}),
            "totals": {
                "investment": sum((p.investment for p in projects), 0),
                "energy": sum((p.energy_saving_tce for p in projects), 0),
                "co2": sum((p.co2_reduction_t for p in projects), 0),
            },
        },
        status=400 if bad else 200,
    )


@login_required
@require_GET
def candidate(request, code):
    return _candidate_page(request, _load(request, code))


@login_required
@require_POST
def candidate_status(request, code):
    current = _load(request, code)
    # Who keeps a list at all; which move is possible now, and for whom, is the domain's.
    if not request.user.has_perm("cultivation.keep_pipeline"):
        raise PermissionDenied
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown status."))
    else:
        try:
            set_candidate_status(
                current,
                form.cleaned_data["status"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except CultivationRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Status changed."))
    return redirect("cultivation:candidate", code=code)


@login_required
@require_POST
def project_add(request, code):
    current = _load(request, code)
    if not request.user.has_perm("cultivation.change_candidate", current):
        raise PermissionDenied
    form = ProjectForm(request.POST)
    if form.is_valid():
        add_project(current, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("Project added."))
        return redirect("cultivation:candidate", code=code)
    return _candidate_page(request, current, project_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, code):
    project = get_object_or_404(
        TransformationProject.objects.select_related("candidate"),
        code=code,
        candidate__in=candidates_visible_to(request.user),
    )
    can_change = request.user.has_perm("cultivation.change_candidate", project.candidate)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            project.refresh_from_db()
            update_project(project, actor=request.user, data=data)
            messages.success(request, _("Project saved."))
            return redirect("cultivation:candidate", code=project.candidate.code)
    return render(
        request,
        "cultivation/district/project.html",
        {"project": project, "form": form, "can_change": can_change},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def trial(request, code):
    current = _load(request, code)
    if not request.user.has_perm("cultivation.change_candidate", current):
        raise PermissionDenied
    reference = current_reference(_chosen_system(request))
    indicators = indicators_of(reference.system) if reference.system else []
    form = TrialForm(request.POST, indicators=indicators, answers={})
    if not form.is_valid():
        return _candidate_page(request, current, trial_form=form)
    changed = save_trial_answers(current, actor=request.user, answers=form.answers())
    messages.success(
        request, _("Trial self-evaluation saved (%(n)s rows changed).") % {"n": changed}
    )
    url = redirect("cultivation:candidate", code=code).url
    if request.GET.get("system"):
        url += f"?system={reference.system.slug}"
    return redirect(url)
