"""The tests' client: Django's, without the empty session its login writes and deletes, and able
to hand a test a persona's session made once for its module (decisions §114)."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, login
from django.http import HttpRequest
from django.test import Client as DjangoClient


class Client(DjangoClient):
    """``django.test.Client`` with two differences in ``force_login``, neither seen by a request:

    - A client without a session cookie logs in on a new session. Django's reads
      ``self.session`` first, which saves an empty session and sets its cookie, and the login
      then moves the data to a new key and deletes that row: an insert and a delete per login
      (about 2.5 ms of CPU) for a row nobody reads. The session that comes out is the same.
    - ``kept``: sessions made once for a module (``module_sessions``), by account and backend,
      with the password hash they were made for. A persona's login in a module that shares its
      rows then only sets the cookie; an account whose password has changed since, or that has
      no kept session, logs in as usual."""

    def __init__(self, *args, kept=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept = kept if kept is not None else {}

    def force_login(self, user, backend=None):
        if backend is None:
            backend = self._get_backend()
        kept = self.kept.get((user.pk, backend))
        if kept is not None and kept[1] == user.get_session_auth_hash():
            user.backend = backend
            request = HttpRequest()
            request.session = _engine().SessionStore(kept[0])
            self._set_login_cookies(request)
            return
        super().force_login(user, backend)

    def _login(self, user, backend=None):
        request = HttpRequest()
        cookie = self.cookies.get(settings.SESSION_COOKIE_NAME)
        request.session = _engine().SessionStore(cookie.value if cookie else None)
        login(request, user, backend)
        request.session.save()
        self._set_login_cookies(request)


def _engine():
    return import_module(settings.SESSION_ENGINE)


def log_in_once(users) -> dict:
    """Log each account in once and keep its session (key and password hash) for
    ``Client(kept=…)``: called inside ``module_rows``'s transaction, the rows live as long as
    the module's."""
    kept = {}
    for user in users:
        client = Client()
        client.force_login(user)
        session = client.session
        assert session[SESSION_KEY] == str(user.pk)
        kept[(user.pk, user.backend)] = (session.session_key, session[HASH_SESSION_KEY])
    return kept
