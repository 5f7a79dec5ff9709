"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser per test worker (a session fixture); each person in a test gets a fresh browser
context (their own cookies), logged in through the real login form. Data is made with the
factories and services; what a test is about is done through the pages. Where Chromium or
Playwright is missing the tests skip, saying how to install them.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from tests.factories import PASSWORD

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1366, "height": 768}
# Screenshots go to the user guide only when asked (`make screenshots`): their dates and case
# numbers differ on every run, and a test run must not change tracked files.
SCREENSHOTS = Path(os.environ.get("SAHIH_SCREENSHOTS") or Path(settings.VAR_DIR) / "screenshots")
INSTALL_HINT = (
    "Chromium is missing: install it with `apt-get install -y chromium` (or set SAHIH_CHROMIUM to its path)."
)


# The day every browser test runs on, whatever the real date: their data is built relative to
# "today" (effective dates, deadlines in working days, ages, the demo city), so on the
# calendar's awkward days (a TMT in the next year, New Year, a holiday) the same clicks would
# meet other rules. A Thursday in early December: working days follow in the same week and the
# same year. The live server runs in this process, so time-machine moves its clock too.
BROWSER_DAY = datetime(2026, 12, 3, 9, 0, tzinfo=ZoneInfo(settings.TIME_ZONE))


@pytest.fixture(autouse=True)
def browser_day():
    """Every browser test on ``BROWSER_DAY``, the clock ticking on from 09:00 (also when
    ``SAHIH_TEST_TODAY`` pins the session elsewhere: the pages' dates are asserted)."""
    with time_machine.travel(BROWSER_DAY, tick=True):
        yield BROWSER_DAY.date()


def chromium_path() -> str | None:
    wanted = os.environ.get("SAHIH_CHROMIUM")
    candidates = [wanted] if wanted else ["/usr/bin/chromium", "chromium", "chromium-browser"]
    for candidate in candidates:
        found = shutil.which(candidate) or (candidate if os.path.isfile(candidate) else None)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def chromium():
    """The worker's browser, on Playwright's own thread (see remote.py for why)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("Playwright is missing: `pip install -r requirements-dev.txt`. " + INSTALL_HINT)
    path = chromium_path()
    if path is None:
        pytest.skip(INSTALL_HINT)
    from .remote import PlaywrightThread

    runner = PlaywrightThread()
    browser = runner.playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()
    runner.stop()


@pytest.fixture
def browse(chromium, live_server, transactional_db):
    """``browse(user)``: a page logged in as ``user`` (its own context); ``browse()`` anonymous;
    ``viewport=`` another screen than 1366x768."""
    contexts = []
    violations: list[str] = []
    outside: list[str] = []

    def open_page(user=None, *, password: str = PASSWORD, viewport: dict | None = None):
        context = chromium.new_context(
            viewport=viewport or VIEWPORT, locale="id-ID", base_url=live_server.url, accept_downloads=True
        )
        contexts.append(context)
        page = context.new_page()
        watch_csp(page, violations)
        watch_hosts(page, live_server.url, outside)
        if user is not None:
            login(page, user.get_username(), password)
        return page

    open_page.csp_violations = violations
    open_page.outside_requests = outside
    yield open_page
    for context in contexts:
        context.close()
    # Every page any browser test opened ran under the Content-Security-Policy without a
    # single refusal (config/middleware.py): no inline script or style slipped in.
    assert violations == [], violations
    # ...and no page asked another host for anything (issue 13: it works without internet).
    assert outside == [], outside


def watch_hosts(page, base_url: str, outside: list[str]) -> None:
    """Collect every request ``page`` sends to a host other than the instance's."""
    from urllib.parse import urlsplit

    home = urlsplit(base_url).netloc

    def on_request(request):
        url = urlsplit(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != home:
            outside.append(f"{page.url}: {request.url}")

    page.on("request", on_request)


def watch_csp(page, violations: list[str]) -> None:
    """Collect the browser's reports of Content-Security-Policy violations on ``page``."""

    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", on_console)


def login(page, username: str, password: str = PASSWORD) -> None:
    """Log in through the login form and wait for the home page."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("form.sahih-login button[type=submit]")
    assert "/accounts/login/" not in page.url, f"{username} could not log in"


def accept_dialogs(page) -> list[str]:
    """Accept every confirmation the page asks for; returns their texts, in order."""
    seen: list[str] = []

    def accept(dialog):
        seen.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    return seen


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def screenshot(page, name: str, *, element: str | None = None, full_page: bool = True) -> Path:
    """Save <SCREENSHOTS>/<name>.png -- the whole page at 1366 px wide (or only what the
    screen shows), or one element -- rewriting the file only when the picture changed."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    page.evaluate("document.activeElement && document.activeElement.blur()")
    if element:
        image = page.locator(element).screenshot(animations="disabled", caret="hide")
    else:
        image = page.screenshot(full_page=full_page, animations="disabled", caret="hide")
    image = _small_png(image)
    if not target.exists() or target.read_bytes() != image:
        target.write_bytes(image)
    return target


def _small_png(png: bytes) -> bytes:
    """The screenshot in 256 colours (a third of the size; flat UI colours survive intact)."""
    from io import BytesIO

    from PIL import Image

    picture = Image.open(BytesIO(png)).convert("RGB")
    palette = picture.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue()
