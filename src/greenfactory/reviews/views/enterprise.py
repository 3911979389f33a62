"""The enterprise's page in the reviews: its acknowledgement of the on-site audit's record (the
audit's own page is shared, ``views/common.py``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from greenfactory.applications.domain.transitions import TransitionRefused

from ..domain.audit import acknowledge_site_audit
from ..domain.queries import audits_visible_to


@login_required
@require_POST
def audit_acknowledge(request, code):
    audit = get_object_or_404(audits_visible_to(request.user), code=code)
    if not request.user.has_perm("reviews.acknowledge_site_audit", audit):
        raise PermissionDenied
    try:
        acknowledge_site_audit(audit, actor=request.user)
    except TransitionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Thank you: the audit record is acknowledged."))
    return redirect("reviews:audit_detail", code=code)
