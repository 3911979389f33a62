"""Pages and helpers shared by several audiences, so kept in one place: the filing's computed
figures and the officers' list (district and city); where a filing's key figures stand among its
industry's (同行对标, decisions §67), read by the enterprise and by its district's and city's
officers; and the reports of major changes (重大事项变更) — the officers' list, and one report,
seen by the enterprise that reported it and acknowledged (or returned) by the district, then the
city; and one filing's page, read by the district and the city, each deciding through
``step_on_filing`` in its own module. The enterprise's report form is in ``enterprise``."""

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

from ..domain.assessments import (
    SiteAssessmentRefused,
    call_site_assessment,
    cancel_site_assessment,
    record_site_assessment,
)
from ..domain.changes import (
    MajorChangeRefused,
    acknowledge_change,
    changes_for_enterprise,
    changes_visible_to,
    next_acknowledgement,
    return_change,
)
from ..domain.filings import FilingRefused
from ..domain.flags import Flag, not_filed_flag
from ..domain.peers import compare_filing
from ..domain.policies import policy_for
from ..domain.queries import deadline_of, due_rows, filing_years, filings_visible_to, rules_for
from ..domain.reported import reported_beside_computed
from ..enums import FILED_STATES, FilingState, MajorChangeState, SiteAssessmentState
from ..forms import (
    AcceptForm,
    CallAssessmentForm,
    CancelAssessmentForm,
    CityReviewForm,
    FilingFilterForm,
    NoteForm,
    RecordAssessmentForm,
    ReturnForm,
)
from ..models import CarbonDisclosure, SiteAssessment

LIST_SIZE = 200


