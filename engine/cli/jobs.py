"""`vanban worker` and `vanban batch`: document jobs on a broker (Celery on RabbitMQ), and the
state of a batch; `generate --batch` / `--broker` submit one."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path

import click

from engine.db.connect import open_engine
from engine.errors import JobError
from engine.jobs import records
from engine.jobs.batch import run_batch
from engine.jobs.broker import broker_url
from engine.jobs.regeneration import regenerate_batch
from engine.output.regenerate import Report

_DB = click.option("--db", "db", default=None,
                   help="Cơ sở dữ liệu (mặc định: $VANBAN_DATABASE_URL hoặc ./vanban.db).")
_BROKER = click.option("--broker", default=None,
                       help="Hàng đợi RabbitMQ, ví dụ amqp://guest:guest@127.0.0.1:5672// "
                            "(mặc định: $VANBAN_BROKER_URL).")


def register_jobs(main: click.Group) -> None:
    """Add `worker` and `batch` to the command line."""
    main.add_command(worker_command)
    main.add_command(batch_group)


@click.command("worker")
@_BROKER
@click.option("--concurrency", type=click.IntRange(1, 64), default=None,
              help="Số tiến trình xử lý (mặc định: số lõi CPU).")
@click.option("--name", default=None, help="Tên worker (mặc định: vanban-PID@máy).")
def worker_command(broker: str | None, concurrency: int | None, name: str | None) -> None:
    """Chạy một worker: nhận việc dựng văn bản và PDF từ hàng đợi, mỗi tiến trình một
    LibreOffice khởi động sẵn."""
    from engine.jobs.celery_app import make_app

    url = broker_url(broker)
    if url is None:
        raise JobError("Chưa có hàng đợi để nhận việc.", code="no-broker",
                       hint="Dùng --broker amqp://… hoặc đặt VANBAN_BROKER_URL.")
    app = make_app(url)
    app.worker_main(["worker", "--loglevel=INFO", "--pool=prefork", "--without-gossip",
                     f"--concurrency={concurrency or os.cpu_count() or 1}",
                     f"--hostname={name or f'vanban-{os.getpid()}@{socket.gethostname()}'}"])


def batch_options(command: Callable[..., None]) -> Callable[..., None]:
    """`--batch`, `--broker` and `--db` of `generate` and `regenerate`."""
    for option in reversed((
            click.option("--batch", is_flag=True, help="Chạy thành một lô việc (tiến độ trong "
                         "cơ sở dữ liệu: vanban batch status)."),
            click.option("--broker", default=None,
                         help="Gửi các việc cho worker qua RabbitMQ (mặc định: "
                              "$VANBAN_BROKER_URL; có hàng đợi thì luôn chạy thành lô)."),
            click.option("--db", default=None, help="Cơ sở dữ liệu của lô (mặc định: "
                         "$VANBAN_DATABASE_URL hoặc ./vanban.db)."))):
        command = option(command)
    return command


def _progress() -> Callable[[records.BatchStatus], None]:
    """Print a batch's progress on stderr each time a job ends."""
    shown: list[int] = []

    def progress(status: records.BatchStatus) -> None:
        done = status.total - status.pending
        if not shown or shown[-1] != done:
            click.echo(f"{status.batch_id}: {done}/{status.total} việc xong", err=True)
            shown.append(done)
    return progress


def _ended(status: records.BatchStatus) -> None:
    """Print the batch's outcome; JobError when a job failed."""
    _print(status)
    if status.failures:
        raise JobError(f"{len(status.failures)} việc của lô {status.batch_id} thất bại.",
                       code="jobs-failed",
                       hint=f"Xem «vanban batch status {status.batch_id}»; sửa rồi chạy lại.")


def regenerate_as_batch(campaigns: list[Path], out_dir: Path, templates: Path | None, pdf: bool,
                        workers: int | None, db: str | None, broker: str | None,
                        protected: frozenset[Path]) -> None:
    """`regenerate --batch`: what changed, re-rendered as a batch of jobs, with its diffs."""
    report, status = regenerate_batch(campaigns, out_dir, templates=templates, pdf=pdf, db=db,
                                      broker=broker_url(broker), workers=workers,
                                      progress=_progress(), protected=protected)
    print_changes(report)
    print_outcome(report)
    _ended(status)


def print_changes(report: Report) -> None:
    """Each document re-rendered, why, and what changed in its text."""
    for change in report.changes:
        click.echo(f"{change.item.output}: {change.reason}")
        for line in change.diff:
            click.echo(f"    {line}")


def print_outcome(report: Report) -> None:
    """The issued documents left alone, and the summary."""
    for item, reason in report.issued_outdated:
        click.echo(f"{item.output}: đã ban hành với mẫu/dữ liệu cũ ({reason}); giữ nguyên")
    click.echo(report.summary)


def generate_batch(campaigns: list[Path], out_dir: Path, templates: Path | None, pdf: bool,
                   workers: int | None, db: str | None, broker: str | None) -> None:
    """`generate --batch`: the documents as a batch of jobs, with its progress."""
    _ended(run_batch(campaigns, out_dir, templates=templates, pdf=pdf, db=db,
                     broker=broker_url(broker), workers=workers, progress=_progress()))


@click.group("batch")
def batch_group() -> None:
    """Các lô việc dựng văn bản: tiến độ và lỗi."""


@batch_group.command("status")
@click.argument("batch_id")
@_DB
def status_command(batch_id: str, db: str | None) -> None:
    """Tiến độ của lô BATCH_ID và các việc thất bại (mã thoát 10 nếu có)."""
    engine = open_engine(db)
    try:
        status = records.batch_status(engine, batch_id)
    finally:
        engine.dispose()
    _print(status)
    if status.failures:
        raise SystemExit(JobError.exit_code)


@batch_group.command("list")
@_DB
def list_command(db: str | None) -> None:
    """Các lô gần đây, mới nhất trước."""
    engine = open_engine(db)
    try:
        for status in records.recent_batches(engine):
            click.echo(status.summary())
    finally:
        engine.dispose()


def _print(status: records.BatchStatus) -> None:
    click.echo(status.summary())
    for job, error in status.failures:
        click.secho(f"  {job}: {error}", fg="red")
