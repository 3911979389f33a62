"""Steps shared by the browser journeys."""

import time


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
