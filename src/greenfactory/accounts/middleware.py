"""Who the request's user is (the account read with the session, in one query), and two checks
on every request of a logged-in user: the session's absolute lifetime and a password that must
be changed first. Both read only the session and the user already loaded."""

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthentication
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from .passwords import password_change_required
from .sessions import session_account

SESSION_STARTED_KEY = "auth_started_at"
SESSION_SEEN_KEY = "seen_at"


class AuthenticationMiddleware(DjangoAuthentication):
    """Django's, with ``request.user`` taken from the account the session store read with the
    session (``accounts.sessions``) instead of a second query."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: user_of_session(request))


def user_of_session(request):
    """``django.contrib.auth.get_user`` — the backend the session names, an active account, the
    password hash — with ``AccountBackend`` given the account read with the session."""
    if not hasattr(request, "_cached_user"):
        request.session.get(SESSION_KEY)  # loads the session, and its account with it
        token = session_account.set(getattr(request.session, "account", None))
        try:
            request._cached_user = auth.get_user(request)
        finally:
            session_account.reset(token)
    return request._cached_user


def mark_session_start(request) -> None:
    """Called when a user logs in (``accounts.signals``): the absolute lifetime counts from here,
    and the idle timeout from the login's own save of the session."""
    now = int(timezone.now().timestamp())
    request.session[SESSION_STARTED_KEY] = now
    request.session[SESSION_SEEN_KEY] = now


class SessionLifetimeMiddleware:
    """End a session ``SESSION_ABSOLUTE_SECONDS`` after login, however active it is. A session
    without a start (one older than this check) starts counting now.

    The idle timeout is ``SESSION_COOKIE_AGE`` from the session's last save. Instead of saving
    the session on every request, a request saves it (and so moves its expiry) once at least
    ``SESSION_TOUCH_SECONDS`` have passed since it was last seen: a session idle for the
    timeout still ends, at most that many seconds early, and a page costs no write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(timezone.now().timestamp())
            started = request.session.get(SESSION_STARTED_KEY)
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(
                    request,
                    _("Your session has ended after %(hours)s hours. Please log in again.")
                    % {"hours": settings.SESSION_ABSOLUTE_SECONDS // 3600},
                )
                return redirect_to_login(request.get_full_path())
            if now - request.session.get(SESSION_SEEN_KEY, 0) >= settings.SESSION_TOUCH_SECONDS:
                request.session[SESSION_SEEN_KEY] = now
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """Send a user whose password was issued by an administrator, or has expired, to the
    password-change page before anything else. That page, logout, the language switch and
    static files stay reachable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and password_change_required(user):
            allowed = {
                reverse("accounts:password_change"),
                reverse("accounts:logout"),
                reverse("set_language"),
            }
            if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                if request.headers.get("HX-Request") == "true":
                    # An htmx request would swap the page into a fragment: send the browser.
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = reverse("accounts:password_change")
                    return response
                return redirect("accounts:password_change")
        return self.get_response(request)
