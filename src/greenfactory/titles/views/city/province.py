"""The city bureau's pages of the recommendation to the province in its own forms (decisions §64):
the list of candidates and titles to select, and one candidate with the province's procedure. The
enterprise's confirmation is in ``views/enterprise.py``. Thin over ``domain/province.py``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from greenfactory.core.models import ExportJob
from greenfactory.core.ratelimits import limit_exports
from greenfactory.core.refusals import Refused

from ... import exports_province  # noqa: F401  (registers the exporter in the web process)
from ...domain.province import (
    PROVINCE_EXPORT,
    candidates_visible_to,
    recommendable_titles,
    record_listed,
    record_not_listed,
    record_step,
    request_province_export,
    select_candidates,
    selectable_titles,
    withdraw_candidate,
)
from ...domain.upward_words import heading_of, words_of
from ...enums import CandidateState
from ...forms.province import (
    UPWARD_LEVELS,
    CallYearForm,
    ListedForm,
    ReasonForm,
    StepForm,
)
from ...hooks import title_facts


def _city(request):
    if not request.user.has_perm("titles.export_upward"):
        raise PermissionDenied


@login_required
@limit_exports
@require_http_methods(["GET", "POST"])
def candidates(request):
    """The candidates of a year's call with their latest filing and spot check, and the city
    titles in force still to select; select (POST ``select``) or send (POST ``send``)."""
    _city(request)
    year = CallYearForm(request.GET or None).chosen_year()
    level = CallYearForm(request.GET or None).chosen_level()
    problems: list[str] = []
    ticked: set[str] = set()
    action = ""
    if request.method == "POST":
        year = CallYearForm(request.POST).chosen_year()
        level = CallYearForm(request.POST).chosen_level()
        ticked = set(request.POST.getlist("titles") + request.POST.getlist("candidates"))
        action = request.POST.get("action")
        try:
            if action == "select":
                codes = request.POST.getlist("titles")
                # Titles already selected meanwhile stay in: the domain says who was quicker.
                chosen = list(recommendable_titles(request.user, level).filter(code__in=codes))
                if len(chosen) != len(set(codes)):
                    raise PermissionDenied
                select_candidates(chosen, actor=request.user, year=year, level=level)
                messages.success(
                    request, _("The candidates are selected; their enterprises confirm their data.")
                )
            elif action == "send":
                codes = request.POST.getlist("candidates")
                chosen = list(candidates_visible_to(request.user).filter(code__in=codes))
                if len(chosen) != len(set(codes)):
                    raise PermissionDenied
                request_province_export(chosen, actor=request.user, year=year)
                messages.success(
                    request,
                    _(
                        "The package for the province is being prepared; it appears below "
                        "when ready."
                    ),
                )
            else:
                raise PermissionDenied
        except Refused as refusal:
            problems = refusal.messages
        else:
            query = urlencode({"year": year, "level": level})
            return redirect(f"{reverse('titles:province_candidates')}?{query}")
    listed = list(
        candidates_visible_to(request.user)
        .filter(year=year, level=level)
        .select_related("evaluation__body")
        .order_by("title__enterprise__name", "pk")
    )
    titles = list(selectable_titles(request.user, year, level))
    facts = title_facts([c.title for c in listed] + titles)
    return render(
        request,
        "titles/city/province_candidates.html",
        {
            "year": year,
            "level": level,
            "levels": UPWARD_LEVELS,
            # The page names its list: the province's (§64) or the national one (§80).
            "heading": heading_of(level),
            "words": words_of(level),
            "states": [(value, words_of(level).state(value)) for value in CandidateState.values],
            "candidates": [(c, facts.get(c.title_id, {})) for c in listed],
            "titles": [(t, facts.get(t.pk, {})) for t in titles],
            "problems": problems,
            "action": action,
            "ticked": ticked,
            "exports": ExportJob.objects.filter(requested_by=request.user, kind=PROVINCE_EXPORT)[
                :5
            ],
        },
        status=400 if problems else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def candidate(request, code):
    """One candidate: its history, the steps of the province's procedure and the outcome."""
    _city(request)
    item = get_object_or_404(candidates_visible_to(request.user), code=code)
    action = request.POST.get("action") if request.method == "POST" else None
    words = words_of(item.level)
    step_form = StepForm(request.POST if action == "step" else None, level=item.level)
    listed_form = ListedForm(request.POST if action == "listed" else None, level=item.level)
    reason_form = ReasonForm(request.POST if action in ("not_listed", "withdraw") else None)
    problems: list[str] = []
    if request.method == "POST":
        if not request.user.has_perm("titles.manage_candidate", item):
            raise PermissionDenied
        try:
            if action == "step" and step_form.is_valid():
                record_step(item, actor=request.user, **step_form.cleaned_data)
            elif action == "listed" and listed_form.is_valid():
                record_listed(item, actor=request.user, **listed_form.cleaned_data)
            elif action == "not_listed" and reason_form.is_valid():
                record_not_listed(
                    item, actor=request.user, reason=reason_form.cleaned_data["reason"]
                )
            elif action == "withdraw" and reason_form.is_valid():
                withdraw_candidate(
                    item, actor=request.user, reason=reason_form.cleaned_data["reason"]
                )
            elif action not in ("step", "listed", "not_listed", "withdraw"):
                raise PermissionDenied
            else:
                problems = [_("Please correct the errors below.")]
        except Refused as refusal:
            problems = refusal.messages
        if not problems:
            messages.success(request, _("Recorded."))
            return redirect("titles:province_candidate", code=item.code)
    return render(
        request,
        "titles/city/province_candidate.html",
        {
            "candidate": item,
            "heading": heading_of(item.level),
            "words": words,
            "state": words.state(item.state),
            "steps": [(step, words.stage(step.stage)) for step in item.steps.all()],
            "history": [
                (change, words.state(change.to_state))
                for change in item.state_changes.select_related("actor")
            ],
            "step_form": step_form,
            "listed_form": listed_form,
            "reason_form": reason_form,
            "problems": problems,
            "sent": item.state == CandidateState.EXPORTED,
            "open": item.state in (CandidateState.SELECTED, CandidateState.CONFIRMED),
        },
        status=400 if problems else 200,
    )
