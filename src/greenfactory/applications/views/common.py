"""Loading an application for a view: visibility (404) and the page's shared context. Not one
audience's: the enterprise's pages use it and officers read those pages through it."""

from django.http import Http404

from greenfactory.core.domain.workflow import can_edit

from ..domain.queries import application_visible_to
from ..models import Application


def load_application(request, code) -> Application:
    application = application_visible_to(request.user, code)
    if application is None:
        raise Http404
    return application


def section_context(request, application, section: str) -> dict:
    return {
        "application": application,
        "section": section,
        "can_edit": can_edit(request.user, application),
        "can_submit": request.user.has_perm("applications.submit_application", application),
    }
