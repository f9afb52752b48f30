"""Render documents in long-lived worker processes (a fresh process per document costs ~190 ms).

Each worker keeps its compiled templates (engine.render.compiled) for its whole life, so a batch
pays for loading and compiling a template once per worker, not once per document.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from engine.output.plan import Planned
from engine.word.render import render_docx

CHUNK = 8  # documents per task: enough to hide the pickling round trip


def _render(job: tuple[str, dict[str, Any], str]) -> bytes:
    template, context, title = job
    return render_docx(Path(template), context, title=title)


def default_workers() -> int:
    """The number of cores."""
    return os.cpu_count() or 1


def render_stream(items: list[Planned], workers: int | None = None) -> Iterator[
        tuple[Planned, bytes]]:
    """Yield each planned document with its DOCX bytes, in order, rendered by `workers`."""
    count = workers or default_workers()
    jobs = [(str(item.template_path), item.context, item.doc.trich_yeu) for item in items]
    if count <= 1 or len(items) < 4 * count:
        for item, job in zip(items, jobs, strict=True):
            yield item, _render(job)
        return
    with ProcessPoolExecutor(count) as pool:
        yield from zip(items, pool.map(_render, jobs, chunksize=CHUNK), strict=True)
