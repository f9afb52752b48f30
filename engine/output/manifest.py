"""The manifest beside a campaign's outputs, and the journal that makes a batch resumable.

`manifest.json` records, per document, what it was built from (template and its hash, the hash of
its input data) and what came out (file, content hash, size, PDF). `.journal.jsonl` gets one
fsynced line per document finished during a regeneration; a killed run, restarted, reads it and
does not redo that work. The manifest is rewritten (atomically) when a run completes.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from engine import __version__
from engine.base.files import write_atomic

MANIFEST = "manifest.json"
JOURNAL = ".journal.jsonl"


@dataclass
class Entry:
    """One document of a campaign's manifest."""

    ma: str
    loai: str
    template: str
    template_hash: str
    input_hash: str
    output: str
    content_hash: str
    size: int
    pdf: str | None = None
    pdf_pages: int | None = None
    pdf_fonts: list[str] = field(default_factory=list)
    issued: bool = False

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        known = {key: data[key] for key in cls.__dataclass_fields__ if key in data}
        return cls(**known)


def input_hash(template: str, context: dict[str, Any]) -> str:
    """Return the hash of a document's input: its template name and its whole context."""
    text = json.dumps([template, context], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read(folder: Path) -> dict[str, Entry]:
    """Return the entries of `folder`'s manifest, updated by its journal (a killed run's work)."""
    entries: dict[str, Entry] = {}
    manifest = folder / MANIFEST
    if manifest.is_file():
        for item in json.loads(manifest.read_text("utf-8")).get("documents", []):
            entry = Entry.from_dict(item)
            entries[entry.ma] = entry
    journal = folder / JOURNAL
    if journal.is_file():
        for line in journal.read_text("utf-8").splitlines():
            try:
                entry = Entry.from_dict(json.loads(line))
            except (json.JSONDecodeError, TypeError):
                continue  # the line a kill cut short: its document is simply redone
            entries[entry.ma] = entry
    return entries


def journal(folder: Path, entry: Entry) -> None:
    """Append `entry` to the journal and make it durable before going on."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / JOURNAL, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def write(folder: Path, campaign: str, inputs: dict[str, str], entries: list[Entry]) -> Path:
    """Write the manifest atomically, then drop the journal it supersedes."""
    data = {"vanban": __version__, "campaign": campaign, "inputs": inputs,
            "documents": [asdict(entry) for entry in entries]}
    path = folder / MANIFEST
    write_atomic(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    (folder / JOURNAL).unlink(missing_ok=True)
    return path
