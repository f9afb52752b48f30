"""Browser tests: a WSGI app served on 127.0.0.1, driven in Debian's Chromium by Playwright.

A pytest plugin (tests/conftest.py: ``pytest_plugins = ["tests.browser"]``) with these fixtures:

- ``browser``: one headless Chromium per session, ``$VANBAN_CHROMIUM`` or /usr/bin/chromium
  (never ``playwright install``). Without Chromium or the playwright package a test needing it
  is skipped, except in CI ($CI set) where it fails.
- ``page`` (1280×800) and ``phone_page`` (390×844): a fresh context each (cookies, storage),
  locale vi-VN, time zone Asia/Ho_Chi_Minh; ``new_page(...)`` opens more of them, e.g. one per
  account of a journey. If the test has a ``base_url`` fixture, ``page.goto("/path")`` works.

and helpers:

- ``live_server(app)``: serve any WSGI app in a background thread, yield its base URL.
- ``shot(page, name)``: a full-page PNG, out/screenshots/<test>/<nn>-<name>.png.
- ``assert_clean(page)``: no console error, uncaught exception, failed request or HTTP status
  ≥ 400 in the page's context so far (``problems(page)`` is the list itself).

A test that fails leaves a screenshot of each of its open pages (``<nn>-FAILED-<i>.png``).
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import weakref
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication
    from playwright.sync_api import (
        Browser,
        BrowserContext,
        ConsoleMessage,
        Page,
        Playwright,
        Request,
        Response,
        WebError,
    )

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "out" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
# --disable-background-networking and friends: no calls home, which this machine's closed
# network would refuse (and a test must not depend on anyway).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
LOCALE = "vi-VN"
TIMEZONE = "Asia/Ho_Chi_Minh"
TIMEOUT_MS = 10_000  # per action / navigation; a local server answers in milliseconds


# -- the server ---------------------------------------------------------------------------------

@contextmanager
def live_server(app: WSGIApplication) -> Iterator[str]:
    """Serve `app` on 127.0.0.1 at a port the OS picks; yield "http://127.0.0.1:<port>"."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name=f"live-server-{server.port}",
                              kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# -- what a page did wrong ----------------------------------------------------------------------

@dataclass
class _Test:
    """The browser state of one test: its screenshot folder and counter, its pages."""

    name: str
    shots: int = 0
    pages: list[Page] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        return SCREENSHOTS / self.name

    def next_path(self, name: str) -> Path:
        if self.shots == 0:  # the first shot of this run: forget those of an earlier run
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir(parents=True)
        self.shots += 1
        return self.folder / f"{self.shots:02d}-{_safe(name)}.png"


@dataclass
class _Watch:
    test: _Test
    problems: list[str] = field(default_factory=list)


_WATCHED: weakref.WeakKeyDictionary[BrowserContext, _Watch] = weakref.WeakKeyDictionary()


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("_") or "_"


def _own_favicon(url: str) -> bool:
    """Whether `url` is the /favicon.ico Chromium asks for by itself when a page names no icon
    (its 404 is no fault of the page; a missing icon the page does name is still reported)."""
    return urlsplit(url).path == "/favicon.ico"


def _download(request: Request) -> bool:
    """A file the server sent as an attachment: Chromium hands it to the download manager and
    reports the request as aborted (net::ERR_ABORTED), which is not a failure."""
    answer = request.response() if request.failure == "net::ERR_ABORTED" else None
    return answer is not None and "attachment" in (
        answer.headers.get("content-disposition") or "")


def watch(context: BrowserContext, test: _Test) -> list[str]:
    """Record the problems of every page of `context` (popups included); return their list."""
    found = _WATCHED[context] = _Watch(test)
    add = found.problems.append

    def console(msg: ConsoleMessage) -> None:
        where = msg.location
        if msg.type == "error" and not _own_favicon(where.get("url", "")):
            add(f"console error: {msg.text} ({where.get('url')}:{where.get('lineNumber')})")

    def web_error(error: WebError) -> None:
        add(f"uncaught exception: {error.error.name}: {error.error.message}"
            f" (page {error.page.url if error.page else '?'})")

    def request_failed(request: Request) -> None:
        if not _own_favicon(request.url) and not _download(request):
            add(f"request failed: {request.method} {request.url}: {request.failure}")

    def response(resp: Response) -> None:
        if resp.status >= 400 and not _own_favicon(resp.url):
            add(f"HTTP {resp.status}: {resp.request.method} {resp.url}")

    context.on("console", console)
    context.on("weberror", web_error)
    context.on("requestfailed", request_failed)
    context.on("response", response)
    return found.problems


