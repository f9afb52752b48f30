"""Issue 16's acceptance: three Celery worker processes on a 2,000-document batch across 40
bodies (DOCX and PDF, PostgreSQL), one killed with SIGKILL midway and another stopped with
SIGTERM: every document is written once with the bytes `generate` gives, nothing is missing,
the issued files do not change, and no LibreOffice outlives its worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from engine.campaign.yaml_writer import dump
from engine.db.connect import open_engine
from engine.db.tables import batch_jobs, batches
from engine.jobs import records
from engine.output import manifest
from engine.output.generate import generate
from tests.conftest import postgres_url
from tests.helpers import PROFILE, document
from tests.test_jobs import BROKER, needs_broker, wait_for_workers

BODIES, PER_BODY = 40, 50
ISSUED = [f"ct-{j:02d}" for j in range(5)]  # of the first body, issued before the batch


def _campaigns(root: Path, trich_yeu: str) -> list[Path]:
    """Forty communes' campaigns of fifty Chỉ thị each."""
    paths = []
    for i in range(BODIES):
        folder = root / f"xa-{i:02d}"
        folder.mkdir(exist_ok=True)
        profile = {**PROFILE, "ma": f"ubnd-xa-{i:02d}", "ten": f"Ủy ban nhân dân xã Hòa {i}",
                   "ten_in": ["ỦY BAN NHÂN DÂN", f"XÃ HÒA {i}"], "dia_danh": f"Hòa {i}"}
        (folder / "co-quan.yaml").write_text(dump(profile), "utf-8")
        campaign = {"co_quan": "co-quan.yaml", "chien_dich": {"ten": "Phong trào thi đua"},
                    "van_ban": [document(ma=f"ct-{j:02d}", so=str(j + 1), trich_yeu=trich_yeu)
                                for j in range(PER_BODY)]}
        path = folder / f"xa-{i:02d}.yaml"
        path.write_text(dump(campaign), "utf-8")
        paths.append(path)
    return paths


def _issue_some(paths: list[Path], out: Path) -> dict[Path, bytes]:
    """Generate the first body's documents and mark five of them issued; return their files."""
    generate(paths[:1], out, workers=1)
    folder = out / paths[0].stem
    entries = manifest.read(folder)
    for ma in ISSUED:
        entries[ma].issued = True
    manifest.write(folder, str(paths[0]), {}, list(entries.values()))
    return {path: path.read_bytes() for ma in ISSUED for path in (folder / f"{ma}.docx",)}


def _workers(queue: str, cwd: Path) -> list[subprocess.Popen[bytes]]:
    env = {**os.environ, "VANBAN_QUEUE": queue}
    return [subprocess.Popen([sys.executable, "-m", "engine", "worker", "--broker", BROKER,
                              "--concurrency", "1", "--name", f"w{i}-{queue}@test"],
                             cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL) for i in range(3)]


