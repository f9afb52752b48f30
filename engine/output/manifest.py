"""The manifest beside a campaign's outputs, and the journal that makes a batch resumable.

`manifest.json` records, per document, what it was built from (template and its hash, the hash of
its input data) and what came out (file, content hash, size, PDF). `.journal.jsonl` gets one
fsynced line per document finished during a regeneration; a killed run, restarted, reads it and
does not redo that work. The manifest is rewritten (atomically) when a run completes.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from engine.base.files import write_atomic
from engine.base.version import VERSION

MANIFEST = "manifest.json"
JOURNAL = ".journal.jsonl"
LOCK = ".manifest.lock"


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
    data = {"vanban": VERSION, "campaign": campaign, "inputs": inputs,
            "documents": [asdict(entry) for entry in entries]}
    path = folder / MANIFEST
    write_atomic(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    (folder / JOURNAL).unlink(missing_ok=True)
    return path


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the campaign folder's manifest lock: one writer at a time, across processes."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def merge(folder: Path, campaign: str, inputs: dict[str, str], new: dict[str, Entry],
          order: list[str]) -> Path:
    """Under the lock, read the manifest, replace the entries of `new`, and write it back with
    the documents in campaign `order` (entries of documents no longer there go last)."""
    with locked(folder):
        entries = read(folder)
        entries.update(new)
        rank = {ma: i for i, ma in enumerate(order)}
        kept = sorted(entries.values(), key=lambda e: rank.get(e.ma, len(rank)))
        return write(folder, campaign, inputs, kept)
