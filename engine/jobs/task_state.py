"""The rows of the web application's tasks: claimed by the page that asks for one, updated by
whoever runs it (a thread of the web process, a Celery worker), read by the page polling it.

A task whose row has not moved for longer than a job may run (the worker's time limit and a
margin) is taken to have died with its process: its page says so and it may be asked again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from engine.db.tables import tasks

from .broker import JOB_SECONDS

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
PENDING = (QUEUED, RUNNING)
STALE_AFTER = timedelta(seconds=JOB_SECONDS + 300)
DIED = ("công việc dừng giữa chừng (máy xử lý bị tắt hoặc không có worker nhận việc); "
        "bấm làm lại")


@dataclass(frozen=True)
class Status:
    """Where a task stands: queued, running, done or failed (with the Vietnamese reason)."""

    state: str
    error: str | None = None


def claim(engine: Engine, key: str, name: str) -> bool:
    """Queue the task `key` unless it is queued or running already (one run at a time);
    return whether this call queued it."""
    now = datetime.now(UTC)
    try:
        with engine.begin() as conn:
            conn.execute(insert(tasks).values(key=key, name=name, state=QUEUED, tries=0,
                                              updated_at=now))
        return True
    except IntegrityError:  # asked for before: queue it again only if it is not pending
        pass
    with engine.begin() as conn:
        again = conn.execute(update(tasks).where(
            tasks.c.key == key,
            or_(tasks.c.state.not_in(PENDING), tasks.c.updated_at < now - STALE_AFTER))
            .values(name=name, state=QUEUED, error=None, updated_at=now))
    return again.rowcount == 1


def started(engine: Engine, key: str, worker: str) -> None:
    """A try of the task begins on `worker`."""
    with engine.begin() as conn:
        conn.execute(update(tasks).where(tasks.c.key == key)
                     .values(state=RUNNING, tries=tasks.c.tries + 1, worker=worker,
                             updated_at=datetime.now(UTC)))


def finished(engine: Engine, key: str, error: str | None = None) -> None:
    """The task is done, or failed with `error`."""
    with engine.begin() as conn:
        conn.execute(update(tasks).where(tasks.c.key == key)
                     .values(state=FAILED if error else DONE, error=error,
                             updated_at=datetime.now(UTC)))


def status(engine: Engine, key: str) -> Status | None:
    """The task's state; None if it was never asked for."""
    with engine.connect() as conn:
        row = conn.execute(select(tasks).where(tasks.c.key == key)).first()
    return None if row is None else _status(row.state, row.error, row.updated_at)


def recent(engine: Engine, limit: int = 20) -> list[tuple[str, str, Status, datetime]]:
    """The latest tasks, newest first: (key, name, status, last change)."""
    with engine.connect() as conn:
        rows = conn.execute(select(tasks).order_by(tasks.c.updated_at.desc())
                            .limit(limit)).all()
    return [(row.key, row.name, _status(row.state, row.error, row.updated_at), row.updated_at)
            for row in rows]


def _status(state: str, error: str | None, updated_at: datetime) -> Status:
    if state in PENDING and _stale(updated_at, datetime.now(UTC)):
        return Status(FAILED, DIED)
    return Status(state, error)


def _stale(moment: datetime, now: datetime) -> bool:
    """SQLite gives back a naive UTC time."""
    return now - (moment if moment.tzinfo else moment.replace(tzinfo=UTC)) > STALE_AFTER
