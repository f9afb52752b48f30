"""Ô 6: căn cứ, the body paragraphs and the "/." that ends the content."""

from __future__ import annotations

from collections.abc import Iterator

from engine.check.components import Layout, squeeze
from engine.check.findings import Finding, Rule
from engine.check.style import styled
from engine.word.reader import Paragraph

FIRST_LINE = (567, 720)  # 1 cm or 1.27 cm (Phụ lục I, II.6.e)
TOLERANCE = 30           # twips: what Word's own cm/inch rounding gives
BODY_RULE = "Phụ lục I, II.6.e"
END_MARKS = ("./.", "/.")


def basis_style(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.6.a: căn cứ lines italic, 13–14."""
    for p in layout.bases:
        yield from styled(p, "Phụ lục I, II.6.a", "basis", "căn cứ ban hành", (13, 14),
                          italic=True)


def basis_punctuation(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.6.a: each căn cứ ends with ";", the last with "."."""
    lines = layout.bases
    for i, p in enumerate(lines):
        mark = "." if i == len(lines) - 1 else ";"
        if not p.text.rstrip().endswith(mark):
            where = "dòng cuối" if mark == "." else "mỗi dòng"
            yield Finding("basis-punctuation", "Phụ lục I, II.6.a", p.short,
                          f"{where} căn cứ phải kết thúc bằng «{mark}»")


def _formatted(layout: Layout) -> list[Paragraph]:
    """The body paragraphs with text of their own (not an end mark alone after a table)."""
    return [p for p in layout.body if squeeze(p.text) not in END_MARKS]


def body_style(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.6.e: the body 13–14."""
    for p in _formatted(layout):
        yield from styled(p, BODY_RULE, "body", "nội dung", (13, 14))


def body_align(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.6.e: the body justified."""
    for p in _formatted(layout):
        if p.align not in ("both", "distribute"):
            yield Finding("body-align", BODY_RULE, p.short, "nội dung phải canh đều hai lề")


def body_indent(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.6.e: a first-line indent of 1 cm or 1.27 cm."""
    for p in _formatted(layout):
        if not any(abs(p.first_line - value) <= TOLERANCE for value in FIRST_LINE):
            yield Finding("body-indent", BODY_RULE, p.short,
                          f"thụt đầu dòng {p.first_line / 567:.2f} cm; phải 1 cm hoặc 1,27 cm")


def body_spacing(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.6.e: at least 6 pt between paragraphs."""
    for p in _formatted(layout):
        if p.before + p.after < 120:
            yield Finding("body-spacing", BODY_RULE, p.short,
                          "khoảng cách giữa các đoạn văn tối thiểu 6 pt")


def body_line_spacing(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.6.e: line spacing from single to 1.5 lines."""
    for p in _formatted(layout):
        if not _line_spacing_ok(p):
            yield Finding("body-line-spacing", BODY_RULE, p.short,
                          "khoảng cách giữa các dòng từ một dòng (single) đến 1,5 dòng")


def _line_spacing_ok(p: Paragraph) -> bool:
    if p.line_rule == "auto":
        return 240 <= p.line <= 360
    # Exact or at-least spacing in twips: a single line of Times New Roman is 1.15 em.
    size = max(p.sizes or {14.0})
    return size * 20 <= p.line <= size * 20 * 1.15 * 1.5 + 10


def _marked(layout: Layout) -> list[Paragraph]:
    return [p for p in layout.body if p.text.rstrip().endswith("/.")]


def ending(layout: Layout) -> Iterator[Finding]:
    """Phụ lục III (mẫu 1.1–1.5): the content ends with "/."."""
    end = layout.content_end
    if end is not None and not end.text.rstrip().endswith("/.") and not _marked(layout):
        yield Finding("ending", "Phụ lục III (mẫu 1.1–1.5)", end.short,
                      "nội dung văn bản phải kết thúc bằng «/.»")


def ending_position(layout: Layout) -> Iterator[Finding]:
    """Phụ lục III (mẫu 1.1–1.5): "/." at the end of the content, not before a table."""
    end = layout.content_end
    marked = _marked(layout)
    if end is not None and marked and marked[-1] is not end:
        yield Finding("ending-position", "Phụ lục III (mẫu 1.1–1.5)", marked[-1].short,
                      "dấu «/.» đặt ở cuối nội dung (sau bảng, sau đoạn cuối), không đặt ở "
                      f"giữa; nội dung kết thúc ở «{end.short}»")


RULES: tuple[Rule, ...] = (
    basis_style, basis_punctuation, body_style, body_align, body_indent, body_spacing,
    body_line_spacing, ending, ending_position)
