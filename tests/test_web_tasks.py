"""The web application's long jobs (engine.jobs.tasks, engine.web.jobs): claimed once in the
database, run by a thread of the web process or, with a broker configured, by a Celery worker;
a page reads the same row either way. A job given a private key never goes to the broker."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from engine.db.tables import tasks as task_rows
from engine.errors import WorkflowError
from engine.esign.keys import Pkcs12Key
from engine.jobs import task_state, tasks
from engine.web import jobs
from tests.web_client import Site, make_site

UNREACHABLE = "amqp://guest:guest@127.0.0.1:1//"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    made = make_site(tmp_path)
    with made.app.test_request_context():
        yield made


def _key() -> str:
    return f"thu-nghiem:{uuid.uuid4().hex}"


def _row(site: Site, key: str) -> Any:
    with site.engine.connect() as conn:
        return conn.execute(select(task_rows).where(task_rows.c.key == key)).one()


def _as_task(monkeypatch: pytest.MonkeyPatch, work: Any) -> None:
    monkeypatch.setitem(tasks.TASKS, "thu-nghiem", work)


def test_a_running_task_is_not_started_twice_and_a_finished_one_runs_again_when_asked(
        site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    key, release, calls = _key(), threading.Event(), []

    def work(value: str) -> None:
        calls.append(value)
        assert release.wait(60)

    _as_task(monkeypatch, work)
    assert jobs.status(key) is None
    jobs.submit(key, work, "lần 1")
    try:
        deadline = time.monotonic() + 30
        while jobs.status(key) != jobs.Status("running") and time.monotonic() < deadline:
            time.sleep(0.02)
        assert jobs.status(key) == jobs.Status("running")
        jobs.submit(key, work, "lần 2")  # still running: not submitted twice
    finally:
        release.set()
    jobs.wait_all()
    assert jobs.status(key) == jobs.Status("done")
    row = _row(site, key)
    assert row.name == "thu-nghiem" and row.tries == 1 and row.worker.endswith("(web)")
    jobs.submit(key, work, "lần 3")  # finished: asked again, it runs (a job is idempotent)
    jobs.wait_all()
    assert calls == ["lần 1", "lần 3"] and _row(site, key).tries == 2


def test_a_failed_task_keeps_its_message_and_runs_again_when_asked(
        site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    key, calls = _key(), []

    def failing() -> None:
        calls.append("hỏng")
        raise WorkflowError("Chưa có tệp của văn bản này.", code="missing-file")

    _as_task(monkeypatch, failing)
    jobs.submit(key, failing)
    jobs.wait_all()  # a failure is kept for its page, never raised here
    assert jobs.status(key) == jobs.Status("failed", "Chưa có tệp của văn bản này.")
    _as_task(monkeypatch, calls.append)
    jobs.submit(key, calls.append, "chạy lại")
    jobs.wait_all()
    assert jobs.status(key) == jobs.Status("done") and calls == ["hỏng", "chạy lại"]


def test_an_unexpected_fault_of_a_task_is_logged_and_shown_without_details(
        site: Site, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    key = _key()

    def broken() -> None:
        raise ZeroDivisionError("chi tiết nội bộ")

    _as_task(monkeypatch, broken)
    with caplog.at_level(logging.ERROR, "vanban.jobs"):
        jobs.submit(key, broken)
        jobs.wait_all()
    assert jobs.status(key) == jobs.Status("failed", "lỗi nội bộ (xem nhật ký máy chủ)")
    logged = [r for r in caplog.records
              if r.getMessage() == f"công việc {key} (thu-nghiem) thất bại"]
    assert len(logged) == 1 and logged[0].exc_info is not None
    assert logged[0].exc_info[0] is ZeroDivisionError


def test_a_task_whose_process_died_is_shown_as_stopped_and_can_be_asked_again(
        site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    key, calls = _key(), []
    _as_task(monkeypatch, calls.append)
    assert task_state.claim(site.engine, key, "thu-nghiem")  # queued, then its process died
    jobs.submit(key, calls.append, "không chạy")
    jobs.wait_all()
    assert calls == [] and jobs.status(key) == jobs.Status("queued")
    long_ago = datetime.now(UTC) - task_state.STALE_AFTER * 2
    with site.engine.begin() as conn:
        conn.execute(update(task_rows).where(task_rows.c.key == key)
                     .values(state=task_state.RUNNING, updated_at=long_ago))
    assert jobs.status(key) == jobs.Status("failed", task_state.DIED)
    jobs.submit(key, calls.append, "chạy lại")
    jobs.wait_all()
    assert calls == ["chạy lại"] and jobs.status(key) == jobs.Status("done")


def _broker_site(tmp_path: Path, broker: str) -> Site:
    return make_site(tmp_path, broker=broker)


def test_an_unreachable_broker_fails_the_task_with_a_message_and_runs_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site, key, calls = _broker_site(tmp_path, UNREACHABLE), _key(), []
    _as_task(monkeypatch, calls.append)
    with site.app.test_request_context():
        started = time.monotonic()
        jobs.submit(key, calls.append, "không gửi được")
        elapsed = time.monotonic() - started
        jobs.wait_all()
        found = jobs.status(key)
    assert found is not None and found.state == "failed" and calls == []
    assert found.error is not None and \
        found.error.startswith("Không gửi được việc tới hàng đợi (")
    assert elapsed < 60, elapsed


def test_a_task_given_a_private_key_runs_in_the_web_process_even_with_a_broker(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site, key, seen = _broker_site(tmp_path, UNREACHABLE), _key(), []
    secret = Pkcs12Key(b"\x30\x82 not a real key", "mật khẩu", "co-quan.p12")

    def sign(doc: str, given: Pkcs12Key | None) -> None:
        seen.append((doc, given))

    _as_task(monkeypatch, sign)
    with site.app.test_request_context():
        jobs.submit(key, sign, "ubnd/cv-1", secret)
        jobs.wait_all()
        assert jobs.status(key) == jobs.Status("done")
    assert seen == [("ubnd/cv-1", secret)]  # the broker (unreachable) was never asked
    assert _row(site, key).worker.endswith("(web)")


def test_a_function_that_is_not_a_task_is_refused() -> None:
    with pytest.raises(ValueError, match="is not a task"):
        tasks.name_of(print)
