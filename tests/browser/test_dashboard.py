"""The city officer reads the programme dashboard in a real browser: every chart is drawn by the
vendored ECharts under the strict CSP, and the progress towards the plan's 40-factory target is
shown."""

from datetime import date

import pytest
from playwright.sync_api import expect

from greenfactory.accounts.models import Enterprise
from greenfactory.titles.models import Title

from .journeys import enter_as

pytestmark = pytest.mark.browser

CHARTS = ("targets", "by_year", "by_district", "by_industry", "pipeline", "energy")


def held_titles(*years):
    """City-level titles of confirmed demo enterprises, as imported from earlier lists."""
    enterprises = Enterprise.objects.filter(status="confirmed").order_by("name")
    for enterprise, year in zip(enterprises, years, strict=False):
        Title.objects.create(
            enterprise=enterprise,
            level="city",
            year=year,
            source="imported",
            issued_on=date(year, 12, 1),
        )


def test_the_city_officer_reads_the_dashboard(page, live_server, demo, screenshot, console_errors):
    held_titles(2019, 2019, 2020, 2022)  # the 2022 title is after the plan's deadline
    enter_as(page, live_server, "city", to="/city/dashboard/")

    for key in CHARTS:
        chart = page.locator(f"#chart-{key}")
        expect(chart).to_have_attribute("data-rendered", "true")
        expect(chart.locator("canvas, svg").first).to_be_attached()
        box = chart.bounding_box()
        assert box["width"] > 200 and box["height"] > 200, key

    targets = page.locator("#figure-targets table")
    expect(targets).to_contain_text("常州市")
    expect(targets).to_contain_text("3 / 40")
    expect(page.locator("#figure-by_year table tfoot")).to_contain_text("4")
    screenshot("dashboard-city-zh.png")

    page.locator("#id_district").select_option("320412")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/city/dashboard/?district=320412")
    expect(page.locator("#chart-by_year")).to_have_attribute("data-rendered", "true")

    page.locator("#figure-by_district button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/city/dashboard/?district=320412")
    expect(page.locator(".export-status a")).to_have_count(1)

    page.locator("form.lang-switch").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main h1")).to_contain_text("Programme dashboard")
    expect(page.locator("#figure-by_year thead")).to_contain_text("City-level green factory")
    for key in CHARTS:
        expect(page.locator(f"#chart-{key}")).to_have_attribute("data-rendered", "true")
    screenshot("dashboard-wujin-en.png")

    assert console_errors == []
