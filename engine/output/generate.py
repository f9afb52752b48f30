"""Generate every document of one or more campaigns: validate all, render all, then write all."""

from __future__ import annotations

from pathlib import Path

from engine.base.files import sweep
from engine.document.templates import default_templates
from engine.output import manifest
from engine.output.build import Written, add_pdfs, write_all, write_manifests
from engine.output.plan import Planned, load_all, plan

__all__ = ["Written", "generate"]


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
    sweep(out_dir)
    write_all(todo, result, workers)
    if pdf:
        add_pdfs(result, todo, workers)
    write_manifests(items, result)
    return result


def _issued(result: Written, item: Planned) -> bool:
    entry = result.entries[item.folder].get(item.doc.ma)
    return entry is not None and entry.issued
