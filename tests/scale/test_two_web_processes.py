"""Two gunicorn instances of the platform behind one port (a round-robin proxy without sticky
sessions) on one database: the web processes keep nothing of their own.

Each request goes over a new connection, so consecutive requests alternate between the
instances. A login on one is a login on the other (sessions in the database; one SECRET_KEY), a
form saved through one is read through the other, and the rate-limit counters (the database
cache) are shared: with a limit of 3 login attempts a minute per name, the fourth attempt is
refused although each instance has seen only two.
"""

import http.client
import re
import uuid
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from django.conf import settings

from greenfactory.accounts.forms import EnterpriseProfileForm

from .processes import start_gunicorn, stop
from .proxy import RoundRobinProxy

pytestmark = [pytest.mark.scale, pytest.mark.django_db(transaction=True)]

PASSWORD = "Correct-Horse-9"  # tests/factories: every user's password


class Browser:
    """One browser: a cookie jar, one connection per request, no redirects followed."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Connection": "close", "Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode({"csrfmiddlewaretoken": self.csrf_token, **fields})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if match := re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text):
            self.csrf_token = match.group(1)
        return response.status, response.headers, text


@pytest.fixture(scope="module")
def instances(django_db_setup, tmp_path_factory):
    """Two gunicorn instances (ports) with a login limit of 3 a minute per name. They outlive
    each test's database flush: they keep nothing between requests."""
    started = start_gunicorn(
        tmp_path_factory.mktemp("web"), ["web-a", "web-b"], RATELIMIT_LOGIN_PER_NAME="3/m"
    )
    yield [port for _process, port in started]
    for process, _port in started:
        stop(process)


@pytest.fixture
def proxy(instances):
    running = RoundRobinProxy(instances)
    yield running
    running.close()


def test_a_session_and_a_form_cross_instances(proxy, instances, enterprise_user):
    a, b = instances
    browser = Browser(proxy.port)
    status, _headers, page = browser.request("GET", "/accounts/login/")
    assert status == 200
    status, headers, _page = browser.request(
        "POST", "/accounts/login/", {"username": enterprise_user.username, "password": PASSWORD}
    )
    assert status == 302, _page
    assert settings.SESSION_COOKIE_NAME in browser.cookies
    assert proxy.served == [a, b]  # the login page from A, the login itself on B

    status, _headers, page = browser.request("GET", "/enterprise/profile/")
    assert status == 200  # on A, with the session B created
    assert enterprise_user.enterprise.name in page

    enterprise = enterprise_user.enterprise
    form = EnterpriseProfileForm(instance=enterprise)
    fields = {name: form[name].value() or "" for name in form.fields}
    fields["address"] = "常州市武进区横山桥镇 二号厂房"
    status, headers, _page = browser.request("POST", "/enterprise/profile/", fields)
    assert status == 302, _page  # saved on B
    assert headers["Location"] == "/enterprise/profile/"

    status, _headers, page = browser.request("GET", "/enterprise/profile/")
    assert status == 200
    assert "常州市武进区横山桥镇 二号厂房" in page  # read on A
    assert proxy.served == [a, b, a, b, a]
    enterprise.refresh_from_db()
    assert enterprise.address == "常州市武进区横山桥镇 二号厂房"


def test_the_login_limit_counts_across_instances(proxy, instances):
    a, b = instances
    browser = Browser(proxy.port)
    browser.request("GET", "/accounts/login/")
    name = f"nobody-{uuid.uuid4().hex[:8]}"
    statuses = [
        browser.request("POST", "/accounts/login/", {"username": name, "password": "wrong"})[0]
        for _attempt in range(4)
    ]
    # A, B, A each answer the form again; B refuses the fourth: it counted A's attempts too.
    assert statuses == [200, 200, 200, 429]
    assert proxy.served == [a, b, a, b, a]


def test_a_logout_on_one_instance_ends_the_session_on_the_other(instances, enterprise_user):
    """Neither process keeps a session between requests: after a logout through A, the same
    cookie on B finds no session at its next request."""
    a, b = instances
    on_a = Browser(a)
    on_a.request("GET", "/accounts/login/")
    status, _headers, page = on_a.request(
        "POST", "/accounts/login/", {"username": enterprise_user.username, "password": PASSWORD}
    )
    assert status == 302, page
    on_b = Browser(b)
    on_b.cookies = dict(on_a.cookies)
    assert on_b.request("GET", "/enterprise/profile/")[0] == 200
    assert on_a.request("GET", "/enterprise/profile/")[0] == 200  # its logout form's token
    assert on_a.request("POST", "/accounts/logout/", {})[0] == 302
    status, headers, _page = on_b.request("GET", "/enterprise/profile/")
    assert status == 302
    assert headers["Location"].startswith("/accounts/login/")
