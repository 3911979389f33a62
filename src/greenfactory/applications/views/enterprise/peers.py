"""For the enterprise, where its application's key figures stand among its industry's (同行对标,
decisions §67); district and city officers read the same page.

The comparison comes from the apps above through ``hooks.peer_comparison`` (``filings`` reads
the yearly filings too); this page only shows it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ...hooks import peer_comparison
from ..common import load_application, section_context


@login_required
@require_GET
def peers(request, code):
    application = load_application(request, code)
    if not request.user.has_perm("applications.view_peers", application):
        raise PermissionDenied
    context = section_context(request, application, "peers")
    context["comparison"] = peer_comparison(application)
    return render(request, "applications/section_peers.html", context)
