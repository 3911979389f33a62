"""The platform's ``handler500``: a database that cannot be reached gets the 503 page even
when it failed outside a view (in a middleware, or while the session was saved)."""

import sys

from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as default_server_error

from ..middleware import database_unavailable_response, is_database_unavailable


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """Called by Django inside its exception handler, so the exception is at hand."""
    if is_database_unavailable(sys.exc_info()[1]):
        return database_unavailable_response(request)
    return default_server_error(request, template_name)
