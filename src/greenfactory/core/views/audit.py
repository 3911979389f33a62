"""The audit administrator's pages: search the trail, export it, download exports."""

from operator import attrgetter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..domain.audit import record_event
from ..domain.audit_export import filter_events
from ..domain.exports import may_download, request_export
from ..downloads import stored_attachment
from ..forms import AuditFilterForm
from ..models import ExportJob
from ..ratelimits import EXPORT_MESSAGE, export_limit_reached


def _require_auditor(user):
    if not user.has_perm("core.view_auditevent"):
        raise PermissionDenied


def _audit_page(request, form, status=200):
    params = form.params()
    page = Paginator(filter_events(params), 50).get_page(request.GET.get("page"))
    exports = ExportJob.objects.filter(requested_by=request.user, kind="audit_log")[:5]
    return render(
        request,
        "core/audit_list.html",
        {"form": form, "page": page, "exports": exports},
        status=status,
    )


@login_required
@require_GET
def audit_list(request):
    _require_auditor(request.user)
    return _audit_page(request, AuditFilterForm(request.GET or None))


@login_required
@require_POST
def audit_export(request):
    _require_auditor(request.user)
    form = AuditFilterForm(request.POST)
    if export_limit_reached(request):
        # The list comes back with the filter as typed, and the reason.
        messages.error(request, EXPORT_MESSAGE)
        return _audit_page(request, form, status=429)
    job = request_export("audit_log", actor=request.user, params=form.params())
    record_event(
        "core.audit_log.export_requested", actor=request.user, obj=job, changes=form.params()
    )
    messages.success(request, _("The export is being prepared; it appears below when ready."))
    return redirect("core:audit_list")


@login_required
@require_GET
def export_download(request, code):
    """A finished export of the user's own, while the user may still read what it holds
    (``core.domain.exports.may_download``: today's permission, not the one it was built under)."""
    return stored_attachment(
        ExportJob.objects.filter(requested_by=request.user, status=ExportJob.Status.DONE),
        code=code,
        filename=attrgetter("filename"),
        readable=lambda job: may_download(job, request.user),
        action="core.export.downloaded",
        actor=request.user,
    )


@login_required
@require_GET
def export_status(request, code):
    """A small fragment an htmx page polls until the file is ready."""
    job = get_object_or_404(ExportJob, code=code, requested_by=request.user)
    return render(request, "core/_export_status.html", {"job": job})
