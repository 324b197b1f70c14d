"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every test in this folder is marked ``browser`` (run them alone with ``-m browser``, leave them
out with ``-m "not browser"``). A missing tool (Chromium, the Playwright package, Java, vnu.jar,
axe-core) skips the tests that need it with the reason; with ``CI=true`` it fails them instead,
so that a broken CI image never passes silently.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import pytest

from .tools import AXE_JS, CHROMIUM, CHROMIUM_ARGS, DESKTOP, HERE, ROOT, SCREENSHOTS, VNU_JAR

# Playwright's sync API runs an asyncio event loop in the test thread; Django refuses database
# access from a thread with a running loop unless told that this is intended.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


def require(condition: bool, reason: str) -> None:
    """Skip when a tool is missing, but fail on CI (CI=true): never pass silently."""
    if condition:
        return
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tools must be installed)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install -y chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "the Python package playwright is missing: pip install playwright")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def axe_js() -> Path:
    require(AXE_JS.exists(), f"{AXE_JS.relative_to(ROOT)} is missing: npm install (axe-core)")
    return AXE_JS


@pytest.fixture
def vnu_command() -> list[str]:
    java = shutil.which("java")
    require(java is not None, "java is missing: apt-get install -y default-jre-headless")
    require(VNU_JAR.exists(), f"{VNU_JAR.relative_to(ROOT)} is missing: npm install (vnu-jar)")
    return [java, "-jar", str(VNU_JAR)]


@pytest.fixture
def new_context(browser, live_server):
    """Open fresh browser contexts (own cookies) on the live server; all closed afterwards.

    The live server runs in a thread of this process, so it sees this test's settings,
    MEDIA_ROOT from tests/conftest.py included. Note that Django's live server answers
    MEDIA_URL itself (``_MediaFilesHandler``, reading ``settings.MEDIA_ROOT`` per request)
    before the app's own /media/ view: test_live_server.py checks that uploads are served.
    """
    contexts = []

    def make(viewport=DESKTOP, **options):
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport, locale="vi-VN", **options
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    # No request may still be in flight when the test's database is rolled back: the live
    # server shares SQLite's in-memory connection, and a late one (a lazy image fetched after
    # a full-page screenshot) broke the teardown once ("cannot release savepoint").
    from playwright.sync_api import Error as PlaywrightError

    for context in contexts:
        for page in context.pages:
            with contextlib.suppress(PlaywrightError):  # a page already closed or still busy
                page.wait_for_load_state("networkidle", timeout=5_000)
        context.close()


@pytest.fixture
def page(new_context):
    """A page in a fresh context at desktop width; JavaScript errors fail the test."""
    page = new_context().new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
