"""The public's carbon disclosures (decisions §73): published ones only, read by anyone."""

import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from ..models import CarbonDisclosure

FIELDS = (
    "scope1_t",
    "scope2_location_t",
    "scope2_market_t",
    "scope3_t",
    "offsets_t",
    "net_t",
    "renewable_share_pct",
    "expected_reduction_t",
    "achieved_reduction_t",
    "baseline_year",
    "reduction_pct",
    "change_t",
    "change_pct",
    "offset_share_pct",
    "standard",
    "verifier",
    "verified_on",
    "status",
)


def _published():
    return CarbonDisclosure.objects.select_related("enterprise")


@require_GET
def disclosure_list(request):
    return render(
        request,
        "filings/public/carbon_disclosures.html",
        {"disclosures": _published().order_by("-year", "enterprise__name")},
    )


@require_GET
def disclosure_detail(request, code):
    disclosure = get_object_or_404(_published(), code=code)
    return render(request, "filings/public/carbon_disclosure.html", {"disclosure": disclosure})


@require_GET
def disclosure_open_data(request):
    rows = [
        {
            "enterprise": d.enterprise.name,
            "uscc": d.enterprise.uscc,
            "year": d.year,
            **{name: d.figures.get(name) for name in FIELDS},
            "published_at": d.published_at.isoformat(),
        }
        for d in _published().order_by("-year", "enterprise__name")
    ]
    response = HttpResponse(
        json.dumps(rows, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
