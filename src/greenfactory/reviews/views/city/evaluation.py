"""The city bureau's pages of the third-party evaluation (第三方评价): commissioning a body for an
application, and the list of bodies with their suspension. The report's pages are the body's
(``views/evaluator.py``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.accounts.domain.evaluation_bodies import (
    BodyRefused,
    reinstate_evaluation_body,
    suspend_evaluation_body,
)
from greenfactory.accounts.models import EvaluationBody
from greenfactory.applications.domain.queries import applications_visible_to
from greenfactory.core.refusals import Refused

from ...domain.evaluation import commission_evaluation
from ...domain.evaluation_queries import evaluations_visible_to
from ...forms.evaluation import CommissionForm, ReasonForm


def _refusal_messages(request, refusal: Refused) -> None:
    for message in refusal.messages:
        messages.error(request, message)


@login_required
@require_http_methods(["GET", "POST"])
def commission(request, code):
    """The bureau commissions a body for one application and sees the application's
    evaluations so far."""
    application = get_object_or_404(applications_visible_to(request.user), code=code)
    if not request.user.has_perm("reviews.commission_evaluation", application):
        raise PermissionDenied
    form = CommissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = commission_evaluation(
                application, actor=request.user, body=form.cleaned_data["body"]
            )
        except Refused as refusal:
            for message in refusal.messages:
                form.add_error("body", message)
        else:
            messages.success(request, _("The evaluation body is commissioned."))
            return redirect("reviews:evaluation_detail", code=evaluation.code)
    evaluations = evaluations_visible_to(request.user).filter(application=application)
    return render(
        request,
        "reviews/evaluation/commission.html",
        {"application": application, "form": form, "evaluations": evaluations},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def body_list(request):
    if not request.user.has_perm("accounts.suspend_evaluation_body"):
        raise PermissionDenied
    return render(
        request,
        "reviews/evaluation/bodies.html",
        {"bodies": EvaluationBody.objects.order_by("name"), "reason_form": ReasonForm()},
    )


@login_required
@require_POST
def body_suspension(request, code, step):
    if not request.user.has_perm("accounts.suspend_evaluation_body"):
        raise PermissionDenied
    body = get_object_or_404(EvaluationBody, code=code)
    try:
        if step == "suspend":
            form = ReasonForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            suspend_evaluation_body(body, actor=request.user, reason=reason)
            messages.success(request, _("%(body)s is suspended.") % {"body": body.name})
        else:
            reinstate_evaluation_body(body, actor=request.user)
            messages.success(request, _("%(body)s is reinstated.") % {"body": body.name})
    except BodyRefused as refusal:
        _refusal_messages(request, refusal)
    return redirect("reviews:evaluation_bodies")
