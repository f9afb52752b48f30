"""Checks and fingerprints of DOCX packages (zip files), before python-docx ever opens them."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

from engine.errors import TemplateError

MAX_TOTAL = 50_000_000   # uncompressed bytes (reliability.md §1.3, B6)
MAX_RATIO = 100          # per entry
MAX_ENTRIES = 1_000
_EXTERNAL = re.compile(rb'TargetMode\s*=\s*"External"')
_HYPERLINK = b"relationships/hyperlink"


def package_problem(path: Path) -> str | None:
    """Return why `path` is not a plain, bounded DOCX without macros or remote parts, or None.

    Guards against reliability.md B6 (zip bombs), B7 (not a DOCX, macros) and B8 (external
    relationships that would make LibreOffice fetch a URL), before any XML parser sees the file.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        return f"không phải tệp DOCX hợp lệ ({exc})"
    with archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_TOTAL:
            return "tệp quá lớn khi giải nén (nghi là bom nén)"
        if any(i.compress_size and i.file_size / i.compress_size > MAX_RATIO for i in infos):
            return "tệp nén bất thường (nghi là bom nén)"
        if any(n.endswith("vbaProject.bin") for n in names):
            return "tệp có macro (.docm); chỉ dùng .docx"
        if "word/document.xml" not in names or "[Content_Types].xml" not in names:
            return "không phải tài liệu Word (.docx)"
        for name in sorted(names):
            data = archive.read(name)
            if name.endswith(".rels"):
                for line in data.split(b"<Relationship "):
                    if _EXTERNAL.search(line) and _HYPERLINK not in line:
                        return f"tệp tham chiếu nội dung bên ngoài ({name}); hãy nhúng hoặc bỏ nó"
            if name.endswith((".xml", ".rels")) and b"<!DOCTYPE" in data[:2048]:
                return f"phần {name} có khai báo DOCTYPE (bị cấm)"
    return None


def check_template(path: Path) -> None:
    """Raise TemplateError unless `path` is a DOCX template that is safe to render."""
    problem = package_problem(path)
    if problem:
        raise TemplateError(path.name, problem)


def content_hash(data: bytes) -> str:
    """Return the SHA-256 of a DOCX's parts (names and bytes), ignoring zip timestamps.

    Two renders of the same input differ only in zip metadata (reliability.md §2.3).
    """
    digest = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in sorted(archive.namelist()):
            digest.update(name.encode() + b"\0")
            digest.update(archive.read(name) + b"\0")
    return digest.hexdigest()
