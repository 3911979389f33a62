"""The city's pages: every district's filings of a year with the flags, the workbook export,
the deadline and tolerance settings, and the city's review of a provincial or national title's
filing (its 动态调整意见) or its return; the filing's page itself is shared (``common``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.accounts.domain.queries import districts_for_platform
from greenfactory.accounts.scope import inside
from greenfactory.core.models import ExportJob
from greenfactory.core.ratelimits import EXPORT_MESSAGE, export_limit_reached, rate_limited

from ..domain.export import FILINGS_EXPORT, request_filings_export
from ..domain.filings import city_return_filing, city_review_filing, set_filing_settings
from ..domain.policies import FilingPolicyRefused, level_policies, set_level_filing_policy
from ..domain.queries import filing_years, rules_for
from ..domain.summary import SUMMARY_EXPORT, request_summary_export
from ..forms import CityReviewForm, ExportForm, FilingSettingsForm, LevelPolicyForm, ReturnForm
from .common import officer_list, step_on_filing


def _require_city(request, permission="filings.view_city_filings") -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _districts(user):
    return districts_for_platform().filter(inside(user.region))


@login_required
@require_GET
def filing_list(request):
    _require_city(request)
    user = request.user
    years = filing_years(user)
    return officer_list(
        request,
        "filings/city/list.html",
        districts=_districts(user),
        extra={
            "export_form": ExportForm(initial={"year": request.GET.get("year")}, years=years),
            "exports": list(
                ExportJob.objects.filter(
                    requested_by=user, kind__in=(FILINGS_EXPORT, SUMMARY_EXPORT)
                )[:5]
            ),
        },
    )


def _queue_year_export(request, request_step):
    """The export form of the city's list: queue the workbook of the chosen year through the
    domain step ``request_step``, within the export rate limit."""
    _require_city(request, "filings.export_filings")
    form = ExportForm(request.POST, years=filing_years(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose a year to export."))
    elif export_limit_reached(request):
        return rate_limited(request, message=EXPORT_MESSAGE)
    else:
        request_step(form.cleaned_data["year"], actor=request.user)
        messages.success(request, _("The export is being prepared; it appears below when ready."))
    return redirect("filings:city_list")


@login_required
@require_POST
def export(request):
    """The workbook of the year's filings."""
    return _queue_year_export(request, request_filings_export)


@login_required
@require_POST
def summary_export(request):
    """The yearly summary to the province (年度总结及下年度计划汇总表)."""
    return _queue_year_export(request, request_summary_export)


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request):
    """The deadline (month and day of the year after the data) and the tolerance."""
    _require_city(request, "filings.set_deadline")
    region = request.user.region
    rules = rules_for(region)
    instance = rules.settings if rules.settings and rules.settings.region_id == region.pk else None
    initial = {
        "deadline_month": rules.month,
        "deadline_day": rules.day,
        "tolerance_percent": rules.tolerance,
    }
    form = FilingSettingsForm(
        request.POST if request.method == "POST" else None, instance=instance, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        set_filing_settings(actor=request.user, data=form.cleaned_data)
        messages.success(request, _("Settings saved."))
        return redirect("filings:settings")
    return render(
        request,
        "filings/city/settings.html",
        {"form": form, "region": region, "policies": list(level_policies().values())},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def level_policy(request, level):
    """What one level's filing asks and by when (decisions §65)."""
    _require_city(request, "filings.set_deadline")
    policies = level_policies()
    if level not in policies:
        raise Http404
    policy = policies[level]
    form = LevelPolicyForm(request.POST if request.method == "POST" else None, instance=policy)
    if request.method == "POST" and form.is_valid():
        try:
            set_level_filing_policy(level, actor=request.user, data=form.cleaned_data)
        except FilingPolicyRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Settings saved."))
            return redirect("filings:settings")
    return render(
        request,
        "filings/city/level_policy.html",
        {"form": form, "policy": policy},
        status=400 if form.errors else 200,
    )


def _require_city_reviewer(request, filing) -> None:
    if not request.user.has_perm("filings.city_review_filing", filing):
        raise PermissionDenied


@login_required
@require_POST
def city_review(request, code):
    """The city's review of a provincial or national title's filing: its 动态调整意见."""
    return step_on_filing(
        request,
        code,
        may=_require_city_reviewer,
        form_class=CityReviewForm,
        slot="city_form",
        step=lambda filing, data: city_review_filing(
            filing, actor=request.user, adjustment=data["adjustment"], reason=data["reason"]
        ),
        field=None,
        done=_("The city's review is recorded."),
    )


@login_required
@require_POST
def city_return(request, code):
    return step_on_filing(
        request,
        code,
        may=_require_city_reviewer,
        form_class=ReturnForm,
        slot="city_return_form",
        step=lambda filing, data: city_return_filing(
            filing, actor=request.user, reason=data["reason"]
        ),
        field="reason",
        done=_("Filing returned to the enterprise."),
    )