def figures_context(filing) -> dict:
    batch = filing.reference_batch
    figures = record_figures(filing, batch)
    return {
        "figures": figures,
        "warnings": plausibility_warnings(figures),
        "table": batch.coefficient_table,
        "grid_factor": batch.grid_factor,
        # The year's carbon disclosure of a zero-carbon factory, collected by its filing (§73).
        "carbon_disclosure": CarbonDisclosure.objects.filter(
            enterprise_id=filing.enterprise_id, year=filing.year
        ).first(),
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


def filing_of(request, code):
    filing = get_object_or_404(
        filings_visible_to(request.user).select_related("submitted_by", "reviewed_by"), code=code
    )
    if not is_officer(request.user):
        raise PermissionDenied
    return filing


def filing_page(
    request,
    filing,
    return_form=None,
    city_form=None,
    city_return_form=None,
    accept_form=None,
    call_form=None,
    record_form=None,
    cancel_form=None,
):
    policy = policy_for(filing.level)
    can_review = can_move(request.user, filing, FilingState.ACCEPTED)
    can_city_review = policy.city_review and can_move(
        request.user, filing, FilingState.CITY_REVIEWED
    )
    failed = (
        return_form
        or city_form
        or city_return_form
        or accept_form
        or call_form
        or record_form
        or cancel_form
    )
    assessments = list(
        filing.site_assessments.select_related("called_by", "recorded_by").prefetch_related(
            "status_changes__actor"
        )
    )
    open_assessment = next((a for a in assessments if a.state == SiteAssessmentState.CALLED), None)
    figures = figures_context(filing)
    deadline = deadline_of(filing)
    # Filed after its deadline: the flag the lists show (``not_filed_flag``), on this page too.
    late = not_filed_flag(filing, deadline, timezone.localdate())
    return render(
        request,
        "filings/detail.html",
        {
            "filing": filing,
            "policy": policy,
            "flags": ([late] if late else []) + [Flag.from_data(item) for item in filing.flags],
            "late": late,
            "deadline": deadline,
            "reported": reported_beside_computed(filing, figures["figures"]),
            "history": filing.status_changes.select_related("actor"),
            "changes": changes_for_enterprise(filing.enterprise)[:20],
            "can_review": can_review,
            "accept_form": accept_form or AcceptForm(),
            "return_form": return_form or ReturnForm(),
            "can_city_review": can_city_review,
            "city_form": city_form or CityReviewForm(),
            "city_return_form": city_return_form or ReturnForm(),
            "assessments": assessments,
            "open_assessment": open_assessment,
            "can_call_assessment": open_assessment is None
            and filing.state in FILED_STATES
            and request.user.has_perm("filings.call_site_assessment", filing),
            "can_record_assessment": open_assessment is not None
            and can_move(request.user, open_assessment, SiteAssessmentState.HELD),
            "call_form": call_form or CallAssessmentForm(),
            "record_form": record_form or RecordAssessmentForm(),
            "cancel_form": cancel_form or CancelAssessmentForm(),
            **figures,
        },
        status=400 if failed is not None else 200,
    )


@login_required
@require_GET
def detail(request, code):
    return filing_page(request, filing_of(request, code))


def step_on_filing(request, code, *, may, form_class, slot, step, field, done):
    """One decision on the filing: who may (403), the posted form, the domain step; a bad
    form or a refusal shows the page again with everything typed and the message at the
    field (400)."""
    filing = filing_of(request, code)
    may(request, filing)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            step(filing, form.cleaned_data)
        except FilingRefused as refusal:
            form.add_error(field, str(refusal))
        else:
            messages.success(request, done)
            return redirect("filings:detail", code=filing.code)
    return filing_page(request, filing, **{slot: form})


@login_required
@require_POST
def assessment_call(request, code):
    """An officer of the district or the city calls a 现场评估 of the filing (decisions §80)."""
    filing = filing_of(request, code)
    if not request.user.has_perm("filings.call_site_assessment", filing):
        raise PermissionDenied
    form = CallAssessmentForm(request.POST)
    if form.is_valid():
        try:
            call_site_assessment(filing, actor=request.user, **form.cleaned_data)
        except SiteAssessmentRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The on-site assessment is called."))
            return redirect("filings:detail", code=filing.code)
    return filing_page(request, filing, call_form=form)


def _assessment(request, code, to) -> tuple[SiteAssessment, bool]:
    """The assessment of a filing the officer sees (404 otherwise); the table, then the
    permission (403); a wrong state is told on the filing's page (``False``)."""
    assessment = get_object_or_404(
        SiteAssessment.objects.select_related("filing__enterprise__district").filter(
            filing__in=filings_visible_to(request.user)
        ),
        code=code,
    )
    if not is_officer(request.user):
        raise PermissionDenied
    try:
        check_move(request.user, assessment, to)
    except SiteAssessmentRefused as refusal:
        messages.error(request, str(refusal))
        return assessment, False
    return assessment, True


@login_required
@require_POST
def assessment_record(request, code):
    """The called 现场评估 was held: its day, assessors, findings and outcome."""
    assessment, may = _assessment(request, code, SiteAssessmentState.HELD)
    if not may:
        return redirect("filings:detail", code=assessment.filing.code)
    form = RecordAssessmentForm(request.POST)
    if form.is_valid():
        try:
            record_site_assessment(assessment, actor=request.user, **form.cleaned_data)
        except SiteAssessmentRefused as refusal:
            for problem in refusal.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, _("The on-site assessment is recorded."))
            return redirect("filings:detail", code=assessment.filing.code)
    return filing_page(request, filing_of(request, assessment.filing.code), record_form=form)


@login_required
@require_POST
def assessment_cancel(request, code):
    assessment, may = _assessment(request, code, SiteAssessmentState.CANCELLED)
    if not may:
        return redirect("filings:detail", code=assessment.filing.code)
    form = CancelAssessmentForm(request.POST)
    if form.is_valid():
        try:
            cancel_site_assessment(assessment, actor=request.user, **form.cleaned_data)
        except SiteAssessmentRefused as refusal:
            form.add_error("reason", str(refusal))
        else:
            messages.success(request, _("The on-site assessment is cancelled."))
            return redirect("filings:detail", code=assessment.filing.code)
    return filing_page(request, filing_of(request, assessment.filing.code), cancel_form=form)
