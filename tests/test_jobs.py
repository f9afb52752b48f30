"""Document jobs (engine/jobs): a generation as a batch, run in this process or by Celery
workers on RabbitMQ; the same files either way, each written once, issued ones never."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.db.connect import open_engine
from engine.db.tables import batch_jobs
from engine.jobs import records
from engine.jobs.batch import run_batch
from engine.jobs.document_job import DocumentJob
from engine.jobs.execute import execute_here
from engine.output import manifest
from engine.output.generate import generate
from tests.helpers import copy_templates, document, write_campaign

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))
VANBAN = [sys.executable, "-m", "engine"]
BROKER = os.environ.get("VANBAN_TEST_BROKER", "amqp://guest:guest@127.0.0.1:5672//")


def _jobs(db: str, batch_id: str) -> dict[str, tuple[str, int, int]]:
    """{job: (state, tries, writes)} of a batch, read straight from its table."""
    engine = open_engine(db)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(batch_jobs).where(batch_jobs.c.batch_id == batch_id))
            return {row.job: (row.state, row.tries, row.writes) for row in rows}
    finally:
        engine.dispose()


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.docx"))}


def test_an_in_process_batch_writes_what_generate_writes_each_file_once(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'b.db'}"
    plain = generate(SAMPLES, tmp_path / "plain", workers=1)
    status = run_batch(SAMPLES, tmp_path / "lo", db=db, workers=2)
    assert status.counts[records.DONE] == status.total == len(plain.documents) and \
        not status.failures and status.finished
    assert _files(tmp_path / "lo") == _files(tmp_path / "plain")
    for folder in (tmp_path / "plain").iterdir():
        ours = manifest.read(tmp_path / "lo" / folder.name)
        assert ours == manifest.read(folder)
        assert not (tmp_path / "lo" / folder.name / manifest.JOURNAL).exists()
    jobs = _jobs(db, status.batch_id)
    assert set(jobs.values()) == {(records.DONE, 1, 1)}
    stamps = {p: p.stat().st_mtime_ns for p in (tmp_path / "lo").rglob("*.docx")}
    again = run_batch(SAMPLES, tmp_path / "lo", db=db, workers=1)  # nothing changed: no write
    assert set(_jobs(db, again.batch_id).values()) == {(records.DONE, 1, 0)}
    assert stamps == {p: p.stat().st_mtime_ns for p in (tmp_path / "lo").rglob("*.docx")}


def test_a_job_of_another_version_or_an_issued_document_writes_nothing(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'b.db'}"
    path = write_campaign(tmp_path, document(), document(ma="ct-02", so="6"))
    out = tmp_path / "out"
    first = run_batch([path], out, db=db, workers=1)
    folder = out / "chien-dich"
    entries = manifest.read(folder)
    entries["ct-01"].issued = True
    manifest.write(folder, str(path), {}, list(entries.values()))
    before = {p.name: p.read_bytes() for p in folder.glob("*.docx")}
    write_campaign(tmp_path, document(trich_yeu="Về nội dung đã đổi"),
                   document(ma="ct-02", so="6", trich_yeu="Về nội dung đã đổi"))
    second = run_batch([path], out, db=db, workers=1)
    assert _jobs(db, second.batch_id) == {"chien-dich/ct-01": (records.ISSUED, 1, 0),
                                          "chien-dich/ct-02": (records.DONE, 1, 1)}
    assert (folder / "ct-01.docx").read_bytes() == before["ct-01.docx"]
    assert (folder / "ct-02.docx").read_bytes() != before["ct-02.docx"]
    assert manifest.read(folder)["ct-01"].issued
    # A job planned before the data changed (its message delivered late) writes nothing.
    stale = DocumentJob(first.batch_id, str(path.resolve()), "ct-02", str(out.resolve()),
                        str((ROOT / "templates").resolve()), "0" * 64 + ":" + "0" * 64)
    now = (folder / "ct-02.docx").read_bytes()
    assert execute_here(stale, db) == records.STALE
    assert (folder / "ct-02.docx").read_bytes() == now


def _poisoned(tmp_path: Path) -> tuple[Path, Path]:
    """A campaign of three Chỉ thị whose template fails on the one whose trích yếu says
    «hỏng»; return (campaign, templates)."""
    templates = copy_templates(tmp_path, "decisions/chi_thi.docx", b"{{ trich_yeu }}",
                               "{{ trich_yeu if 'hỏng' not in trich_yeu else 1/0 }}".encode())
    path = write_campaign(tmp_path, document(), document(ma="ct-02", so="6",
                                                         trich_yeu="Về văn bản hỏng"),
                          document(ma="ct-03", so="7"))
    return path, templates


def test_a_poisoned_job_fails_after_its_tries_and_the_others_finish(tmp_path: Path) -> None:
    path, templates = _poisoned(tmp_path)
    db = f"sqlite:///{tmp_path / 'b.db'}"
    run = subprocess.run([*VANBAN, "generate", "--batch", "--workers", "1", "--db", db,
                          "--templates", str(templates), "--out", str(tmp_path / "out"),
                          str(path)], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 10, run.stderr
    assert "[jobs-failed] 1 việc" in run.stderr
    assert "chien-dich/ct-02: [template-error]" in run.stdout and "ZeroDivisionError" in run.stdout
    batch_id = run.stdout.split()[1]
    assert _jobs(db, batch_id) == {"chien-dich/ct-01": (records.DONE, 1, 1),
                                   "chien-dich/ct-02": (records.FAILED, 3, 0),
                                   "chien-dich/ct-03": (records.DONE, 1, 1)}
    assert sorted(p.name for p in (tmp_path / "out/chien-dich").glob("*.docx")) == \
        ["ct-01.docx", "ct-03.docx"]
    assert sorted(manifest.read(tmp_path / "out/chien-dich")) == ["ct-01", "ct-03"]
    shown = subprocess.run([*VANBAN, "batch", "status", batch_id, "--db", db],
                           capture_output=True, text=True, cwd=tmp_path)
    assert shown.returncode == 10 and "2 xong, 1 thất bại" in shown.stdout
    assert "chien-dich/ct-02" in shown.stdout
    unknown = subprocess.run([*VANBAN, "batch", "status", "khong-co", "--db", db],
                             capture_output=True, text=True, cwd=tmp_path)
    assert unknown.returncode == 10 and "[unknown-batch]" in unknown.stderr


def _broker_up() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 5672), timeout=1).close()
    except OSError:
        return False
    return True


# .ci/run starts RabbitMQ and sets $VANBAN_TEST_BROKER: there these tests never skip.
needs_broker = pytest.mark.skipif(not os.environ.get("VANBAN_TEST_BROKER") and not _broker_up(),
                                  reason="RabbitMQ is not running on 127.0.0.1:5672")


def start_workers(count: int, queue: str, cwd: Path) -> list[subprocess.Popen[bytes]]:
    env = {**os.environ, "VANBAN_QUEUE": queue}
    workers = [subprocess.Popen([*VANBAN, "worker", "--broker", BROKER, "--concurrency", "1",
                                 "--name", f"w{i}-{queue}@test"], cwd=cwd, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True) for i in range(count)]
    return workers


def stop_workers(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def wait_for_workers(queue: str, count: int) -> None:
    """Wait until `count` of this test's workers answer a ping."""
    from engine.jobs.celery_app import make_app

    app = make_app(BROKER)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        with app.connection_for_write() as connection:
            answers = [name for answer in app.control.ping(timeout=1.0, connection=connection)
                       for name in answer]
        if sum(queue in name for name in answers) >= count:
            return
    raise AssertionError("the workers did not start")


