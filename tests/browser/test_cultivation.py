"""The cultivation pipeline in a real browser: the district officer puts an enterprise on the
list, records its transformation project (a wrong date is reported and nothing typed is lost),
fills the trial self-evaluation and reads the readiness gap; the city officer then sees every
district's pipeline."""

import re

import pytest
from playwright.sync_api import expect

from greenfactory.cultivation.domain.readiness import readiness
from greenfactory.cultivation.models import Candidate

from .journeys import csp_errors, enter_as

pytestmark = pytest.mark.browser

ENTERPRISE = "常州武进铸造有限公司"
PROJECT = "铸造车间中频炉余热回收改造"


def fact(page, label):
    """The value beside ``label`` in the readiness summary."""
    return page.locator("dl.facts dt", has_text=label).locator("xpath=following-sibling::dd[1]")


def test_a_district_officer_cultivates_a_candidate_and_the_city_sees_it(
    page, live_server, demo, screenshot, console_errors
):
    enter_as(page, live_server, "district", to="/district/cultivation/")
    expect(page.locator("main h1")).to_have_text("培育储备库")
    expect(page.locator("main table tbody tr")).to_have_count(1)  # the demo's candidate

    add = page.locator("form[action$='/district/cultivation/add/']")
    add.locator("#id_enterprise").select_option(label=ENTERPRISE)
    add.locator("#id_note").fill("拟于明年申报市级绿色工厂。")
    add.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/district/cultivation/[0-9A-Z]+/$"))
    expect(page.locator("main h1")).to_have_text(ENTERPRISE)
    candidate = Candidate.objects.get(enterprise__name=ENTERPRISE)

    # Nothing answered yet: no points, the whole threshold to go.
    expect(fact(page, "当前试评得分")).to_have_text("0.00")
    expect(fact(page, "距认定分数线差距")).to_have_text("70.00")
    expect(fact(page, "可推荐申报")).to_have_text("否")

    project = page.locator("form[action$='/projects/']")
    project.locator("#id_name").fill(PROJECT)
    project.locator("#id_kind").select_option(index=1)
    project.locator("#id_investment").fill("1200")
    project.locator("#id_energy_saving_tce").fill("650")
    project.locator("#id_co2_reduction_t").fill("1700")
    project.locator("#id_starts_on").fill("2027-03-01")
    project.locator("#id_ends_on").fill("2026-12-31")
    project.locator("button[type=submit]").click()
    form = page.locator("form[action$='/projects/']")
    expect(form.locator(".has-error .error")).to_have_text("项目结束日期不能早于开始日期。")
    expect(form.locator("#id_name")).to_have_value(PROJECT)
    expect(form.locator("#id_investment")).to_have_value("1200")
    form.locator("#id_ends_on").fill("2027-06-30")
    form.locator("button[type=submit]").click()
    projects = page.locator("section", has=page.locator("h2", has_text="绿色化改造项目"))
    expect(projects.locator("tbody tr")).to_have_count(1)
    expect(projects.locator("tbody tr")).to_contain_text(PROJECT)
    expect(projects.locator("tfoot")).to_contain_text("1200.00")

    # The trial: every basic requirement and required item met, full points on every
    # qualitative item, the quantitative values left as they are.
    trial = page.locator("form[action*='/trial/']")
    for select in trial.locator("tr.kind-gate select, tr.kind-qualitative select").all():
        select.select_option("yes")
    for score in trial.locator("tr.kind-qualitative input.score").all():
        score.fill(score.get_attribute("max"))
    trial.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("试评")

    state = readiness(candidate)
    assert 0 < state.total < state.threshold
    expect(fact(page, "当前试评得分")).to_have_text(f"{state.total:.2f}")
    expect(fact(page, "距认定分数线差距")).to_have_text(f"{state.gap:.2f}")
    gap_table = page.locator("section", has=page.locator("h2", has_text="培育成熟度")).locator(
        "table"
    )
    gap_table.scroll_into_view_if_needed()
    expect(gap_table.locator("tbody tr")).to_have_count(len(state.potentials))
    biggest = state.potentials[0]
    expect(gap_table.locator("tbody tr").first).to_contain_text(biggest.indicator.code)
    page.locator(
        "section", has=page.locator("h2", has_text="培育成熟度")
    ).scroll_into_view_if_needed()
    screenshot("cultivation-readiness-zh.png")

    page.goto(f"{live_server.url}/district/cultivation/")
    row = page.locator("main table tbody tr", has_text=ENTERPRISE)
    expect(row).to_contain_text(f"{state.total:.2f}")
    expect(row).to_contain_text(f"差 {state.gap:.2f} 分")

    page.context.clear_cookies()
    enter_as(page, live_server, "city", to="/city/cultivation/")
    wujin = page.locator("main table tbody tr", has_text="武进区")
    expect(wujin.locator("td").nth(1)).to_have_text("2")
    expect(wujin.locator("td").nth(3)).to_have_text("2")
    expect(
        page.locator("main table tbody tr", has_text="新北区").locator("td").nth(1)
    ).to_have_text("0")
    wujin.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/district/cultivation/\?district=320412$"))
    expect(page.locator("main h1")).to_have_text("培育储备库 · 武进区")
    expect(page.locator("main table tbody tr")).to_have_count(2)
    expect(page.locator("main table tbody")).to_contain_text(ENTERPRISE)
    screenshot("cultivation-city-zh.png")
    page.get_by_role("link", name="← 各辖市区培育储备库").click()
    expect(page).to_have_url(f"{live_server.url}/city/cultivation/")

    assert csp_errors(console_errors) == []
    # the one refused form answered 400, as it should; nothing else went wrong
    assert console_errors == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]
