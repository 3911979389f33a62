"""The public pages of outreach: the directory of the third-party evaluation agencies working in
the city, and the bureau's published announcements with their files."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from greenfactory.core.downloads import attachment

from ..domain.agency_directory import agency_directory
from ..domain.announcements import published_announcements

PAGE_SIZE = 50


@require_GET
def agencies(request):
    page = Paginator(agency_directory(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "outreach/public/agencies.html", {"page": page})


@require_GET
def announcement(request, code):
    item = get_object_or_404(published_announcements(), code=code)
    return render(
        request,
        "outreach/public/announcement.html",
        {"announcement": item, "files": list(item.attachments.all())},
    )


@require_GET
def announcement_file(request, code, file_code):
    """A file of a published announcement, for anyone; a draft's files are not there (404)."""
    item = get_object_or_404(published_announcements(), code=code)
    file = get_object_or_404(item.attachments, code=file_code)
    return attachment(file.file, file.original_name, file.content_type)
