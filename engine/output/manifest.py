"""The manifest beside a campaign's outputs, and the journal that makes a batch resumable.

`manifest.json` records, per document, what it was built from (template and its hash, the hash of
its input data) and what came out (file, content hash, size, PDF). `.journal.jsonl` gets one
fsynced line per document finished during a regeneration; a killed run, restarted, reads it and
does not redo that work. The manifest is rewritten (atomically) when a run completes.

Every writer of a campaign folder holds its lock (`locked`, an flock on `.manifest.lock`, re-entrant
within a thread) from the moment it decides what it may write to the moment its manifest is
written: an `issued: true` entry is never lost, nor turned back into a draft.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from engine.base.files import write_atomic
from engine.base.version import VERSION
from engine.errors import OutputError

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
    """Return the entries of `folder`'s manifest, updated by its journal (a killed run's work).

    A journal line never turns an issued entry back into a draft. Raise OutputError when the
    manifest is unreadable: which documents are issued would then be unknown.
    """
    path = folder / MANIFEST
    entries = parse(path, path.read_bytes()) if path.is_file() else {}
    journal = folder / JOURNAL
    if journal.is_file():
        for line in journal.read_text("utf-8", errors="replace").splitlines():
            try:
                entry = Entry.from_dict(json.loads(line))
            except (json.JSONDecodeError, TypeError):
                continue  # the line a kill cut short: its document is simply redone
            old = entries.get(entry.ma)
            if old is None or not old.issued or entry.issued:
                entries[entry.ma] = entry
    return entries


def parse(path: Path, data: bytes) -> dict[str, Entry]:
    """Return the entries of the manifest `data` (read from `path`), without any journal."""
    try:
        documents = json.loads(data.decode("utf-8")).get("documents", [])
        entries = [Entry.from_dict(item) for item in documents]
    except (ValueError, TypeError, AttributeError) as exc:
        raise OutputError(
            f"Tệp «{path}» bị hỏng ({exc}): không biết văn bản nào đã ban hành nên không ghi gì.",
            hint="Khôi phục tệp từ bản sao lưu; nếu xoá nó, chỉ những văn bản cơ sở dữ liệu ghi "
                 "là đã ban hành mới chắc chắn được giữ nguyên.") from exc
    return {entry.ma: entry for entry in entries}


def journal(folder: Path, entry: Entry) -> None:
    """Append `entry` to the journal and make it durable before going on."""
    folder.mkdir(parents=True, exist_ok=True)
    try:  # never through a link: a journal planted as a symlink would write anywhere
        fd = os.open(folder / JOURNAL, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW,
                     0o644)
    except OSError as exc:
        raise OutputError(f"Không ghi được nhật ký «{folder / JOURNAL}» ({exc.strerror}): nó "
                          "phải là một tệp thường, không phải liên kết.") from None
    with open(fd, "a", encoding="utf-8") as handle:
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


class _Held(threading.local):
    """The folders whose lock this thread holds, with how many times it took each."""

    def __init__(self) -> None:
        self.depth: dict[Path, int] = {}


_HELD = _Held()


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the campaign folder's manifest lock: one writer at a time, across processes and
    threads. Re-entrant within a thread: code holding it may call merge() (which takes it too)."""
    folder.mkdir(parents=True, exist_ok=True)
    key = folder.resolve()
    if _HELD.depth.get(key):
        _HELD.depth[key] += 1
        try:
            yield
        finally:
            _HELD.depth[key] -= 1
        return
    fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        _HELD.depth[key] = 1
        yield
    finally:
        _HELD.depth.pop(key, None)
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
