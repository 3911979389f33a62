"""Rate limits on logins and exports, and the page a limited request gets.

The counters live in the ``ratelimit`` cache, a database table shared by every server process
(django-ratelimit, ``RATELIMIT_USE_CACHE``). Addresses are the client's as the audit trail sees
them (``core.context.client_ip``: behind a trusted proxy, the forwarded address), so one proxy
does not put every user in the same bucket.
"""

from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

from .context import client_ip

GENERIC_MESSAGE = _("Too many requests in a short time. Please wait a moment and try again.")
LOGIN_MESSAGE = _(
    "Too many login attempts from your address or for this login name in a short time. "
    "Please wait a minute and try again."
)
REGISTRATION_MESSAGE = _(
    "Too many registrations from this address in the last hour. Please try again later; what "
    "you typed is kept below (the password excepted)."
)
EXPORT_MESSAGE = _(
    "You have requested many exports in the last hour. Please wait a while before asking for "
    "another; the exports already requested are still being prepared."
)


def client_address(request) -> str:
    """The client address for rate limits (``RATELIMIT_IP_META_KEY``)."""
    return client_ip(request) or "0.0.0.0"  # noqa: S104 - a bucket for requests without one


def _login_name(group, request) -> str:
    return request.POST.get("username", "").strip().casefold()


def login_limit_reached(request) -> bool:
    """Count a login attempt against its address and its login name; True when either is over
    its rate. Both are generous: django-axes locks a login name after five failures, this only
    stops floods (many names from one address, or one name from many addresses)."""
    by_address = is_ratelimited(
        request,
        group="login-address",
        key="ip",
        rate=settings.RATELIMIT_LOGIN_PER_ADDRESS,
        method="POST",
        increment=True,
    )
    by_name = request.POST.get("username", "").strip() != "" and is_ratelimited(
        request,
        group="login-name",
        key=_login_name,
        rate=settings.RATELIMIT_LOGIN_PER_NAME,
        method="POST",
        increment=True,
    )
    return by_address or by_name


def registration_limit_reached(request) -> bool:
    """Count a registration attempt of the client address; True when over its rate, so that
    nobody can try login names and credit codes in bulk."""
    return is_ratelimited(
        request,
        group="registration",
        key="ip",
        rate=settings.RATELIMIT_REGISTRATION,
        method="POST",
        increment=True,
    )


def export_limit_reached(request) -> bool:
    """Count an export request of the logged-in user; all kinds of export share one budget."""
    return is_ratelimited(
        request,
        group="exports",
        key="user",
        rate=settings.RATELIMIT_EXPORTS,
        method="POST",
        increment=True,
    )


def rate_limited(request, exception=None, *, message=GENERIC_MESSAGE):
    """The 429 page; also django-ratelimit's ``RATELIMIT_VIEW`` for ``@ratelimit(block=True)``."""
    return render(request, "429.html", {"message": message}, status=429)


def limit_exports(view):
    """Refuse an export request over the user's budget with the 429 page. Put it under
    ``login_required``."""

    @wraps(view)
    def limited(request, *args, **kwargs):
        if export_limit_reached(request):
            return rate_limited(request, message=EXPORT_MESSAGE)
        return view(request, *args, **kwargs)

    return limited
