"""Crash-safe file writes: a temp file in the same folder, fsync, rename, fsync the folder.

A direct overwrite killed mid-write left 52 of 60 DOCX unreadable (reliability.md §2.3, E1);
this pattern leaves either the old file or the new one, plus temp files swept at the next start.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
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
        with open(temp, "xb") as handle:  # O_EXCL: never an existing file, nor a link
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
    """Remove what a killed run left in `folder` and below: temp files, the work folders of a
    conversion, links with the temp prefix (removed, never followed); return what was removed.

    >>> import tempfile; root = Path(tempfile.mkdtemp())
    >>> (root / f"{TEMP_PREFIX}work").mkdir()
    >>> _ = (root / f"{TEMP_PREFIX}work" / "a").write_text("")
    >>> _ = (root / f"{TEMP_PREFIX}1-cv.docx").write_text(""); _ = (root / "cv.docx").write_text("")
    >>> [p.name for p in sweep(root)], sorted(p.name for p in root.iterdir())
    (['.tmp-vanban-1-cv.docx', '.tmp-vanban-work'], ['cv.docx'])
    """
    if folder.is_symlink() or not folder.is_dir():
        return []
    found = []
    for root, folders, files in os.walk(folder):  # links to folders are not walked into
        found += [Path(root) / name for name in (*folders, *files) if name.startswith(TEMP_PREFIX)]
        folders[:] = [name for name in folders if not name.startswith(TEMP_PREFIX)]
    for leftover in found:
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)
    return sorted(found)
