"""A database that cannot be reached gives a clear 503 page in the user's language, never a
stack trace, and drawing that page touches no database."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path

from greenfactory.accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def database_gone(request):
    raise OperationalError('connection to server at "10.0.0.5", port 5432 failed: refused')


def connection_dropped(request):
    raise InterfaceError("connection already closed")


def something_else(request):
    raise ValueError("not a database problem")


def quiet(request):
    return HttpResponse("a page that reads nothing")


urlpatterns = [
    path("gone/", database_gone),
    path("dropped/", connection_dropped),
    path("other/", something_else),
    path("quiet/", quiet),
]
handler500 = "greenfactory.core.views.errors.server_error"


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("debug", [False, True], ids=["debug-off", "debug-on"])
@pytest.mark.parametrize("where", ["/gone/", "/dropped/"])
def test_a_database_error_gives_the_503_page(client, settings, caplog, debug, where):
    settings.DEBUG = debug
    response = client.get(where)
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "<h1>服务暂时不可用</h1>" in html
    assert "请几分钟后再试。" in html
    assert "Traceback" not in html and "10.0.0.5" not in html and "Error" not in html
    assert "Database unavailable while serving GET " + where in caplog.text


@pytest.mark.urls(__name__)
def test_the_page_says_what_was_sent_was_not_saved_in_the_users_language(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post("/gone/", {"remarks": "typed text"})
    html = response.content.decode()
    assert response.status_code == 503
    assert '<html lang="en">' in html
    assert "<h1>Service temporarily unavailable</h1>" in html
    assert "What you just sent was not saved." in html


@pytest.mark.urls(__name__)
def test_drawing_the_page_touches_no_database(client, enterprise_user):
    """Before the view, the session and its user are read in one query (the session-lifetime
    and password-change middlewares need them); drawing the 503 page adds no query."""
    client.force_login(enterprise_user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/gone/")
    assert response.status_code == 503
    tables = [q["sql"].split(" FROM ")[1].split()[0] for q in queries.captured_queries]
    assert tables == ['"accounts_accountsession"']


@pytest.mark.urls(__name__)
def test_the_session_failing_outside_the_view_gets_the_503_page_too(enterprise_user, monkeypatch):
    """The view reads nothing, but the session middleware loads the session to save it."""
    client = Client(raise_request_exception=False)
    client.force_login(enterprise_user)

    def database_gone(self):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(SessionStore, "load", database_gone)
    response = client.get("/quiet/")
    assert response.status_code == 503
    assert "服务暂时不可用" in response.content.decode()


@pytest.mark.urls(__name__)
def test_other_errors_are_not_disguised(client):
    with pytest.raises(ValueError, match="not a database problem"):
        client.get("/other/")


PROBE = """
import json
import django
django.setup()
from django.test import Client

answers = {}
anonymous = Client(raise_request_exception=False)
answers["home"] = anonymous.get("/")
answers["factories"] = anonymous.get("/factories/")
answers["login"] = anonymous.post("/accounts/login/", {"username": "ent", "password": "x"})
returning = Client(raise_request_exception=False)
returning.cookies["sessionid"] = "a" * 32
answers["session"] = returning.get("/enterprise/profile/")
print(json.dumps({
    name: [response.status_code, response.content.decode()] for name, response in answers.items()
}))
"""


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_postgresql_gives_the_503_page_on_every_kind_of_page(tmp_path):
    """A real server process whose PostgreSQL is not there: no page, public, login or
    logged-in, shows a stack trace (DEBUG off, as in production)."""
    port = unused_port()
    env = {
        **os.environ,
        "DJANGO_ENV": "test",
        "DJANGO_SETTINGS_MODULE": "greenfactory.settings",
        "DATABASE_URL": f"postgres://greenfactory:wrong@127.0.0.1:{port}/greenfactory",
        "DEBUG": "0",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    finished = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr.decode()[-3000:]
    answers = json.loads(finished.stdout.decode().strip().splitlines()[-1])
    assert set(answers) == {"home", "factories", "login", "session"}
    for name, (status, html) in answers.items():
        assert status == 503, name
        assert "服务暂时不可用" in html, name
        assert "Traceback" not in html and str(port) not in html, name
    assert "您刚才提交的内容未能保存" in answers["login"][1]
    assert "Database unavailable while serving" in finished.stderr.decode()
