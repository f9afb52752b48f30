"""The web application's long jobs as named tasks, one code path for both executors: a thread
of the web process, or a Celery worker (task «vanban.task») when a broker is configured.

A task is a function of plain arguments (a database URL, folders, ids, hashes) that writes its
result where its key says and does nothing when run again; so a message the broker delivers
twice, or a task asked again after its worker died, costs only time. Its state is a row of the
`tasks` table (engine.jobs.task_state), which the page polling it reads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from engine.errors import EngineError

from . import dossiers, office, task_state
from .execute import database

TASKS: dict[str, Callable[..., None]] = {
    "finish-issuance": office.finish_issuance,
    "preview": office.make_preview,
    "register-pdf": office.register_pdf,
    "unit-dossier": dossiers.build_unit_dossier,
    "award-decision": dossiers.build_decision,
}
_LOG = logging.getLogger("vanban.jobs")


def name_of(work: Callable[..., None]) -> str:
    """The task name of `work` (a function of TASKS)."""
    for name, function in TASKS.items():
        if function == work:
            return name
    raise ValueError(f"{work!r} is not a task")  # a programming error, never a user's


def run(database_url: str, key: str, name: str, args: list[Any], worker: str) -> None:
    """Run the task `name` on `args` and record its outcome in the row of `key`."""
    engine = database(database_url)
    task_state.started(engine, key, worker)
    try:
        TASKS[name](*args)
    except EngineError as exc:
        task_state.finished(engine, key, exc.message)
    except Exception:  # a fault of vanban: the page says so, the log has the details
        _LOG.exception("công việc %s (%s) thất bại", key, name)
        task_state.finished(engine, key, "lỗi nội bộ (xem nhật ký máy chủ)")
    else:
        task_state.finished(engine, key)
