"""Re-render exactly the documents whose template, profile or campaign data changed.

A document is current when its manifest entry has the same template hash and input hash (the
hash of its whole context, which covers the campaign and the body profile) and its file is there
with the recorded size. Issued documents are never rewritten, only listed when they are older
than their template or data: those marked so in the manifest, and those the caller names in
`protected` (paths of DOCX files it knows are issued, whatever the manifest says). Whether a
document is issued is asked again under its folder's manifest lock right before its file is
written, and the manifests are written under the lock from what is on disk then, so a concurrent
issuance is neither overwritten nor lost. Finished documents are journaled one by one, so a
killed run, restarted, neither redoes them nor leaves a torn file (writes are atomic).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from engine.base.files import file_hash
from engine.base.version import VERSION
from engine.document.templates import default_templates
from engine.output import manifest
from engine.output.build import (
    Guard,
    Written,
    add_pdfs,
    by_folder,
    sweep_locked,
    write_all,
    write_manifest,
)
from engine.output.manifest import Entry
from engine.output.plan import Planned, load_all, plan
from engine.word.reader import Docx

DIFF_LINES = 12
UNREADABLE = "(bản cũ không đọc được)"


@dataclass
class Change:
    """A document to re-render, why, and (once done) what changed in its text."""

    item: Planned
    reason: str
    diff: list[str] = field(default_factory=list)


@dataclass
class Report:
    """The plan of a regeneration and, unless it was a dry run, its outcome."""

    items: list[Planned] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged: list[Planned] = field(default_factory=list)
    current: list[Path] = field(default_factory=list)  # of campaigns whose inputs are unchanged
    issued_current: list[Planned] = field(default_factory=list)
    issued_outdated: list[tuple[Planned, str]] = field(default_factory=list)
    written: Written = field(default_factory=Written)

    @property
    def summary(self) -> str:
        issued = len(self.issued_current) + len(self.issued_outdated)
        unchanged = len(self.unchanged) + len(self.current)
        return (f"{len(self.changes)} văn bản tạo lại, {unchanged} không đổi, "
                f"{issued} đã ban hành giữ nguyên ({len(self.issued_outdated)} theo mẫu "
                "hoặc dữ liệu cũ)")


def _reason(item: Planned, entry: Entry | None) -> str | None:
    """Return why `item` must be re-rendered, or None when its output is current."""
    if entry is None:
        return "văn bản mới"
    if entry.template_hash != item.template_hash:
        return f"mẫu {item.template} đã sửa"
    if entry.input_hash != item.input_hash:
        return "dữ liệu chiến dịch hoặc hồ sơ cơ quan đã sửa"
    if not item.output.is_file() or item.output.stat().st_size != entry.size:
        return "tệp kết quả bị thiếu hoặc khác bản đã ghi"
    return None


def _current(path: Path, out_dir: Path, templates: Path, pdf: bool,
             protected: frozenset[Path]) -> list[Path] | None:
    """Return the outputs of the campaign at `path` if nothing it depends on changed, else None.

    Same engine version, same campaign and profile files, same template files, every output
    present with its recorded size (and its PDF, if asked): then every document is current and
    the campaign need not even be parsed. This keeps a no-change run of 1,000 documents short.
    An issued document (or one in `protected`, resolved paths) needs no PDF.
    """
    folder = out_dir / path.stem
    try:
        data = json.loads((folder / manifest.MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return None  # missing or unreadable: the campaign is planned, and read() says why
    if not isinstance(data, dict):
        return None
    inputs: dict[str, str] = data.get("inputs", {})
    if data.get("vanban") != VERSION or str(path) not in inputs or \
            (folder / manifest.JOURNAL).exists():
        return None
    if any(not Path(f).is_file() or file_hash(Path(f)) != h for f, h in inputs.items()):
        return None
    outputs = []
    for entry in map(Entry.from_dict, data.get("documents", [])):
        template, output = templates / entry.template, folder / entry.output
        if not template.is_file() or file_hash(template) != entry.template_hash:
            return None
        if not output.is_file() or output.stat().st_size != entry.size:
            return None
        if pdf and not entry.issued and not (entry.pdf and (folder / entry.pdf).is_file()) \
                and output.resolve() not in protected:
            return None
        outputs.append(output)
    return outputs


def plan_changes(paths: list[Path], out_dir: Path, templates: Path | None = None, *,
                 pdf: bool = False, protected: frozenset[Path] = frozenset()) -> Report:
    """Return what a regeneration would do, writing nothing.

    A document in `protected` (paths of DOCX files the caller knows are issued) is counted as
    issued, whatever its manifest says.
    """
    templates = templates or default_templates()
    guard = Guard(protected)
    current = {path: _current(path, out_dir, templates, pdf, guard.protected) for path in paths}
    stale = [path for path, outputs in current.items() if outputs is None]
    items = plan(load_all(stale), out_dir, templates) if stale else []
    report = Report(items=items, current=[p for o in current.values() if o for p in o])
    for folder in {item.folder for item in items}:
        report.written.entries[folder] = manifest.read(folder)
    for item in items:
        entry = report.written.entries[item.folder].get(item.doc.ma)
        reason = _reason(item, entry)
        if (entry is not None and entry.issued) or guard.is_protected(item):
            _add_issued(report, item, reason)
        elif reason:
            report.changes.append(Change(item, reason))
        else:
            report.unchanged.append(item)
    report.written.issued = [item.output for item in report.issued_current]
    report.written.issued += [item.output for item, _ in report.issued_outdated]
    return report


def _add_issued(report: Report, item: Planned, reason: str | None) -> None:
    """List the issued `item` as outdated (older than its template or data) or as current."""
    if reason and reason.startswith(("mẫu", "dữ liệu")):
        report.issued_outdated.append((item, reason))
    else:
        report.issued_current.append(item)


def regenerate(paths: list[Path], out_dir: Path, templates: Path | None = None, *,
               pdf: bool = False, workers: int | None = None,
               progress: Callable[[Change], None] | None = None,
               report: Report | None = None,
               protected: frozenset[Path] = frozenset()) -> Report:
    """Re-render what changed, in parallel; journal each document; then rewrite the manifests.

    `report` is the plan from plan_changes() when the caller already made it. Each document is
    written under its folder's lock, after checking there that it is not issued (marked so on
    disk now, or in `protected`): one issued since the plan is left alone and moved from
    `changes` to the issued ones. The PDFs and each manifest are then made under the lock.
    """
    report = report or plan_changes(paths, out_dir, templates, pdf=pdf, protected=protected)
    guard = Guard(protected)
    sweep_locked([item.folder for item in report.items] + [out_dir / p.stem for p in paths])
    result = report.written
    by_item = {id(change.item): change for change in report.changes}

    def diff(item: Planned, data: bytes) -> None:
        by_item[id(item)].diff = _diff(item.output, data)

    def journal(item: Planned, entry: Entry) -> None:
        manifest.journal(item.folder, entry)
        if progress is not None:
            progress(by_item[id(item)])

    write_all([c.item for c in report.changes], result, workers, render_first=False,
              before=diff, after=journal, guard=guard)
    _drop_frozen(report)
    for folder, planned in by_folder(report.items).items():
        with manifest.locked(folder):
            _finish_campaign(planned, result, guard, pdf=pdf, workers=workers)
    return report


def _drop_frozen(report: Report) -> None:
    """Move the changes the guard left alone (issued since the plan) to the issued ones."""
    written = set(report.written.files)
    for change in [c for c in report.changes if c.item.output not in written]:
        _add_issued(report, change.item, change.reason)
    report.changes = [c for c in report.changes if c.item.output in written]


def _finish_campaign(planned: list[Planned], result: Written, guard: Guard, *, pdf: bool,
                     workers: int | None) -> None:
    """Under the folder's lock: take its entries as they are on disk now (this run's journaled
    ones included), convert what lacks a PDF and is not issued, and write the manifest."""
    folder = planned[0].folder
    entries = result.entries[folder] = manifest.read(folder)
    if pdf:
        add_pdfs(result, [item for item in planned if not guard.frozen(item)
                          and lacks_pdf(item, entries.get(item.doc.ma))], workers)
    write_manifest(planned, result, guard)


def lacks_pdf(item: Planned, entry: Entry | None) -> bool:
    """Whether `item`, written and not issued, has no PDF beside its DOCX."""
    return entry is not None and not entry.issued and (
        entry.pdf is None or not item.output.with_suffix(".pdf").is_file())


def _diff(path: Path, new: bytes) -> list[str]:
    """Return a short text diff between the document on disk and its new version."""
    return text_diff(text_of(path), Docx(new).text().splitlines())


def text_of(path: Path) -> list[str] | None:
    """The lines of text of the DOCX at `path`: None when there is none, [UNREADABLE] when it
    cannot be read."""
    if not path.is_file():
        return None
    try:
        return Docx(path.read_bytes()).text().splitlines()
    except (OSError, KeyError, ValueError, SyntaxError):
        return [UNREADABLE]


def text_diff(old: list[str] | None, new: list[str] | None) -> list[str]:
    """A short diff of a document's text lines before and after (nothing for a new one)."""
    if old is None or new is None:
        return []
    if old == [UNREADABLE]:
        return old
    lines = [line for line in difflib.unified_diff(old, new, lineterm="", n=0)
             if not line.startswith(("---", "+++", "@@"))]
    return lines[:DIFF_LINES] + ([f"… và {len(lines) - DIFF_LINES} dòng nữa"]
                                 if len(lines) > DIFF_LINES else [])
