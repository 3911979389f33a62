"""The rewards ledger's pages: city officers read and act on their region's entries, district
officers read their district's. Every write goes through ``domain/``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.accounts.scope import inside
from greenfactory.core.models import ExportJob
from greenfactory.core.ratelimits import limit_exports
from greenfactory.titles.domain.public_queries import platform_districts
from greenfactory.titles.domain.validity import Standing, title_standing
from greenfactory.titles.enums import TitleLevel

from ..domain.ledger import (
    LedgerRefused,
    approve_entry,
    cancel_entry,
    pay_entry,
    payment_problems,
    recalculate_entry,
)
from ..domain.ledger_export import LEDGER_EXPORT, request_ledger_export
from ..domain.queries import entries_visible_to, ledger_years, totals_by_status
from ..domain.rates import RateRefused, rates_visible_to, set_rate
from ..enums import OPEN_STATUSES, LedgerStatus
from ..forms import CancelForm, ExportForm, LedgerFilterForm, PayForm, RateForm

PAGE_SIZE = 50


def _require_ledger(request) -> None:
    if not request.user.has_perm("rewards.view_ledger"):
        raise PermissionDenied


def _districts(user):
    return platform_districts().filter(inside(user.region))


@login_required
@require_GET
def ledger(request):
    """The entries of one year (the newest by default) with filters, and the year's totals per
    status under the same filters but the status."""
    _require_ledger(request)
    user = request.user
    years = ledger_years(user)
    data = request.GET.copy()
    if years and not data.get("year"):
        data["year"] = str(years[0])
    form = LedgerFilterForm(data, years=years, districts=_districts(user))
    filters = form.filters()
    rows = entries_visible_to(user)
    if "year" in filters:
        rows = rows.filter(year=filters["year"])
    elif years:
        rows = rows.filter(year=years[0])
    if "level" in filters:
        rows = rows.filter(level=filters["level"])
    if "district" in filters:
        rows = rows.filter(enterprise__district__code=filters["district"])
    totals = totals_by_status(rows)
    if "status" in filters:
        rows = rows.filter(status=filters["status"])
    page = Paginator(
        rows.order_by("enterprise__district__code", "enterprise__name", "level", "pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    can_export = user.has_perm("rewards.export_ledger")
    return render(
        request,
        "rewards/city/ledger.html",
        {
            "form": form,
            "page": page,
            "totals": totals,
            "year": filters.get("year") or (years[0] if years else None),
            "can_export": can_export and bool(years),
            "export_form": ExportForm(initial={"year": filters.get("year")}, years=years),
            "exports": (
                list(ExportJob.objects.filter(requested_by=user, kind=LEDGER_EXPORT)[:5])
                if can_export
                else []
            ),
        },
    )


def _visible_entry(request, code):
    _require_ledger(request)
    return get_object_or_404(
        entries_visible_to(request.user).select_related(
            "rate__region", "created_by", "approved_by", "paid_by", "cancelled_by"
        ),
        code=code,
    )


def _render_entry(request, entry, *, pay_form=None, cancel_form=None, status=200):
    user = request.user
    return render(
        request,
        "rewards/city/entry.html",
        {
            "entry": entry,
            "title": entry.title,
            "deductions": [
                {**item, "level_label": TitleLevel(item["level"]).label}
                for item in entry.deductions
            ],
            "revoked": title_standing(entry.title).code == Standing.REVOKED,
            "can_approve": entry.status == LedgerStatus.DUE
            and user.has_perm("rewards.approve_entry", entry),
            "can_pay": entry.status == LedgerStatus.APPROVED
            and entry.amount_due > 0
            and user.has_perm("rewards.pay_entry", entry),
            "pay_problems": (
                payment_problems(entry, actor=user) if entry.status == LedgerStatus.APPROVED else []
            ),
            "can_cancel": entry.status in OPEN_STATUSES
            and user.has_perm("rewards.cancel_entry", entry),
            "can_recalculate": entry.status == LedgerStatus.DUE
            and user.has_perm("rewards.recalculate_entry", entry),
            "pay_form": pay_form or PayForm(initial={"paid_on": timezone.localdate()}),
            "cancel_form": cancel_form or CancelForm(),
        },
        status=status,
    )


@login_required
@require_GET
def entry(request, code):
    return _render_entry(request, _visible_entry(request, code))


@login_required
@require_POST
def entry_approve(request, code):
    item = _visible_entry(request, code)
    try:
        approve_entry(item, actor=request.user)
    except LedgerRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Entry approved; it can now be paid."))
    return redirect("rewards:entry", code=item.code)


@login_required
@require_POST
def entry_recalculate(request, code):
    item = _visible_entry(request, code)
    try:
        item = recalculate_entry(item, actor=request.user)
    except LedgerRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Entry recalculated with the current rates: %(amount)s yuan due.")
            % {"amount": item.amount_due},
        )
    return redirect("rewards:entry", code=item.code)


@login_required
@require_POST
def entry_pay(request, code):
    item = _visible_entry(request, code)
    if not request.user.has_perm("rewards.pay_entry", item):
        raise PermissionDenied
    form = PayForm(request.POST)
    if form.is_valid():
        try:
            pay_entry(
                item,
                actor=request.user,
                reference=form.cleaned_data["reference"],
                paid_on=form.cleaned_data["paid_on"],
            )
        except LedgerRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Payment recorded."))
            return redirect("rewards:entry", code=item.code)
    return _render_entry(request, item, pay_form=form, status=400)


@login_required
@require_POST
def entry_cancel(request, code):
    item = _visible_entry(request, code)
    if not request.user.has_perm("rewards.cancel_entry", item):
        raise PermissionDenied
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            cancel_entry(item, actor=request.user, reason=form.cleaned_data["reason"])
        except LedgerRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Entry cancelled."))
            return redirect("rewards:entry", code=item.code)
    return _render_entry(request, item, cancel_form=form, status=400)


@login_required
@limit_exports
@require_POST
def export(request):
    """Queue the workbook of a year for the finance office; the ledger page shows it when
    ready."""
    if not request.user.has_perm("rewards.export_ledger"):
        raise PermissionDenied
    form = ExportForm(request.POST, years=ledger_years(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose a year that has ledger entries."))
        return redirect("rewards:ledger")
    year = form.cleaned_data["year"]
    request_ledger_export(actor=request.user, year=year)
    messages.success(request, _("The ledger workbook is being prepared; it appears below."))
    return redirect(f"{reverse('rewards:ledger')}?{urlencode({'year': year})}")


@login_required
@require_http_methods(["GET", "POST"])
def rates(request):
    """The reward rates that apply in the officer's region; city officers add new ones."""
    _require_ledger(request)
    can_set = request.user.has_perm("rewards.set_rate")
    if request.method == "POST" and not can_set:
        raise PermissionDenied
    form = RateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            set_rate(actor=request.user, **form.cleaned_data)
        except RateRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Rate saved."))
            return redirect("rewards:rates")
    return render(
        request,
        "rewards/city/rates.html",
        {
            "rates": list(rates_visible_to(request.user)),
            "form": form,
            "can_set": can_set,
        },
        status=400 if form.errors else 200,
    )
