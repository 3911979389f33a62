"""The enterprise's pages: the years it must file, the filing form (the application's
performance-data form), submission; its reports of major changes (重大事项变更) and the form to
report one. Every write goes through ``domain/``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.accounts.enums import Role
from greenfactory.applications.domain.carbon.inventory import carbon_inventories_visible_to
from greenfactory.core.domain.workflow import can_edit

from ..domain.carbon import DisclosureRefused, publish_carbon_disclosure
from ..domain.changes import MajorChangeRefused, changes_visible_to, report_major_change
from ..domain.filings import (
    FilingProblems,
    FilingRefused,
    StaleEdit,
    open_filing,
    save_filing,
    submission_problems,
    submit_filing,
)
from ..domain.policies import level_deadline, policy_for
from ..domain.queries import deadline_of, filings_visible_to, held_level, rules_for, years_due
from ..forms import FilingForm, MajorChangeForm, OpenFilingForm
from ..models import CarbonDisclosure
from .common import LIST_SIZE, figures_context


def _require_filer(request) -> None:
    if not request.user.has_perm("filings.file"):
        raise PermissionDenied


def _list_page(request, open_form=None):
    _require_filer(request)
    enterprise = request.user.enterprise
    years = years_due(enterprise)
    filings = {f.year: f for f in filings_visible_to(request.user).filter(year__in=years)}
    rules = rules_for(enterprise.district)
    policy = policy_for(held_level(enterprise, years[0])) if years else None
    rows = [
        (year, level_deadline(policy, rules.deadline(year), year), filings.get(year))
        for year in years
    ]
    to_open = [year for year in years if year not in filings]
    if open_form is None and to_open:
        open_form = OpenFilingForm(years=to_open)
    return render(
        request,
        "filings/enterprise/list.html",
        {"rows": rows, "open_form": open_form},
        status=400 if open_form is not None and open_form.errors else 200,
    )


@login_required
@require_GET
def filing_list(request):
    return _list_page(request)


@login_required
@require_POST
def open_year(request):
    _require_filer(request)
    form = OpenFilingForm(request.POST, years=years_due(request.user.enterprise))
    if not form.is_valid():
        return _list_page(request, open_form=form)
    try:
        filing = open_filing(form.cleaned_data["year"], actor=request.user)
    except FilingRefused as refusal:
        form.add_error("year", str(refusal))
        return _list_page(request, open_form=form)
    return redirect("filings:edit", code=filing.code)


def _own_filing(request, code):
    filing = get_object_or_404(filings_visible_to(request.user), code=code)
    _require_filer(request)
    return filing


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, code):
    """The filing's figures: the application's performance-data fields, with the figures
    computed beside them. Read-only once submitted."""
    filing = _own_filing(request, code)
    editable = can_edit(request.user, filing)
    carriers = filing.reference_batch.coefficient_table.carriers.all()
    figures = figures_context(filing)
    form = FilingForm(
        request.POST if request.method == "POST" else None,
        instance=filing,
        carriers=carriers,
        figures=figures["figures"],
        initial={"revision": filing.revision},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                save_filing(
                    filing,
                    actor=request.user,
                    data=form.data_dict(),
                    revision=form.cleaned_data["revision"],
                )
            except (FilingRefused, StaleEdit) as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("Saved."))
                return redirect("filings:edit", code=filing.code)
        status = 400
    return render(
        request,
        "filings/enterprise/edit.html",
        {
            "filing": filing,
            "form": form,
            "year": filing.year,
            "can_edit": editable,
            "problems": submission_problems(filing) if editable else [],
            "deadline": deadline_of(filing),
            "policy": policy_for(filing.level),
            # The 现场评估 the bureau called, held or cancelled (decisions §80).
            "assessments": list(filing.site_assessments.all()),
            **figures,
        },
        status=status,
    )


@login_required
@require_POST
def submit(request, code):
    filing = _own_filing(request, code)
    try:
        submit_filing(filing, actor=request.user)
    except FilingProblems as refusal:
        for problem in refusal.problems:
            messages.error(request, problem)
    except FilingRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Filing submitted to your district bureau."))
    return redirect("filings:edit", code=filing.code)


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
        "filings/enterprise/changes.html",
        {"form": form, "changes": changes_visible_to(request.user)[:LIST_SIZE]},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def carbon_disclosures(request):
    """The enterprise's inventories and what it has published (decisions §73): a designated
    zero-carbon factory publishes a year's disclosure from its inventory."""
    inventories = carbon_inventories_visible_to(request.user).order_by("-year")
    if request.user.role != Role.ENTERPRISE:
        raise PermissionDenied
    if request.method == "POST":
        inventory = get_object_or_404(inventories, code=request.POST.get("inventory", ""))
        if not request.user.has_perm("applications.change_carbon_inventory", inventory):
            raise PermissionDenied
        try:
            publish_carbon_disclosure(inventory, actor=request.user)
        except DisclosureRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Disclosure published."))
        return redirect("filings:enterprise_disclosures")
    published = {
        d.year: d for d in CarbonDisclosure.objects.filter(enterprise_id=request.user.enterprise_id)
    }
    rows = [(inventory, published.get(inventory.year)) for inventory in inventories]
    return render(request, "filings/enterprise/carbon_disclosures.html", {"rows": rows})
