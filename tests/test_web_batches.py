"""The quản trị's page of batches and background tasks: each batch's progress and its failed
jobs with their errors (what `vanban batch status` prints, from the same rows), the web's
latest tasks, polling while a batch runs; other roles are refused."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from engine.jobs import records, task_state
from engine.jobs.batch import run_batch
from tests.test_jobs import _poisoned
from tests.web_client import Site, logged_in, make_site


@pytest.fixture
def site(tmp_path: Path) -> Site:
    (tmp_path / "site").mkdir()
    return make_site(tmp_path / "site")


def _url(site: Site) -> str:
    return site.engine.url.render_as_string(hide_password=False)


def test_the_administrator_sees_each_batch_its_progress_and_its_failed_jobs(
        site: Site, tmp_path: Path) -> None:
    path, templates = _poisoned(tmp_path)
    status = run_batch([path], tmp_path / "out", templates=templates, db=_url(site), workers=1)
    admin = logged_in(site, "admin")
    listing = html.unescape(admin.get("/quan-tri/lo-viec").get_data(as_text=True))
    assert f'href="/quan-tri/lo-viec/{status.batch_id}">{status.batch_id}</a>' in listing
    assert "<td>generate</td>" in listing and "<td>in-process</td>" in listing
    assert "2 xong, 1 thất bại" in listing and "1 thất bại</strong>" in listing
    page = html.unescape(admin.get(f"/quan-tri/lo-viec/{status.batch_id}").get_data(
        as_text=True))
    assert "<td>chien-dich/ct-02</td><td>[template-error] Không dùng được mẫu «chi_thi.docx»" \
        in page and "ZeroDivisionError" in page
    assert "hx-get" not in page  # finished: nothing to poll
    assert 'href="/quan-tri/lo-viec"' in admin.get("/quan-tri").get_data(as_text=True)


def test_a_running_batch_is_polled_and_a_web_task_is_listed(site: Site) -> None:
    batch_id = records.create_batch(site.engine, "regenerate", "celery", "/srv/out", True, 2)
    records.add_jobs(site.engine, batch_id, [("xa-01/ct-01", "a:b"), ("xa-01/ct-02", "a:c")])
    records.finished(site.engine, batch_id, "xa-01/ct-01", records.DONE, wrote=True)
    task_state.claim(site.engine, "xem-truoc:abc", "preview")
    task_state.finished(site.engine, "xem-truoc:abc", "Không chuyển được «cv.docx» sang PDF")
    admin = logged_in(site, "admin")
    page = html.unescape(admin.get(f"/quan-tri/lo-viec/{batch_id}").get_data(as_text=True))
    assert f'hx-get="/quan-tri/lo-viec/{batch_id}"' in page
    assert "Đang chạy: 1/2 việc xong." in page and "<li>1 chờ</li>" in page
    listing = html.unescape(admin.get("/quan-tri/lo-viec").get_data(as_text=True))
    assert "1 chờ, 1 xong (chưa xong)" in listing and "/srv/out" not in listing
    assert "<td>Bản xem trước</td>\n    <td>thất bại</td>" in listing
    assert "Không chuyển được «cv.docx» sang PDF" in listing


def test_only_an_administrator_sees_batches(site: Site) -> None:
    batch_id = records.create_batch(site.engine, "generate", "in-process", "/srv/out", False, 0)
    for who in ("soan", "vanthu", "duyet"):
        client = logged_in(site, who)
        assert client.get("/quan-tri/lo-viec").status_code == 403
        assert client.get(f"/quan-tri/lo-viec/{batch_id}").status_code == 403
    assert logged_in(site, "admin").get("/quan-tri/lo-viec/khong-co").status_code == 404
    assert site.app.test_client().get("/quan-tri/lo-viec").status_code == 302  # log in first
