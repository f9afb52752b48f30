"""The web application under the Flask test client: an app on a fresh SQLite database with a
body imported and an account per role, and helpers to log in and post forms with their CSRF
token as a browser would."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine

from engine.web.app import create_app
from engine.web.settings import Settings
from tests.helpers import PROFILE, dump
from tests.office import PASSWORD, Office, office

_TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


@dataclass
class Site:
    """An application, its data folder and its office."""

    app: Flask
    data: Path
    staff: Office

    @property
    def engine(self) -> Engine:
        """The application's database."""
        found: Engine = self.app.extensions["vanban_engine"]
        return found


def make_site(folder: Path, profile: dict[str, Any] | None = None, *,
              https: bool = False, broker: str | None = None) -> Site:
    """An application on `folder` with the body of `profile` (the tests' PROFILE by default)."""
    (folder / "co-quan.yaml").write_text(dump(profile or PROFILE), "utf-8")
    settings = Settings(f"sqlite:///{folder / 'vanban.db'}", folder / "data", "k" * 40, https,
                        False, broker)
    app = create_app(settings)
    app.config["TESTING"] = True
    return Site(app, folder / "data", office(app.extensions["vanban_engine"],
                                             folder / "co-quan.yaml"))


def token(client: FlaskClient, url: str) -> str:
    """The CSRF token of the form on page `url`."""
    page = client.get(url).get_data(as_text=True)
    found = _TOKEN.search(page)
    assert found, f"no CSRF token on {url}"
    return found.group(1)


def login(client: FlaskClient, login_name: str, password: str = PASSWORD) -> Any:
    return client.post("/dang-nhap", data={"login": login_name, "password": password,
                                           "csrf_token": token(client, "/dang-nhap")})


def logged_in(site: Site, who: str) -> FlaskClient:
    """A client of `site` logged in as the account `who`."""
    client = site.app.test_client()
    assert login(client, who).status_code == 302
    return client


def post(client: FlaskClient, url: str, form_page: str, data: dict[str, Any]) -> Any:
    """Post `data` to `url` with the CSRF token of the page `form_page`."""
    return client.post(url, data={**data, "csrf_token": token(client, form_page)})


def body(*blocks: tuple[str, Any]) -> dict[str, str]:
    """The form fields of the body editor's blocks, written out as the page names them:
    ("muc", "Tiêu đề"), ("y", "Ý đánh số"), ("doan", "Đoạn văn"), ("bang", [[header…], [row…]…])."""
    fields = {}
    for i, (kind, value) in enumerate(blocks):
        fields[f"khoi-{i}-loai"] = kind
        if kind == "bang":
            fields.update({f"khoi-{i}-o-{r}-{c}": cell for r, row in enumerate(value)
                           for c, cell in enumerate(row)})
        else:
            fields[f"khoi-{i}-van_ban"] = value
    return fields


def download(client: FlaskClient, url: str) -> bytes:
    """The bytes of a download (its file closed)."""
    answer = client.get(url)
    try:
        return bytes(answer.data)
    finally:
        answer.close()
