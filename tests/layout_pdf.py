"""What a reader sees on a rendered page: words and lines with their positions (pdftotext).

`pdftotext -bbox-layout` gives every word's box, grouped into blocks (a column of text) and
lines; a box runs from the font's ascent to its descent, so the baseline is at the same share
of its height whatever the size (Liberation Serif: ascent 0.891, descent 0.216 of the size).
"""

from __future__ import annotations

import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

_X = "{http://www.w3.org/1999/xhtml}"
_ASCENT_SHARE = 0.891 / (0.891 + 0.216)


@dataclass(frozen=True)
class Word:
    """A printed word: its page (from 1), text and box in points from the page's top left."""

    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def baseline(self) -> float:
        return self.y0 + (self.y1 - self.y0) * _ASCENT_SHARE


@dataclass(frozen=True)
class Line:
    """A printed line of one column (block) of a page."""

    page: int
    block: int
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def lines(pdf: Path) -> list[Line]:
    """Return every printed line of `pdf`, page by page, column by column, top to bottom."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(pdf), "-"],
                         check=True, capture_output=True).stdout
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    out = []
    for number, page in enumerate(root.iter(f"{_X}page"), start=1):
        for block_number, block in enumerate(page.iter(f"{_X}block")):
            for line in block.iter(f"{_X}line"):
                words = tuple(
                    Word(number, unicodedata.normalize("NFC", w.text or ""),
                         float(w.get("xMin")), float(w.get("yMin")),
                         float(w.get("xMax")), float(w.get("yMax")))
                    for w in line.iter(f"{_X}word"))
                if words:
                    out.append(Line(number, block_number, words))
    return out


def words(pdf: Path) -> list[Word]:
    """Return every printed word of `pdf` in reading order."""
    return [word for line in lines(pdf) for word in line.words]


def first(found: list[Word], text: str, page: int = 1) -> Word:
    """Return the first word `text` printed on `page`."""
    return next(w for w in found if w.page == page and w.text == text)


def pages(pdf: Path) -> int:
    """Return the number of pages of `pdf`."""
    return max((line.page for line in lines(pdf)), default=0)
