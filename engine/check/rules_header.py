"""Ô 1–5: Quốc hiệu, Tiêu ngữ, issuing body, Số, place and date, tên loại, trích yếu."""

from __future__ import annotations

import re
from collections.abc import Iterator

from engine.base.text import upper
from engine.check.components import QUOC_HIEU, TIEU_NGU, Layout, squeeze
from engine.check.findings import Finding
from engine.check.style import styled
from engine.decree.dates import padded_day, padded_month
from engine.decree.doctypes import ABBREVIATIONS, TYPE_BY_NAME, TYPE_NAMES
from engine.decree.numbers import pad_number
from engine.word.reader import Paragraph
from engine.word.rule_lines import text_width_pt

_NUMBER = re.compile(r"^Số: (?P<n>\d+|\s+)/(?P<symbol>\S+)$")
_SYMBOL = re.compile(r"^[A-ZĐ][A-Za-zĐđ]*(-[A-ZĐ][A-Za-zĐđ0-9]*)+$")
_DATE = re.compile(r"^(?P<place>[^,]+), ngày (?P<d>\d{1,2}) tháng (?P<m>\d{1,2}) năm (?P<y>\d{4})$")


def _has_line_under(layout: Layout, p: Paragraph) -> Paragraph | None:
    """Return the paragraph drawing the line under `p` (p itself, or the one after it)."""
    if p.border_bottom or p.drawing or any(r.underline for r in p.runs if r.text.strip()):
        return p
    following = [q for q in layout.paragraphs if q.index > p.index and q.cell == p.cell][:2]
    return next((q for q in following if q.border_top or q.drawing or q.border_bottom), None)


def check_header(layout: Layout) -> Iterator[Finding]:
    """Yield findings on ô 1–5."""
    yield from _quoc_hieu(layout)
    yield from _issuer(layout)
    yield from _number(layout)
    yield from _date(layout)
    yield from _title(layout)


def _quoc_hieu(layout: Layout) -> Iterator[Finding]:
    qh, tn = layout.quoc_hieu, layout.tieu_ngu
    if qh is None:
        yield Finding("quoc-hieu-missing", "Phụ lục I, II.1.a", "",
                      f"không có Quốc hiệu «{QUOC_HIEU[0]}»")
    else:
        yield from styled(qh, "Phụ lục I, II.1.a", "quoc-hieu", "Quốc hiệu", (12, 13),
                          bold=True, italic=False, caps=True)
    if tn is None:
        yield Finding("tieu-ngu-missing", "Phụ lục I, II.1.b", "",
                      f"không có Tiêu ngữ «{TIEU_NGU}»")
        return
    if squeeze(tn.text) != TIEU_NGU:
        yield Finding("tieu-ngu-text", "Phụ lục I, II.1.b", tn.short,
                      f"Tiêu ngữ phải viết đúng «{TIEU_NGU}» (gạch nối có cách chữ hai bên)")
    yield from styled(tn, "Phụ lục I, II.1.b", "tieu-ngu", "Tiêu ngữ", (13, 14),
                      bold=True, italic=False)
    line = _has_line_under(layout, tn)
    if line is None:
        yield Finding("tieu-ngu-line", "Phụ lục I, II.1.c", tn.short,
                      "thiếu đường kẻ ngang nét liền dưới Tiêu ngữ")
    elif line is not tn and line.cell_width and line.border_top:
        length = line.cell_width - line.left - line.right
        text = text_width_pt(squeeze(tn.text), tn.size, tn.bold) * 20
        if not 0.9 <= length / text <= 1.1:
            yield Finding("tieu-ngu-line", "Phụ lục I, II.1.c", tn.short,
                          f"đường kẻ dưới Tiêu ngữ dài {length / text:.0%} dòng chữ; "
                          "phải bằng độ dài dòng chữ")


def _issuer(layout: Layout) -> Iterator[Finding]:
    lines = layout.issuer
    if not lines:
        if layout.number_line is not None:
            yield Finding("issuer-missing", "Phụ lục I, II.2", "",
                          "không có tên cơ quan, tổ chức ban hành phía trên số, ký hiệu")
        return
    bold_from = len(lines)
    while bold_from > 0 and lines[bold_from - 1].bold:
        bold_from -= 1
    if bold_from == len(lines):
        bold_from = len(lines) - 1
    for i, p in enumerate(lines):
        issuing = i >= bold_from
        what = "tên cơ quan ban hành" if issuing else "tên cơ quan chủ quản"
        yield from styled(p, "Phụ lục I, II.2", "issuer", what, (12, 13), bold=issuing,
                          italic=False, caps=True)
    if _has_line_under(layout, lines[-1]) is None:
        yield Finding("issuer-line", "Phụ lục I, II.2.b", lines[-1].short,
                      "thiếu đường kẻ ngang nét liền dưới tên cơ quan ban hành")


