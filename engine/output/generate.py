"""Generate every document of one or more campaigns: validate all, render all, then write all."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from engine.base.files import sweep, write_atomic
from engine.errors import OutputError
from engine.output import manifest
from engine.output.manifest import Entry
from engine.output.plan import Planned, default_templates, load_all, plan
from engine.output.render_pool import render_stream
from engine.word.archive import content_hash

__all__ = ["Written", "default_templates", "entry_for", "generate", "write_manifests"]


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


def entry_for(item: Planned, data: bytes) -> Entry:
    """Return the manifest entry of `item` rendered as `data`."""
    return Entry(ma=item.doc.ma, loai=item.doc.loai, template=item.template,
                 template_hash=item.template_hash, input_hash=item.input_hash,
                 output=item.output.name, content_hash=content_hash(data), size=len(data))


def generate(paths: list[Path], out_dir: Path, templates: Path | None = None, *,
             pdf: bool = False, workers: int | None = None) -> Written:
    """Validate, render and write every document of the campaigns at `paths`.

    Everything is rendered in memory first: an error in any document writes nothing. Documents
    already issued (marked so in the manifest) are never rewritten.
    """
    campaigns = load_all(paths)
    items = plan(campaigns, out_dir, templates or default_templates())
    result = Written()
    for folder in {item.folder for item in items}:
        result.entries[folder] = manifest.read(folder)
    todo = [item for item in items if not _issued(result, item)]
    result.issued = [item.output for item in items if _issued(result, item)]
    rendered = list(render_stream(todo, workers))
    sweep(out_dir)
    try:
        for item, data in rendered:
            write_atomic(item.output, data)
            result.entries[item.folder][item.doc.ma] = entry_for(item, data)
            result.files.append(item.output)
        if pdf:
            add_pdfs(result, [item for item, _ in rendered], workers)
        write_manifests(items, result)
    except OSError as exc:
        raise OutputError(f"Không ghi được tệp kết quả vào «{out_dir}»: {exc.strerror}. "
                          "Các tệp đã ghi vẫn nguyên vẹn; chạy lại sau khi khắc phục.") from exc
    return result


def _issued(result: Written, item: Planned) -> bool:
    entry = result.entries[item.folder].get(item.doc.ma)
    return entry is not None and entry.issued


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
    by_folder: dict[Path, list[Planned]] = {}
    for item in items:
        by_folder.setdefault(item.folder, []).append(item)
    for folder, planned in by_folder.items():
        entries = result.entries[folder]
        kept = [entries[item.doc.ma] for item in planned if item.doc.ma in entries]
        campaign = planned[0].campaign
        result.files.append(manifest.write(folder, campaign.file, campaign.inputs, kept))
