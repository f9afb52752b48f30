"""The one path from planned documents to files: render, write atomically, record in manifests.

`generate`, `regenerate` and the workflow's drafting and issuance all go through `write_all`
(render in the worker pool, write each DOCX atomically, make its manifest entry), `add_pdfs`
and `record` / `write_manifest`; they differ only in which documents they pass and in the
hooks they give (a text diff and a journal line for regenerate, the issued flag for issuance).

Issued documents are never written over: every file is written under its folder's manifest
lock, after a check made under that lock (`Guard`: marked issued in the manifest on disk, or
named by the caller as issued); an issued file's flag reaches the manifest before the lock is
let go; a manifest is written from what is on disk under the lock, never from an earlier read.
"""

from __future__ import annotations

import dataclasses
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from engine.base.files import sweep, write_atomic
from engine.errors import OutputError
from engine.output import manifest
from engine.output.manifest import Entry
from engine.output.plan import Planned
from engine.output.render_pool import render_stream
from engine.word.archive import content_hash

Before = Callable[[Planned, bytes], None]
After = Callable[[Planned, Entry], None]


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


class Guard:
    """Which documents must never be written: those marked issued in their campaign's manifest
    as it is on disk (re-parsed whenever the file changed) and those in `protected` (paths of
    DOCX files the caller knows are issued, compared resolved).

    Ask under the folder's manifest lock, right before writing, for the answer to hold.
    """

    def __init__(self, protected: Iterable[Path] = ()) -> None:
        self.protected = frozenset(Path(path).resolve() for path in protected)
        self._seen: dict[Path, tuple[bytes, frozenset[str]]] = {}

    def is_protected(self, item: Planned) -> bool:
        """Whether the caller named `item`'s file as issued."""
        return bool(self.protected) and item.output.resolve() in self.protected

    def frozen(self, item: Planned) -> bool:
        """Whether `item` is issued: protected, or marked issued in the manifest on disk."""
        return self.is_protected(item) or item.doc.ma in self.issued_in(item.folder)

    def issued_in(self, folder: Path) -> frozenset[str]:
        """The documents marked issued in `folder`'s manifest now (a journal marks none)."""
        path = folder / manifest.MANIFEST
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            data = b""
        seen = self._seen.get(folder)
        if seen is None or seen[0] != data:
            entries = manifest.parse(path, data) if data else {}
            seen = (data, frozenset(ma for ma, entry in entries.items() if entry.issued))
            self._seen[folder] = seen
        return seen[1]


def entry_for(item: Planned, data: bytes, *, issued: bool = False) -> Entry:
    """Return the manifest entry of `item` rendered as `data`."""
    return Entry(ma=item.doc.ma, loai=item.doc.loai, template=item.template,
                 template_hash=item.template_hash, input_hash=item.input_hash,
                 output=item.output.name, content_hash=content_hash(data), size=len(data),
                 issued=issued)


def write_all(items: list[Planned], result: Written, workers: int | None = None, *,
              issued: bool = False, render_first: bool = True, before: Before | None = None,
              after: After | None = None, guard: Guard | None = None) -> None:
    """Render `items`, write each DOCX atomically and record its entry in `result`.

    With `render_first` every document is rendered in memory before the first file is written,
    so an error in any of them writes nothing; without it (a long regeneration) each document is
    written as soon as it is rendered. The rest is write_rendered(). Rendering starts before
    any lock is taken: do not call this holding a folder's lock with `workers` > 1 (the worker
    processes forked then would hold it too, and keep it if this process were killed).
    """
    stream = render_stream(items, workers)
    write_rendered(list(stream) if render_first else stream, result, issued=issued,
                   before=before, after=after, guard=guard)


def write_rendered(rendered: Iterable[tuple[Planned, bytes]], result: Written, *,
                   issued: bool = False, before: Before | None = None,
                   after: After | None = None, guard: Guard | None = None) -> None:
    """Write each rendered DOCX atomically, under its folder's manifest lock, and record its
    entry in `result`.

    A document `guard` says is frozen, asked under that lock, is left alone and listed in
    `result.issued`. With `issued`, the entry is merged (issued) into the manifest before the
    lock is let go: no concurrent run sees the issued file without its flag. `before` sees each
    document before its file is replaced, `after` once it is written (both under the lock).
    """
    try:
        for item, data in rendered:
            with manifest.locked(item.folder):
                if guard is not None and guard.frozen(item):
                    result.issued.append(item.output)
                    continue
                if before is not None:
                    before(item, data)
                write_atomic(item.output, data)
                entry = entry_for(item, data, issued=issued)
                if issued:
                    _merge(item, entry)
                result.entries.setdefault(item.folder, {})[item.doc.ma] = entry
                result.files.append(item.output)
                if after is not None:
                    after(item, entry)
    except OSError as exc:
        raise _output_error(exc) from exc


