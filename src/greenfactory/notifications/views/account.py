"""Everyone's inbox, and the city bureau's outbox of e-mails."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Min
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..domain.notify import discard_group, mark_read, release_group
from ..models import Notification, OutboundEmail


@login_required
@require_GET
def inbox(request):
    notes = Notification.objects.filter(recipient=request.user)
    page = Paginator(notes, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def read_all(request):
    mark_read(request.user)
    return redirect("notifications:inbox")


@login_required
@require_GET
def open_notification(request, code):
    note = get_object_or_404(Notification, recipient=request.user, code=code)
    mark_read(request.user, code)
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts=None):
        return redirect(note.url)
    return redirect("notifications:inbox")


@login_required
@require_GET
def outbox(request):
    if not request.user.has_perm("notifications.manage_outbox"):
        raise PermissionDenied
    held = (
        OutboundEmail.objects.filter(status=OutboundEmail.Status.HELD)
        .values("group")
        .annotate(n=Count("pk"), since=Min("created_at"))
        .order_by("since")
    )
    recent = OutboundEmail.objects.exclude(status=OutboundEmail.Status.HELD)[:50]
    return render(request, "notifications/outbox.html", {"held": held, "recent": recent})


@login_required
@require_POST
def outbox_decide(request):
    if not request.user.has_perm("notifications.manage_outbox"):
        raise PermissionDenied
    group = request.POST.get("group", "")
    if request.POST.get("action") == "release":
        messages.success(request, _("%(n)s e-mail(s) released.") % {"n": release_group(group)})
    elif request.POST.get("action") == "discard":
        messages.success(request, _("%(n)s e-mail(s) discarded.") % {"n": discard_group(group)})
    return redirect("notifications:outbox")
