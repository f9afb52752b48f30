"""Page set-up, fonts, page numbers and Unicode form (Phụ lục I, Part I)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from engine.check.components import Layout
from engine.check.findings import Finding, Rule
from engine.decree.page import FONT, MARGINS_MM, PAPER_MM
from engine.word.reader import Paragraph, is_nfc

MARGIN_NAMES = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}
ONE_PAGE_OF_TEXT = 2500  # characters; a longer body without page numbers runs past page 1
PAGE_RULE = "Phụ lục I, I.7"


def paper(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, I.1: A4, portrait or landscape."""
    page = layout.doc.page()
    width, height = PAPER_MM
    if abs(page.width - width) > 1 or abs(page.height - height) > 1:
        turned = abs(page.width - height) <= 1 and abs(page.height - width) <= 1
        if not turned:
            yield Finding("paper-size", "Phụ lục I, I.1", "",
                          f"khổ giấy {page.width:g} × {page.height:g} mm; phải là A4 "
                          f"({width} × {height} mm)")


def margins(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, I.3: each margin within its range."""
    page = layout.doc.page()
    for side, (low, high) in MARGINS_MM.items():
        value = getattr(page, side)
        if not low - 0.2 <= value <= high + 0.2:
            yield Finding(f"margin-{side}", "Phụ lục I, I.3", "",
                          f"lề {MARGIN_NAMES[side]} {value:g} mm; phải từ {low} đến {high} mm")


def fonts(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, I.4: Times New Roman everywhere (each other font reported once)."""
    seen: set[str] = set()
    for p in layout.paragraphs:
        for run in p.runs:
            if run.text.strip() and run.font != FONT and run.font not in seen:
                seen.add(run.font)
                yield Finding("font", "Phụ lục I, I.4", p.short,
                              f"phông chữ «{run.font or 'không xác định'}»; phải là {FONT}")


def not_nfc(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, I.4 (TCVN 6909:2001): text in precomposed Unicode."""
    for p in layout.visible:
        if not is_nfc(p.text):
            yield Finding("not-nfc", "Phụ lục I, I.4 (TCVN 6909:2001)", p.short,
                          "văn bản không ở dạng Unicode dựng sẵn (NFC): chữ có dấu được gõ "
                          "bằng ký tự tổ hợp; hãy chuyển sang Unicode dựng sẵn")


def _numbered(layout: Layout) -> list[Paragraph]:
    return [p for p in layout.doc.headers("default") if p.page_field]


def _footers(layout: Layout) -> list[Paragraph]:
    return [p for kind in ("default", "first") for p in layout.doc.headers(kind, "footer")
            if p.page_field]


def _stale_statistics(layout: Layout) -> bool:
    """Whether docProps/app.xml says the document has no words: it was not saved by Word."""
    return re.search(rb"<(?:\w+:)?Words>0<", layout.doc.parts.get("docProps/app.xml", b"")) \
        is not None


def page_number_missing(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, I.7: a document of several pages numbers them."""
    if _numbered(layout) or _footers(layout):
        return
    text = sum(len(p.text) for p in layout.visible)
    pages = layout.doc.page_count()
    if _stale_statistics(layout) and text:
        pages = None  # python-docx and other tools copy a template's "1 page, 0 words"
    if layout.rendering is not None:
        pages = layout.rendering.pages
    if pages > 1 if pages else text > ONE_PAGE_OF_TEXT:
        yield Finding("page-number-missing", PAGE_RULE, "",
                      "văn bản nhiều trang nhưng không đánh số trang")


def page_number_footer(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, I.7: page numbers in the top margin, not the footer."""
    if _footers(layout):
        yield Finding("page-number-position", PAGE_RULE, "",
                      "số trang đặt ở chân trang; phải ở giữa lề trên (đầu trang)")


def page_number_first_page(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, I.7: no number on page 1."""
    doc = layout.doc
    if _numbered(layout) and not doc.page().title_page:
        yield Finding("page-number-first-page", PAGE_RULE, "",
                      "số trang hiện cả ở trang đầu; trang 1 không hiển thị số trang")
    if doc.page().title_page and any(p.page_field for p in doc.headers("first")):
        yield Finding("page-number-first-page", PAGE_RULE, "",
                      "đầu trang của trang 1 có số trang; trang 1 không hiển thị số trang")


def page_number_align(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, I.7: page numbers centred."""
    if any(p.align != "center" for p in _numbered(layout)):
        yield Finding("page-number-position", PAGE_RULE, "",
                      "số trang phải canh giữa theo chiều ngang")


def page_number_style(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, I.7: page numbers 13–14, upright. A field Word has not computed yet has no
    text to measure: its look is known only once a number is shown."""
    for p in _numbered(layout):
        if p.runs and (not 13 <= p.size <= 14 or p.bold or p.italic):
            yield Finding("page-number-style", PAGE_RULE, "",
                          f"số trang cỡ {p.size:g}; phải cỡ 13–14, kiểu chữ đứng")


RULES: tuple[Rule, ...] = (
    paper, margins, fonts, not_nfc, page_number_missing, page_number_footer,
    page_number_first_page, page_number_align, page_number_style)
