"""Generate every document of one or more campaigns: validate all, render all, then write all."""

from __future__ import annotations

from pathlib import Path

from engine.base.files import sweep
from engine.document.templates import default_templates
from engine.output import manifest
from engine.output.build import Guard, Written, add_pdfs, by_folder, write_manifest, write_rendered
from engine.output.plan import Planned, load_all, plan
from engine.output.render_pool import render_stream

__all__ = ["Written", "generate"]


def generate(paths: list[Path], out_dir: Path, templates: Path | None = None, *,
             pdf: bool = False, workers: int | None = None,
             protected: frozenset[Path] = frozenset()) -> Written:
    """Validate, render and write every document of the campaigns at `paths`.

    Everything is rendered in memory first: an error in any document writes nothing. Documents
    already issued are never rewritten nor converted to PDF, only listed in `issued`: those
    marked so in the manifest, and those in `protected` (paths of DOCX files the caller knows
    are issued, whatever the manifest says). Each campaign folder is then written under its
    manifest lock, held from the check of what is issued to the manifest written last.
    """
    campaigns = load_all(paths)
    items = plan(campaigns, out_dir, templates or default_templates())
    guard = Guard(protected)
    todo = [item for item in items if not guard.frozen(item)]  # a first look, without the lock
    rendered = {id(item): data for item, data in render_stream(todo, workers)}
    result = Written()
    for folder, planned in by_folder(items).items():
        with manifest.locked(folder):
            _write_campaign(planned, rendered, result, guard, pdf=pdf, workers=workers)
    return result


def _write_campaign(planned: list[Planned], rendered: dict[int, bytes], result: Written,
                    guard: Guard, *, pdf: bool, workers: int | None) -> None:
    """Under the folder's lock: sweep a killed run's temp files, write the documents that are
    issued neither now nor at the first look, their PDFs, then the manifest."""
    folder = planned[0].folder
    sweep(folder)
    result.entries[folder] = manifest.read(folder)
    todo = [item for item in planned if id(item) in rendered and not guard.frozen(item)]
    write_rendered([(item, rendered[id(item)]) for item in todo], result)
    if pdf:
        add_pdfs(result, todo, workers)
    written = {id(item) for item in todo}
    result.issued += [item.output for item in planned if id(item) not in written]
    write_manifest(planned, result, guard)