@needs_broker
def test_celery_workers_write_what_generate_writes(tmp_path: Path) -> None:
    queue = f"vanban-test-{uuid.uuid4().hex[:8]}"
    db = f"sqlite:///{tmp_path / 'b.db'}"
    workers = start_workers(2, queue, tmp_path)
    try:
        env = {**os.environ, "VANBAN_QUEUE": queue}
        deadline = time.monotonic() + 60
        while True:  # the workers take a few seconds to connect
            run = subprocess.run([*VANBAN, "generate", "--broker", BROKER, "--db", db,
                                  "--out", str(tmp_path / "lo"), *map(str, SAMPLES)],
                                 capture_output=True, text=True, cwd=tmp_path, env=env)
            if "[no-workers]" not in run.stderr or time.monotonic() > deadline:
                break
            time.sleep(1)
    finally:
        stop_workers(workers)
    assert run.returncode == 0, run.stderr
    assert "(generate, celery)" in run.stdout and "thất bại" not in run.stdout
    generate(SAMPLES, tmp_path / "plain", workers=1)
    assert _files(tmp_path / "lo") == _files(tmp_path / "plain")
    batch_id = run.stdout.split()[1]
    jobs = _jobs(db, batch_id)
    assert jobs and set(jobs.values()) == {(records.DONE, 1, 1)}


