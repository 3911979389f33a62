"""Browser fixtures: Debian's Chromium driven headless through Playwright's sync API.

Playwright cannot download its own browsers here, so the tests launch the system Chromium
(``apt-get install chromium``). Tests in this folder are marked ``browser``; run them with
``pytest tests/browser -m browser``.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio event loop registered as running on the main thread,
# and Django refuses ORM calls (test database flush, fixtures, assertions) while one is running.
# The flag must be set before the first ORM call of a browser test, and it has to stay set for
# the rest of the session: the session-scoped browser keeps that loop registered.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts" / "browser"
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium "
            "(apt-get install chromium). Playwright cannot download its own browsers here.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def console_errors():
    """Console messages of type ``error`` (and uncaught page errors) seen during the test."""
    return []


@pytest.fixture
def page(browser, console_errors):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.on(
        "console",
        lambda message: console_errors.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: console_errors.append(f"pageerror: {error}"))
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under test-artifacts/browser/ at the repository root."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / name
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def demo(transactional_db):
    """The demo data without applications, committed (live_server serves from another
    thread); returns the password."""
    from greenfactory.demo.data import load_demo

    password, _logins = load_demo("Demo-Password-2026", applications=False, history=False)
    return password


@pytest.fixture
def demo_with_applications(transactional_db):
    from greenfactory.demo.data import load_demo

    password, _logins = load_demo("Demo-Password-2026", history=False)
    return password
