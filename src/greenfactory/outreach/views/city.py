"""The city bureau's announcements (通知公告): the list with the form for a new one, and each
announcement's page, where its files are attached and removed before it is published."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.core.downloads import attachment
from greenfactory.programme.domain.queries import batches_visible_to

from ..domain.announcements import (
    AnnouncementRefused,
    add_announcement_attachment,
    announcements_visible_to,
    attachment_limits,
    create_announcement,
    publish_announcement,
    remove_announcement_attachment,
)
from ..forms.announcements import AnnouncementAttachmentForm, AnnouncementForm

PAGE_SIZE = 50


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
    item = _managed(request, code)
    file = get_object_or_404(item.attachments, code=file_code)
    return attachment(file.file, file.original_name, file.content_type)


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
