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
from greenfactory.core.refusals import Refused
from greenfactory.reviews.domain.evaluation import commission_evaluation
from greenfactory.reviews.domain.evaluation_queries import evaluations_visible_to
from greenfactory.reviews.forms.evaluation import CommissionForm

from ..domain.checks import (
    CheckRefused,
    decision_problems,
    move_check,
    next_states,
    pass_problems,
    report_rectification,
    save_summary,
)
from ..domain.queries import checks_visible_to, with_application_access
from ..enums import CheckState
from ..forms import DecisionForm, RectificationForm, SummaryForm

PAGE_ROLES = (Role.ENTERPRISE, Role.DISTRICT_OFFICER, Role.CITY_OFFICER)


@login_required
@require_GET
def check_list(request):
    if request.user.role not in PAGE_ROLES:
        raise PermissionDenied
    checks = with_application_access(checks_visible_to(request.user), request.user).order_by(
        "-round__year", "title__enterprise__name"
    )
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
    if user.role != Role.ENTERPRISE:
        # Plan 五(四): the bureau may have a third-party evaluation body audit the check.
        context["evaluations"] = list(
            evaluations_visible_to(user)
            .filter(application_id=check.application_id)
            .order_by("commissioned_at", "pk")
        )
    if user.has_perm("reviews.commission_evaluation", check.application):
        context["commission_form"] = forms.get("commission") or CommissionForm()
    states = _decision_states(check)
    if user.has_perm("supervision.decide_check", check) and states:
        context["decision_form"] = forms.get("decision") or DecisionForm(states=states)
        if CheckState.PASSED in states:
            context["pass_problems"] = pass_problems(check)
    return render(request, "supervision/check.html", context, status=status)


def _post(request, code, *, permission, form_class, key, act, done, form_kwargs=None):
    """The shape of every write on a check: the permission, the form, the domain step; a
    refusal or a bad form shows the page again with what was typed and the message."""
    check = _check(request, code)
    if not request.user.has_perm(permission, check):
        raise PermissionDenied
    form = form_class(request.POST, **(form_kwargs(check) if form_kwargs else {}))
    if form.is_valid():
        try:
            act(check, form.cleaned_data)
        except CheckRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, done)
            return redirect("supervision:check", code=check.code)
    return _render(request, check, {key: form}, status=400)


@login_required
@require_POST
def check_summary(request, code):
    return _post(
        request,
        code,
        permission="supervision.write_summary",
        form_class=SummaryForm,
        key="summary",
        act=lambda check, data: save_summary(
            check,
            actor=request.user,
            changes=data["changes"],
            rectifications=data["rectifications"],
        ),
        done=_("Summary saved."),
    )


@login_required
@require_POST
def check_decide(request, code):
    return _post(
        request,
        code,
        permission="supervision.decide_check",
        form_class=DecisionForm,
        form_kwargs=lambda check: {"states": _decision_states(check)},
        key="decision",
        act=lambda check, data: move_check(
            check,
            data["to"],
            actor=request.user,
            reason=data["reason"],
            rectify_by=data["rectify_by"],
        ),
        done=_("Outcome recorded."),
    )


@login_required
@require_POST
def check_rectification(request, code):
    return _post(
        request,
        code,
        permission="supervision.report_rectification",
        form_class=RectificationForm,
        key="rectification",
        act=lambda check, data: report_rectification(
            check, actor=request.user, report=data["report"]
        ),
        done=_("Rectification reported; the bureau will re-check."),
    )


@login_required
@require_POST
def check_commission(request, code):
    """The city bureau commissions a third-party evaluation body to audit the check (plan
    五(四)): the same step as for an application (``reviews.commission_evaluation``), on the
    check's application; a refusal is shown at the body's field with the page."""
    check = _check(request, code)
    if not request.user.has_perm("reviews.commission_evaluation", check.application):
        raise PermissionDenied
    form = CommissionForm(request.POST)
    if form.is_valid():
        try:
            commission_evaluation(
                check.application, actor=request.user, body=form.cleaned_data["body"]
            )
        except Refused as refusal:
            for message in refusal.messages:
                form.add_error("body", message)
        else:
            messages.success(request, _("The evaluation body is commissioned."))
            if request.POST.get("from") == "round":
                return redirect("supervision:round", code=check.round.code)
            return redirect("supervision:check", code=check.code)
    return _render(request, check, {"commission": form}, status=400)
