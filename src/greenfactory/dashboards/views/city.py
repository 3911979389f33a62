"""The city officers' pages, which district officers open too for their own district: where
every application of a batch stands (the pipeline), every step of one application (the
timeline), and the programme dashboard (数据看板): titles, targets, the current batch, energy
and CO₂.

City officers see the whole city and may narrow it to one district; district officers see their
own district; nobody else may open it. Each chart's numbers are in the table beside it, and
each table can be exported to Excel in the background.

The city's peer benchmarks page (同行对标, decisions §67) is the city officers' alone. District
officers read the comparison on each application and filing of their district, not per
industry: a district's industries rarely reach ten enterprises.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from greenfactory.accounts.enums import OFFICER_ROLES, Role
from greenfactory.applications.domain.queries import applications_visible_to
from greenfactory.core.domain.audit import record_event
from greenfactory.core.domain.exports import recent_exports, request_export
from greenfactory.core.ratelimits import EXPORT_MESSAGE, export_limit_reached, rate_limited
from greenfactory.programme.domain.queries import batches_visible_to

from .. import figures, queries
from ..exports import DASHBOARD_EXPORT
from ..forms import DistrictFilterForm, PeerIndustryForm
from ..peers import industry_table, latest_system, overview_table
from ..timeline import application_timeline


def _scope(request, data):
    """The scope asked for; a district filter that is not valid is shown as an error and the
    whole city is shown."""
    user = request.user
    if not figures.may_view_figures(user):
        raise PermissionDenied
    form = None
    district = None
    if user.role == Role.CITY_OFFICER:
        form = DistrictFilterForm(
            data if data.get("district") else None, districts=figures.districts_for(user)
        )
        if form.is_bound and form.is_valid():
            district = form.cleaned_data["district"]
    return figures.scope_for(user, district), form


def _figures_url(scope) -> str:
    url = reverse("dashboards:figures")
    if scope.district is not None and scope.user.role == Role.CITY_OFFICER:
        url += "?" + urlencode({"district": scope.district.code})
    return url


@login_required
@require_GET
def figures_page(request):
    scope, form = _scope(request, request.GET)
    return render(
        request,
        "dashboards/figures.html",
        {
            "scope": scope,
            "form": form,
            "body": _figures_body(request, scope),
            "exports": recent_exports(request.user, DASHBOARD_EXPORT),
        },
    )


def _figures_body(request, scope) -> str:
    """The figures (tables, charts' numbers, when they were computed), kept
    ``DASHBOARD_CACHE_SECONDS`` per scope (``figures.scope_key``); 0 computes them on every
    request. The body carries no form token: one export form outside it serves every figure."""
    seconds = settings.DASHBOARD_CACHE_SECONDS
    key = figures.scope_key(scope, "dashboard-body")
    body = cache.get(key) if seconds > 0 else None
    if body is None:
        tables = figures.dashboard(scope)
        body = render_to_string(
            "dashboards/_figures_body.html",
            {
                "tables": tables,
                "computed_at": timezone.now(),
                "charts": {
                    "locale": "EN" if translation.get_language() == "en" else "ZH",
                    "labels": {"noData": _("No data yet")},
                    "charts": [table.chart() for table in tables],
                },
            },
            request=request,
        )
        if seconds > 0:
            cache.set(key, body, seconds)
    return body


@login_required
@require_POST
def figures_export(request):
    """Queue the Excel file of one figure's table, for the same scope as the page."""
    scope, _form = _scope(request, request.POST)
    chart = request.POST.get("chart", "")
    if chart not in figures.FIGURES:
        messages.error(request, _("Choose a figure to export."))
    elif export_limit_reached(request):
        return rate_limited(request, message=EXPORT_MESSAGE)
    else:
        params = {
            "chart": chart,
            "district": scope.district_code,
            "language": translation.get_language(),
        }
        job = request_export(DASHBOARD_EXPORT, actor=request.user, params=params)
        record_event("dashboards.export.requested", actor=request.user, obj=job, changes=params)
        messages.success(request, _("The export is being prepared; it appears below when ready."))
    return redirect(_figures_url(scope))


@login_required
@require_GET
def pipeline(request, batch_code):
    """Where every application of a batch stands, by district (officers only)."""
    if request.user.role not in OFFICER_ROLES:
        raise PermissionDenied
    batch = get_object_or_404(batches_visible_to(request.user), code=batch_code)
    states, rows, totals = queries.batch_pipeline(request.user, batch)
    return render(
        request,
        "dashboards/pipeline.html",
        {"batch": batch, "states": states, "rows": rows, "totals": totals},
    )


@login_required
@require_GET
def timeline(request, code):
    """Every step of one application (officers)."""
    if request.user.role not in OFFICER_ROLES:
        raise PermissionDenied
    application = get_object_or_404(applications_visible_to(request.user), code=code)
    return render(
        request,
        "dashboards/timeline.html",
        {"application": application, "events": application_timeline(application)},
    )


@login_required
@require_GET
def peers_page(request):
    user = request.user
    if user.role != Role.CITY_OFFICER or not user.region_id:
        raise PermissionDenied
    city = user.region
    overview, codes = overview_table(city)
    form = PeerIndustryForm(
        request.GET or None,
        industries=[(code, row[0]) for code, row in zip(codes, overview.rows, strict=True)],
    )
    tables = [overview]
    division = ""
    if form.is_bound and form.is_valid():
        division = form.cleaned_data["industry"]
    if division:
        tables.append(industry_table(city, division, latest_system(user)))
    return render(
        request,
        "dashboards/peers.html",
        {
            "form": form,
            "city": city,
            "tables": tables,
            "division": division,
            "charts": {
                "locale": "EN" if translation.get_language() == "en" else "ZH",
                "labels": {"noData": _("No data yet")},
                "charts": [table.chart() for table in tables],
            },
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
