"""The workflow's documents on disk: rendered through the one output path (engine.output.build),
into the campaign's own folder (named by its id in the database, never by its file name)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from engine.campaign.models import Campaign, Document
from engine.document.templates import default_templates
from engine.output import manifest
from engine.output.build import Written, record, write_all
from engine.output.plan import Planned, plan


@dataclasses.dataclass(frozen=True)
class Rendered:
    """One document as written: its file, content hash, and the template it came from."""

    path: Path
    digest: str
    template: str
    template_hash: str


def with_documents(campaign: Campaign, replaced: dict[str, Document]) -> Campaign:
    """Return `campaign` with some of its documents replaced (a number bound, a date cleared)."""
    return dataclasses.replace(campaign, documents=tuple(
        replaced.get(d.ma, d) for d in campaign.documents))


def issued_with(campaign: Campaign, ma: str) -> list[str]:
    """The document `ma` and those attached to it ("Kèm theo …"), which are issued with it."""
    return [ma, *(d.ma for d in campaign.documents if d.kem_theo == ma)]


def unnumbered(campaign: Campaign, digits: dict[str, int] | None = None) -> Campaign:
    """Return `campaign` as drafts print it: no document has a number or a date yet (a number
    and date come only from the register, at issuance); `digits` widens a document's blank
    for the number it is expected to take (a digitally signed one: engine/workflow/esigning)."""
    return with_documents(campaign, {
        d.ma: dataclasses.replace(d, so=None, ngay=None, cho_so=(digits or {}).get(d.ma, 2))
        for d in campaign.documents})


def planned(campaign: Campaign, mas: list[str], folder: Path,
            templates: Path | None) -> list[Planned]:
    """Return the documents `mas` of `campaign` planned into `folder`."""
    return [dataclasses.replace(p, folder=folder)
            for p in plan([campaign], folder.parent, templates or default_templates())
            if p.doc.ma in mas]


def render_documents(campaign: Campaign, mas: list[str], folder: Path, templates: Path | None,
                     *, issued: bool = False,
                     still_writable: Callable[[], set[str]] | None = None
                     ) -> dict[str, Rendered]:
    """Render the documents `mas` of `campaign` into `folder`, write each atomically and record
    them in the campaign's manifest; return each one as written.

    `still_writable`, called under the folder's manifest lock right before writing, returns the
    documents that may still be written (a concurrent issuance may have frozen one meanwhile).
    """
    items = planned(campaign, mas, folder, templates)
    if not items:
        return {}
    result = Written()
    with manifest.locked(folder):
        if still_writable is not None:
            allowed = still_writable()
            items = [item for item in items if item.doc.ma in allowed]
        write_all(items, result, workers=1, issued=issued)
    record(items, result)
    entries = result.entries.get(folder, {})
    return {item.doc.ma: Rendered(item.output, entries[item.doc.ma].content_hash,
                                  item.template, item.template_hash) for item in items}
