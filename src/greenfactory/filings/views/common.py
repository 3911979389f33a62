"""Pages and helpers shared by several audiences, so kept in one place: the filing's computed
figures and the officers' list (district and city); where a filing's key figures stand among its
industry's (同行对标, decisions §67), read by the enterprise and by its district's and city's
officers; and the reports of major changes (重大事项变更) — the officers' list, and one report,
seen by the enterprise that reported it and acknowledged (or returned) by the district, then the
city. The enterprise's report form is in ``enterprise``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from greenfactory.accounts.rules import is_officer
from greenfactory.applications.domain.figures import plausibility_warnings, record_figures
from greenfactory.core.domain.workflow import can_move, check_move

from ..domain.changes import (
    MajorChangeRefused,
    acknowledge_change,
    changes_visible_to,
    next_acknowledgement,
    return_change,
)
from ..domain.peers import compare_filing
from ..domain.queries import due_rows, filing_years, filings_visible_to, rules_for
from ..enums import MajorChangeState
from ..forms import FilingFilterForm, NoteForm, ReturnForm

LIST_SIZE = 200


def figures_context(filing) -> dict:
    batch = filing.reference_batch
    figures = record_figures(filing, batch)
    return {
        "figures": figures,
        "warnings": plausibility_warnings(figures),
        "table": batch.coefficient_table,
        "grid_factor": batch.grid_factor,
    }


def filter_rows(rows, show: str) -> list:
    if show == "filed":
        return [row for row in rows if row.filed]
    if show == "missing":
        return [row for row in rows if not row.filed]
    if show == "flagged":
        return [row for row in rows if row.flags]
    return rows


def officer_list(request, template: str, *, districts=None, extra=None):
    """The factories that must file a year, in the officer's region or the chosen district,
    with counts of filed, not filed and flagged (three queries for the rows)."""
    user = request.user
    years = filing_years(user)
    data = request.GET.copy()
    if not data.get("year"):
        data["year"] = str(years[0])
    form = FilingFilterForm(data, years=years, districts=districts)
    valid = form.is_valid()
    cleaned = form.cleaned_data if valid else {}
    year = cleaned.get("year") or years[0]
    region = cleaned.get("district") or user.region
    rows = due_rows(region, year)
    counts = {
        "due": len(rows),
        "filed": sum(1 for row in rows if row.filed),
        "flagged": sum(1 for row in rows if row.flags),
    }
    counts["missing"] = counts["due"] - counts["filed"]
    return render(
        request,
        template,
        {
            "form": form,
            "year": year,
            "rows": filter_rows(rows, cleaned.get("show", "")),
            "counts": counts,
            "deadline": rules_for(region).deadline(year),
            "today": timezone.localdate(),
            **(extra or {}),
        },
        status=200 if valid else 400,
    )


@login_required
@require_GET
def peers(request, code):
    filing = get_object_or_404(
        filings_visible_to(request.user).select_related(
            "enterprise__industry", "reference_batch__indicator_system"
        ),
        code=code,
    )
    return render(
        request,
        "filings/peers.html",
        {"filing": filing, "comparison": compare_filing(filing)},
    )


@login_required
@require_GET
def change_list(request):
    """The officers' list of reports in their region, the open ones first."""
    if not is_officer(request.user):
        raise PermissionDenied
    changes = changes_visible_to(request.user).order_by("state", "-effective_on", "-pk")
    return render(request, "filings/change_list.html", {"changes": changes[:LIST_SIZE]})


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
        "filings/change_detail.html",
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
