"""The public pages of outreach: the directory of the consulting agencies working in
the city, the bureau's published announcements with their files, and the training events (whose
page also carries the enterprise user's registration)."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from greenfactory.core.downloads import stored_attachment

from ..domain.agency_directory import agency_directory
from ..domain.announcements import published_announcements
from ..domain.training import active_registration, can_register, published_events, seats_left
from ..forms.training import RegistrationForm

PAGE_SIZE = 50
TRAINING_PAGE_SIZE = 30


@require_GET
def agencies(request):
    page = Paginator(agency_directory(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "outreach/public/agencies.html", {"page": page})


@require_GET
def announcement_list(request):
    """通知公告: the bureau's published announcements, newest first."""
    page = Paginator(published_announcements(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "outreach/public/announcement_list.html", {"page": page})


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
    return stored_attachment(item.attachments, code=file_code)


@require_GET
def training_list(request):
    """Published training events, the latest first, with the seats left."""
    page = Paginator(published_events(), TRAINING_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "outreach/public/training_list.html", {"page": page})


def event_page(request, event, form=None, status=200):
    mine = active_registration(event, request.user)
    is_open = event.registration_closes_at > timezone.now()
    enterprise = request.user.enterprise if can_register(request.user) else None
    return render(
        request,
        "outreach/public/training_detail.html",
        {
            "event": event,
            "seats_left": seats_left(event),
            "mine": mine,
            "is_open": is_open,
            "can_register": can_register(request.user),
            "enterprise_confirmed": bool(enterprise and enterprise.is_confirmed),
            "form": form or RegistrationForm(),
        },
        status=status,
    )


@require_GET
def training_detail(request, code):
    event = get_object_or_404(published_events(), code=code)
    return event_page(request, event)