@needs_broker
def test_no_worker_or_no_broker_refused_before_anything_is_recorded(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'b.db'}"
    env = {**os.environ, "VANBAN_QUEUE": f"vanban-test-{uuid.uuid4().hex[:8]}"}
    for broker, code in ((BROKER, "[no-workers]"),
                         ("amqp://guest:guest@127.0.0.1:1//", "[broker-unreachable]")):
        run = subprocess.run([*VANBAN, "generate", "--broker", broker, "--db", db, "--out",
                              str(tmp_path / "lo"), str(SAMPLES[0])], capture_output=True,
                             text=True, cwd=tmp_path, env=env, timeout=120)
        assert run.returncode == 10 and code in run.stderr, run.stderr
    assert not list((tmp_path / "lo").rglob("*.docx"))
    listed = subprocess.run([*VANBAN, "batch", "list", "--db", db], capture_output=True,
                            text=True, cwd=tmp_path)
    assert listed.returncode == 0 and listed.stdout == ""


def test_the_celery_task_retries_a_failing_job_then_fails_it(tmp_path: Path) -> None:
    """The task as a worker process runs it (Celery's apply: here, no broker), on the poisoned
    document: retried twice, then failed with its error (acknowledged, so it does not come back);
    a good document is done."""
    from engine.jobs.celery_app import TASK, make_app
    from engine.jobs.document_job import jobs_for
    from engine.output.plan import load_all, plan

    path, templates = _poisoned(tmp_path)
    db = f"sqlite:///{tmp_path / 'b.db'}"
    engine = open_engine(db)
    items = plan(load_all([path]), tmp_path / "out", templates)
    batch_id = records.create_batch(engine, "generate", "celery", str(tmp_path / "out"), False,
                                    len(items))
    jobs = {job.ma: job for job in jobs_for(items, batch_id, tmp_path / "out", templates, False)}
    records.add_jobs(engine, batch_id, [(job.name, job.version) for job in jobs.values()])
    engine.dispose()
    task = make_app("memory://").tasks[TASK]
    assert task.apply(args=[jobs["ct-01"].as_dict(), db]).get() == records.DONE
    assert task.apply(args=[jobs["ct-02"].as_dict(), db]).get() == records.FAILED
    assert _jobs(db, batch_id)["chien-dich/ct-02"] == (records.FAILED, 3, 0)
    engine = open_engine(db)
    status = records.batch_status(engine, batch_id)
    engine.dispose()
    assert status.failures[0][0] == "chien-dich/ct-02" and "ZeroDivisionError" in \
        status.failures[0][1]
    bad = task.apply(args=[{"khong": "phai"}, db])  # not a job: refused, nothing recorded
    assert bad.state == "FAILURE" and "[bad-job]" in str(bad.result)


