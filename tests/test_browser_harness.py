"""The browser-test harness itself (tests/browser.py, loaded as a plugin by tests/conftest.py),
on a tiny Flask app of its own."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from flask import Flask, Response, request

from tests.browser import SCREENSHOTS, assert_clean, live_server, problems, shot

FORM = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lời chào</title>{extra}
<style>body {{ font: 16px sans-serif; margin: 2rem; }} output {{ color: #0a5; }}</style>
</head><body>
<h1>Lời chào</h1>
<form method="post" action="/chao">
  <label>Họ và tên <input name="ten" required></label>
  <button type="submit">Gửi</button>
</form>
</body></html>"""


def _app() -> Flask:
    app = Flask(__name__)

    @app.get("/")
    def form() -> str:
        return FORM.format(extra="")

    @app.post("/chao")
    def greet() -> str:
        name = request.form["ten"]
        return f'<!doctype html><meta charset="utf-8"><p>Xin chào, <output>{name}</output>!</p>'

    @app.get("/missing-script")
    def missing_script() -> str:
        return FORM.format(extra='<script src="/static/khong-co.js"></script>')

    @app.get("/csp")
    def csp() -> Response:
        page = Response(FORM.format(extra="<script>document.title = 'inline';</script>"))
        page.headers["Content-Security-Policy"] = "default-src 'self'; style-src 'unsafe-inline'"
        return page

    @app.get("/throws")
    def throws() -> str:
        return FORM.format(extra="<script>null.boom();</script>")

    return app


@pytest.fixture
def base_url() -> Iterator[str]:
    with live_server(_app()) as url:
        yield url


def test_form_round_trip(page, base_url: str) -> None:
    page.goto("/")  # relative to base_url
    assert page.title() == "Lời chào"
    first = shot(page, "form")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    page.get_by_role("button", name="Gửi").click()
    page.wait_for_url(f"{base_url}/chao")
    assert page.locator("output").inner_text() == "Nguyễn Thị Lan"
    second = shot(page, "ket qua")
    assert_clean(page)

    folder = SCREENSHOTS / "test_form_round_trip"
    assert (first, second) == (folder / "01-form.png", folder / "02-ket_qua.png")
    assert first.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert sorted(folder.iterdir()) == [first, second]  # an earlier run's shots are gone


def test_phone_page(phone_page, base_url: str) -> None:
    phone_page.goto("/")
    width, language, zone = phone_page.evaluate(
        "[innerWidth, navigator.language, Intl.DateTimeFormat().resolvedOptions().timeZone]")
    # Chromium's ICU names Asia/Ho_Chi_Minh by its older canonical alias.
    assert (width, language, zone in {"Asia/Ho_Chi_Minh", "Asia/Saigon"}) == (390, "vi-VN", True)
    shot(phone_page, "form")
    assert_clean(phone_page)


@pytest.mark.parametrize(("path", "expected"), [
    ("/missing-script", "HTTP 404: GET {base_url}/static/khong-co.js"),
    ("/csp", "console error: Executing inline script violates"),
    ("/throws", "uncaught exception: TypeError"),
    ("/khong-co-trang", "HTTP 404: GET {base_url}/khong-co-trang"),
])
def test_assert_clean_fails(page, base_url: str, path: str, expected: str) -> None:
    page.goto(path)
    with pytest.raises(AssertionError, match="the browser saw problems"):
        assert_clean(page)
    expected = expected.format(base_url=base_url)
    assert any(p.startswith(expected) for p in problems(page)), problems(page)
    problems(page).clear()
    page.goto("/")
    assert_clean(page)


def test_two_accounts_two_contexts(new_page, base_url: str) -> None:
    first, second = new_page(), new_page()
    assert first.context is not second.context
    first.goto("/")
    first.evaluate("document.cookie = 'ai=mot'")
    second.goto("/")
    assert second.evaluate("document.cookie") == ""


def test_live_server_stops() -> None:
    with live_server(_app()) as url, urllib.request.urlopen(url) as answer:
        assert answer.status == 200
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=2)
