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


def check_template(path: Path) -> None:
    """Raise TemplateError unless `path` is a plain, bounded DOCX without macros or remote parts.

    Guards against reliability.md B6 (zip bombs), B7 (not a DOCX, macros) and B8 (external
    relationships that would make LibreOffice fetch a URL).
    """
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise TemplateError(path.name, f"không phải tệp DOCX hợp lệ ({exc})") from None
    with archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_TOTAL:
            raise TemplateError(path.name, "tệp quá lớn khi giải nén")
        if any(i.compress_size and i.file_size / i.compress_size > MAX_RATIO for i in infos):
            raise TemplateError(path.name, "tệp nén bất thường (nghi là bom nén)")
        if "word/document.xml" not in names or "[Content_Types].xml" not in names:
            raise TemplateError(path.name, "không phải tài liệu Word (.docx)")
        if any(n.endswith("vbaProject.bin") for n in names):
            raise TemplateError(path.name, "tệp có macro (.docm); chỉ dùng .docx")
        for name in names:
            if name.endswith(".rels"):
                for line in archive.read(name).split(b"<Relationship "):
                    if _EXTERNAL.search(line) and _HYPERLINK not in line:
                        raise TemplateError(path.name, f"tệp tham chiếu nội dung bên ngoài "
                                                       f"({name}); hãy nhúng hoặc bỏ nó")
            if name.endswith(".xml") and b"<!DOCTYPE" in archive.read(name)[:2048]:
                raise TemplateError(path.name, f"phần {name} có khai báo DOCTYPE (bị cấm)")


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
