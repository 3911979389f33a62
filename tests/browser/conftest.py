"""Browser fixtures: Debian's Chromium driven headless through Playwright's sync API.

Playwright cannot download its own browsers here, so the tests launch the system Chromium
(``apt-get install chromium``). Tests in this folder are marked ``browser``; run them with
``pytest tests/browser -m browser``.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.database import has_kept_rows, keep_rows, put_back_rows

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
# The screenshots the tests name are taken when asked for (``BROWSER_SCREENSHOTS=1``, to look at
# the pages); otherwise only the page of a test that failed is kept (decisions §101).
SCREENSHOTS = os.environ.get("BROWSER_SCREENSHOTS") == "1"
FAILED = pytest.StashKey[bool]()


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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.stash[FAILED] = True
    return report


@pytest.fixture
def page(request, browser, console_errors):
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
        if request.node.stash.get(FAILED, False):
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"failed-{request.node.name}.png"), full_page=True)
    finally:
        context.close()


@pytest.fixture
def screenshot(page):
    """Save a screenshot (of the whole page, or of ``of``) under test-artifacts/browser/ at the
    repository root, when screenshots are asked for (``SCREENSHOTS``); returns its path."""

    def take(name: str, of=None, full_page: bool = True) -> Path:
        path = ARTIFACTS / name
        if SCREENSHOTS:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            (of or page).screenshot(path=str(path), full_page=full_page)
        return path

    return take


DEMO_PASSWORD = "Demo-Password-2026"


@pytest.fixture(scope="session")
def _kept_media(tmp_path_factory):
    """Where the files of a kept demo state go (one folder per test process)."""
    return tmp_path_factory.mktemp("kept-media")


def demo_state(name, load, media_root, kept_media):
    """The demo loaded by ``load`` and committed (the live server serves from another thread),
    as the first test of the run that asks for it loaded it: that test loads it, and its rows
    and files are kept; every later one gets the same rows, keys included, and the same files
    put back into its own media folder, in a fraction of the load's time (decisions §101)."""
    kept = kept_media / name
    if has_kept_rows(name):
        put_back_rows(name)
        if kept.exists():
            shutil.copytree(kept, media_root, copy_function=os.link, dirs_exist_ok=True)
        return DEMO_PASSWORD
    load()
    keep_rows(name)
    if Path(media_root).exists():
        shutil.copytree(media_root, kept)
    return DEMO_PASSWORD


def _load(**options):
    # Imported when used: the demo app is installed only in the demo and test settings.
    from greenfactory.demo.data import load_demo

    load_demo(DEMO_PASSWORD, history=False, **options)


@pytest.fixture
def demo(transactional_db, settings, _kept_media):
    """The demo data without applications, committed; returns the password."""
    return demo_state("demo", lambda: _load(applications=False), settings.MEDIA_ROOT, _kept_media)


@pytest.fixture
def demo_with_applications(transactional_db, settings, _kept_media):
    """The demo data with this year's applications, committed; returns the password."""
    return demo_state("demo_with_applications", _load, settings.MEDIA_ROOT, _kept_media)
