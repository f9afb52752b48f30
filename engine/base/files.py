"""Crash-safe file writes: a temp file in the same folder, fsync, rename, fsync the folder.

A direct overwrite killed mid-write left 52 of 60 DOCX unreadable (reliability.md §2.3, E1);
this pattern leaves either the old file or the new one, plus temp files swept at the next start.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from functools import cache
from pathlib import Path

TEMP_PREFIX = ".tmp-vanban-"


@cache
def _file_hash(path: Path, mtime_ns: int, size: int, inode: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_hash(path: Path) -> str:
    """Return the SHA-256 of a file, computed once per version of it (modification time,
    size, inode: an atomic rewrite is a new inode)."""
    stat = path.stat()
    return _file_hash(path.resolve(), stat.st_mtime_ns, stat.st_size, stat.st_ino)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves the old content or the new, never a mix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.parent / f"{TEMP_PREFIX}{secrets.token_hex(6)}-{path.name}"
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def sweep(folder: Path) -> list[Path]:
    """Remove temp files a killed run left in `folder` (and below); return what was removed."""
    if not folder.is_dir():
        return []
    leftovers = sorted(folder.rglob(f"{TEMP_PREFIX}*"))
    for leftover in leftovers:
        leftover.unlink(missing_ok=True)
    return leftovers
