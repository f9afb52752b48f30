"""Ô 1–4: Quốc hiệu, Tiêu ngữ, issuing body, Số and ký hiệu, place and date."""

from __future__ import annotations

import re
from collections.abc import Iterator

from engine.base.text import upper
from engine.check.components import INCOMPLETE_NAMES, QUOC_HIEU, TIEU_NGU, Layout, squeeze
from engine.check.findings import Finding, Rule
from engine.check.lines import line_under
from engine.check.style import styled, styled_once
from engine.decree.dates import padded_day, padded_month
from engine.decree.doctypes import ABBREVIATIONS, TYPE_BY_NAME, TYPE_NAMES
from engine.decree.numbers import pad_number
from engine.word.reader import Paragraph
from engine.word.rule_lines import text_width_pt

_NUMBER = re.compile(r"^Số: (?P<n>\d+|\s+)/(?P<symbol>\S+)$")
_SYMBOL = re.compile(r"^[A-ZĐ][A-Za-zĐđ]*(-[A-ZĐ][A-Za-zĐđ0-9]*)+$")
# A draft leaves the day, month and year blank ("ngày … tháng … năm …") until it is signed.
_DATE = re.compile(r"^(?P<place>[^,]+), ngày ?(?P<d>\d{1,2}|[.…]*) tháng ?(?P<m>\d{1,2}|[.…]*)"
                   r" năm ?(?P<y>\d{4}|[.…]*)$")


