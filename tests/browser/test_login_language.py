"""Real-browser journeys over the demo data: log in, switch language, log out, confirm."""

import re

import pytest
from playwright.sync_api import expect

from greenfactory.accounts.enums import EnterpriseStatus
from greenfactory.accounts.models import Enterprise

from .journeys import csp_errors, enter_as, log_in, open_from_menu

pytestmark = pytest.mark.browser


def test_enterprise_logs_in_switches_to_english_and_logs_out(
    page, live_server, demo, screenshot, console_errors
):
    log_in(page, live_server, "enterprise", demo)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("main h1")).to_have_text("常州绿源新材料有限公司")
    expect(page.locator("nav.main-nav")).to_contain_text("我的待办")
    expect(page.get_by_role("button", name="退出登录")).to_be_visible()
    screenshot("enterprise-home-zh.png")

    page.locator("form.lang-switch").get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("nav.main-nav")).to_contain_text("My tasks")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.locator("main h1")).to_have_text("常州绿源新材料有限公司")
    expect(page.locator("form.lang-switch button[aria-current=true]")).to_have_text("English")
    screenshot("enterprise-home-en.png")

    page.get_by_role("button", name="Log out").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator(".header-tools").get_by_role("link", name="Log in")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    page.goto(f"{live_server.url}/enterprise/profile/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/enterprise/profile/$"))

    assert csp_errors(console_errors) == []


def test_district_officer_confirms_a_pending_enterprise(
    page, live_server, demo, screenshot, console_errors
):
    name = "常州武进光学仪器有限公司"  # pending, in 武进区 (320412), the district of "district"
    assert Enterprise.objects.get(name=name).status == EnterpriseStatus.PENDING

    enter_as(page, live_server, "district")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")

    open_from_menu(page, "申报与评审", "企业管理")
    expect(page).to_have_url(f"{live_server.url}/enterprises/")
    row = page.locator("table.table tbody tr", has_text=name)
    expect(row.locator(".badge")).to_have_text("待辖区确认")
    row.get_by_role("link", name=name).click()

    heading = page.locator("main h1")
    expect(heading).to_contain_text(name)
    expect(heading.locator(".badge")).to_have_text("待辖区确认")
    page.get_by_role("button", name="确认", exact=True).click()

    expect(page.locator(".messages .message.success")).to_have_text(f"{name}已确认。")
    expect(heading.locator(".badge.confirmed")).to_have_text("已确认")
    expect(page.get_by_role("button", name="确认", exact=True)).to_have_count(0)
    screenshot("district-confirm-zh.png")

    assert Enterprise.objects.get(name=name).status == EnterpriseStatus.CONFIRMED
    assert csp_errors(console_errors) == []
