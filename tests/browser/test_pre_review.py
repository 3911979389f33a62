"""A district officer pre-reviews and recommends an application in the browser."""

import pytest
from playwright.sync_api import expect

from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application

from .journeys import csp_errors, enter_as, open_from_menu

pytestmark = pytest.mark.browser


def test_district_officer_checks_and_recommends(
    page, live_server, demo_with_applications, screenshot, console_errors
):
    application = Application.objects.get(enterprise__users__username="ent09")
    enter_as(page, live_server, "district")
    open_from_menu(page, "申报与评审", "初审")
    page.get_by_role("link", name=application.enterprise.name).click()
    expect(page.get_by_role("button", name="推荐至市工信局")).to_be_disabled()

    page.locator("#id_materials_complete").select_option("yes")
    page.locator("#id_gates_verified").select_option("yes")
    page.locator("#id_credit_china_on").fill("2026-11-20")
    page.locator("#id_credit_china_result").select_option("clean")
    page.locator("#id_credit_gsxt_on").fill("2026-11-20")
    page.locator("#id_credit_gsxt_result").select_option("clean")
    page.locator("#id_credit_jiangsu_on").fill("2026-11-20")
    page.locator("#id_credit_jiangsu_result").select_option("clean")
    page.get_by_role("button", name="保存初审记录").click()
    expect(page.locator(".message.success")).to_contain_text("初审记录已保存")

    page.get_by_role("button", name="推荐至市工信局").click()
    expect(page.locator(".message.success")).to_contain_text("已推荐至市工信局")
    screenshot("pre-review-recommended-zh.png")
    application.refresh_from_db()
    assert application.state == ApplicationState.RECOMMENDED
    assert csp_errors(console_errors) == []
