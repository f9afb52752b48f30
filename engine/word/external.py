"""Content a DOCX fetches from elsewhere, found by an XML parser (quotes, character references
and case as Word and LibreOffice read them, not as a regular expression guesses): external
relationships (hyperlinks aside: nothing fetches them) and VML attributes holding a URL.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from engine.word.reader import SAFE_PARSER

_VML = ("{urn:schemas-microsoft-com:vml}", "{urn:schemas-microsoft-com:office:office}")
# A value that names a place to fetch from (a style such as "width:10pt" does not).
_URL = re.compile(r"^\s*((https?|ftps?|file|smb|webdavs?|mhtml|jar):|\\\\|//)", re.IGNORECASE)


def _is_external(relationship: Any) -> bool:
    mode = (relationship.get("TargetMode") or "").strip().lower()
    kind = (relationship.get("Type") or "").rstrip("/").lower()
    return mode == "external" and not kind.endswith("/hyperlink")


def external_relationships(part: bytes) -> list[str]:
    """The targets of the external relationships of a .rels part (hyperlinks aside).

    >>> external_relationships(b"<Relationships><Relationship Id='a' Type='x/image' "
    ...                        b"Target='http://h/i.png' TargetMode='&#69;xternal'/>"
    ...                        b"</Relationships>")
    ['http://h/i.png']
    """
    root = etree.fromstring(part, SAFE_PARSER)
    return [str(r.get("Target", "")) for r in root if _is_external(r)]


def without_external(part: bytes) -> tuple[bytes, list[str]]:
    """The .rels part without its external relationships, and their targets."""
    root = etree.fromstring(part, SAFE_PARSER)
    dropped = [r for r in root if _is_external(r)]
    for relationship in dropped:
        root.remove(relationship)
    if not dropped:
        return part, []
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), [
        str(r.get("Target", "")) for r in dropped]


def without_vml_urls(part: bytes) -> tuple[bytes, list[str]]:
    """The XML part without the VML attributes that name a URL (`src`, `o:href`, …)."""
    if b"urn:schemas-microsoft-com:" not in part:
        return part, []
    root = etree.fromstring(part, SAFE_PARSER)
    found = []
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith(_VML):
            for name, value in list(element.attrib.items()):
                if _URL.match(value):
                    found.append(value)
                    del element.attrib[name]
    if not found:
        return part, []
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), found
