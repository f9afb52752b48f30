"""The workflow's documents on disk: rendered through the one output path (engine.output.build)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from engine.campaign.models import Campaign, Document
from engine.document.templates import default_templates
from engine.output.build import Written, record, write_all
from engine.output.plan import plan


def with_documents(campaign: Campaign, replaced: dict[str, Document]) -> Campaign:
    """Return `campaign` with some of its documents replaced (a number bound, a date cleared)."""
    return dataclasses.replace(campaign, documents=tuple(
        replaced.get(d.ma, d) for d in campaign.documents))


def render_documents(campaign: Campaign, mas: list[str], out_dir: Path, templates: Path | None,
                     *, issued: bool = False) -> dict[str, tuple[Path, str]]:
    """Render the documents `mas` of `campaign`, write each atomically and record them in the
    campaign's manifest; return each one's file and content hash."""
    items = [p for p in plan([campaign], out_dir, templates or default_templates())
             if p.doc.ma in mas]
    if not items:
        return {}
    result = Written()
    write_all(items, result, workers=1, issued=issued)
    record(items, result)
    entries = result.entries[items[0].folder]
    return {item.doc.ma: (item.output, entries[item.doc.ma].content_hash) for item in items}
