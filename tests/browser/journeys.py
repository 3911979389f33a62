"""Steps shared by the browser journeys."""

import time

from django.conf import settings
from django.test import Client, override_settings

from greenfactory.accounts.models import User

# The demo's own settings: tasks go to the database queue, for a worker that never runs here.
QUEUED_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ACCOUNT_BACKEND = "greenfactory.accounts.backends.AccountBackend"


def load_queued(**options):
    """Load the demo as ``manage.py load_demo`` does, its background work (the site audits'
    record PDFs, the certificates, the integrity signals, the e-mails) queued for the worker.
    In a transactional test the test settings' immediate backend would run each task inline at
    its commit: half the loader's time with the whole history (decisions §98). Returns what
    ``load_demo`` returns."""
    # Imported when used, as the fixtures of tests/browser/conftest.py import it.
    from greenfactory.demo.data import load_demo

    with override_settings(TASKS=QUEUED_TASKS):
        return load_demo("Demo-Password-2026", **options)


def log_in(page, live_server, username, password):
    """Log in through the form; officers and administrators also type the code of their
    device, computed here as their authenticator app would. Each way in has a test of its own
    through the form (tests/browser/test_login_language.py, test_second_factor.py); the other
    tests enter with ``enter_as``."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form").get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    if "/accounts/login/code/" in page.url:
        page.locator("#id_code").fill(current_code(username))
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()


def enter_as(page, live_server, username, to="/"):
    """Give the page's browser a session of ``username`` made on the server, as a login makes
    it (Django's ``login``: the session row naming the account, the login's audit entry and the
    session's start), and open ``to``: one page where a login through the form takes four
    (the form, its answer, the second factor's form and its answer) and, for a second login of
    an officer within 30 seconds, a wait for the device's next code (decisions §101)."""
    client = Client()
    client.force_login(User.objects.get(username=username), backend=ACCOUNT_BACKEND)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}{to}")


def current_code(username):
    """The code the user's device accepts now (enrolled or being enrolled); a code is used
    once, so a quick second login waits for the next 30-second step when it must."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from greenfactory.accounts.second_factor import usable_code

    for _attempt in range(40):
        device = (
            TOTPDevice.objects.filter(user__username=username).order_by("-confirmed", "pk").first()
        )
        code = usable_code(device)
        if code is not None:
            return code
        time.sleep(1)
    raise AssertionError(f"no usable second-factor code for {username}")


def csp_errors(messages):
    return [text for text in messages if "content security policy" in text.lower()]


def open_from_menu(page, group, link):
    """Open the header's ``group`` menu and follow its ``link`` (names as shown)."""
    nav = page.locator("nav.main-nav")
    nav.locator("summary", has_text=group).click()
    nav.get_by_role("link", name=link, exact=True).click()
