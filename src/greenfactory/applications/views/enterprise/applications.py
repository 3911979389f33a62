"""The enterprise's (and its agency's) pages: the list, starting, overview, submitting; district
and city officers read the list and the overview of the applications they may see."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from greenfactory.accounts.enums import OFFICER_ROLES, Role
from greenfactory.accounts.models import User
from greenfactory.core.formats import datetime_shower
from greenfactory.programme.domain.batches import is_open_for_applications
from greenfactory.programme.domain.queries import batch_aspects, batches_visible_to
from greenfactory.programme.enums import BatchState

from ...domain.carbon.trend import carbon_accounts_of_application
from ...domain.drafts import start_application
from ...domain.eligibility import NotEligible, eligibility_checks, negative_item_label
from ...domain.figures import aspect_subtotals, self_score
from ...domain.queries import applications_visible_to, history_values, version_values
from ...domain.submission import (
    SubmissionRefused,
    submission_problems,
    submit_application,
    third_party_report_notice,
    withdraw_application,
)
from ...domain.transitions import TransitionRefused
from ...domain.versions import changes_in_latest_version
from ...enums import EDITABLE_STATES, ApplicationState, NegativeListItem
from ..common import load_application, section_context


@login_required
@require_GET
def application_list(request):
    user = request.user
    if user.role not in (Role.ENTERPRISE, Role.AGENCY, *OFFICER_ROLES):
        raise PermissionDenied
    applications = applications_visible_to(user).order_by("-batch__year", "enterprise__name")
    state = request.GET.get("state", "")
    if state in ApplicationState.values:
        applications = applications.filter(state=state)
    startable = []
    if user.role == Role.ENTERPRISE:
        taken = set(
            applications.exclude(state=ApplicationState.WITHDRAWN).values_list(
                "batch_id", flat=True
            )
        )
        startable = [
            batch
            for batch in batches_visible_to(user).calls().filter(state=BatchState.OPEN)
            if batch.pk not in taken and is_open_for_applications(batch)
        ]
    return render(
        request,
        "applications/application_list.html",
        {
            "applications": applications[:200],
            "startable": startable,
            "state": state,
            "states": ApplicationState.choices,
        },
    )


@login_required
@require_GET
def eligibility(request, batch_code):
    """Who may apply: the batch's conditions, each met or not, for the user's enterprise."""
    if request.user.role != Role.ENTERPRISE:
        raise PermissionDenied
    batch = get_object_or_404(batches_visible_to(request.user).calls(), code=batch_code)
    enterprise = request.user.enterprise
    checks = eligibility_checks(batch, enterprise)
    return render(
        request,
        "applications/eligibility.html",
        {
            "batch": batch,
            "enterprise": enterprise,
            "checks": checks,
            "eligible": all(check.met for check in checks),
            "accident": negative_item_label(NegativeListItem.ACCIDENT, batch),
        },
    )


@login_required
@require_POST
def application_start(request, batch_code):
    batch = get_object_or_404(batches_visible_to(request.user), code=batch_code)
    try:
        application = start_application(batch, actor=request.user)
    except NotEligible as refusal:
        for message in refusal.messages:
            messages.error(request, message)
        return redirect("applications:eligibility", batch_code=batch.code)
    except TransitionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("applications:application_list")
    messages.success(request, _("Application started. It is saved as you go."))
    return redirect("applications:application_detail", code=application.code)


def _history_row(row: dict, moment) -> dict:
    actor = row["actor__username"]
    return {
        "at": moment(row["created_at"]),
        "state": ApplicationState(row["to_state"]).label,
        "actor": actor and User.label(actor, row["actor__first_name"], row["actor__last_name"]),
        "reason": row["reason"],
    }


@login_required
@require_GET
def application_detail(request, code):
    application = load_application(request, code)
    context = section_context(request, application, "overview")
    # The score totals are kept rendered under the self score's own key (the application and
    # its revision) and the language: the sheet and the aspects are read only to render them.
    sheet = SimpleLazyObject(lambda: self_score(application))
    # The list shows each version's number, time and score, not its snapshot.
    moment = datetime_shower()
    versions = [{**row, "at": moment(row["submitted_at"])} for row in version_values(application)]
    context.update(
        {
            "sheet": sheet,
            "aspects": SimpleLazyObject(
                lambda: aspect_subtotals(batch_aspects(application.batch), sheet)
            ),
            "score_totals_seconds": settings.SELF_SCORE_CACHE_SECONDS,
            "problems": submission_problems(application)
            if application.state in EDITABLE_STATES
            else [],
            "started_at": moment(application.created_at),
            "history": [_history_row(row, moment) for row in history_values(application)],
            "versions": versions,
            "third_party": third_party_report_notice(application),
            "latest_changes": changes_in_latest_version(application) if len(versions) > 1 else None,
            "carbon": carbon_accounts_of_application(application),
        }
    )
    return render(request, "applications/application_detail.html", context)


@login_required
@require_POST
def application_submit(request, code):
    application = load_application(request, code)
    if not request.user.has_perm("applications.submit_application", application):
        raise PermissionDenied
    try:
        submit_application(application, actor=request.user)
    except SubmissionRefused as refusal:
        for problem in refusal.problems:
            messages.error(request, problem)
    except TransitionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, _("Submitted. Your district bureau will pre-review the application.")
        )
    return redirect("applications:application_detail", code=code)


@login_required
@require_POST
def application_withdraw(request, code):
    application = load_application(request, code)
    if not request.user.has_perm("applications.withdraw_application", application):
        raise PermissionDenied
    try:
        withdraw_application(application, actor=request.user)
    except TransitionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The application was withdrawn."))
    return redirect("applications:application_detail", code=code)
