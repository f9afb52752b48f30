"""Where the rendered page puts what a signature refers to: the signer's chức vụ and họ tên, the
blanks of the number and the date, the top right of page 1 (issue 15: "find them from the PDF's
word positions, not from fixed coordinates").

Word boxes come from poppler's `pdftotext -bbox-layout` (the PDF's own text, as a reader sees
it; pypdf's text visitor gives only where a run starts, not its width). Boxes are returned in
PDF user space: points from the page's bottom left.
"""

from __future__ import annotations

import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from engine.errors import SigningError

_X = "{http://www.w3.org/1999/xhtml}"
_SECONDS = 60


@dataclass(frozen=True)
class Box:
    """A rectangle on a page (from 0), in points from the page's bottom left."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True)
class Line:
    """A printed line: its page, its words' texts and their boxes (PDF user space)."""

    page: int
    words: tuple[tuple[str, Box], ...]

    @property
    def text(self) -> str:
        return " ".join(text for text, _ in self.words)

    @property
    def box(self) -> Box:
        boxes = [box for _, box in self.words]
        return Box(self.page, min(b.x0 for b in boxes), min(b.y0 for b in boxes),
                   max(b.x1 for b in boxes), max(b.y1 for b in boxes))


def printed_lines(data: bytes) -> list[Line]:
    """Return every printed line of the PDF `data`, page by page, in reading order."""
    with tempfile.TemporaryDirectory(prefix="vanban-lines-") as folder:
        pdf = Path(folder) / "document.pdf"
        pdf.write_bytes(data)
        return _parsed(_bbox_xml(pdf))


def _bbox_xml(pdf: Path) -> bytes:
    try:
        return subprocess.run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(pdf), "-"],
                              check=True, capture_output=True, timeout=_SECONDS).stdout
    except FileNotFoundError as exc:
        raise SigningError("Không tìm thấy «pdftotext» (gói poppler-utils) để xác định vị trí "
                           "chữ ký trên trang.", code="no-pdftotext") from exc
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        raise SigningError("Không đọc được chữ trên các trang của tệp PDF.",
                           code="unreadable-pdf") from exc


def _parsed(xml: bytes) -> list[Line]:
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True,
                                                 huge_tree=False))
    lines = []
    for number, page in enumerate(root.iter(f"{_X}page")):
        height = float(page.get("height"))
        for line in page.iter(f"{_X}line"):
            words = tuple((unicodedata.normalize("NFC", w.text or ""),
                           Box(number, float(w.get("xMin")), height - float(w.get("yMax")),
                               float(w.get("xMax")), height - float(w.get("yMin"))))
                          for w in line.iter(f"{_X}word"))
            if words:
                lines.append(Line(number, words))
    return lines
