"""The city bureau's outreach pages: announcements (通知公告) — the list with the form for a new
one, and each announcement's page, where its files are attached and removed before it is
published — and training events, created, published, with attendance taken and the sheet
exported."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.core.downloads import stored_attachment
from greenfactory.core.models import ExportJob
from greenfactory.core.ratelimits import limit_exports
from greenfactory.programme.domain.queries import batches_visible_to

from ..domain import training_export  # noqa: F401  (registers the exporter in the web process)
from ..domain.announcements import (
    AnnouncementRefused,
    add_announcement_attachment,
    announcements_visible_to,
    attachment_limits,
    create_announcement,
    publish_announcement,
    remove_announcement_attachment,
)
from ..domain.training import (
    TrainingRefused,
    can_manage_training,
    create_event,
    events_visible_to,
    publish_event,
    record_attendance,
    registrations_for,
    seats_left,
)
from ..domain.training_export import ATTENDANCE_EXPORT, request_attendance_export
from ..forms.announcements import AnnouncementAttachmentForm, AnnouncementForm
from ..forms.training import AttendanceForm, EventForm

PAGE_SIZE = 50
TRAINING_PAGE_SIZE = 30


def _managed(request, code):
    """The announcement: 403 for who may not manage announcements, 404 outside their region."""
    if not request.user.has_perm("outreach.manage_announcements"):
        raise PermissionDenied
    return get_object_or_404(announcements_visible_to(request.user), code=code)


@login_required
@require_http_methods(["GET", "POST"])
def announcements(request):
    if not request.user.has_perm("outreach.manage_announcements"):
        raise PermissionDenied
    batches = batches_visible_to(request.user).exclude(state="draft")
    form = AnnouncementForm(request.POST or None, batches=batches)
    if request.method == "POST" and form.is_valid():
        try:
            item = create_announcement(
                actor=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                batch=form.cleaned_data["batch"],
            )
        except AnnouncementRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Announcement saved as a draft; publish it when ready."))
            return redirect("outreach:announcement_manage", code=item.code)
    page = Paginator(
        announcements_visible_to(request.user)
        .annotate(attachment_count=Count("attachments"))
        .order_by(F("published_at").desc(nulls_first=True), "-pk"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/city/announcements.html",
        {"form": form, "page": page},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def announcement_manage(request, code):
    """One announcement: its text, its files (a draft's can be added and removed), publishing."""
    item = _managed(request, code)
    form = AnnouncementAttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = add_announcement_attachment(
                item, actor=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", error)
        except AnnouncementRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request, _("File “%(name)s” attached.") % {"name": added.original_name}
            )
            return redirect("outreach:announcement_manage", code=item.code)
    return render(
        request,
        "outreach/city/announcement.html",
        {
            "announcement": item,
            "files": list(item.attachments.all()),
            "form": form,
            "limits": attachment_limits(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def announcement_file_remove(request, code, file_code):
    item = _managed(request, code)
    file = get_object_or_404(item.attachments, code=file_code)
    try:
        remove_announcement_attachment(file, actor=request.user)
    except AnnouncementRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("File “%(name)s” removed.") % {"name": file.original_name})
    return redirect("outreach:announcement_manage", code=item.code)


@login_required
@require_GET
def announcement_file_check(request, code, file_code):
    """The officer's own download, drafts included, to check a file before publishing."""
    return stored_attachment(_managed(request, code).attachments, code=file_code)


@login_required
@require_POST
def announcement_publish(request, code):
    item = _managed(request, code)
    try:
        publish_announcement(item, actor=request.user)
    except AnnouncementRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Announcement published."))
    return redirect("outreach:announcements")


def _require_manager(request):
    if not can_manage_training(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def city_training(request):
    _require_manager(request)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = create_event(actor=request.user, draft=form.draft())
        except TrainingRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Training event saved as a draft; publish it when ready."))
            return redirect("outreach:city_training_event", code=event.code)
    page = Paginator(events_visible_to(request.user), TRAINING_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "outreach/city/training_list.html",
        {"form": form, "page": page},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def city_training_event(request, code):
    """One event with its registrations; the POST records the attendance."""
    _require_manager(request)
    event = get_object_or_404(events_visible_to(request.user), code=code)
    registrations = list(registrations_for(event))
    active = [r for r in registrations if r.cancelled_at is None]
    form = AttendanceForm(request.POST or None, registrations=active)
    if request.method == "POST" and form.is_valid():
        try:
            record_attendance(event, actor=request.user, present=set(form.cleaned_data["present"]))
        except TrainingRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Attendance recorded."))
            return redirect("outreach:city_training_event", code=event.code)
    return render(
        request,
        "outreach/city/training_event.html",
        {
            "event": event,
            "registrations": registrations,
            "seats_left": seats_left(event),
            "form": form,
            "started": event.starts_at <= timezone.now(),
            "exports": ExportJob.objects.filter(
                requested_by=request.user, kind=ATTENDANCE_EXPORT, params__event=event.code
            )[:5],
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def city_training_publish(request, code):
    _require_manager(request)
    event = get_object_or_404(events_visible_to(request.user), code=code)
    try:
        publish_event(event, actor=request.user)
    except TrainingRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Training event published; enterprises can register now."))
    return redirect("outreach:city_training_event", code=event.code)


@login_required
@limit_exports
@require_POST
def city_training_export(request, code):
    _require_manager(request)
    event = get_object_or_404(events_visible_to(request.user), code=code)
    request_attendance_export(event, actor=request.user)
    messages.success(request, _("The attendance sheet is being prepared; it appears below."))
    return redirect("outreach:city_training_event", code=event.code)
