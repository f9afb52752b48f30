"""The one path from planned documents to files: render, write atomically, record in manifests.

`generate`, `regenerate` and the workflow's drafting and issuance all go through `write_all`
(render in the worker pool, write each DOCX atomically, make its manifest entry), `add_pdfs`
and `record` / `write_manifests`; they differ only in which documents they pass and in the
hooks they give (a text diff and a journal line for regenerate, the issued flag for issuance).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from engine.base.files import write_atomic
from engine.errors import OutputError
from engine.output import manifest
from engine.output.manifest import Entry
from engine.output.plan import Planned
from engine.output.render_pool import render_stream
from engine.word.archive import content_hash


@dataclass
class Written:
    """What a run wrote, and the issued documents it left alone."""

    files: list[Path] = field(default_factory=list)
    issued: list[Path] = field(default_factory=list)
    entries: dict[Path, dict[str, Entry]] = field(default_factory=dict)
    pdf_warnings: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[Path]:
        return iter(self.files)

    @property
    def documents(self) -> list[Path]:
        return [path for path in self.files if path.suffix == ".docx"]


def entry_for(item: Planned, data: bytes, *, issued: bool = False) -> Entry:
    """Return the manifest entry of `item` rendered as `data`."""
    return Entry(ma=item.doc.ma, loai=item.doc.loai, template=item.template,
                 template_hash=item.template_hash, input_hash=item.input_hash,
                 output=item.output.name, content_hash=content_hash(data), size=len(data),
                 issued=issued)


def write_all(items: list[Planned], result: Written, workers: int | None = None, *,
              issued: bool = False, render_first: bool = True,
              before: Callable[[Planned, bytes], None] | None = None,
              after: Callable[[Planned, Entry], None] | None = None) -> None:
    """Render `items`, write each DOCX atomically and record its entry in `result`.

    With `render_first` every document is rendered in memory before the first file is written,
    so an error in any of them writes nothing; without it (a long regeneration) each document is
    written as soon as it is rendered. `before` sees each document before its file is replaced,
    `after` once it is written.
    """
    stream = render_stream(items, workers)
    rendered = list(stream) if render_first else stream
    try:
        for item, data in rendered:
            if before is not None:
                before(item, data)
            write_atomic(item.output, data)
            entry = entry_for(item, data, issued=issued)
            result.entries.setdefault(item.folder, {})[item.doc.ma] = entry
            result.files.append(item.output)
            if after is not None:
                after(item, entry)
    except OSError as exc:
        raise _output_error(exc) from exc


def _output_error(exc: OSError) -> OutputError:
    where = f" «{exc.filename}»" if exc.filename else ""
    return OutputError(f"Không ghi được tệp kết quả{where}: {exc.strerror or exc}. "
                       "Các tệp đã ghi vẫn nguyên vẹn; chạy lại sau khi khắc phục.")


def add_pdfs(result: Written, items: list[Planned], workers: int | None,
             done: Callable[[Path], None] | None = None) -> None:
    """Convert the DOCX of `items` to PDF beside them and record the PDFs in the entries."""
    from engine.pdf import convert_all, font_warnings, pdf_fonts

    by_output = {item.output: item for item in items}
    for converted in convert_all(by_output, workers=workers,
                                 done=(lambda c: done(c.pdf)) if done else None):
        item = by_output[converted.pdf.with_suffix(".docx")]
        entry = result.entries[item.folder][item.doc.ma]
        entry.pdf, entry.pdf_pages = converted.pdf.name, converted.pages
        entry.pdf_fonts = pdf_fonts(converted.pdf.read_bytes())
        result.pdf_warnings += [f"{converted.pdf.name}: {w}"
                                for w in font_warnings(entry.pdf_fonts)]
        result.files.append(converted.pdf)


def write_manifests(items: list[Planned], result: Written) -> None:
    """Write each campaign's manifest, its documents in campaign order."""
    try:
        for folder, planned in _by_folder(items).items():
            entries = result.entries.get(folder, {})
            kept = [entries[item.doc.ma] for item in planned if item.doc.ma in entries]
            campaign = planned[0].campaign
            result.files.append(manifest.write(folder, campaign.file, campaign.inputs, kept))
    except OSError as exc:
        raise _output_error(exc) from exc


def record(items: list[Planned], result: Written) -> None:
    """Merge `result`'s entries for `items` into the manifests already on disk (the other
    documents of each campaign keep their entries), under the manifest's lock."""
    try:
        for folder, planned in _by_folder(items).items():
            campaign = planned[0].campaign
            order = [d.ma for d in campaign.documents]
            manifest.merge(folder, campaign.file, campaign.inputs,
                           result.entries.get(folder, {}), order)
    except OSError as exc:
        raise _output_error(exc) from exc


def _by_folder(items: list[Planned]) -> dict[Path, list[Planned]]:
    """Group planned documents by their campaign's output folder, in campaign order."""
    groups: dict[Path, list[Planned]] = {}
    for item in items:
        groups.setdefault(item.folder, []).append(item)
    return groups
