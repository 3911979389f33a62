"""A new district officer's first login in a real browser: the password, then the enrolment of
an authenticator app from the page's QR code and secret, then a second login with a code — all
under the strict CSP."""

from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import Region, User
from greenfactory.core.models import AuditEvent
from tests.factories import UserFactory

from .journeys import csp_errors, log_in

pytestmark = pytest.mark.browser

PASSWORD = "Correct-Horse-9"


def app_code(secret: str, used_t: int | None = None) -> tuple[str, int]:
    """What an authenticator app given the secret shows (the next step's code if this one was
    just used, as the app would a few seconds later)."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    if used_t is not None and totp.t() <= used_t:
        totp.drift = used_t + 1 - totp.t()
    return f"{totp.token():06d}", totp.t()


def test_enrolment_then_a_login_with_a_code(
    page, live_server, transactional_db, screenshot, console_errors
):
    officer = UserFactory(
        username="newofficer", role=Role.DISTRICT_OFFICER, region=Region.objects.get(code="320412")
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("newofficer")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="登录").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/code/")

    qr = page.locator("img.qr")
    expect(qr).to_be_visible()
    assert page.evaluate("document.querySelector('img.qr').naturalWidth") > 100
    secret = page.locator("p.secret").inner_text()
    screenshot("second-factor-enrolment-zh.png")

    # A wrong code first: refused, the page stays on the enrolment.
    page.locator("#id_code").fill("000000" if app_code(secret)[0] != "000000" else "111111")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main .error")).to_be_visible()
    expect(page.locator("img.qr")).to_be_visible()

    code, used_t = app_code(secret)
    page.locator("#id_code").fill(code)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("button", name="退出")).to_be_visible()
    assert officer.totpdevice_set.get().confirmed

    page.get_by_role("button", name="退出").click()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("newofficer")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="登录").click()
    expect(page.locator("img.qr")).to_have_count(0)
    page.locator("#id_code").fill(app_code(secret, used_t)[0])
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()

    actions = list(
        AuditEvent.objects.filter(actor_username="newofficer")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "accounts.second_factor.failed",
        "accounts.second_factor.enrolled",
        "accounts.login",
        "accounts.logout",
        "accounts.login",
    ]
    assert csp_errors(console_errors) == []


def test_a_demo_officer_logs_in_with_the_code_of_the_demo_device(
    page, live_server, demo, console_errors
):
    log_in(page, live_server, "district", demo)
    expect(page.get_by_role("button", name="退出")).to_be_visible()
    assert User.objects.get(username="district").totpdevice_set.get().confirmed
    assert csp_errors(console_errors) == []
