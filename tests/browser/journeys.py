"""Steps shared by the browser journeys."""

import time

from django.test import override_settings

# The demo's own settings: tasks go to the database queue, for a worker that never runs here.
QUEUED_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


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
    device, computed here as their authenticator app would."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form").get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    if "/accounts/login/code/" in page.url:
        page.locator("#id_code").fill(current_code(username))
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()


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
