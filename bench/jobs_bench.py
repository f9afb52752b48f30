"""Documents per second of a batch (issue 16): the in-process executor against 1, 2 and 3
Celery worker processes on RabbitMQ, DOCX only and DOCX + PDF, side by side in one run.

    .venv/bin/python bench/jobs_bench.py [--docs 400] [--pdf-docs 60] [--workers 1,2,3]
        [--broker amqp://guest:guest@127.0.0.1:5672//] [--db URL]

Each configuration generates the same letters (from the Uông Bí sample, spread over 4 campaign
files) into a fresh folder; a worker's start-up and its LibreOffice's are not counted (the
workers are started, and warmed on a first small batch, before the clock starts). The database
is a fresh SQLite file unless --db names one (PostgreSQL for several workers is what the README
advises); plain `generate` (no batch, no database) is the first line, for reference.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench import batch, timed  # noqa: E402
from engine.jobs.batch import run_batch  # noqa: E402
from engine.jobs.celery_app import make_app  # noqa: E402
from engine.output.generate import generate  # noqa: E402

CAMPAIGNS = 4


def campaigns(folder: Path, docs: int) -> list[Path]:
    """`docs` letters in CAMPAIGNS campaign files of their own folders."""
    paths = []
    for i in range(CAMPAIGNS):
        sub = folder / f"lo-{i}"
        sub.mkdir(parents=True)
        path = batch(sub, docs // CAMPAIGNS + (i < docs % CAMPAIGNS))
        paths.append(path.rename(sub / f"lo-{i}.yaml"))
    return paths


def start_workers(count: int, queue: str, broker: str) -> list[subprocess.Popen[bytes]]:
    env = {**os.environ, "VANBAN_QUEUE": queue}
    workers = [subprocess.Popen([sys.executable, "-m", "engine", "worker", "--broker", broker,
                                 "--concurrency", "1", "--name", f"b{i}-{queue}@bench"],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for i in range(count)]
    app = make_app(broker)
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline:
            with app.connection_for_write() as connection:
                names = [name for answer in app.control.ping(timeout=1.0, connection=connection)
                         for name in answer]
            if sum(queue in name for name in names) >= count:
                return workers
    except BaseException:
        stop(workers)
        raise
    stop(workers)
    raise SystemExit("the workers did not start")


def stop(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    for worker in workers:
        worker.wait(120)


def one_run(paths: list[Path], out: Path, db: str, pdf: bool, broker: str | None,
            workers: int | None) -> float:
    start = time.perf_counter()
    status = run_batch(paths, out, db=db, pdf=pdf, broker=broker, workers=workers)
    seconds = time.perf_counter() - start
    if status.failures:
        raise SystemExit(f"failed jobs: {status.failures[:3]}")
    return seconds


def rows(work: Path, docs: int, pdf: bool, counts: list[int], broker: str,
         db: str | None) -> list[str]:
    what = "DOCX+PDF" if pdf else "DOCX"
    paths = campaigns(work / f"in-{what}", docs)
    start = time.perf_counter()
    generate(paths, work / f"plain-{what}", pdf=pdf)
    lines = [timed(f"{what} generate (no batch)", docs, time.perf_counter() - start)]
    for count in (1, max(counts)):
        url = db or f"sqlite:///{work / f'here-{what}-{count}.db'}"
        seconds = one_run(paths, work / f"here-{what}-{count}", url, pdf, None, count)
        lines.append(timed(f"{what} in-process batch, {count} process(es)", docs, seconds))
    for count in counts:
        queue = f"vanban-bench-{uuid.uuid4().hex[:8]}"
        os.environ["VANBAN_QUEUE"] = queue
        workers = start_workers(count, queue, broker)
        try:
            url = db or f"sqlite:///{work / f'celery-{what}-{count}.db'}"
            one_run(paths[:1], work / f"warm-{what}-{count}", url, pdf, broker, None)
            seconds = one_run(paths, work / f"celery-{what}-{count}", url, pdf, broker, None)
        finally:
            stop(workers)
        lines.append(timed(f"{what} celery, {count} worker(s)", docs, seconds))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--pdf-docs", type=int, default=60)
    parser.add_argument("--workers", default="1,2,3")
    parser.add_argument("--broker", default=os.environ.get(
        "VANBAN_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//"))
    parser.add_argument("--db", default=None)
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    print(f"== {platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{'path':<46} {'docs':>6} {'ms/doc':>10} {'docs/s':>10}")
    work = Path(tempfile.mkdtemp(prefix="vanban-jobs-bench-"))
    try:
        for line in rows(work, args.docs, False, counts, args.broker, args.db):
            print(line, flush=True)
        if args.pdf_docs:
            for line in rows(work, args.pdf_docs, True, counts, args.broker, args.db):
                print(line, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
