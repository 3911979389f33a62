"""The city bureau's pages: the outbox of e-mails held for release or discard."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..domain.notify import discard_group, release_group
from ..models import OutboundEmail


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
