"""The public directory of the third-party evaluation agencies working in the city."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..domain.agency_directory import agency_directory

PAGE_SIZE = 50


@require_GET
def agencies(request):
    page = Paginator(agency_directory(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "outreach/public/agencies.html", {"page": page})
