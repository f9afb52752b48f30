"""What a reader sees: the DOCX laid out by LibreOffice, each printed word with its position.

Some departures exist only on the page (whether "Số:" and the date share a line, where a line
breaks, what a page holds); `vanban check --render` reads them from the PDF LibreOffice makes
(engine.pdf) through `pdftotext -bbox` (poppler-utils).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from engine.errors import ConversionError
from engine.pdf import Converter, make_converter

_PAGE = re.compile(r"<page\b[^>]*>(.*?)</page>", re.DOTALL)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r"([^<]*)</word>")
PDFTOTEXT_SECONDS = 60


@dataclass(frozen=True)
class Word:
    """A printed word: its page (from 1), its box in points from the page's top left."""

    page: int
    left: float
    top: float
    right: float
    bottom: float
    text: str


@dataclass(frozen=True)
class Rendering:
    """The words of a rendered document in reading order, and its page count."""

    words: tuple[Word, ...]
    pages: int

    def on(self, page: int) -> list[Word]:
        return [w for w in self.words if w.page == page]


def read_words(bbox: str) -> Rendering:
    """Return the words of `pdftotext -bbox` output.

    >>> r = read_words('<page width="595" height="842"><word xMin="1" yMin="2" xMax="3" '
    ...                'yMax="4">S&#7889;:</word></page><page></page>')
    >>> r.pages, r.words[0].text, r.words[0].bottom
    (2, 'Số:', 4.0)
    """
    words: list[Word] = []
    pages = _PAGE.findall(bbox)
    for number, page in enumerate(pages, start=1):
        for left, top, right, bottom, text in _WORD.findall(page):
            words.append(Word(number, float(left), float(top), float(right), float(bottom),
                              html.unescape(text)))
    return Rendering(tuple(words), len(pages))


class Renderer:
    """Lays DOCX files out with one LibreOffice kept for all of them (use it in a `with`)."""

    def __init__(self, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self._converter: Converter | None = None

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._converter is not None:
            self._converter.close()
            self._converter = None

    def render(self, source: Path) -> Rendering:
        """Return the words of `source` as LibreOffice prints them; raise ConversionError."""
        if shutil.which("pdftotext") is None:
            raise ConversionError(source.name, "thiếu pdftotext (gói poppler-utils)")
        if self._converter is None:
            self._converter = make_converter(self.timeout)
        with tempfile.TemporaryDirectory(prefix="vanban-check-") as folder:
            pdf = Path(folder) / f"{source.stem}.pdf"
            self._converter.convert(source, pdf)
            done = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                                  timeout=PDFTOTEXT_SECONDS, check=False)
        if done.returncode != 0:
            raise ConversionError(source.name, f"pdftotext trả mã lỗi {done.returncode}")
        return read_words(done.stdout.decode("utf-8", "replace"))
