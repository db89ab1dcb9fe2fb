"""One Chromium for the whole session, a fresh context per test, and a screenshot when one fails.

The pages are served by pytest-django's `live_server` (a transactional database: each test builds
its own data). Playwright's sync API runs an event loop in this thread, so Django's guard against
database calls from async code is lifted for these tests, which call the ORM synchronously.
"""

import os
import re
import threading
import time
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import sync_playwright

from tests.news.conftest import (  # noqa: F401  (fixtures shared with the page-rendering tests)
    korean_original,
    korean_section,
    translated_article,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's outcome on the test, so its page fixture can tell it failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


class Pages:
    """Open browser tabs for one test and photograph each of them if the test fails."""

    def __init__(self, browser, base_url):
        self.browser, self.base_url, self.contexts = browser, base_url, []
        # What the browser refused under the Content-Security-Policy: tests expect none.
        self.policy_violations: list[str] = []

    def open(self, *, javascript: bool, viewport=DESKTOP, **options):
        """Open a tab in a new context; `options` are Playwright's, e.g. `color_scheme="dark"`."""
        context = self.browser.new_context(
            base_url=self.base_url, java_script_enabled=javascript, viewport=viewport, **options
        )
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", self._note_policy_violation)
        return page

    def _note_policy_violation(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.policy_violations.append(f"{message.location.get('url')}: {message.text}")

    def close(self, failed: bool, test_name: str) -> None:
        for number, context in enumerate(self.contexts):
            if failed:
                ARTIFACTS.mkdir(exist_ok=True)
                for tab, page in enumerate(context.pages):
                    name = re.sub(r"[^\w.-]+", "_", f"{test_name}-{number}-{tab}.png")
                    page.screenshot(path=ARTIFACTS / name, full_page=True)
            context.close()


@pytest.fixture
def pages(request, browser, live_server, transactional_db):
    """Tabs on the live server; they close before the database is emptied after the test, so that
    no request still running in the admin (its editing-session pings) meets a half-flushed one."""
    opened = Pages(browser, live_server.url)
    yield opened
    report = getattr(request.node, "report_call", None)
    opened.close(failed=report is None or report.failed, test_name=request.node.name)
    wait_for_requests_to_finish()


def wait_for_requests_to_finish(seconds: float = 15) -> None:
    """Wait until the live server answers no request: one a closed tab left running (an autosave,
    a ping) would otherwise hold a table while the database is emptied, on a busy machine."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(
        "process_request_thread" in thread.name for thread in threading.enumerate()
    ):
        time.sleep(0.05)


def choose_more_action(page, name: str, *, exact: bool = False) -> None:
    """Click `name` in the editor footer's "More actions" menu.

    Wagtail's script opens that menu. On a busy machine a click can land before the script has
    wired the toggle and open nothing, so the toggle is clicked again, while the menu is not
    open, until the item shows.
    """
    footer = page.locator("footer")
    toggle = footer.get_by_role("button", name="More actions")
    item = footer.get_by_role("button", name=name, exact=exact)
    for _attempt in range(10):
        if toggle.get_attribute("aria-expanded") != "true":
            toggle.click()
        try:
            item.wait_for(state="visible", timeout=2_000)
            break
        except PlaywrightTimeoutError:
            continue
    item.click()
