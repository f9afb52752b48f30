"""The database rows of a batch: created with every job queued, updated by whoever runs a job
(a worker, or this process), read by `vanban batch status` and the process waiting for it."""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, insert, select, update

from engine.db.tables import batch_jobs, batches
from engine.errors import JobError
from engine.workflow.store import issued_file

QUEUED, RUNNING, DONE, ISSUED, STALE, FAILED = (
    "queued", "running", "done", "issued", "stale", "failed")
FINAL = (DONE, ISSUED, STALE, FAILED)
LABELS = {QUEUED: "chờ", RUNNING: "đang chạy", DONE: "xong", ISSUED: "đã ban hành, giữ nguyên",
          STALE: "dữ liệu đã đổi, không ghi", FAILED: "thất bại"}


@dataclass
class BatchStatus:
    """Where a batch stands: jobs per state, and each failed job with its error."""

    batch_id: str
    kind: str
    executor: str
    total: int
    counts: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    finished: bool = False
    states: dict[str, str] = field(default_factory=dict)   # of each job, by its name
    created_at: datetime | None = None

    @property
    def pending(self) -> int:
        return self.counts[QUEUED] + self.counts[RUNNING]

    def summary(self) -> str:
        parts = [f"{self.counts[state]} {LABELS[state]}" for state in LABELS
                 if self.counts[state]]
        text = f"Lô {self.batch_id} ({self.kind}, {self.executor}): {self.total} việc"
        if parts:
            text += ": " + ", ".join(parts)
        return text + ("" if self.finished else " (chưa xong)")


def create_batch(engine: Engine, kind: str, executor: str, out_dir: str, pdf: bool,
                 total: int) -> str:
    """Record a new batch of `total` jobs (added by add_jobs); return its id."""
    batch_id = secrets.token_hex(8)
    with engine.begin() as conn:
        conn.execute(insert(batches).values(id=batch_id, kind=kind, executor=executor,
                                            out_dir=out_dir, pdf=pdf, total=total,
                                            created_at=datetime.now(UTC)))
    return batch_id


def add_jobs(engine: Engine, batch_id: str, jobs: list[tuple[str, str]]) -> None:
    """Record the batch's `jobs` ((job name, content version)), all queued."""
    now = datetime.now(UTC)
    if jobs:
        with engine.begin() as conn:
            conn.execute(insert(batch_jobs), [
                {"batch_id": batch_id, "job": job, "version": version, "state": QUEUED,
                 "tries": 0, "writes": 0, "updated_at": now} for job, version in jobs])


def started(engine: Engine, batch_id: str, job: str, worker: str,
            docx: Path | None = None) -> tuple[int, bool]:
    """A try of `job` begins on `worker`: return its number (a redelivered job counts one) and
    whether the register lists `docx` as issued or being issued (one transaction for both)."""
    with engine.begin() as conn:
        where = (batch_jobs.c.batch_id == batch_id, batch_jobs.c.job == job)
        conn.execute(update(batch_jobs).where(*where)
                     .values(state=RUNNING, tries=batch_jobs.c.tries + 1, worker=worker,
                             updated_at=datetime.now(UTC)))
        tries = conn.execute(select(batch_jobs.c.tries).where(*where)).scalar()
        registered = docx is not None and conn.execute(issued_file(docx)).first() is not None
    if tries is None:
        raise JobError(f"Lô {batch_id} không có việc «{job}».", code="unknown-job")
    return int(tries), registered


def finished(engine: Engine, batch_id: str, job: str, state: str, *, wrote: bool = False,
             content_hash: str | None = None, error: str | None = None) -> None:
    """Record the outcome of a try: its final state (or queued again, before a retry)."""
    values: dict[str, object] = {"state": state, "error": error, "updated_at": datetime.now(UTC)}
    if wrote:
        values["writes"] = batch_jobs.c.writes + 1
    if content_hash is not None:
        values["content_hash"] = content_hash
    with engine.begin() as conn:
        conn.execute(update(batch_jobs)
                     .where(batch_jobs.c.batch_id == batch_id, batch_jobs.c.job == job)
                     .values(**values))


def close_batch(engine: Engine, batch_id: str) -> None:
    """The batch's manifests are written: it is finished."""
    with engine.begin() as conn:
        conn.execute(update(batches).where(batches.c.id == batch_id)
                     .values(finished_at=datetime.now(UTC)))


def batch_status(engine: Engine, batch_id: str) -> BatchStatus:
    """Return the batch's state; BadValue when there is no such batch."""
    with engine.connect() as conn:
        head = conn.execute(select(batches).where(batches.c.id == batch_id)).first()
        if head is None:
            raise JobError(f"Không có lô việc «{batch_id}».", code="unknown-batch",
                           hint="Mã lô được in khi lô bắt đầu; «vanban batch list» liệt kê các lô.")
        rows = conn.execute(select(batch_jobs.c.job, batch_jobs.c.state, batch_jobs.c.error)
                            .where(batch_jobs.c.batch_id == batch_id)
                            .order_by(batch_jobs.c.job)).all()
    status = BatchStatus(batch_id, head.kind, head.executor, head.total,
                         Counter(row.state for row in rows),
                         finished=head.finished_at is not None, created_at=head.created_at)
    status.failures = [(row.job, row.error or "") for row in rows if row.state == FAILED]
    status.states = {row.job: row.state for row in rows}
    return status


def recent_batches(engine: Engine, limit: int = 20) -> list[BatchStatus]:
    """The latest batches, newest first."""
    with engine.connect() as conn:
        ids = conn.execute(select(batches.c.id).order_by(batches.c.created_at.desc())
                           .limit(limit)).scalars().all()
    return [batch_status(engine, batch_id) for batch_id in ids]
