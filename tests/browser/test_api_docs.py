"""The API documentation page: Swagger UI from the platform's own static files, working under
the platform's CSP (no inline script or style), fetching nothing from elsewhere."""

import pytest
from playwright.sync_api import expect

from tests.api.rows import ENDPOINTS

from .journeys import csp_errors

pytestmark = pytest.mark.browser


def test_the_docs_page_shows_every_operation_under_the_csp(
    page, live_server, transactional_db, screenshot, console_errors
):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server.url}/api/v1/docs/")
    operations = page.locator(".opblock")
    expect(operations).to_have_count(len(ENDPOINTS))
    expect(
        page.locator(".opblock-summary-path", has_text="/api/v1/verify/{number}/")
    ).to_be_visible()
    screenshot("api-docs.png")
    assert csp_errors(console_errors) == []
    assert console_errors == []
    assert requested and all(url.startswith(live_server.url) for url in requested), requested
