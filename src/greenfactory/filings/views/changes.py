"""重大事项变更: the enterprise's reports and its form; the officers' list; one report with the
district's and the city's acknowledgement (or its return)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.accounts.rules import is_officer
from greenfactory.core.domain.workflow import can_move, check_move

from ..domain.changes import (
    MajorChangeRefused,
    acknowledge_change,
    changes_visible_to,
    next_acknowledgement,
    report_major_change,
    return_change,
)
from ..enums import MajorChangeState
from ..forms import MajorChangeForm, NoteForm, ReturnForm

LIST_SIZE = 200


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_changes(request):
    """The enterprise's reports of major changes, and the form to report one."""
    if not request.user.has_perm("filings.report_major_change"):
        raise PermissionDenied
    form = MajorChangeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            change = report_major_change(actor=request.user, **form.cleaned_data)
        except MajorChangeRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The change is reported to your district."))
            return redirect("filings:change", code=change.code)
    return render(
        request,
        "filings/changes/enterprise.html",
        {"form": form, "changes": changes_visible_to(request.user)[:LIST_SIZE]},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def change_list(request):
    """The officers' list of reports in their region, the open ones first."""
    if not is_officer(request.user):
        raise PermissionDenied
    changes = changes_visible_to(request.user).order_by("state", "-effective_on", "-pk")
    return render(request, "filings/changes/list.html", {"changes": changes[:LIST_SIZE]})


def _may(request, change, to) -> bool:
    """The table, then the permission (403), before any form is read; a wrong state is told."""
    try:
        check_move(request.user, change, to)
    except MajorChangeRefused as refusal:
        messages.error(request, str(refusal))
        return False
    return True


def _page(request, change, *, note_form=None, return_form=None):
    next_state = next_acknowledgement(change)
    return render(
        request,
        "filings/changes/detail.html",
        {
            "change": change,
            "history": change.status_changes.select_related("actor"),
            "can_acknowledge": can_move(request.user, change, next_state),
            "note_form": note_form or NoteForm(),
            "return_form": return_form or ReturnForm(),
        },
        status=400 if (note_form or return_form) else 200,
    )


def _visible(request, code):
    return get_object_or_404(changes_visible_to(request.user), code=code)


@login_required
@require_GET
def change_detail(request, code):
    return _page(request, _visible(request, code))


@login_required
@require_POST
def change_acknowledge(request, code):
    change = _visible(request, code)
    if not _may(request, change, next_acknowledgement(change)):
        return redirect("filings:change", code=change.code)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _page(request, change, note_form=form)
    try:
        acknowledge_change(change, actor=request.user, note=form.cleaned_data["note"])
    except MajorChangeRefused as refusal:
        form.add_error(None, str(refusal))
        return _page(request, change, note_form=form)
    messages.success(request, _("Acknowledged."))
    return redirect("filings:change", code=change.code)


@login_required
@require_POST
def change_return(request, code):
    change = _visible(request, code)
    if not _may(request, change, MajorChangeState.RETURNED):
        return redirect("filings:change", code=change.code)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _page(request, change, return_form=form)
    try:
        return_change(change, actor=request.user, reason=form.cleaned_data["reason"])
    except MajorChangeRefused as refusal:
        form.add_error("reason", str(refusal))
        return _page(request, change, return_form=form)
    messages.success(request, _("Returned to the enterprise."))
    return redirect("filings:change", code=change.code)
