"""Where a yearly filing's key figures stand among its industry's (同行对标, decisions §67): the
enterprise's own filing, and the district's and city's officers reading it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from ..domain.peers import compare_filing
from ..domain.queries import filings_visible_to


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