def _offices_of(queue: str) -> list[int]:
    """The LibreOffice processes started by this test's workers (their environment says)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and b"soffice" in (proc / "cmdline").read_bytes() and \
                    f"VANBAN_QUEUE={queue}".encode() in (proc / "environ").read_bytes():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def _done(engine: object) -> int:
    with engine.connect() as conn:  # type: ignore[attr-defined]
        rows = conn.execute(select(batch_jobs.c.state)).scalars().all()
    return sum(state in records.FINAL for state in rows)


def _just_started(engine: object, worker: str) -> str | None:
    """The job `worker` began less than 0.15 s ago, if any: it has most of its run ahead."""
    recent = datetime.now(UTC) - timedelta(seconds=0.15)
    with engine.connect() as conn:  # type: ignore[attr-defined]
        return conn.execute(select(batch_jobs.c.job).where(
            batch_jobs.c.state == records.RUNNING, batch_jobs.c.worker == worker,
            batch_jobs.c.updated_at > recent)).scalar()


def _kill_with_children(pid: int) -> None:
    """SIGKILL a worker and its pool process at once, as a machine that loses power."""
    children = [int(stat.parent.name) for stat in Path("/proc").glob("[0-9]*/stat")
                if _parent_of(stat) == pid]
    for victim in (pid, *children):
        os.kill(victim, signal.SIGKILL)


def _parent_of(stat: Path) -> int:
    try:
        return int(stat.read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1


def _run_and_kill(command: list[str], env: dict[str, str], cwd: Path, db: str,
                  workers: list[subprocess.Popen[bytes]], queue: str) -> tuple[
                      subprocess.CompletedProcess[str], str]:
    """Run the batch; SIGKILL worker 0 in the middle of a job once 500 jobs are done, SIGTERM
    worker 1 at 1,000; return the run and the job the SIGKILL cut off."""
    engine = open_engine(db)
    run = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    cut, terminated = "", False
    while run.poll() is None:
        done = _done(engine) if not (cut and terminated) else 0
        if not cut and done >= 500:
            cut = _just_started(engine, f"w0-{queue}@test") or ""
            if cut:
                _kill_with_children(workers[0].pid)
        elif cut and not terminated and done >= 1000:
            os.kill(workers[1].pid, signal.SIGTERM)
            terminated = True
        time.sleep(0.02 if done >= 500 and not cut else 0.2)
    out, err = run.communicate()
    engine.dispose()
    assert cut and terminated, "the batch ended before both workers were stopped"
    return subprocess.CompletedProcess(command, run.returncode, out, err), cut


@needs_broker
def test_three_workers_one_killed_one_stopped_write_every_document_once(tmp_path: Path) -> None:
    db = postgres_url(f"jobs_{os.getpid()}")
    queue = f"vanban-test-{uuid.uuid4().hex[:8]}"
    paths = _campaigns(tmp_path, "Về tăng cường cải cách hành chính")
    out = tmp_path / "out"
    issued = _issue_some(paths, out)
    paths = _campaigns(tmp_path, "Về đẩy mạnh cải cách hành chính năm 2026")
    workers = _workers(queue, tmp_path)
    try:
        wait_for_workers(queue, 3)
        run, cut = _run_and_kill([sys.executable, "-m", "engine", "generate", "--broker",
                                  BROKER, "--db", db, "--pdf", "--out", str(out),
                                  *map(str, paths)], {**os.environ, "VANBAN_QUEUE": queue},
                                 tmp_path, db, workers, queue)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(120)
    assert run.returncode == 0, run.stderr[-2000:]
    _check_jobs(db, cut)
    _check_files(paths, out, tmp_path, issued)
    assert sorted(p.name for p in out.iterdir()) == [p.stem for p in paths]  # no work folder
    deadline = time.monotonic() + 15
    while _offices_of(queue) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not _offices_of(queue), "LibreOffice outlived its worker"


def _check_jobs(db: str, cut: str) -> None:
    engine = open_engine(db)
    with engine.connect() as conn:
        batch = conn.execute(select(batches)).one()
        rows = conn.execute(select(batch_jobs)).all()
    engine.dispose()
    assert batch.total == len(rows) == BODIES * PER_BODY and batch.finished_at is not None
    states = {row.job: row.state for row in rows}
    assert {job for job, state in states.items() if state == records.ISSUED} == \
        {f"xa-00/{ma}" for ma in ISSUED}
    assert set(states.values()) == {records.DONE, records.ISSUED}
    assert max(row.writes for row in rows) == 1            # no document written twice
    unrecorded = [row.job for row in rows if row.state == records.DONE and row.writes == 0]
    assert len(unrecorded) <= 1, unrecorded  # only a write whose record the SIGKILL cut off
    assert {row.job: row.tries for row in rows}[cut] > 1  # the cut job was delivered again


def _check_files(paths: list[Path], out: Path, tmp_path: Path,
                 issued: dict[Path, bytes]) -> None:
    reference = tmp_path / "reference"
    generate(paths, reference, workers=2)
    for path in paths:
        folder = out / path.stem
        entries = manifest.read(folder)
        assert len(entries) == PER_BODY and not (folder / manifest.JOURNAL).exists()
        for ma, entry in entries.items():
            docx = folder / f"{ma}.docx"
            if docx in issued:
                assert docx.read_bytes() == issued[docx] and entry.issued
                continue
            assert docx.read_bytes() == (reference / path.stem / f"{ma}.docx").read_bytes()
            assert entry.pdf == f"{ma}.pdf" and entry.pdf_pages == 1
            assert (folder / f"{ma}.pdf").read_bytes().startswith(b"%PDF")
        assert not [p for p in folder.iterdir() if p.name.startswith(".tmp-vanban-")]
