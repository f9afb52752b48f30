"""The DOCX zip archive: safety checks before any XML parser opens one, its content fingerprint,
and writing one deterministically (fixed timestamps: same content, same bytes)."""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path

from lxml import etree

from engine.base.zips import zip_problem
from engine.errors import TemplateError
from engine.word.external import external_relationships, without_vml_urls


def package_problem(path: Path) -> str | None:
    """Return why `path` is not a plain, bounded DOCX without macros or remote parts, or None.

    Guards against reliability.md B6 (zip bombs), B7 (not a DOCX, macros) and B8 (external
    relationships that would make LibreOffice fetch a URL), before any XML parser sees the file.
    """
    bounded = zip_problem(path, "tệp DOCX")
    if bounded:
        return bounded
    with zipfile.ZipFile(path) as archive:
        names = {info.filename for info in archive.infolist()}
        if any(n.endswith("vbaProject.bin") for n in names):
            return "tệp có macro (.docm); chỉ dùng .docx"
        if "word/document.xml" not in names or "[Content_Types].xml" not in names:
            return "không phải tài liệu Word (.docx)"
        for name in sorted(names):
            try:
                data = archive.read(name)
            except _UNREADABLE as exc:  # bad CRC, encrypted, unknown compression, truncated
                return f"phần {name} không giải nén được ({_reason(exc)})"
            if name.endswith((".xml", ".rels")) and b"<!DOCTYPE" in data:  # anywhere: a long
                # comment may come first
                return f"phần {name} có khai báo DOCTYPE (bị cấm)"
            found = _external(name, data)
            if found:
                return f"tệp tham chiếu nội dung bên ngoài ({name}: {found[0][:80]}); hãy nhúng " \
                       "hoặc bỏ nó"
    return None


# What zipfile raises for a member it cannot give back as written: a bad CRC or a truncated
# stream (BadZipFile, zlib.error, EOFError), an encrypted member (RuntimeError), a compression
# method it does not know (NotImplementedError).
_UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, NotImplementedError):  # first: it is a RuntimeError too
        return "kiểu nén không hỗ trợ"
    if isinstance(exc, RuntimeError):
        return "có mật khẩu"
    return "dữ liệu nén hỏng"


def _external(name: str, data: bytes) -> list[str]:
    """What the part `name` would fetch: external relationships, VML URLs (a part that does
    not parse names nothing here: the reader reports it)."""
    try:
        if name.endswith(".rels"):
            return external_relationships(data)
        return without_vml_urls(data)[1] if name.endswith(".xml") else []
    except etree.XMLSyntaxError:
        return []


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


# Deflated static parts (styles, settings, …) by content: compressed once per process.
_DEFLATED: dict[bytes, tuple[int, bytes]] = {}
_DOS_DATE, _DOS_TIME = (1 << 5) | 1, 0  # 1980-01-01 00:00:00, fixed: same content, same bytes


def _deflate(data: bytes, keep: bool) -> tuple[int, bytes]:
    if data in _DEFLATED:
        return _DEFLATED[data]
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    result = zlib.crc32(data), compressor.compress(data) + compressor.flush()
    if keep:
        _DEFLATED[data] = result
    return result


def write_zip(parts: Mapping[str, bytes], static: frozenset[str] = frozenset()) -> bytes:
    """Return a DOCX package of `parts` (deflated, fixed timestamps, [Content_Types] first).

    zipfile cannot take data already compressed, so this writes the (simple, stable) zip
    format itself: the parts that never change between documents are compressed only once.
    """
    out, central = bytearray(), bytearray()
    names = sorted(parts, key=lambda n: (n != "[Content_Types].xml", n))
    for name in names:
        data, encoded = parts[name], name.encode()
        crc, packed = _deflate(data, name in static)
        offset = len(out)
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, _DOS_TIME, _DOS_DATE, crc,
                           len(packed), len(data), len(encoded), 0) + encoded + packed
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, _DOS_TIME,
                               _DOS_DATE, crc, len(packed), len(data), len(encoded), 0, 0, 0,
                               0, 0, offset) + encoded
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(names), len(names), len(central),
                      len(out), 0)
    return bytes(out + central + end)
