"""What a reader sees on a rendered page: words and lines with their positions (pdftotext).

`pdftotext -bbox-layout` gives every word's box, grouped into blocks (a column of text) and
lines; a box runs from the font's ascent to its descent, so the baseline is at the same share
of its height whatever the size (Liberation Serif: ascent 0.891, descent 0.216 of the size).
"""

from __future__ import annotations

import re
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


@dataclass(frozen=True)
class Rule:
    """A horizontal line drawn on a page (not text): its page, ends and height in points."""

    page: int
    x0: float
    x1: float
    y: float

    @property
    def length(self) -> float:
        return self.x1 - self.x0


_DPI = 144
_MIN_RULE_PT = 20.0  # wider than any glyph of a 14 pt line, so letters are never taken for it


def rules(pdf: Path, page: int = 1) -> list[Rule]:
    """Return the horizontal lines drawn on `page`, top to bottom, measured on its raster
    (pdftoppm): runs of dark pixels at least _MIN_RULE_PT long, one to a few pixels high."""
    raster = subprocess.run(["pdftoppm", "-gray", "-r", str(_DPI), "-f", str(page), "-l",
                             str(page), str(pdf)], check=True, capture_output=True).stdout
    magic, width, height, _depth, pixels = raster.split(maxsplit=4)
    assert magic == b"P5"
    columns, run = int(width), re.compile(rb"[\x00-\x7f]{%d,}" % int(_MIN_RULE_PT * _DPI / 72))
    found: list[tuple[int, int, int, int]] = []  # first row, last row, x0, x1 in pixels
    for row in range(int(height)):
        for match in run.finditer(pixels, row * columns, (row + 1) * columns):
            x0, x1 = match.start() - row * columns, match.end() - row * columns
            near = [f for f in found if f[1] == row - 1 and abs(f[2] - x0) <= 2]
            if near:
                found[found.index(near[0])] = (near[0][0], row, x0, x1)
            else:
                found.append((row, row, x0, x1))
    scale = 72 / _DPI
    return [Rule(page, x0 * scale, x1 * scale, (top + bottom + 1) / 2 * scale)
            for top, bottom, x0, x1 in found if bottom - top <= 4]


def text_above(found: list[Line], rule: Rule) -> Line:
    """Return the printed line just above `rule` in its column."""
    middle = (rule.x0 + rule.x1) / 2
    candidates = [line for line in found if line.page == rule.page
                  and line.words[-1].y1 <= rule.y + 1
                  and line.words[0].x0 <= middle <= line.words[-1].x1]
    return max(candidates, key=lambda line: line.words[-1].y1)


def width(line: Line) -> float:
    """Return the printed width of `line`, from its first word's left to its last's right."""
    return line.words[-1].x1 - line.words[0].x0
