"""One spot check, seen by the enterprise checked, its district and the city; and the list of
checks each of them follows."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from greenfactory.accounts.enums import Role
from greenfactory.applications.enums import EDITABLE_STATES

from ..domain.checks import (
    CheckRefused,
    decision_problems,
    move_check,
    next_states,
    report_rectification,
    save_summary,
)
from ..domain.queries import checks_visible_to
from ..enums import CheckState
from ..forms import DecisionForm, RectificationForm, SummaryForm

PAGE_ROLES = (Role.ENTERPRISE, Role.DISTRICT_OFFICER, Role.CITY_OFFICER)


@login_required
@require_GET
def check_list(request):
    if request.user.role not in PAGE_ROLES:
        raise PermissionDenied
    checks = checks_visible_to(request.user).order_by("-round__year", "title__enterprise__name")
    return render(request, "supervision/checks.html", {"checks": checks[:500]})


def _check(request, code):
    return get_object_or_404(checks_visible_to(request.user), code=code)


def _decision_states(check):
    return [state for state in next_states(check) if state != CheckState.RECTIFIED]


@login_required
@require_GET
def check_detail(request, code, *, forms=None):
    check = _check(request, code)
    return _render(request, check, forms or {})


def _render(request, check, forms, status=200):
    user = request.user
    context = {
        "check": check,
        "history": check.decisions.select_related("actor"),
        "problems": decision_problems(check),
        "application_editable": check.application.state in EDITABLE_STATES,
    }
    if user.has_perm("supervision.write_summary", check) and context["application_editable"]:
        context["summary_form"] = forms.get("summary") or SummaryForm(
            initial={
                "changes": check.changes_summary,
                "rectifications": check.rectifications_summary,
            }
        )
    if (
        user.has_perm("supervision.report_rectification", check)
        and check.state == CheckState.RECTIFYING
    ):
        context["rectification_form"] = forms.get("rectification") or RectificationForm()
    states = _decision_states(check)
    if user.has_perm("supervision.decide_check", check) and states:
        context["decision_form"] = forms.get("decision") or DecisionForm(states=states)
    return render(request, "supervision/check.html", context, status=status)


@login_required
@require_POST
def check_summary(request, code):
    check = _check(request, code)
    if not request.user.has_perm("supervision.write_summary", check):
        raise PermissionDenied
    form = SummaryForm(request.POST)
    if form.is_valid():
        try:
            save_summary(
                check,
                actor=request.user,
                changes=form.cleaned_data["changes"],
                rectifications=form.cleaned_data["rectifications"],
            )
        except CheckRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Summary saved."))
            return redirect("supervision:check", code=check.code)
    return _render(request, check, {"summary": form}, status=400)


@login_required
@require_POST
def check_decide(request, code):
    check = _check(request, code)
    if not request.user.has_perm("supervision.decide_check", check):
        raise PermissionDenied
    form = DecisionForm(request.POST, states=_decision_states(check))
    if form.is_valid():
        try:
            move_check(
                check,
                form.cleaned_data["to"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
                rectify_by=form.cleaned_data["rectify_by"],
            )
        except CheckRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Outcome recorded."))
            return redirect("supervision:check", code=check.code)
    return _render(request, check, {"decision": form}, status=400)


@login_required
@require_POST
def check_rectification(request, code):
    check = _check(request, code)
    if not request.user.has_perm("supervision.report_rectification", check):
        raise PermissionDenied
    form = RectificationForm(request.POST)
    if form.is_valid():
        try:
            report_rectification(check, actor=request.user, report=form.cleaned_data["report"])
        except CheckRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Rectification reported; the bureau will re-check."))
            return redirect("supervision:check", code=check.code)
    return _render(request, check, {"rectification": form}, status=400)
