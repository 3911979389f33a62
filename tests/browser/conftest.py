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
# The flag must be set before the first ORM call of a browser test; it stays set for the rest of
# the session.
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


class Chromium:
    """One Chromium per test process, started by its first browser test and stopped after the
    last browser test in a row: Playwright's sync API keeps its event loop registered as running
    on the main thread while it runs, and a later test calling ``asyncio.run`` (pyHanko's
    validation) would be refused. The costly tests run first (tests/ordering.py), so the
    browser tests of a worker are one run of tests and Chromium starts once."""

    playwright = None
    chromium = None

    @classmethod
    def start(cls):
        if cls.chromium is None:
            from playwright.sync_api import sync_playwright

            cls.playwright = sync_playwright().start()
            try:
                cls.chromium = cls.playwright.chromium.launch(
                    executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
                )
            except BaseException:
                cls.stop()
                raise
        return cls.chromium

    @classmethod
    def stop(cls):
        try:
            if cls.chromium is not None:
                cls.chromium.close()
        finally:
            if cls.playwright is not None:
                cls.playwright.stop()
            cls.playwright = cls.chromium = None


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium "
            "(apt-get install chromium). Playwright cannot download its own browsers here.",
            pytrace=False,
        )
    return Chromium.start()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Once the test's own pages are closed, Chromium is stopped unless the next test is a
    browser test too."""
    result = yield
    if nextitem is None or nextitem.get_closest_marker("browser") is None:
        Chromium.stop()
    return result


def pytest_sessionfinish(session):
    Chromium.stop()


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
