"""An enterprise user issues an API token on its page, a program uses it, the user revokes it."""

import pytest
from playwright.sync_api import expect

from tests.factories import EnterpriseUserFactory

from .journeys import csp_errors, enter_as, open_from_menu

pytestmark = pytest.mark.browser


def test_issue_use_and_revoke_a_token(
    page, live_server, transactional_db, screenshot, console_errors
):
    EnterpriseUserFactory(username="ent")
    enter_as(page, live_server, "ent")
    open_from_menu(page, "设置", "API 令牌")
    page.locator("#id_name").fill("ERP 同步")
    page.locator("main form button[type=submit]").first.click()
    key = page.locator("#new-token").inner_text().strip()
    assert key.startswith("gf_")
    screenshot("api-token-issued.png")
    url = f"{live_server.url}/api/v1/applications/"
    program = page.context.request
    answer = program.get(url, headers={"Authorization": f"Bearer {key}", "Cookie": ""})
    assert answer.status == 200 and answer.json()["results"] == []
    page.goto(f"{live_server.url}/api-tokens/")
    expect(page.locator("#new-token")).to_have_count(0)
    page.once("dialog", lambda dialog: dialog.accept())  # "This cannot be undone. Continue?"
    page.locator("form[action*='/revoke/'] button").click()
    refused = program.get(url, headers={"Authorization": f"Bearer {key}", "Cookie": ""})
    assert refused.status == 401
    assert csp_errors(console_errors) == []
