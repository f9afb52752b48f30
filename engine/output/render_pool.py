"""Render documents in long-lived worker processes, each bounded in time and memory.

A template that is not one of the installation's own (a `--templates` folder, one uploaded in
the browser, $VANBAN_TEMPLATES) is code a stranger may have written: the sandbox
(engine/word/sandbox) refuses what it can see, and the worker process bounds what it cannot
(a loop that runs for hours, an expression that fills memory). Each worker has an address-space
limit (RLIMIT_AS); a document that takes longer than its time limit has its worker killed
(pebble) and becomes a TemplateError naming the template. The installation's templates, whose
loops only walk the campaign's bounded lists, render in this process when a batch is too small
to pay for workers.

Workers live for the whole batch and keep their compiled templates (engine.word.render.compiled),
so a batch pays for loading and compiling a template once per worker (a fresh process per
document costs ~190 ms).
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import threading
from collections.abc import Iterator, Mapping
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from pebble import ProcessExpired, ProcessPool

from engine.document.templates import installed_templates
from engine.errors import BadValue, TemplateLimit
from engine.output.plan import Planned
from engine.word.render import render_docx

CHUNK = 8  # documents per task: enough to hide the pickling round trip
_Job = tuple[str, dict[str, Any], str, dict[str, bytes] | None]


@dataclass(frozen=True)
class RenderLimits:
    """What one document may cost a worker: seconds, and MiB of memory beyond its start."""

    seconds: float = 60.0
    memory_mb: int = 1024


def render_limits() -> RenderLimits:
    """The limits: $VANBAN_RENDER_SECONDS and $VANBAN_RENDER_MEMORY_MB, or the defaults."""
    default = RenderLimits()
    try:
        seconds = float(os.environ.get("VANBAN_RENDER_SECONDS") or default.seconds)
        memory = int(os.environ.get("VANBAN_RENDER_MEMORY_MB") or default.memory_mb)
    except ValueError:
        seconds = memory = 0
    if not (0 < seconds <= 3600 and 64 <= memory <= 65536):
        raise BadValue("VANBAN_RENDER_SECONDS phải từ 0 đến 3600 (giây) và "
                          "VANBAN_RENDER_MEMORY_MB từ 64 đến 65536 (MiB)")
    return RenderLimits(seconds, memory)


def _render(job: _Job) -> bytes:
    template, context, title, media = job
    return render_docx(Path(template), context, title=title, media=media)


def _limit_memory(memory_mb: int) -> None:
    """Worker initialiser: cap the address space at what the worker has now plus the budget."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        current = int(statm.read().split()[0]) * resource.getpagesize()
    limit = current + memory_mb * 1024 * 1024
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard < 0 else min(limit, hard), hard))


def default_workers() -> int:
    """The number of cores."""
    return os.cpu_count() or 1


def trusted(template: Path) -> bool:
    """Whether `template` is one of the installation's own templates."""
    return template.resolve().is_relative_to(installed_templates().resolve())


def render_stream(items: list[Planned], workers: int | None = None) -> Iterator[
        tuple[Planned, bytes]]:
    """Yield each planned document with its DOCX bytes, in order, rendered by `workers`
    (bounded worker processes; raise TemplateError when a document exceeds its limits)."""
    count = workers or default_workers()
    jobs: list[_Job] = [(str(item.template_path), item.context, item.doc.trich_yeu, None)
                        for item in items]
    in_process = all(trusted(item.template_path) for item in items)
    if in_process and (count <= 1 or len(items) < 4 * count):
        for item, job in zip(items, jobs, strict=True):
            yield item, _render(job)
        return
    if jobs:
        yield from zip(items, _bounded(jobs, min(count, len(jobs))), strict=True)


def render_one(template: Path, context: Mapping[str, Any], *, title: str = "",
               media: Mapping[str, bytes] | None = None) -> bytes:
    """Render one document: here for the installation's templates, else in a bounded worker."""
    if trusted(template):
        return render_docx(template, context, title=title, media=media)
    return next(_bounded([(str(template), dict(context), title, dict(media or {}) or None)], 1))


def _bounded(jobs: list[_Job], count: int) -> Iterator[bytes]:
    limits = render_limits()
    chunk = CHUNK if len(jobs) >= 4 * count else 1
    pool = ProcessPool(count, initializer=_limit_memory, initargs=(limits.memory_mb,),
                       context=_context())
    try:
        results = pool.map(_render, jobs, chunksize=chunk,
                           timeout=limits.seconds * chunk).result()
        for index in range(len(jobs)):
            yield _next(results, jobs[index], limits)
    finally:
        pool.stop()  # type: ignore[no-untyped-call]
        pool.join()


def _next(results: Iterator[bytes], job: _Job, limits: RenderLimits) -> bytes:
    name = Path(job[0]).name
    try:
        return next(results)
    except FutureTimeout:
        raise TemplateLimit(name, f"dựng văn bản quá {limits.seconds:g} giây nên đã dừng "
                                  "(vòng lặp hay biểu thức quá lớn trong mẫu?)") from None
    except MemoryError:
        raise TemplateLimit(name, f"dựng văn bản cần quá {limits.memory_mb} MiB bộ nhớ nên đã "
                                  "dừng (biểu thức quá lớn trong mẫu?)") from None
    except ProcessExpired as exc:
        raise TemplateLimit(name, f"tiến trình dựng văn bản bị dừng đột ngột (mã {exc.exitcode})"
                            ) from None


def _context() -> BaseContext:
    # fork is cheap and inherits the imports; a process with threads (the web application)
    # must not fork them half-held, so it starts workers from a clean fork server.
    method = "fork" if threading.active_count() == 1 else "forkserver"
    return multiprocessing.get_context(method)
