"""The city officer reads the peer benchmarks of the demo's 通用设备制造业 in a real browser:
both charts drawn by the vendored ECharts under the strict CSP (decisions §67)."""

import pytest
from playwright.sync_api import expect

from .journeys import enter_as

pytestmark = pytest.mark.browser


def test_the_city_reads_an_industrys_peer_benchmarks(
    page, live_server, demo_with_applications, console_errors
):
    enter_as(page, live_server, "city", to="/city/peers/?industry=34")
    for key in ("peer_industries", "peer_figures"):
        chart = page.locator(f"#chart-{key}")
        expect(chart).to_have_attribute("data-rendered", "true")
        expect(chart.locator("canvas, svg").first).to_be_attached()
    # Eleven factories of division 34 applied this year: enterprise2 and its ten peers.
    expect(page.locator("#figure-peer_industries table")).to_contain_text("11")
    expect(page.locator("#figure-peer_figures table")).to_contain_text("11")
