"""Long work off the request thread: a page asks for a task and polls its state (htmx).

`submit` claims the task's row in the database (one run at a time, engine.jobs.task_state)
and hands the task to the executor: the Celery workers when a broker is configured
($VANBAN_BROKER_URL), else a small thread pool of this process; the page reads the same row
either way. A task given a private key (an issuance the body signs with the PKCS#12 file the
văn thư uploaded) always runs here: the key stays in this process's memory and is never written
to the broker.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from flask import Flask, current_app

from engine.errors import JobError
from engine.jobs import task_state, tasks
from engine.jobs.task_state import Status
from engine.web.access import engine, job_database_url

__all__ = ["Status", "install", "status", "submit", "wait_all"]

_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="vanban-job")
_RUNNING: list[Future[None]] = []
_LOCK = threading.Lock()
_PLAIN = (str, int, float, bool, type(None))


class Executor:
    """Where tasks run: the Celery workers of `broker`, or this process (None)."""

    def __init__(self, broker: str | None) -> None:
        self.broker = broker
        self._celery: Any = None

    def send(self, database_url: str, key: str, name: str, args: list[Any]) -> None:
        if self.broker is None or not all(isinstance(arg, _PLAIN) for arg in _flat(args)):
            _here(database_url, key, name, args)
            return
        from kombu.exceptions import OperationalError

        from engine.jobs.celery_app import WEB_TASK, make_app

        if self._celery is None:
            self._celery = make_app(self.broker)
        try:
            self._celery.send_task(WEB_TASK, args=[database_url, key, name, args])
        except (OperationalError, OSError) as exc:
            raise JobError(f"Không gửi được việc tới hàng đợi ({exc}); báo quản trị viên kiểm "
                           "tra RabbitMQ.", code="broker-unreachable") from exc


def install(app: Flask, broker: str | None) -> None:
    """Give `app` its executor."""
    app.extensions["vanban_jobs"] = Executor(broker)


def submit(key: str, work: Callable[..., None], *args: Any) -> None:
    """Run `work(*args)` once for `key` (again once it has finished or died)."""
    name = tasks.name_of(work)
    if not task_state.claim(engine(), key, name):
        return
    executor: Executor = current_app.extensions["vanban_jobs"]
    try:
        executor.send(job_database_url(), key, name, list(args))
    except JobError as exc:
        task_state.finished(engine(), key, exc.message)


def status(key: str) -> Status | None:
    """The task's state; None if it was never asked for."""
    return task_state.status(engine(), key)


def _here(database_url: str, key: str, name: str, args: list[Any]) -> None:
    worker = f"{os.uname().nodename}:{os.getpid()} (web)"
    with _LOCK:
        _RUNNING[:] = [job for job in _RUNNING if not job.done()]
        _RUNNING.append(_POOL.submit(tasks.run, database_url, key, name, args, worker))


def _flat(args: list[Any]) -> list[Any]:
    """The values of `args`, lists and dicts opened (a unit's files are a dict)."""
    values: list[Any] = []
    for arg in args:
        if isinstance(arg, dict):
            values += _flat([*arg.keys(), *arg.values()])
        elif isinstance(arg, list | tuple):
            values += _flat(list(arg))
        else:
            values.append(arg)
    return values


def wait_all(timeout: float = 120.0) -> None:
    """Wait for every task this process runs (tests, and a clean shutdown)."""
    with _LOCK:
        pending = list(_RUNNING)
    for job in pending:
        job.result(timeout)