def quoc_hieu_missing(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.1.a: the Quốc hiệu is there."""
    if layout.quoc_hieu is None:
        yield Finding("quoc-hieu-missing", "Phụ lục I, II.1.a", "",
                      f"không có Quốc hiệu «{QUOC_HIEU[0]}»")


def quoc_hieu(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.1.a: the Quốc hiệu, IN HOA, bold, 12–13."""
    if layout.quoc_hieu is not None:
        yield from styled(layout.quoc_hieu, "Phụ lục I, II.1.a", "quoc-hieu", "Quốc hiệu",
                          (12, 13), bold=True, italic=False, caps=True)


def tieu_ngu_missing(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.1.b: the Tiêu ngữ is there."""
    if layout.tieu_ngu is None:
        yield Finding("tieu-ngu-missing", "Phụ lục I, II.1.b", "",
                      f"không có Tiêu ngữ «{TIEU_NGU}»")


def tieu_ngu(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.1.b: the Tiêu ngữ bold, 13–14."""
    if layout.tieu_ngu is not None:
        yield from styled(layout.tieu_ngu, "Phụ lục I, II.1.b", "tieu-ngu", "Tiêu ngữ", (13, 14),
                          bold=True, italic=False)


def tieu_ngu_text(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.1.b: the words, and hyphens with a space each side."""
    tn = layout.tieu_ngu
    if tn is not None and squeeze(tn.text) != TIEU_NGU:
        yield Finding("tieu-ngu-text", "Phụ lục I, II.1.b", tn.short,
                      f"Tiêu ngữ phải viết đúng «{TIEU_NGU}» (gạch nối có cách chữ hai bên)")


def tieu_ngu_line(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.1.c: a solid line under the Tiêu ngữ."""
    tn = layout.tieu_ngu
    if tn is not None and line_under(layout, tn) is None:
        yield Finding("tieu-ngu-line", "Phụ lục I, II.1.c", tn.short,
                      "thiếu đường kẻ ngang nét liền dưới Tiêu ngữ")


def tieu_ngu_line_length(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.1.c: a border line as long as the Tiêu ngữ's text."""
    tn = layout.tieu_ngu
    line = None if tn is None else line_under(layout, tn)
    if tn is None or line is None or line is tn or not (line.cell_width and line.border_top):
        return
    length = line.cell_width - line.left - line.right
    text = text_width_pt(squeeze(tn.text), tn.size, tn.bold) * 20
    if not 0.9 <= length / text <= 1.1:
        yield Finding("tieu-ngu-line", "Phụ lục I, II.1.c", tn.short,
                      f"đường kẻ dưới Tiêu ngữ dài {length / text:.0%} dòng chữ; "
                      "phải bằng độ dài dòng chữ")


def _issuing_from(lines: list[Paragraph]) -> int:
    """Where the issuing body's lines start: the bold lines at the end, and a name that is
    incomplete without the next line ("ỦY BAN NHÂN DÂN" / "XÃ …") goes with that line."""
    start = len(lines)
    while start > 0 and lines[start - 1].bold:
        start -= 1
    start = min(start, len(lines) - 1)
    while start > 0 and squeeze(lines[start - 1].text) in INCOMPLETE_NAMES:
        start -= 1
    return start


def issuer_missing(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.2: a body name above the Số line."""
    if not layout.issuer and layout.number_line is not None:
        yield Finding("issuer-missing", "Phụ lục I, II.2", "",
                      "không có tên cơ quan, tổ chức ban hành phía trên số, ký hiệu")


def issuer_style(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.2: chủ quản IN HOA upright; issuing body IN HOA bold; 12–13; each once."""
    lines = layout.issuer
    if not lines:
        return
    start = _issuing_from(lines)
    for part, issuing in ((lines[:start], False), (lines[start:], True)):
        what = "tên cơ quan ban hành" if issuing else "tên cơ quan chủ quản"
        yield from styled_once(part, "Phụ lục I, II.2", "issuer", what, (12, 13),
                               bold=issuing, italic=False, caps=True)


def issuer_line(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.2.b: a solid line under the issuing body's name."""
    lines = layout.issuer
    if lines and line_under(layout, lines[-1]) is None:
        yield Finding("issuer-line", "Phụ lục I, II.2.b", lines[-1].short,
                      "thiếu đường kẻ ngang nét liền dưới tên cơ quan ban hành")


def number_missing(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.3: a "Số: …/…" line, except on attached and unnumbered documents."""
    if layout.number_line is None and layout.attached is None and not layout.unnumbered:
        yield Finding("number-missing", "Phụ lục I, II.3", "",
                      "không có dòng «Số: …/…» (số, ký hiệu văn bản)")


_DATE_IN_FIGURES = re.compile(r"ngày\s*\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}")


def attached_date(layout: Layout) -> Iterator[Finding]:
    """Phụ lục III (văn bản ban hành kèm theo): "(Kèm theo Quyết định số …/QĐ-… ngày … tháng …
    năm … của …)": the parent's date in words, not in figures."""
    p = layout.attached
    if p is not None and _DATE_IN_FIGURES.search(squeeze(p.text)):
        yield Finding("attached-date", "Phụ lục III, văn bản ban hành kèm theo", p.short,
                      "ngày của văn bản ban hành ghi đủ «ngày … tháng … năm …» "
                      "(ví dụ «ngày 05 tháng 3 năm 2025»), không ghi «05/3/2025»")


def number_style(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.3.c: the Số line upright, 13."""
    if layout.number_line is not None:
        yield from styled(layout.number_line, "Phụ lục I, II.3.c", "number",
                          "dòng số, ký hiệu", (13, 13), bold=False, italic=False)


def _number(layout: Layout) -> re.Match[str] | None:
    p = layout.number_line
    return None if p is None else _NUMBER.match(p.text.strip())


def number_format(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.3.c: "Số:", the number, "/", the ký hiệu, no space."""
    p = layout.number_line
    if p is not None and _number(layout) is None:
        yield Finding("number-format", "Phụ lục I, II.3.c", p.short,
                      "phải có dạng «Số: 05/QĐ-UBND»: «Số» rồi dấu hai chấm, số, «/», ký hiệu, "
                      "không có dấu cách")


def number_padding(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.3.c: numbers below 10 take a leading zero."""
    match, p = _number(layout), layout.number_line
    if match is None or p is None:
        return
    number = match["n"]
    if number.strip() and pad_number(number) != number:
        yield Finding("number-padding", "Phụ lục I, II.3.c", p.short,
                      f"số nhỏ hơn 10 phải ghi thêm số 0 phía trước (Số: {pad_number(number)}/…)")


def symbol_format(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.3.b: the ký hiệu IN HOA, groups joined by "-", no space."""
    match, p = _number(layout), layout.number_line
    if match is not None and p is not None and not _SYMBOL.match(match["symbol"]):
        yield Finding("symbol-format", "Phụ lục I, II.3.b", p.short,
                      "ký hiệu viết in hoa, các nhóm chữ viết tắt nối bằng «-», không có dấu cách")


def symbol_type(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.3.b; Phụ lục III, I: the ký hiệu opens with the type's abbreviation; a
    công văn's does not."""
    match, p = _number(layout), layout.number_line
    if match is None or p is None:
        return
    first = match["symbol"].split("-")[0]
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


def date_missing(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.4: a place-and-date line (none on a biên bản, Mẫu 1.9, or an attached
    document)."""
    if layout.date_line is not None:
        return
    minutes = layout.type_name is not None and squeeze(layout.type_name.text) == "BIÊN BẢN"
    if not minutes and layout.number_line is not None and layout.attached is None:
        yield Finding("date-missing", "Phụ lục I, II.4", "",
                      "không có dòng địa danh và ngày tháng năm ban hành")


def date_style(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.4.b: the date line italic, 13–14."""
    if layout.date_line is not None:
        yield from styled(layout.date_line, "Phụ lục I, II.4.b", "date",
                          "dòng địa danh, ngày tháng", (13, 14), bold=False, italic=True)


def _date(layout: Layout) -> re.Match[str] | None:
    p = layout.date_line
    return None if p is None else _DATE.match(squeeze(p.text))


def date_format(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.4.b: "<Địa danh>, ngày … tháng … năm …"."""
    p = layout.date_line
    if p is not None and _date(layout) is None:
        yield Finding("date-format", "Phụ lục I, II.4.b", p.short,
                      "phải có dạng «<Địa danh>, ngày 05 tháng 02 năm 2025» (dấu phẩy sau "
                      "địa danh, ghi đủ ngày … tháng … năm …)")


def date_padding(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.4.b: a zero before days below 10 and months 1 and 2, not other months."""
    match, p = _date(layout), layout.date_line
    if match is None or p is None:
        return
    day, month = match["d"], match["m"]
    if not (day.isdigit() and month.isdigit()):
        return
    expected_day, expected_month = padded_day(int(day)), padded_month(int(month))
    if (day, month) != (expected_day, expected_month):
        yield Finding("date-padding", "Phụ lục I, II.4.b", p.short,
                      "ngày dưới 10 và tháng 1, 2 ghi thêm số 0, các tháng khác không "
                      f"(phải là «ngày {expected_day} tháng {expected_month}»)")


def date_place(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.4.a: the place name with a capital."""
    match, p = _date(layout), layout.date_line
    if match is not None and p is not None and match["place"][0] != upper(match["place"][0]):
        yield Finding("date-place", "Phụ lục I, II.4.a", p.short,
                      "địa danh phải viết hoa chữ cái đầu")


RULES: tuple[Rule, ...] = (
    quoc_hieu_missing, quoc_hieu, tieu_ngu_missing, tieu_ngu, tieu_ngu_text, tieu_ngu_line,
    tieu_ngu_line_length, issuer_missing, issuer_style, issuer_line, number_missing, attached_date,
    number_style, number_format, number_padding, symbol_format, symbol_type, date_missing,
    date_style, date_format, date_padding, date_place)
