"""Remove what would make LibreOffice reach the network while converting a DOCX.

A DOCX with an external image relationship made LibreOffice fetch it during a headless
conversion (reliability.md §1.4, F4, B8). Before conversion, external relationships (but
hyperlinks, which are never fetched), VML attributes naming a URL, INCLUDEPICTURE/INCLUDETEXT
fields, altChunk parts and an attached template are stripped.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from engine.word.external import without_external, without_vml_urls

_INCLUDE = re.compile(rb"\b(INCLUDEPICTURE|INCLUDETEXT|LINK|IMPORT)\b", re.IGNORECASE)
_FIELD_SIMPLE = re.compile(rb"<w:fldSimple\b[^>]*\binstr=\"[^\"]*\"[^>]*?(/>|>.*?</w:fldSimple>)",
                           re.DOTALL)
_INSTR = re.compile(rb"(<w:instrText\b[^>]*>)([^<]*)(</w:instrText>)")
_ATTACHED = re.compile(rb"<w:attachedTemplate\b[^>]*/>")
_ALT_CHUNK = re.compile(rb"<w:altChunk\b[^>]*/>")


def sanitize(data: bytes) -> tuple[bytes, list[str]]:
    """Return the DOCX without remote content, and what was removed (empty: unchanged)."""
    removed: list[str] = []
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info.filename)
            if info.filename.endswith(".rels"):
                part = _strip_relationships(part, info.filename, removed)
            elif info.filename.endswith(".xml"):
                part = _strip_vml(_strip_fields(part, info.filename, removed), info.filename,
                                  removed)
            dst.writestr(info, part)
    return (out.getvalue() if removed else data), removed


def _strip_relationships(part: bytes, name: str, removed: list[str]) -> bytes:
    """The .rels part without external relationships (read by an XML parser: quotes,
    character references and case as LibreOffice reads them)."""
    try:
        kept, dropped = without_external(part)
    except etree.XMLSyntaxError:
        return part  # unparseable: LibreOffice cannot follow it either
    removed.extend(f"{name}: {target[:120]}" for target in dropped)
    return kept


def _strip_vml(part: bytes, name: str, removed: list[str]) -> bytes:
    """The part without VML attributes naming a URL (a shape's picture fetched from a server)."""
    try:
        kept, found = without_vml_urls(part)
    except etree.XMLSyntaxError:
        return part
    removed.extend(f"{name}: VML {url[:120]}" for url in found)
    return kept


def _strip_fields(part: bytes, name: str, removed: list[str]) -> bytes:
    def simple(match: re.Match[bytes]) -> bytes:
        if _INCLUDE.search(match.group(0).split(b">", 1)[0]):
            removed.append(f"{name}: field {match.group(0)[:80].decode('utf-8', 'replace')}")
            return b""
        return match.group(0)

    def instruction(match: re.Match[bytes]) -> bytes:
        if _INCLUDE.search(match.group(2)):
            removed.append(f"{name}: field {match.group(2).decode('utf-8', 'replace')[:80]}")
            return match.group(1) + match.group(3)
        return match.group(0)

    for pattern in (_ATTACHED, _ALT_CHUNK):
        if pattern.search(part):
            removed.append(f"{name}: {pattern.search(part).group(0)[:80].decode()}")  # type: ignore[union-attr]
            part = pattern.sub(b"", part)
    return _INSTR.sub(instruction, _FIELD_SIMPLE.sub(simple, part))