def _merge(item: Planned, entry: Entry) -> None:
    campaign = item.campaign
    manifest.merge(item.folder, campaign.file, campaign.inputs, {item.doc.ma: entry},
                   [d.ma for d in campaign.documents])


def _output_error(exc: OSError) -> OutputError:
    where = f" «{exc.filename}»" if exc.filename else ""
    return OutputError(f"Không ghi được tệp kết quả{where}: {exc.strerror or exc}. "
                       "Các tệp đã ghi vẫn nguyên vẹn; chạy lại sau khi khắc phục.")


def sweep_locked(folders: Iterable[Path]) -> None:
    """Remove the temp files a killed run left in each existing folder, under its lock (never
    the temp file a concurrent writer is about to rename)."""
    for folder in sorted(set(folders)):
        if folder.is_dir():
            with manifest.locked(folder):
                sweep(folder)


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


def write_manifest(planned: list[Planned], result: Written, guard: Guard) -> None:
    """Write the manifest of the campaign folder of `planned`; the caller holds its lock.

    Each document gets its entry in `result`, except that an entry issued on disk is kept as it
    is and a document `guard` protects is recorded as issued; issued entries of documents no
    longer in the campaign are kept (last), the others dropped. `result` gets the entries.
    """
    folder, campaign = planned[0].folder, planned[0].campaign
    on_disk = manifest.read(folder)
    ours = result.entries.get(folder, {})
    entries: dict[str, Entry] = {}
    for item in planned:
        entry = _final(item, on_disk.get(item.doc.ma), ours.get(item.doc.ma), guard)
        if entry is not None:
            entries[item.doc.ma] = entry
    entries.update({ma: e for ma, e in on_disk.items() if e.issued and ma not in entries})
    result.entries[folder] = entries
    try:
        result.files.append(manifest.write(folder, campaign.file, campaign.inputs,
                                           list(entries.values())))
    except OSError as exc:
        raise _output_error(exc) from exc


def _final(item: Planned, on_disk: Entry | None, ours: Entry | None,
           guard: Guard) -> Entry | None:
    """The entry a manifest keeps for `item`: issued on disk wins, protected becomes issued."""
    if on_disk is not None and on_disk.issued:
        return on_disk
    if guard.is_protected(item):
        return _issued_entry(item, ours or on_disk)
    return ours or on_disk


def _issued_entry(item: Planned, entry: Entry | None) -> Entry | None:
    """The entry of a protected document, marked issued, for its file as it is on disk."""
    try:
        now = entry_for(item, item.output.read_bytes(), issued=True)
    except (OSError, zipfile.BadZipFile):
        return dataclasses.replace(entry, issued=True) if entry else None
    if entry is None:
        return now
    return dataclasses.replace(entry, content_hash=now.content_hash, size=now.size, issued=True)


def write_manifests(items: list[Planned], result: Written) -> None:
    """Write each campaign's manifest under its lock (see write_manifest)."""
    for planned in by_folder(items).values():
        with manifest.locked(planned[0].folder):
            write_manifest(planned, result, Guard())


def record(items: list[Planned], result: Written) -> None:
    """Merge `result`'s entries for `items` into the manifests already on disk (the other
    documents of each campaign keep their entries), under the manifest's lock."""
    try:
        for folder, planned in by_folder(items).items():
            campaign = planned[0].campaign
            order = [d.ma for d in campaign.documents]
            manifest.merge(folder, campaign.file, campaign.inputs,
                           result.entries.get(folder, {}), order)
    except OSError as exc:
        raise _output_error(exc) from exc


def by_folder(items: list[Planned]) -> dict[Path, list[Planned]]:
    """Group planned documents by their campaign's output folder, in campaign order."""
    groups: dict[Path, list[Planned]] = {}
    for item in items:
        groups.setdefault(item.folder, []).append(item)
    return groups
