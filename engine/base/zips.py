"""Zip packages strangers send (DOCX, XLSX): bounded before any parser opens one.

The sizes are read from the central directory and checked before anything is inflated. Then
every member is inflated once, in chunks of CHUNK bytes, to prove it holds what the directory
declares: zipfile's own `read()` inflates a whole member in one call (a member that understates
its size would take gigabytes before the CRC fails), so after this check every later reader
(python-docx, openpyxl, ours) reads members whose real sizes are the bounded, declared ones.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

MAX_TOTAL = 50_000_000   # uncompressed bytes (reliability.md §1.3, B6)
MAX_RATIO = 100          # per entry
MAX_ENTRIES = 1_000
CHUNK = 1 << 16


def zip_problem(path: Path, kind: str = "tệp nén") -> str | None:
    """Return why the zip at `path` is not a bounded package (Vietnamese, naming it as `kind`:
    "tệp DOCX"), or None."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_TOTAL:
                return "tệp quá lớn khi giải nén (nghi là bom nén)"
            if any(i.compress_size and i.file_size / i.compress_size > MAX_RATIO for i in infos):
                return "tệp nén bất thường (nghi là bom nén)"
            for info in infos:
                _inflate(archive, info)
    except (OSError, EOFError, zipfile.BadZipFile, NotImplementedError, RuntimeError,
            ValueError, zlib.error) as exc:
        return f"không phải {kind} hợp lệ ({exc})"
    return None


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Inflate `info` chunk by chunk (bounded memory); zipfile stops at the declared size and
    raises BadZipFile when the CRC then fails (a member that understates its size)."""
    with archive.open(info) as member:
        while member.read(CHUNK):
            pass
