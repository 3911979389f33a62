"""The city's peer benchmarks page (同行对标, decisions §67): city officers only. District
officers read the comparison on each application and filing of their district, not per
industry: a district's industries rarely reach ten enterprises."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from greenfactory.accounts.enums import Role

from ..forms import PeerIndustryForm
from ..peers import industry_table, latest_system, overview_table


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
