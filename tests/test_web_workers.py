"""Issue 16's last acceptance: with a broker configured, the web application's long jobs (a
preview, the rest of an issuance, the register as PDF, an award dossier and the Quyết định
khen thưởng) run on a Celery worker, the same tasks as in the web process, and the pages show
their progress and result from the database."""

from __future__ import annotations

import shutil
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from engine.db.tables import tasks
from engine.jobs import task_state
from engine.word.reader import Docx
from tests.test_jobs import BROKER, needs_broker, start_workers, stop_workers, wait_for_workers
from tests.test_web import _act, _new_letter, _state
from tests.test_web_awards import CAMPAIGN, UNIT_PAGE, award_site
from tests.web_client import Site, download, logged_in, make_site, post, token

pytestmark = [needs_broker, pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice and poppler-utils are installed by .ci/run")]


@pytest.fixture(scope="module")
def queue(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One Celery worker on a queue of this module's own, for its tests."""
    name = f"vanban-test-{uuid.uuid4().hex[:8]}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VANBAN_QUEUE", name)
        workers = start_workers(1, name, tmp_path_factory.mktemp("worker"))
        try:
            wait_for_workers(name, 1)
            yield name
        finally:
            stop_workers(workers)


def _finished(engine: Engine, name: str, count: int = 1) -> list[Any]:
    """Wait for `count` tasks called `name` to end; return their rows."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            rows = conn.execute(select(tasks).where(tasks.c.name == name)).all()
        if len(rows) >= count and all(row.state not in task_state.PENDING for row in rows):
            return list(rows)
        time.sleep(0.2)
    raise AssertionError(f"the {name} tasks did not end: {rows}")


def _on_worker(rows: list[Any], queue: str) -> None:
    assert [(row.state, row.error, row.worker) for row in rows] == \
        [(task_state.DONE, None, f"w0-{queue}@test")] * len(rows)


def test_a_documents_preview_issuance_and_register_run_on_the_worker(
        tmp_path: Path, queue: str) -> None:
    site = make_site(tmp_path, broker=BROKER)
    clerk = logged_in(site, "soan")
    doc = _new_letter(clerk).headers["Location"].split("/van-ban/", 1)[1]
    started = post(clerk, f"/van-ban/{doc}/xem-truoc", f"/van-ban/{doc}", {})
    assert "Đang tạo bản xem trước" in started.get_data(as_text=True)
    _on_worker(_finished(site.engine, "preview"), queue)
    panel = clerk.get(f"/van-ban/{doc}/xem-truoc").get_data(as_text=True)
    assert f'src="/van-ban/{doc}/trang/1"' in panel
    assert download(clerk, f"/van-ban/{doc}/trang/1").startswith(b"\x89PNG")
    _issue(site, doc)
    _on_worker(_finished(site.engine, "finish-issuance"), queue)
    vanthu = logged_in(site, "vanthu")
    assert _state(site, doc) == "da_ban_hanh"
    assert "Số: 01/UBND-VP" in Docx(download(vanthu, f"/van-ban/{doc}/tai/docx")).text()
    assert download(vanthu, f"/van-ban/{doc}/tai/pdf").startswith(b"%PDF-")
    year = datetime.now(UTC).year
    post(vanthu, f"/so-dang-ky/pdf?nam={year}", "/so-dang-ky", {})
    _on_worker(_finished(site.engine, "register-pdf"), queue)
    assert download(vanthu, f"/so-dang-ky/pdf/tai?nam={year}").startswith(b"%PDF-")


def _issue(site: Site, doc: str) -> None:
    clerk = logged_in(site, "soan")
    _act(clerk, doc, "trinh")
    _act(logged_in(site, "duyet"), doc, "duyet")
    _act(logged_in(site, "ky"), doc, "ky")
    vanthu = logged_in(site, "vanthu")
    assert _act(vanthu, doc, "cap_so").status_code == 303
    shown = vanthu.get(f"/van-ban/{doc}/tien-do").get_data(as_text=True)
    assert "Đang ban hành" in shown or _state(site, doc) == "da_ban_hanh"


def _post_panel(client: FlaskClient, url: str, page: str) -> str:
    return str(client.post(url, headers={"X-CSRFToken": token(client, page)})
               .get_data(as_text=True))


def test_an_award_dossier_and_decision_are_built_on_the_worker(
        tmp_path: Path, queue: str) -> None:
    awards = award_site(tmp_path, BROKER)
    engine = awards.site.engine
    head = logged_in(awards.site, "td-hungdao")
    unit = f"{UNIT_PAGE}/xa-hung-dao"
    assert "Đang lập hồ sơ" in _post_panel(head, f"{unit}/ho-so", unit)
    _on_worker(_finished(engine, "unit-dossier"), queue)
    assert download(head, f"{unit}/ho-so/pdf").startswith(b"%PDF-")
    secretary = logged_in(awards.site, "thuongtruc")
    round_page = f"/khen-thuong/{CAMPAIGN}"
    _post_panel(secretary, f"{round_page}/quyet-dinh", round_page)
    _on_worker(_finished(engine, "award-decision"), queue)
    text = Docx(download(secretary, f"{round_page}/quyet-dinh/tai")).text()
    assert "QUYẾT ĐỊNH" in text and "khen thưởng" in text.lower()
