"""One try of a job, recorded: the code path both executors (this process, a Celery worker)
share. A try that fails with an EngineError is queued again until the job has had MAX_TRIES;
then the job is failed with its error and the batch goes on. A job whose earlier tries killed
their process (counted when each try starts) is failed without another try."""

from __future__ import annotations

import os

from sqlalchemy import Engine

from engine.db.connect import open_engine
from engine.errors import EngineError, TryAgain

from . import document_job, records
from .document_job import DocumentJob

MAX_TRIES = 3

_ENGINES: dict[str, Engine] = {}


def database(url: str) -> Engine:
    """This process's Engine on the database at `url` (opened once, schema not migrated: the
    process that submitted the batch did that)."""
    engine = _ENGINES.get(url)
    if engine is None:
        engine = _ENGINES[url] = open_engine(url, migrate=False)
    return engine


def execute(job: DocumentJob, database_url: str, worker: str) -> str:
    """Run one try of `job` and record it; return its final state, or raise TryAgain."""
    engine = database(database_url)
    item = document_job.planned(job)
    tries, registered = records.started(engine, job.batch_id, job.name, worker,
                                        item.output if item is not None else None)
    if tries > MAX_TRIES:
        records.finished(engine, job.batch_id, job.name, records.FAILED,
                         error=f"đã thử {MAX_TRIES} lần, lần nào tiến trình cũng bị dừng")
        return records.FAILED
    try:
        outcome = document_job.run(job, item, registered)
    except EngineError as exc:
        if tries < MAX_TRIES:
            records.finished(engine, job.batch_id, job.name, records.QUEUED, error=exc.message)
            raise TryAgain(exc, tries) from exc
        records.finished(engine, job.batch_id, job.name, records.FAILED,
                         error=f"[{exc.code}] {exc.message}")
        return records.FAILED
    except Exception as exc:  # a fault of vanban: the job is failed, never left running
        records.finished(engine, job.batch_id, job.name, records.FAILED,
                         error=f"[internal-error] lỗi nội bộ của vanban ({type(exc).__name__}); "
                               "chi tiết trong nhật ký của worker")
        raise
    records.finished(engine, job.batch_id, job.name, outcome.state, wrote=outcome.wrote,
                     content_hash=outcome.content_hash)
    return outcome.state


def execute_here(job: DocumentJob, database_url: str) -> str:
    """Run `job` to its final state in this process, its tries one after the other."""
    worker = f"{os.uname().nodename}:{os.getpid()}"
    while True:
        try:
            return execute(job, database_url, worker)
        except TryAgain:
            continue
