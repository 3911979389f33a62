"""The request context every audit entry reads, the messages' storage made when it is used, and
the 503 page when the database is away.

``RequestContextMiddleware`` puts the client address (``core.context.client_ip``:
``REMOTE_ADDR``, or, when that is one of ``TRUSTED_PROXIES``, the nearest ``X-Forwarded-For``
address that is not itself a trusted proxy, so a client cannot choose its own address) and the
request's user in context variables.

``MessageMiddleware`` is Django's, with the storage (``MESSAGE_STORAGE``: the cookie and the
session) made at its first use instead of on every request, and nothing to store afterwards
when no code and no template touched it (an htmx fragment, a download, a redirect).

``DatabaseUnavailableMiddleware``, last in ``MIDDLEWARE``, turns an ``OperationalError`` or
``InterfaceError`` from a view, or from a template response while it renders, into ``503.html``
with ``Retry-After: 60`` and ``Cache-Control: no-store``, whatever ``DEBUG`` says, and logs it.
The page is rendered without the request (no context processor touches the database) in the
user's language, and says after a POST that nothing was saved. The session is emptied in memory
first, so the stored session, and the login, stay as they were. ``handler500``
(``core.views.errors.server_error``) gives the same page for a database error outside a view.
"""

import logging
from contextvars import ContextVar

from django.contrib.messages.middleware import MessageMiddleware as DjangoMessageMiddleware
from django.contrib.messages.storage import default_storage
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject, empty

from .context import client_ip, request_channel, request_ip

log = logging.getLogger(__name__)

# The user of the current request, for audit entries written deep inside a check (an infected
# upload) that is not handed the actor.
request_user: ContextVar = ContextVar("request_user", default=None)


class RequestContextMiddleware:
    """Make the client address and the user available to audit entries written during the
    request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ip_token = request_ip.set(client_ip(request))
        user_token = request_user.set(getattr(request, "user", None))
        channel_token = request_channel.set(None)
        try:
            return self.get_response(request)
        finally:
            request_channel.reset(channel_token)
            request_user.reset(user_token)
            request_ip.reset(ip_token)


class MessageMiddleware(DjangoMessageMiddleware):
    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        kept = getattr(request, "_messages", None)
        if isinstance(kept, SimpleLazyObject) and kept._wrapped is empty:
            return response
        return super().process_response(request, response)


class DatabaseUnavailableMiddleware:
    """A database that cannot be reached gives a 503 page in the user's language, not a stack
    trace, whatever DEBUG says.

    The page is rendered without the request, so no context processor runs and nothing touches
    the database while it is drawn (the header's user and message count would). The error and
    its traceback go to the log. It catches what a view raises and what a template response
    raises while rendering; a failure in a middleware outside the view reaches ``handler500``,
    ``core.views.errors.server_error``, which answers the same.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_unavailable(exception):
            return None
        log.error(
            "Database unavailable while serving %s %s",
            request.method,
            request.path,
            exc_info=exception,
        )
        return database_unavailable_response(request)


def is_database_unavailable(exception) -> bool:
    return isinstance(exception, OperationalError | InterfaceError)


def database_unavailable_response(request) -> HttpResponse:
    """The 503 page. The session is emptied in memory first, so the session middleware does
    not try to load it (a touched session reads its expiry) and, the answer being a
    5xx, saves nothing: the stored session is untouched and the user stays logged in."""
    session = getattr(request, "session", None)
    if session is not None:
        session.clear()
    unsaved = request.method not in ("GET", "HEAD", "OPTIONS")
    body = render_to_string("503.html", {"path": request.get_full_path(), "unsaved": unsaved})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response
