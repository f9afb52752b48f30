"""A generation as a batch of document jobs: plan here, run the jobs (Celery workers, or this
process), wait for them, write the manifests.

Everything is validated before the first job is submitted (every problem of every file at
once, nothing written). The jobs then run wherever the executor puts them; this process only
watches the batch's rows in the database and, once no job is pending, writes each campaign's
manifest under its lock from what the jobs journaled. A job that failed after its tries does
not stop the others; the batch's status names it with its error (JobError at the end).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import util
from pathlib import Path

from sqlalchemy import Engine

from engine.db.connect import database_url, open_engine
from engine.document.templates import default_templates
from engine.errors import JobError
from engine.output import manifest
from engine.output.build import Guard, Written, by_folder, sweep_locked, write_manifest
from engine.output.plan import Planned, load_all, plan

from . import document_job, records
from .broker import queue_name
from .document_job import DocumentJob, jobs_for, work_folder
from .execute import execute_here

Progress = Callable[[records.BatchStatus], None]
POLL_SECONDS = 0.5


def run_batch(paths: list[Path], out_dir: Path, *, templates: Path | None = None,
              pdf: bool = False, db: str | None = None, broker: str | None = None,
              workers: int | None = None, progress: Progress | None = None
              ) -> records.BatchStatus:
    """Generate the documents of the campaigns at `paths` as one batch; return its status."""
    templates = templates or default_templates()
    items = plan(load_all(paths), out_dir, templates)
    return run_jobs(Work("generate", items, items, out_dir, templates, pdf), db=db,
                    broker=broker, workers=workers, progress=progress)


@dataclass(frozen=True)
class Work:
    """What a batch does: a job for each of `jobs`, then the manifests of the campaigns of
    `campaigns` (every planned document of them: those without a job keep their entries)."""

    kind: str
    jobs: list[Planned]
    campaigns: list[Planned]
    out_dir: Path
    templates: Path
    pdf: bool


def run_jobs(work: Work, *, db: str | None = None, broker: str | None = None,
             workers: int | None = None, progress: Progress | None = None
             ) -> records.BatchStatus:
    """Run `work` as one batch (on the workers of `broker`, or here); return its status."""
    url = database_url(db)
    engine = open_engine(url)
    try:
        sweep_locked({item.folder for item in work.campaigns})
        submit = _celery(broker) if broker else _here(workers)
        batch_id = records.create_batch(engine, work.kind, "celery" if broker else "in-process",
                                        str(work.out_dir.resolve()), work.pdf, len(work.jobs))
        jobs = jobs_for(work.jobs, batch_id, work.out_dir, work.templates, work.pdf)
        records.add_jobs(engine, batch_id, [(job.name, job.version) for job in jobs])
        try:
            _submitting(submit, jobs, url, lambda stop: wait(engine, batch_id, progress, stop))
        finally:  # what a killed worker's conversion left there too
            shutil.rmtree(work_folder(work.out_dir, batch_id), ignore_errors=True)
            with contextlib.suppress(OSError):  # the last batch out removes the parent
                work_folder(work.out_dir, batch_id).parent.rmdir()
        _write_manifests(work.campaigns)
        records.close_batch(engine, batch_id)
        return records.batch_status(engine, batch_id)
    finally:
        engine.dispose()


def _submitting(submit: Submit, jobs: list[DocumentJob], url: str,
                waiting: Callable[[Callable[[], bool]], object]) -> None:
    """Submit in a thread (run here, that is the whole batch) while this one waits; the
    submitter's error, if any, is raised once it has stopped."""
    errors: list[BaseException] = []

    def target() -> None:
        try:
            submit(jobs, url)
        except BaseException as exc:  # noqa: BLE001 - raised again below, in this thread
            errors.append(exc)

    thread = threading.Thread(target=target, name="vanban-batch-submit")
    thread.start()
    try:
        waiting(lambda: bool(errors))
    finally:
        thread.join()
    if errors:
        raise errors[0]


def wait(engine: Engine, batch_id: str, progress: Progress | None,
         stop: Callable[[], bool] = lambda: False) -> records.BatchStatus:
    """Poll the batch's rows until no job is queued or running (or `stop` says so)."""
    last = None
    while True:
        status = records.batch_status(engine, batch_id)
        if progress is not None and status.counts != last:
            progress(status)
            last = status.counts.copy()
        if not status.pending or stop():
            return status
        time.sleep(POLL_SECONDS)


def _write_manifests(items: list[Planned]) -> None:
    """Each campaign's manifest, under its lock, from its entries as the jobs journaled them."""
    result = Written()
    for folder, planned in by_folder(items).items():
        with manifest.locked(folder):
            result.entries[folder] = manifest.read(folder)
            write_manifest(planned, result, Guard())


Submit = Callable[[list[DocumentJob], str], None]


def _celery(broker: str) -> Submit:
    """Send each job to the broker, once a worker has answered (else JobError, nothing sent)."""
    from kombu.exceptions import OperationalError

    from .celery_app import TASK, make_app

    app = make_app(broker)
    try:
        with app.connection_for_write() as connection:  # fresh: a pooled one may be stale
            queues = app.control.inspect(timeout=2.0, connection=connection).active_queues()
    except (OperationalError, OSError) as exc:
        raise JobError(f"Không kết nối được hàng đợi {_safe(broker)}: {exc}.",
                       code="broker-unreachable",
                       hint="Kiểm tra RabbitMQ và VANBAN_BROKER_URL.") from exc
    if not any(queue["name"] == queue_name() for listened in (queues or {}).values()
               for queue in listened):
        raise JobError(f"Không có worker nào nhận hàng đợi «{queue_name()}» trên "
                       f"{_safe(broker)}.", code="no-workers",
                       hint="Chạy «vanban worker» trên máy xử lý (cùng VANBAN_BROKER_URL, "
                            "VANBAN_QUEUE và VANBAN_DATABASE_URL), hoặc bỏ --broker để chạy "
                            "tại máy này.")

    def submit(jobs: list[DocumentJob], url: str) -> None:
        for job in jobs:
            app.send_task(TASK, args=[job.as_dict(), url], task_id=f"{job.batch_id}:{job.name}")
    return submit


def _safe(broker: str) -> str:
    """The broker's URL without its password."""
    from kombu.utils.url import maybe_sanitize_url

    return str(maybe_sanitize_url(broker))


def _here(workers: int | None) -> Submit:
    """Run the jobs in this process (one worker) or in a local pool of processes."""
    count = workers or os.cpu_count() or 1

    def submit(jobs: list[DocumentJob], url: str) -> None:
        if count <= 1 or len(jobs) < 2:
            try:
                for job in jobs:
                    execute_here(job, url)
            finally:
                document_job.close()
            return
        # This thread runs beside the one waiting on the database: the pool's processes start
        # from a fork server that has imported the job's modules once, never from a fork of a
        # process with threads.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["engine.jobs.execute", "engine.jobs.document_job"])
        with ProcessPoolExecutor(count, mp_context=context, initializer=_pool_worker) as pool:
            list(pool.map(execute_here, jobs, [url] * len(jobs), chunksize=8))
    return submit


def _pool_worker() -> None:
    """A pool process stops its LibreOffice when it exits."""
    util.Finalize(None, document_job.close, exitpriority=10)
