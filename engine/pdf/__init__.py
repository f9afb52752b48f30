"""PDF of rendered DOCX files, through LibreOffice only (never a second HTML rendering).

May import: errors, base, decree, campaign, document, word.
"""

from __future__ import annotations

import os
import queue
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from engine.errors import ConversionError, ConversionErrors
from engine.pdf.checks import font_warnings, pdf_fonts
from engine.pdf.converters import (
    ColdConverter,
    Converted,
    UnoConverter,
    uno_available,
)

__all__ = ["ConversionError", "Converted", "convert_all", "font_warnings", "pdf_fonts"]

Converter = UnoConverter | ColdConverter


def make_converter(timeout: float = 60.0) -> Converter:
    """Return a warm UNO converter when the system has python3-uno, else the cold one."""
    return UnoConverter(timeout=timeout) if uno_available() else ColdConverter(timeout=timeout)


def convert_all(sources: Iterable[Path], *, workers: int | None = None, timeout: float = 60.0,
                done: Callable[[Converted], None] | None = None) -> list[Converted]:
    """Convert every DOCX to a PDF beside it, in parallel; at the end, raise one error listing
    every document that failed (the others are converted)."""
    todo = list(sources)
    count = max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    pool: queue.Queue[Converter] = queue.Queue()
    converters = [make_converter(timeout) for _ in range(count)]
    for converter in converters:
        pool.put(converter)

    def one(source: Path) -> Converted:
        converter = pool.get()
        try:
            result = converter.convert(source, source.with_suffix(".pdf"))
        finally:
            pool.put(converter)
        if done is not None:
            done(result)
        return result

    results: list[Converted] = []
    errors: list[ConversionError] = []
    try:
        with ThreadPoolExecutor(count) as executor:
            for future in [executor.submit(one, source) for source in todo]:
                try:
                    results.append(future.result())
                except ConversionError as exc:
                    errors.append(exc)
    finally:
        for converter in converters:
            converter.close()
    if errors:
        raise ConversionErrors(errors)
    return results
