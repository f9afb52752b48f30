"""Re-render exactly the documents whose template, profile or campaign data changed.

A document is current when its manifest entry has the same template hash and input hash (the
hash of its whole context, which covers the campaign and the body profile) and its file is there
with the recorded size. Issued documents are never rewritten, only listed when they are older
than their template or data. Finished documents are journaled one by one, so a killed run,
restarted, neither redoes them nor leaves a torn file (writes are atomic).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from engine.base.files import file_hash, sweep
from engine.base.version import VERSION
from engine.document.templates import default_templates
from engine.output import manifest
from engine.output.build import Written, add_pdfs, write_all, write_manifests
from engine.output.manifest import Entry
from engine.output.plan import Planned, load_all, plan
from engine.word.reader import Docx

DIFF_LINES = 12


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


def _current(path: Path, out_dir: Path, templates: Path, pdf: bool) -> list[Path] | None:
    """Return the outputs of the campaign at `path` if nothing it depends on changed, else None.

    Same engine version, same campaign and profile files, same template files, every output
    present with its recorded size (and its PDF, if asked): then every document is current and
    the campaign need not even be parsed. This keeps a no-change run of 1,000 documents short.
    """
    folder = out_dir / path.stem
    try:
        data = json.loads((folder / manifest.MANIFEST).read_text("utf-8"))
    except (OSError, json.JSONDecodeError):
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
        if pdf and not entry.issued and not (entry.pdf and (folder / entry.pdf).is_file()):
            return None
        outputs.append(output)
    return outputs


def plan_changes(paths: list[Path], out_dir: Path, templates: Path | None = None, *,
                 pdf: bool = False) -> Report:
    """Return what a regeneration would do, writing nothing."""
    templates = templates or default_templates()
    current = {path: _current(path, out_dir, templates, pdf) for path in paths}
    stale = [path for path, outputs in current.items() if outputs is None]
    items = plan(load_all(stale), out_dir, templates) if stale else []
    report = Report(items=items, current=[p for o in current.values() if o for p in o])
    for folder in {item.folder for item in items}:
        report.written.entries[folder] = manifest.read(folder)
    for item in items:
        entry = report.written.entries[item.folder].get(item.doc.ma)
        reason = _reason(item, entry)
        if entry is not None and entry.issued:
            if reason and reason.startswith(("mẫu", "dữ liệu")):
                report.issued_outdated.append((item, reason))
            else:
                report.issued_current.append(item)
        elif reason:
            report.changes.append(Change(item, reason))
        else:
            report.unchanged.append(item)
    report.written.issued = [item.output for item in report.issued_current]
    report.written.issued += [item.output for item, _ in report.issued_outdated]
    return report


def regenerate(paths: list[Path], out_dir: Path, templates: Path | None = None, *,
               pdf: bool = False, workers: int | None = None,
               progress: Callable[[Change], None] | None = None,
               report: Report | None = None) -> Report:
    """Re-render what changed, in parallel; journal each document; then rewrite the manifests.

    `report` is the plan from plan_changes() when the caller already made it.
    """
    report = report or plan_changes(paths, out_dir, templates, pdf=pdf)
    sweep(out_dir)
    result = report.written
    by_item = {id(change.item): change for change in report.changes}

    def diff(item: Planned, data: bytes) -> None:
        by_item[id(item)].diff = _diff(item.output, data)

    def journal(item: Planned, entry: Entry) -> None:
        manifest.journal(item.folder, entry)
        if progress is not None:
            progress(by_item[id(item)])

    write_all([c.item for c in report.changes], result, workers, render_first=False,
              before=diff, after=journal)
    if pdf:
        needing = [c.item for c in report.changes] + [
            item for item in report.unchanged
            if not item.output.with_suffix(".pdf").is_file()
            or result.entries[item.folder][item.doc.ma].pdf is None]
        add_pdfs(result, needing, workers)
    write_manifests(report.items, result)
    return report


def _diff(path: Path, new: bytes) -> list[str]:
    """Return a short text diff between the document on disk and its new version."""
    if not path.is_file():
        return []
    try:
        old_text = Docx(path.read_bytes()).text().splitlines()
    except (KeyError, ValueError, SyntaxError):
        return ["(bản cũ không đọc được)"]
    new_text = Docx(new).text().splitlines()
    lines = [line for line in difflib.unified_diff(old_text, new_text, lineterm="", n=0)
             if not line.startswith(("---", "+++", "@@"))]
    return lines[:DIFF_LINES] + ([f"… và {len(lines) - DIFF_LINES} dòng nữa"]
                                 if len(lines) > DIFF_LINES else [])
