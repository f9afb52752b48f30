"""Zip packages strangers send (DOCX, XLSX): bounded before any parser opens one.

The sizes are read from the central directory and checked before anything is inflated; what a
member really inflates to is bounded by zipfile itself (it stops at the declared size and then
fails the CRC), so a member that understates its size is an error, never a memory blow-up.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

MAX_TOTAL = 50_000_000   # uncompressed bytes (reliability.md §1.3, B6)
MAX_RATIO = 100          # per entry
MAX_ENTRIES = 1_000


def zip_problem(path: Path, kind: str = "tệp nén") -> str | None:
    """Return why the zip at `path` is not a bounded package (Vietnamese, naming it as `kind`:
    "tệp DOCX"), or None."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (OSError, zipfile.BadZipFile) as exc:
        return f"không phải {kind} hợp lệ ({exc})"
    if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_TOTAL:
        return "tệp quá lớn khi giải nén (nghi là bom nén)"
    if any(i.compress_size and i.file_size / i.compress_size > MAX_RATIO for i in infos):
        return "tệp nén bất thường (nghi là bom nén)"
    return None
