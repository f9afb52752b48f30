"""Which broker a batch uses, without importing Celery (the command line starts faster)."""

from __future__ import annotations

import os

VISIBILITY_SECONDS = 3600   # for brokers that redeliver on a timeout (Redis, SQS): > a job
JOB_SECONDS = 600           # a job (render + PDF) killed after this long


def broker_url(url: str | None = None) -> str | None:
    """The broker to use: the one given, or $VANBAN_BROKER_URL (None: run in this process)."""
    return url or os.environ.get("VANBAN_BROKER_URL") or None


def queue_name() -> str:
    """The queue the jobs go to: $VANBAN_QUEUE, or «vanban» (installations sharing a broker,
    and tests, each use their own)."""
    return os.environ.get("VANBAN_QUEUE") or "vanban"
