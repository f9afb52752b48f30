"""Lengths Decree 30 ties to the text: the lines under the Tiêu ngữ, body name and trích yếu.

NĐ 30/2020/NĐ-CP, Phụ lục I, II.1.c (a line as long as the Tiêu ngữ), II.2.b and II.5.b (a line
1/3–1/2 as long as the text above it). Widths come from Times New Roman's metrics, measured on its
metric twin Liberation Serif (tools/font_widths.py), so the lines fit in Word as in LibreOffice.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from lxml import etree

from engine.decree.breaks import plain

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SHORT_LINE_RATIO = 0.4  # within the decree's 1/3–1/2
LINE_STYLES = {"VBDuongKe": SHORT_LINE_RATIO, "VBDuongKeDai": 1.0}
# Size and weight of the styles a line can follow (templates/…: tools/build_templates.py).
_LINES = etree.XPath("//w:p[w:pPr/w:pStyle[{}]]".format(
    " or ".join(f"@w:val='{style}'" for style in LINE_STYLES)),
    namespaces={"w": W[1:-1]})
STYLE_FONTS = {"VBCoQuan": (12, True), "VBChuQuan": (12, False), "VBTieuNgu": (13, True),
               "VBTrichYeu": (14, True), "VBKemTheo": (14, False), "VBTenLoai": (14, True),
               "VBPhuLucTieuDe": (14, True)}


@cache
def _widths() -> dict[str, dict[str, int]]:
    data = resources.files("engine.word").joinpath("data/tnr_widths.json").read_text("utf-8")
    table: dict[str, dict[str, int]] = json.loads(data)
    return table


def font_characters() -> frozenset[str]:
    """The characters the width table knows: those Times New Roman has a glyph for."""
    return frozenset(_widths()["regular"])


def text_width_pt(text: str, size: float, bold: bool = False) -> float:
    """Return the printed width of `text` in points in Times New Roman (test_layout_rules.py
    compares it with the widths LibreOffice prints).

    >>> round(text_width_pt("Độc lập - Tự do - Hạnh phúc", 13, bold=True))
    159
    >>> round(text_width_pt("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True))
    250
    """
    table = _widths()["bold" if bold else "regular"]
    printed = plain(text)  # a no-break space is as wide as a space
    return sum(table.get(char, 500) for char in printed) * size / 1000


def widest_line_twips(text: str, size: float, bold: bool, available: int) -> float:
    """Return the width in twips of the widest line `text` prints as in `available` twips,
    wrapped word by word as Word and LibreOffice wrap it (a long name takes several lines:
    the decree's "dòng chữ" is then its widest line).

    >>> widest_line_twips("SỞ NỘI VỤ", 12, True, 3685) == text_width_pt("SỞ NỘI VỤ", 12, True) * 20
    True
    >>> name = "BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG KHU VỰC THÀNH PHỐ SƠN NAM"
    >>> text_width_pt(name, 12, True) * 20 > 3685 > widest_line_twips(name, 12, True, 3685)
    True
    """
    widest, line = 0.0, ""
    for word in plain(text).split(" "):
        candidate = f"{line} {word}" if line else word
        if line and text_width_pt(candidate, size, bold) * 20 > available:
            widest, line = max(widest, text_width_pt(line, size, bold) * 20), word
        else:
            line = candidate
    return min(max(widest, text_width_pt(line, size, bold) * 20), available)


def fit_rules(body: Any) -> None:
    """Set the indents of every line paragraph so the line has the decree's length."""
    text_width = _text_width(body)
    lines = _LINES(body)
    for paragraph in lines:
        style = _style(paragraph) or ""
        above = paragraph.getprevious()
        while above is not None and above.tag != f"{W}p":
            above = above.getprevious()
        if above is None:
            continue
        size, bold = STYLE_FONTS.get(_style(above) or "", (14, False))
        text = "".join(t.text or "" for t in above.iter(f"{W}t"))
        cell = paragraph.getparent()
        available = _cell_width(cell) if cell.tag == f"{W}tc" else text_width
        length = LINE_STYLES[style] * widest_line_twips(text, size, bold, available)
        _set_indent(paragraph, max(0, round((available - length) / 2)))


def _style(paragraph: Any) -> str | None:
    node = paragraph.find(f"{W}pPr/{W}pStyle")
    return None if node is None else str(node.get(f"{W}val"))


def _text_width(body: Any) -> int:
    sect = body.find(f"{W}sectPr")
    size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    return int(size.get(f"{W}w")) - int(margins.get(f"{W}left")) - int(margins.get(f"{W}right"))


def _cell_width(cell: Any) -> int:
    width = cell.find(f"{W}tcPr/{W}tcW")
    return int(width.get(f"{W}w")) if width is not None else 0


def _set_indent(paragraph: Any, twips: int) -> None:
    ppr = paragraph.find(f"{W}pPr")
    indent = ppr.find(f"{W}ind")
    if indent is None:
        indent = ppr.makeelement(f"{W}ind", {})
        style = ppr.find(f"{W}pStyle")
        style.addnext(indent)
    for key in ("left", "right"):
        indent.set(f"{W}{key}", str(twips))
    indent.set(f"{W}firstLine", "0")
