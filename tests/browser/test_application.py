"""An enterprise finishes and submits its application in the browser."""

import pytest
from playwright.sync_api import expect

from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application
from greenfactory.demo.applications import (
    fill_application,
    sample_pdf,
)
from greenfactory.programme.enums import IndicatorKind

from .journeys import csp_errors, enter_as

pytestmark = pytest.mark.browser


@pytest.fixture
def nearly_complete(demo_with_applications):
    """The demo enterprise's draft, filled except one gate, one score and the report scan."""
    application = Application.objects.get(enterprise__users__username="enterprise")
    user = application.enterprise.users.get()
    fill_application(application, actor=user)
    application.evidence_files.filter(kind="report_scan").delete()
    indicators = application.batch.indicator_system.indicators
    gate = indicators.filter(kind=IndicatorKind.GATE).order_by("position").first()
    item = indicators.filter(kind=IndicatorKind.QUALITATIVE).order_by("position").first()
    application.self_evaluations.filter(indicator__in=[gate, item]).delete()
    return application, gate, item


def test_enterprise_completes_and_submits(
    page,
    live_server,
    demo_with_applications,
    nearly_complete,
    screenshot,
    console_errors,
    tmp_path,
):
    application, gate, item = nearly_complete
    enter_as(page, live_server, "enterprise", to=f"/applications/{application.code}/")
    base = f"{live_server.url}/applications/{application.code}"

    problems = page.locator("ul.problems li")
    # the gate, the report scan, and the item only if it is required
    expect(problems).to_have_count(3 if item.is_required else 2)

    page.goto(f"{base}/self-evaluation/")
    total_before = page.locator("#score-totals .figure").inner_text()
    page.locator(f"#id_met_{gate.pk}").select_option("yes")
    expect(page.locator("#save-status")).to_contain_text("自动保存")
    if item.is_required:
        page.locator(f"#id_met_{item.pk}").select_option("yes")
    page.locator(f"#id_score_{item.pk}").fill(str(item.max_points))
    page.locator(f"#id_score_{item.pk}").blur()
    expect(page.locator("#score-totals .figure")).not_to_have_text(total_before)
    screenshot("self-evaluation-zh.png")

    page.goto(f"{base}/evidence/")
    scan = tmp_path / "自评报告盖章件.pdf"
    scan.write_bytes(sample_pdf())
    page.locator("#id_file").set_input_files(str(scan))
    page.locator("#id_kind").select_option("report_scan")
    page.get_by_role("button", name="上传").click()
    expect(page.locator("table")).to_contain_text("自评报告盖章件.pdf")

    page.goto(f"{base}/")
    expect(page.locator("ul.problems li")).to_have_count(0)
    page.get_by_role("button", name="提交辖市区工信局").click()
    expect(page.locator(".message.success")).to_be_visible()
    screenshot("application-submitted-zh.png")
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert csp_errors(console_errors) == []


def test_typing_survives_an_expired_session(
    page, live_server, demo_with_applications, screenshot, console_errors
):
    application = Application.objects.get(enterprise__users__username="enterprise")
    form = f"/applications/{application.code}/form/"
    enter_as(page, live_server, "enterprise", to=form)
    page.context.clear_cookies()  # the session ends while the page is open
    page.locator("#id_products").fill("锂电池隔膜、涂覆材料")
    page.locator("#id_products").blur()
    expect(page.locator("#save-status")).to_contain_text("未能保存")
    application.refresh_from_db()
    assert application.products != "锂电池隔膜、涂覆材料"

    enter_as(page, live_server, "enterprise", to=form)
    expect(page.locator(".draft-restored")).to_be_visible()
    expect(page.locator("#id_products")).to_have_value("锂电池隔膜、涂覆材料")
    screenshot("draft-restored-zh.png")
    page.locator("form.autosave").get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    application.refresh_from_db()
    assert application.products == "锂电池隔膜、涂覆材料"
    assert csp_errors(console_errors) == []
