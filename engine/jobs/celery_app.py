"""The Celery application: document jobs, and the web application's tasks, on RabbitMQ
($VANBAN_BROKER_URL).

Delivery is at least once; the job itself makes it count once (engine/jobs/document_job). A
message is acknowledged only when its job has finished (`acks_late`); a worker process killed
mid-job has its message put back (`reject_on_worker_lost`), a whole worker killed loses its
connection and RabbitMQ redelivers what it had not acknowledged. Each worker process takes one
message at a time (prefetch 1), so a killed worker holds back only the job it was running. A job
that fails is retried with exponential backoff (2, 4, … s) until it has had MAX_TRIES, then
failed with its error. There is no Celery result backend: the state of every job is in the
database's batch_jobs and tasks tables, which the submitting process or page reads (one truth,
already backed up).
"""

from __future__ import annotations

import socket
from typing import Any

from celery import Celery, Task
from celery.signals import worker_process_shutdown

from engine.errors import TryAgain

from . import document_job
from .broker import JOB_SECONDS, VISIBILITY_SECONDS, queue_name
from .execute import MAX_TRIES, execute

TASK = "vanban.document"
WEB_TASK = "vanban.task"      # the web application's long jobs (engine.jobs.tasks)


def make_app(broker: str) -> Celery:
    """The Celery application on `broker`, with the document task registered."""
    app = Celery("vanban", broker=broker, set_as_current=False)
    app.conf.update(
        task_serializer="json", accept_content=["json"], task_ignore_result=True,
        task_default_queue=queue_name(), task_acks_late=True, task_reject_on_worker_lost=True,
        task_acks_on_failure_or_timeout=True, worker_prefetch_multiplier=1,
        task_time_limit=JOB_SECONDS, broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": VISIBILITY_SECONDS,
                                  "confirm_publish": True},
        worker_cancel_long_running_tasks_on_connection_loss=True,
        worker_hijack_root_logger=False)
    app.task(name=TASK, bind=True, max_retries=MAX_TRIES - 1)(_document)
    app.task(name=WEB_TASK, bind=True)(_web_task)
    return app


def _document(task: Task, job: dict[str, Any], database_url: str) -> str:
    try:
        return execute(document_job.require(job), database_url,
                       str(task.request.hostname or socket.gethostname()))
    except TryAgain as again:
        raise task.retry(countdown=2 ** again.tries, exc=again) from None


def _web_task(task: Task, database_url: str, key: str, name: str, args: list[Any]) -> None:
    """A web page's job: its failure is recorded for the page (no retry: the clerk asks
    again); a worker killed in the middle has its message delivered again."""
    from . import tasks

    tasks.run(database_url, key, name, args, str(task.request.hostname or socket.gethostname()))


@worker_process_shutdown.connect
def _close_libreoffice(**_: Any) -> None:
    document_job.close()
