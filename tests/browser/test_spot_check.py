"""A spot-check round in a real browser: the city officer creates a round, adds a title on
purpose, draws the sample with a public seed; the enterprise drawn writes its three-year summary;
after the audit the city revokes a title, which verification then answers as revoked; the public
site shows the draw with its seed."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from greenfactory.accounts.models import Enterprise, User
from greenfactory.applications.models import Application
from greenfactory.programme.models import Batch, IndicatorSystem
from greenfactory.supervision.models import SpotCheck, SpotCheckRound
from greenfactory.titles.certificates import format_number
from greenfactory.titles.models import Title

from .journeys import enter_as

pytestmark = pytest.mark.browser


def titles_of_2019():
    """Five city-level titles of 2019 held by confirmed demo enterprises of three districts; the
    first is the demo login ``enterprise``'s."""
    own = User.objects.get(username="enterprise").enterprise
    others = Enterprise.objects.filter(status="confirmed").exclude(pk=own.pk).order_by("name")[:4]
    titles = []
    for sequence, enterprise in enumerate([own, *others], start=1):
        titles.append(
            Title.objects.create(
                enterprise=enterprise,
                level="city",
                year=2019,
                source="imported",
                certificate_number=format_number("320400", 2019, "city", sequence),
                issued_on=date(2019, 12, 1),
            )
        )
    return titles


def test_a_spot_check_round_end_to_end(page, live_server, demo, screenshot, console_errors):
    titles = titles_of_2019()
    own = titles[0]
    enter_as(page, live_server, "city", to="/city/spot-checks/new/")
    page.locator("#id_year").fill("2026")
    page.locator("#id_title").fill("2026年常州市绿色工厂抽检")
    page.locator("#id_sample_count").fill("2")
    deadline = timezone.localtime() + timedelta(days=45)
    page.locator("#id_submission_deadline").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    system = IndicatorSystem.objects.get(code="GBT36132-2025", version=1)
    page.locator("#id_indicator_system").select_option(str(system.pk))
    reference = Batch.objects.filter(year=2019).get()
    page.locator("#id_reference_batch").select_option(str(reference.pk))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main h1")).to_contain_text("2026年常州市绿色工厂抽检")
    expect(page.locator("main")).to_contain_text("当前抽检范围内有5个称号")

    page.locator("#id_ticket").fill(own.certificate_number)
    page.locator("#id_reason").fill("2025年度动态管理表未按期填报")
    page.get_by_role("button", name="添加定向抽检称号").click()
    expect(page.locator("main")).to_contain_text("2025年度动态管理表未按期填报")
    expect(page.locator("main")).to_contain_text("当前抽检范围内有4个称号")

    page.locator("#id_seed").fill("20261125-lottery-118")
    page.get_by_role("button", name="立即抽取").click()
    expect(page.locator("main")).to_contain_text("20261125-lottery-118")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(3)
    screenshot("spot-check-round-drawn.png")

    round_ = SpotCheckRound.objects.get()
    assert round_.checks.filter(kind="targeted", title=own).exists()
    for title in Title.objects.filter(spot_checks__round=round_):
        assert title.status == "under_check"

    # The enterprise drawn on purpose writes its three-year summary.
    page.context.clear_cookies()
    enter_as(page, live_server, "enterprise", to="/spot-checks/")
    page.get_by_role("link", name=own.enterprise.name).click()
    page.locator("#id_changes").fill("2023年新增屋顶光伏2.4MW，2024年完成余热回收改造。")
    page.get_by_role("button", name="保存三年总结").click()
    expect(page.locator("main")).to_contain_text("三年总结已保存")
    expect(page.locator("#id_changes")).to_have_value(
        "2023年新增屋顶光伏2.4MW，2024年完成余热回收改造。"
    )

    # The application of one random check has been audited (its steps have journeys of
    # their own); the city revokes that title.
    check = round_.checks.filter(kind="random").select_related("title").first()
    Application.objects.filter(pk=check.application_id).update(state="audited")
    page.context.clear_cookies()
    enter_as(page, live_server, "city", to=f"/spot-checks/{check.code}/")
    page.get_by_label("撤销称号").check()
    page.locator("#id_reason").fill("单位产品综合能耗高于限额标准，现场核查不达标。")
    page.get_by_role("button", name="记录结论").click()
    expect(page.locator("main h1")).to_contain_text("撤销称号")
    screenshot("spot-check-revoked.png")
    check.refresh_from_db()
    assert check.state == "revoked"
    assert SpotCheck.objects.get(pk=check.pk).title.status == "revoked"

    # The public: the draw with its seed, and verification says revoked.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/public/spot-checks/")
    page.get_by_role("link", name="2026年常州市绿色工厂抽检").click()
    expect(page.locator("main")).to_contain_text("20261125-lottery-118")
    expect(page.locator("main")).to_contain_text("sha256-v1")
    page.goto(f"{live_server.url}/verify/{check.title.certificate_number}/")
    expect(page.locator("main")).to_contain_text("已撤销")
    page.goto(f"{live_server.url}/factories/")
    expect(page.locator("main")).not_to_contain_text(check.title.enterprise.name)
    assert console_errors == []