def _number(layout: Layout) -> Iterator[Finding]:
    p = layout.number_line
    if p is None:
        if layout.attached is None and not layout.unnumbered:
            yield Finding("number-missing", "Phụ lục I, II.3", "",
                          "không có dòng «Số: …/…» (số, ký hiệu văn bản)")
        return
    rule = "Phụ lục I, II.3.c"
    yield from styled(p, rule, "number", "dòng số, ký hiệu", (13, 13), bold=False, italic=False)
    match = _NUMBER.match(p.text.strip())
    if match is None:
        yield Finding("number-format", rule, p.short,
                      "phải có dạng «Số: 05/QĐ-UBND»: «Số» rồi dấu hai chấm, số, «/», ký hiệu, "
                      "không có dấu cách")
        return
    number, symbol = match["n"], match["symbol"]
    if number.strip() and pad_number(number) != number:
        yield Finding("number-padding", rule, p.short,
                      f"số nhỏ hơn 10 phải ghi thêm số 0 phía trước (Số: {pad_number(number)}/…)")
    if not _SYMBOL.match(symbol):
        yield Finding("symbol-format", "Phụ lục I, II.3.b", p.short,
                      "ký hiệu viết in hoa, các nhóm chữ viết tắt nối bằng «-», không có dấu cách")
    yield from _symbol_type(layout, p, symbol)


def _symbol_type(layout: Layout, p: Paragraph, symbol: str) -> Iterator[Finding]:
    first = symbol.split("-")[0]
    kind = TYPE_BY_NAME.get(upper(squeeze(layout.type_name.text))) if layout.type_name else None
    rule = "Phụ lục I, II.3.b; Phụ lục III, I"
    if kind and kind in ABBREVIATIONS and first != ABBREVIATIONS[kind]:
        yield Finding("symbol-type", rule, p.short,
                      f"văn bản là {TYPE_NAMES.get(kind, kind).lower()} nên ký hiệu phải bắt "
                      f"đầu bằng «{ABBREVIATIONS[kind]}-», không phải «{first}-»")
    elif kind is None and layout.subject_line is not None and first in ABBREVIATIONS.values():
        yield Finding("symbol-type", rule, p.short,
                      "công văn không có chữ viết tắt tên loại: ký hiệu có dạng "
                      "«<cơ quan>-<đơn vị soạn thảo>», ví dụ UBND-NV")


def _date(layout: Layout) -> Iterator[Finding]:
    p = layout.date_line
    if p is None:
        # Mẫu 1.9: a biên bản has no place-and-date line; an attached document has none either.
        minutes = layout.type_name is not None and squeeze(layout.type_name.text) == "BIÊN BẢN"
        if not minutes and layout.number_line is not None and layout.attached is None:
            yield Finding("date-missing", "Phụ lục I, II.4", "",
                          "không có dòng địa danh và ngày tháng năm ban hành")
        return
    rule = "Phụ lục I, II.4.b"
    yield from styled(p, rule, "date", "dòng địa danh, ngày tháng", (13, 14), bold=False,
                      italic=True)
    match = _DATE.match(squeeze(p.text))
    if match is None:
        yield Finding("date-format", rule, p.short,
                      "phải có dạng «<Địa danh>, ngày 05 tháng 02 năm 2025» (dấu phẩy sau "
                      "địa danh, ghi đủ ngày … tháng … năm …)")
        return
    day, month = match["d"], match["m"]
    expected_day, expected_month = padded_day(int(day)), padded_month(int(month))
    if (day, month) != (expected_day, expected_month):
        yield Finding("date-padding", rule, p.short,
                      "ngày dưới 10 và tháng 1, 2 ghi thêm số 0, các tháng khác không "
                      f"(phải là «ngày {expected_day} tháng {expected_month}»)")
    if match["place"][0] != upper(match["place"][0]):
        yield Finding("date-place", "Phụ lục I, II.4.a", p.short,
                      "địa danh phải viết hoa chữ cái đầu")


def _title(layout: Layout) -> Iterator[Finding]:
    if layout.subject_line is not None and layout.type_name is None:
        yield from styled(layout.subject_line, "Phụ lục I, II.5.b", "vv", "trích yếu công văn",
                          (12, 13), bold=False, italic=False)
        return
    kind = layout.type_name
    if kind is None:
        yield Finding("type-name-missing", "Phụ lục I, II.5", "",
                      "không tìm thấy tên loại văn bản (QUYẾT ĐỊNH, KẾ HOẠCH, …) hoặc dòng V/v")
        return
    yield from styled(kind, "Phụ lục I, II.5.b", "type-name", "tên loại văn bản", (13, 14),
                      bold=True, italic=False, caps=True)
    if kind.align != "center":
        yield Finding("type-name-align", "Phụ lục I, II.5.b", kind.short,
                      "tên loại văn bản phải canh giữa")
    if not layout.summary:
        return
    for p in layout.summary:
        yield from styled(p, "Phụ lục I, II.5.b", "summary", "trích yếu", (13, 14), bold=True)
    if _has_line_under(layout, layout.summary[-1]) is None and not _line_after(layout):
        yield Finding("summary-line", "Phụ lục I, II.5.b", layout.summary[-1].short,
                      "thiếu đường kẻ ngang nét liền dưới trích yếu")


def _line_after(layout: Layout) -> bool:
    """Whether a drawn line follows the title block (after a "(Kèm theo …)" line, say)."""
    after = [p for p in layout.paragraphs if p.index > layout.summary[-1].index][:3]
    return any(p.border_top or p.drawing or p.border_bottom for p in after)
