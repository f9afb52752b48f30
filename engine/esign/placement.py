"""Where each signature and each filled-in blank goes, read off the rendered page
(engine/esign/positions.py): never fixed coordinates, so any template, any body's header and
any length of text put them in the right place.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.base.text import name_key
from engine.errors import SigningError
from engine.esign.positions import Box, Line
from engine.word.rule_lines import text_width_pt

# pdftotext's box runs from the font's ascent to its descent: poppler's defaults (0.95 and
# 0.35 of the size) for the fonts LibreOffice embeds, the font's own (Liberation Serif: 0.891
# and 0.216) when it reads them.
_METRICS = ((1.3, 0.35), (0.891 + 0.216, 0.216))
_SAME_LINE = 2.0        # points: words of one printed line share their box's bottom


@dataclass(frozen=True)
class Blank:
    """A blank the văn thư fills at issuance: its name, box and the font size around it."""

    name: str
    box: Box
    size: float
    italic: bool = False    # ô 4, the place and date, is italic (Phụ lục I, II.4)

    @property
    def baseline(self) -> float:
        """The baseline of the line the blank is in (PDF user space)."""
        ratio = self.box.height / self.size
        _, descent = min(_METRICS, key=lambda metric: abs(metric[0] - ratio))
        return self.box.y0 + descent * self.size


def signature_gap(lines: list[Line], ho_ten: str) -> tuple[Box, Box]:
    """Return the signer's name line and the gap above it, up to the chức vụ's last line: the
    signer's image is centred in that gap (Phụ lục I, II.7.d)."""
    key = name_key(ho_ten)
    names = [line for line in lines if name_key(line.text) == key]
    if not names:
        raise SigningError(f"Không thấy họ tên người ký «{ho_ten}» trên văn bản đã in.",
                           code="signature-block-missing")
    name = names[-1].box
    above = [line.box for line in lines if line.page == name.page
             and line.box.y0 > name.y1 and line.box.x0 < name.x1 and line.box.x1 > name.x0]
    if not above:
        raise SigningError("Không thấy chức vụ người ký phía trên họ tên trên văn bản đã in.",
                           code="signature-block-missing")
    title = min(above, key=lambda box: box.y0)
    return name, Box(name.page, min(title.x0, name.x0), name.y1, max(title.x1, name.x1),
                     title.y0)


def _words(lines: list[Line], page: int) -> list[tuple[str, Box]]:
    return [word for line in lines if line.page == page for word in line.words]


def _same_line(a: Box, b: Box) -> bool:
    return abs(a.y0 - b.y0) <= _SAME_LINE


def _size(text: str, box: Box) -> float:
    """The font size a printed word was set in, from its width (to the half point)."""
    return round(box.width / text_width_pt(text, 1.0) * 2) / 2


def number_blank(lines: list[Line]) -> Blank:
    """The blank between "Số:" and "/<ký hiệu>" on page 1 (a draft's "Số:      /CT-UBND")."""
    words = _words(lines, 0)
    for text, box in words:
        if text == "Số:":
            after = sorted((b for t, b in words if t.startswith("/") and _same_line(b, box)
                            and b.x0 > box.x1), key=lambda b: b.x0)
            if after:
                return Blank("so", Box(0, box.x1, box.y0, after[0].x0, box.y1), _size(text, box))
    raise SigningError("Không thấy chỗ trống của số văn bản («Số:      /…») ở trang 1.",
                       code="number-blank-missing")


def date_blanks(lines: list[Line]) -> list[Blank]:
    """The blanks of "…, ngày   tháng   năm    " on page 1 (the year only when left blank)."""
    words = _words(lines, 0)
    for text, box in words:
        if text != "ngày":
            continue
        row = sorted(((b, t) for t, b in words if _same_line(b, box) and b.x0 >= box.x0),
                     key=lambda item: item[0].x0)
        texts = [t for _, t in row]
        if texts[:3] != ["ngày", "tháng", "năm"]:
            continue
        (day, _), (month, _), (year, _) = row[:3]
        size = _size("ngày", day)
        blanks = [Blank("ngay", Box(0, day.x1, day.y0, month.x0, day.y1), size, True),
                  Blank("thang", Box(0, month.x1, day.y0, year.x0, day.y1), size, True)]
        if len(row) == 3:  # 4 digits and a space at the line's size: 0.5 em each (Times)
            blanks.append(Blank("nam", Box(0, year.x1, day.y0, year.x1 + 2.5 * size, day.y1),
                                size, True))
        return blanks
    raise SigningError("Không thấy chỗ trống của ngày ban hành («ngày   tháng   năm») ở "
                       "trang 1.", code="date-blank-missing")


def top_right(lines: list[Line], width: float, height: float) -> Box:
    """A box of `width` × `height` at the top right of page 1, above its first line and flush
    with the right edge of its text (Phụ lục I, II.8.b)."""
    boxes = [box for _, box in _words(lines, 0)]
    if not boxes:
        raise SigningError("Trang 1 không có chữ nào.", code="unreadable-pdf")
    right, top = max(b.x1 for b in boxes), max(b.y1 for b in boxes)
    return Box(0, right - width, top + 4, right, top + 4 + height)
