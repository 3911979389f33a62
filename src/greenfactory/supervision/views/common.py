"""Pages shared by several audiences, so kept in one place: one spot check and the list of checks,
one page for the enterprise checked, its district and the city (each sees the forms its
permissions allow: the enterprise's writes are in ``enterprise``, the city's in ``city``); and the
integrity signals' panel and disposition (§66), which district and city officers both use on the
pages where they decide."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from greenfactory.accounts.enums import Role
from greenfactory.applications.enums import EDITABLE_STATES
from greenfactory.reviews.domain.evaluation_queries import evaluations_visible_to
from greenfactory.reviews.forms.evaluation import CommissionForm

from ..domain.checks import CheckRefused, decision_problems, next_states, pass_problems
from ..domain.integrity.dispositions import DispositionRefused, dispose_signal
from ..domain.integrity.queries import signals_of_application, signals_visible_to
from ..domain.queries import checks_visible_to, with_application_access
from ..enums import CheckState
from ..forms import DecisionForm, DispositionForm, RectificationForm, SummaryForm

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


def check_of(request, code):
    return get_object_or_404(checks_visible_to(request.user), code=code)


def decision_states(check):
    return [state for state in next_states(check) if state != CheckState.RECTIFIED]


@login_required
@require_GET
def check_detail(request, code, *, forms=None):
    check = check_of(request, code)
    return check_page(request, check, forms or {})


def check_page(request, check, forms, status=200):
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
    states = decision_states(check)
    if user.has_perm("supervision.decide_check", check) and states:
        context["decision_form"] = forms.get("decision") or DecisionForm(states=states)
        if CheckState.PASSED in states:
            context["pass_problems"] = pass_problems(check)
    return render(request, "supervision/check.html", context, status=status)


def write_on_check(request, code, *, permission, form_class, key, act, done, form_kwargs=None):
    """The shape of every write on a check: the permission, the form, the domain step; a
    refusal or a bad form shows the page again with what was typed and the message."""
    check = check_of(request, code)
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
    return check_page(request, check, {key: form}, status=400)


def with_forms(request, shown, next_url):
    for item in shown:
        item.can_dispose = request.user.has_perm("supervision.dispose_signal", item.signal)
        item.form = DispositionForm(initial={"next": next_url}, auto_id=f"id_{item.signal.code}_%s")
    return shown


def signal_panel(request, application) -> str:
    """The application's integrity signals as ``request.user`` may see them."""
    shown = signals_of_application(request.user, application)
    if not shown:
        return ""
    return render_to_string(
        "supervision/_signal_panel.html",
        {"signals": with_forms(request, shown, request.get_full_path())},
        request=request,
    )


@login_required
@require_POST
def signal_dispose(request, code):
    signal = get_object_or_404(signals_visible_to(request.user), code=code)
    if not request.user.has_perm("supervision.dispose_signal", signal):
        raise PermissionDenied
    form = DispositionForm(request.POST)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = "/"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    try:
        dispose_signal(
            signal, form.cleaned_data["state"], actor=request.user, note=form.cleaned_data["note"]
        )
    except DispositionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Disposition recorded."))
    return redirect(back)
