"""The third-party evaluation body's pages (第三方评价): its list of commissions, the report it
writes and submits, and its declining of a commission. City and district officers read the same
list and report, and the city bureau withdraws a commission from the report's page; its
commissioning and the list of bodies are in ``views/city/evaluation.py``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.core.domain.workflow import can_move
from greenfactory.core.refusals import Refused
from greenfactory.programme.domain.queries import batch_indicators

from ..domain.evaluation import (
    decline_evaluation,
    report_problems,
    save_evaluation_report,
    submit_evaluation,
    total_score,
    withdraw_evaluation,
)
from ..domain.evaluation_queries import awaiting_evaluation, evaluations_visible_to
from ..enums import EvaluationState
from ..forms.evaluation import EvaluationReportForm, ReasonForm


def _visible(request, code):
    return get_object_or_404(evaluations_visible_to(request.user), code=code)


def _refusal_messages(request, refusal: Refused) -> None:
    for message in refusal.messages:
        messages.error(request, message)


@login_required
@require_GET
def evaluation_list(request):
    if not request.user.has_perm("reviews.view_evaluations"):
        raise PermissionDenied
    evaluations = evaluations_visible_to(request.user).order_by("-commissioned_at", "-pk")[:300]
    return render(
        request,
        "reviews/evaluation/list.html",
        {"evaluations": evaluations, "awaiting": awaiting_evaluation(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_detail(request, code):
    """The report: the body edits and submits it while commissioned; everyone who may see it
    reads it."""
    evaluation = _visible(request, code)
    user = request.user
    may_write = user.has_perm("reviews.write_evaluation", evaluation)
    editable = may_write and evaluation.state == EvaluationState.COMMISSIONED
    items = {item.indicator_id: item for item in evaluation.items.all()}
    indicators = batch_indicators(evaluation.application.batch)
    form = None
    if editable:
        form = EvaluationReportForm(
            request.POST or None, instance=evaluation, indicators=indicators, items=items
        )
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        if not editable:
            messages.error(request, _("The report is submitted and can no longer change."))
            return redirect("reviews:evaluation_detail", code=code)
        if form.is_valid():
            try:
                save_evaluation_report(
                    evaluation, actor=user, report=form.report(), items=form.items()
                )
                if "submit" in request.POST:
                    submit_evaluation(evaluation, actor=user)
            except Refused as refusal:
                for message in refusal.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("The report is submitted.")
                    if "submit" in request.POST
                    else _("The report is saved."),
                )
                return redirect("reviews:evaluation_detail", code=code)
    rows = [
        {"indicator": indicator, "item": items.get(indicator.pk)}
        for indicator in indicators
        if indicator.kind != "group"
    ]
    return render(
        request,
        "reviews/evaluation/detail.html",
        {
            "evaluation": evaluation,
            "application": evaluation.application,
            "form": form,
            "rows": rows,
            "total": total_score(evaluation, items.values()),
            "problems": report_problems(evaluation) if editable else [],
            "can_decline": can_move(user, evaluation, EvaluationState.REFUSED),
            "can_withdraw": can_move(user, evaluation, EvaluationState.WITHDRAWN),
            "reason_form": ReasonForm(),
            "history": evaluation.history.select_related("actor"),
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def evaluation_end(request, code, step):
    """The body declines, or the bureau withdraws, a commission not yet reported."""
    evaluation = _visible(request, code)
    form = ReasonForm(request.POST)
    act = {"decline": decline_evaluation, "withdraw": withdraw_evaluation}[step]
    if not form.is_valid():
        messages.error(request, _("Please give the reason."))
    else:
        try:
            act(evaluation, actor=request.user, reason=form.cleaned_data["reason"])
        except Refused as refusal:
            _refusal_messages(request, refusal)
        else:
            messages.success(request, _("Done."))
            if step == "decline":
                return redirect("reviews:evaluation_list")
    return redirect("reviews:evaluation_detail", code=code)
