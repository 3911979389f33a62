"""The city bureau's scheduling of an on-site audit (现场审核) with its team; the audit's own pages
are shared (``views/common.py``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from greenfactory.applications.domain.queries import applications_visible_to
from greenfactory.applications.domain.transitions import TransitionRefused

from ...domain.audit import schedule_site_audit
from ...forms.audit import ScheduleForm


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request, code):
    application = get_object_or_404(applications_visible_to(request.user), code=code)
    if not request.user.has_perm("reviews.schedule_site_audit", application):
        raise PermissionDenied
    form = ScheduleForm(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            audit = schedule_site_audit(
                application,
                actor=request.user,
                when=form.cleaned_data["when"],
                location=form.cleaned_data["location"],
                members=list(form.cleaned_data["members"]),
                lead=form.cleaned_data["lead"],
            )
        except TransitionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("On-site audit scheduled; the enterprise can see it."))
            return redirect("reviews:audit_detail", code=audit.code)
    return render(
        request, "reviews/audit/schedule.html", {"application": application, "form": form}
    )