def test_a_batch_with_pdf_converts_once_and_makes_only_a_missing_pdf_again(
        tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'b.db'}"
    path = write_campaign(tmp_path, document())
    out = tmp_path / "out"
    first = run_batch([path], out, db=db, workers=1, pdf=True)
    folder = out / "chien-dich"
    entry = manifest.read(folder)["ct-01"]
    assert entry.pdf == "ct-01.pdf" and entry.pdf_pages == 1 and entry.pdf_fonts
    assert (folder / "ct-01.pdf").read_bytes().startswith(b"%PDF")
    assert _jobs(db, first.batch_id) == {"chien-dich/ct-01": (records.DONE, 1, 1)}
    docx = (folder / "ct-01.docx").stat().st_mtime_ns
    (folder / "ct-01.pdf").unlink()  # a try killed after its DOCX, before its PDF
    again = run_batch([path], out, db=db, workers=1, pdf=True)
    assert _jobs(db, again.batch_id) == {"chien-dich/ct-01": (records.DONE, 1, 0)}
    assert (folder / "ct-01.pdf").is_file() and manifest.read(folder)["ct-01"].pdf == "ct-01.pdf"
    assert (folder / "ct-01.docx").stat().st_mtime_ns == docx
    assert not [p for p in folder.iterdir() if p.name.startswith(".tmp-vanban-")]
    assert [p.name for p in out.iterdir()] == ["chien-dich"]  # the batch's work folder is gone


def test_a_job_whose_document_left_its_campaign_or_whose_campaign_broke_is_stale(
        tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'b.db'}"
    path = write_campaign(tmp_path, document(), document(ma="ct-02", so="6"))
    out = tmp_path / "out"
    batch = run_batch([path], out, db=db, workers=1)
    job = DocumentJob(batch.batch_id, str(path.resolve()), "ct-02", str(out.resolve()),
                      str((ROOT / "templates").resolve()), "x:y")
    write_campaign(tmp_path, document())  # ct-02 is gone from the campaign
    assert execute_here(job, db) == records.STALE
    path.write_text("van_ban: [\n", "utf-8")  # no longer loads
    assert execute_here(job, db) == records.STALE
    assert _jobs(db, batch.batch_id)["chien-dich/ct-02"] == (records.STALE, 3, 1)


def test_a_fault_of_vanban_fails_the_job_instead_of_leaving_it_running(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected exception (a bug) in a job is recorded as failed with [internal-error], so
    the batch's waiter is not left waiting on a job marked running, and is raised again for the
    worker's log."""
    from engine.jobs import document_job
    from engine.jobs.document_job import jobs_for
    from engine.output.plan import load_all, plan

    db = f"sqlite:///{tmp_path / 'b.db'}"
    path = write_campaign(tmp_path, document())
    engine = open_engine(db)
    items = plan(load_all([path]), tmp_path / "out", ROOT / "templates")
    batch_id = records.create_batch(engine, "generate", "in-process", str(tmp_path / "out"),
                                    False, 1)
    job = jobs_for(items, batch_id, tmp_path / "out", ROOT / "templates", False)[0]
    records.add_jobs(engine, batch_id, [(job.name, job.version)])
    engine.dispose()

    def broken(*_: object) -> None:
        raise KeyError("lỗi lập trình")

    monkeypatch.setattr(document_job, "run", broken)
    with pytest.raises(KeyError):
        execute_here(job, db)
    assert _jobs(db, batch_id) == {"chien-dich/ct-01": (records.FAILED, 1, 0)}
    engine = open_engine(db)
    failure = records.batch_status(engine, batch_id).failures
    engine.dispose()
    assert failure[0][1].startswith("[internal-error] lỗi nội bộ của vanban (KeyError)")
    assert not (tmp_path / "out" / "chien-dich" / "ct-01.docx").exists()
