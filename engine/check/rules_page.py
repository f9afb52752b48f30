"""Page set-up, fonts, page numbers and Unicode form (Phụ lục I, Part I)."""

from __future__ import annotations

from collections.abc import Iterator

from engine.check.components import Layout
from engine.check.findings import Finding
from engine.decree.page import FONT, MARGINS_MM, PAPER_MM
from engine.word.reader import Paragraph, is_nfc

MARGIN_NAMES = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}
ONE_PAGE_OF_TEXT = 2500  # characters; a longer body without page numbers runs past page 1


def check_page(layout: Layout) -> Iterator[Finding]:
    """Yield findings on paper size, margins, fonts, page numbers and NFC."""
    yield from _paper(layout)
    yield from _fonts(layout.paragraphs)
    yield from _page_numbers(layout)
    for p in layout.visible:
        if not is_nfc(p.text):
            yield Finding("not-nfc", "Phụ lục I, I.4 (TCVN 6909:2001)", p.short,
                          "văn bản không ở dạng Unicode dựng sẵn (NFC): chữ có dấu được gõ "
                          "bằng ký tự tổ hợp; hãy chuyển sang Unicode dựng sẵn")


def _paper(layout: Layout) -> Iterator[Finding]:
    page = layout.doc.page()
    width, height = PAPER_MM
    if abs(page.width - width) > 1 or abs(page.height - height) > 1:
        orientation = abs(page.width - height) <= 1 and abs(page.height - width) <= 1
        if not orientation:
            yield Finding("paper-size", "Phụ lục I, I.1", "",
                          f"khổ giấy {page.width:g} × {page.height:g} mm; phải là A4 "
                          f"({width} × {height} mm)")
    for side, (low, high) in MARGINS_MM.items():
        value = getattr(page, side)
        if not low - 0.2 <= value <= high + 0.2:
            yield Finding(f"margin-{side}", "Phụ lục I, I.3", "",
                          f"lề {MARGIN_NAMES[side]} {value:g} mm; phải từ {low} đến {high} mm")


def _fonts(paragraphs: list[Paragraph]) -> Iterator[Finding]:
    seen: set[str] = set()
    for p in paragraphs:
        for run in p.runs:
            if run.text.strip() and run.font != FONT and run.font not in seen:
                seen.add(run.font)
                yield Finding("font", "Phụ lục I, I.4", p.short,
                              f"phông chữ «{run.font or 'không xác định'}»; phải là {FONT}")


def _page_numbers(layout: Layout) -> Iterator[Finding]:
    doc = layout.doc
    default, first = doc.headers("default"), doc.headers("first")
    numbered = [p for p in default if p.page_field]
    footers = [p for kind in ("default", "first") for p in doc.headers(kind, "footer")
               if p.page_field]
    if footers:
        yield Finding("page-number-position", "Phụ lục I, I.7", "",
                      "số trang đặt ở chân trang; phải ở giữa lề trên (đầu trang)")
    if not numbered and not footers:
        pages = doc.page_count()
        long = pages > 1 if pages else sum(len(p.text) for p in layout.visible) > ONE_PAGE_OF_TEXT
        if long:
            yield Finding("page-number-missing", "Phụ lục I, I.7", "",
                          "văn bản nhiều trang nhưng không đánh số trang")
        return
    if numbered and not doc.page().title_page:
        yield Finding("page-number-first-page", "Phụ lục I, I.7", "",
                      "số trang hiện cả ở trang đầu; trang 1 không hiển thị số trang")
    if doc.page().title_page and any(p.page_field for p in first):
        yield Finding("page-number-first-page", "Phụ lục I, I.7", "",
                      "đầu trang của trang 1 có số trang; trang 1 không hiển thị số trang")
    for p in numbered:
        if p.align != "center":
            yield Finding("page-number-position", "Phụ lục I, I.7", "",
                          "số trang phải canh giữa theo chiều ngang")
        if not 13 <= p.size <= 14 or p.bold or p.italic:
            yield Finding("page-number-style", "Phụ lục I, I.7", "",
                          f"số trang cỡ {p.size:g}; phải cỡ 13–14, kiểu chữ đứng")
