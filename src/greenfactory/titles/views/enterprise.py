"""A title's certificate, for its enterprise (and the city officers of the region)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from greenfactory.core.downloads import attachment
from greenfactory.programme.programmes import terms

from ..domain.titles import certificate_visible_to


@login_required
@require_GET
def certificate(request, code):
    """The certificate PDF: the city officers of the region and the title's own enterprise."""
    title = get_object_or_404(certificate_visible_to(request.user), code=code)
    if not title.certificate:
        raise Http404(_("The certificate has not been generated yet."))
    return attachment(
        title.certificate,
        f"{terms(title.programme).name_of(title.grade)}证书-{title.certificate_number}.pdf",
        "application/pdf",
        action="titles.certificate.downloaded",
        actor=request.user,
        obj=title,
    )