def problems(page: Page) -> list[str]:
    """What went wrong so far in `page`'s context (a live list: ``.clear()`` it to start over)."""
    try:
        return _WATCHED[page.context].problems
    except KeyError:
        raise LookupError("this page was not opened by tests.browser's fixtures") from None


def assert_clean(page: Page) -> None:
    """Fail if `page`'s context logged a console error, threw, or had a request fail or ≥ 400."""
    # A round trip to the page first, so the events sent before it have been delivered.
    page.evaluate("() => new Promise(done => setTimeout(done, 0))")
    found = problems(page)
    assert not found, "the browser saw problems:\n  " + "\n  ".join(found)


def shot(page: Page, name: str) -> Path:
    """Save a full-page screenshot of `page` as out/screenshots/<test>/<nn>-<name>.png."""
    try:
        test = _WATCHED[page.context].test
    except KeyError:
        raise LookupError("this page was not opened by tests.browser's fixtures") from None
    path = test.next_path(name)
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")
    return path


# -- the fixtures -------------------------------------------------------------------------------

def _missing(reason: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def _playwright() -> Iterator[Playwright]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _missing(f"the playwright package is missing ({exc}); run bin/setup")
    driver = sync_playwright().start()
    yield driver
    driver.stop()


@pytest.fixture(scope="session")
def browser(_playwright: Playwright) -> Iterator[Browser]:
    """One headless Chromium for the whole session."""
    executable = os.environ.get("VANBAN_CHROMIUM") or CHROMIUM
    if not os.access(executable, os.X_OK):
        _missing(f"no Chromium at {executable} (apt-get install chromium, or set $VANBAN_CHROMIUM)")
    chromium = _playwright.chromium.launch(executable_path=executable, headless=True,
                                           args=CHROMIUM_ARGS, timeout=30_000)
    yield chromium
    chromium.close()


def _shoot_failure(test: _Test) -> None:
    for i, page in enumerate(test.pages, 1):
        if not page.is_closed():
            try:
                shot(page, f"FAILED-{i}")
            except Exception as exc:  # the page may be what broke; the failure is reported
                print(f"tests.browser: no failure screenshot of page {i}: {exc}")


@pytest.fixture
def new_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh context: ``new_page()``, ``new_page(viewport=PHONE)``; keyword
    arguments go to ``browser.new_context``. Every context is closed after the test."""
    test = _Test(_safe(request.node.name))
    contexts: list[BrowserContext] = []
    try:
        base_url: str | None = request.getfixturevalue("base_url")
    except pytest.FixtureLookupError:
        base_url = None

    def open_page(**options: Any) -> Page:
        settings: dict[str, Any] = {"viewport": DESKTOP, "locale": LOCALE,
                                    "timezone_id": TIMEZONE, "base_url": base_url}
        settings.update(options)
        context = browser.new_context(**settings)
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        watch(context, test)
        page = context.new_page()
        test.pages.append(page)
        return page

    yield open_page
    report = request.node.stash.get(_CALL_REPORT, None)
    if report is not None and report.failed:
        _shoot_failure(test)
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    """A desktop page (1280×800) in a fresh context."""
    return new_page()


@pytest.fixture
def phone_page(new_page: Callable[..., Page]) -> Page:
    """A phone-sized page (390×844 CSS pixels, touch, mobile viewport) in a fresh context."""
    return new_page(viewport=PHONE, has_touch=True, is_mobile=True)


# The call phase's report, so that new_page knows at teardown whether the test failed.
_CALL_REPORT = pytest.StashKey[pytest.TestReport]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]
                              ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.when == "call":
        item.stash[_CALL_REPORT] = report
    return report


@pytest.fixture
def base_url(app: WSGIApplication) -> Iterator[str]:
    """The URL of the test module's `app` fixture, served for the test (pages start there)."""
    with live_server(app) as url:
        yield url


def log_in(page: Page, login: str, password: str) -> None:
    """Log in through vanban's login page and wait for "Việc của tôi"."""
    from playwright.sync_api import expect

    page.goto("/dang-nhap")
    page.get_by_label("Tên đăng nhập").fill(login)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Việc của tôi")).to_be_visible()
    page.wait_for_load_state("load")
