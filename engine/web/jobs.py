"""Long work off the request thread: a page asks for a job and polls its state (htmx).

A job is a function of plain arguments (ids and hashes, never objects of a request) that
writes its result where its key says, so running it twice is harmless and another executor
(a Celery worker, later) can run it instead: `submit` is the only boundary. Here it is a
thread pool of the web process; a job that fails keeps its error message for the page.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from engine.errors import EngineError

_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="vanban-job")
_JOBS: dict[str, Future[Any]] = {}
_LOCK = threading.Lock()
_LOG = logging.getLogger("vanban.web")


@dataclass(frozen=True)
class Status:
    """Where a job stands: running, done or failed (with the Vietnamese reason)."""

    state: str
    error: str | None = None


def submit(key: str, work: Callable[..., Any], *args: Any) -> None:
    """Run `work(*args)` once for `key` (again only after a failure)."""
    with _LOCK:
        running = _JOBS.get(key)
        if running is not None and (not running.done() or running.exception() is None):
            return
        _JOBS[key] = _POOL.submit(_run, key, work, *args)


def _run(key: str, work: Callable[..., Any], *args: Any) -> Any:
    try:
        return work(*args)
    except EngineError:
        raise
    except Exception:
        _LOG.exception("công việc %s thất bại", key)
        raise


def status(key: str) -> Status | None:
    """Return the job's state, None if it was never submitted in this process."""
    with _LOCK:
        job = _JOBS.get(key)
    if job is None:
        return None
    if not job.done():
        return Status("running")
    error = job.exception()
    if error is None:
        return Status("done")
    message = error.message if isinstance(error, EngineError) else \
        "lỗi nội bộ (xem nhật ký máy chủ)"
    return Status("failed", message)


def wait_all(timeout: float = 120.0) -> None:
    """Wait for every submitted job (tests, and a clean shutdown)."""
    with _LOCK:
        pending = list(_JOBS.values())
    for job in pending:
        try:
            job.result(timeout)
        except Exception:  # noqa: BLE001 - the job's own status reports it
            continue
