"""Ô 5 and 9a: tên loại, trích yếu (or a công văn's "V/v …") and the "Kính gửi:" recipients."""

from __future__ import annotations

import re
from collections.abc import Iterator

from engine.check.components import Layout, squeeze
from engine.check.findings import Finding, Rule
from engine.check.lines import line_after, line_under
from engine.check.style import styled

_REPEATED_VV = re.compile(r"^V/v\s+(V/v|v/v|Về việc)\b", re.IGNORECASE)
_KINH_GUI = re.compile(r"^Kính gửi\s*:?\s*(?P<rest>.*)$")


def _cong_van(layout: Layout) -> bool:
    return layout.subject_line is not None and layout.type_name is None


def type_name_missing(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.5: a tên loại, or a công văn's "V/v" line."""
    if layout.type_name is None and layout.subject_line is None:
        yield Finding("type-name-missing", "Phụ lục I, II.5", "",
                      "không tìm thấy tên loại văn bản (QUYẾT ĐỊNH, KẾ HOẠCH, …) hoặc dòng V/v")


def subject_style(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.5.b: a công văn's trích yếu upright, not bold, 12–13."""
    if _cong_van(layout) and layout.subject_line is not None:
        yield from styled(layout.subject_line, "Phụ lục I, II.5.b", "vv", "trích yếu công văn",
                          (12, 13), bold=False, italic=False)


def subject_repeated(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.5.b: "V/v" once ("V/v V/v …" and "V/v Về việc …" repeat it)."""
    p = layout.subject_line
    if p is not None and _REPEATED_VV.match(squeeze(p.text)):
        yield Finding("vv-repeated", "Phụ lục I, II.5.b", p.short,
                      "trích yếu công văn bắt đầu bằng «V/v» một lần, không lặp «V/v V/v»")


def type_name_style(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.5.b: the tên loại IN HOA, bold, 13–14."""
    if layout.type_name is not None:
        yield from styled(layout.type_name, "Phụ lục I, II.5.b", "type-name",
                          "tên loại văn bản", (13, 14), bold=True, italic=False, caps=True)


def type_name_align(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.5.b: the tên loại centred."""
    kind = layout.type_name
    if kind is not None and kind.align != "center":
        yield Finding("type-name-align", "Phụ lục I, II.5.b", kind.short,
                      "tên loại văn bản phải canh giữa")


def summary_style(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.5.b: the trích yếu bold, 13–14."""
    if layout.type_name is not None:
        for p in layout.summary:
            yield from styled(p, "Phụ lục I, II.5.b", "summary", "trích yếu", (13, 14),
                              bold=True)


def summary_line(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.5.b: a solid line under the trích yếu."""
    if layout.type_name is None or not layout.summary:
        return
    last = layout.summary[-1]
    if line_under(layout, last) is None and not line_after(layout, last):
        yield Finding("summary-line", "Phụ lục I, II.5.b", last.short,
                      "thiếu đường kẻ ngang nét liền dưới trích yếu")


def kinh_gui_layout(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.9.b: one recipient on the "Kính gửi:" line; several each on its own line
    under it, none on the "Kính gửi:" line."""
    if not layout.kinh_gui:
        return
    heading, *under = layout.kinh_gui
    rest = _KINH_GUI.match(squeeze(heading.text))
    first = rest["rest"] if rest else ""
    rule = "Phụ lục I, II.9.b"
    if under and first:
        yield Finding("kinh-gui-layout", rule, heading.short,
                      "có nhiều nơi nhận: dòng «Kính gửi:» không ghi nơi nhận nào; mỗi nơi nhận "
                      "một dòng bên dưới, bắt đầu bằng «-»")
    elif len(under) == 1 and not first:
        yield Finding("kinh-gui-layout", rule, under[0].short,
                      "chỉ có một nơi nhận: ghi cùng dòng với «Kính gửi:», không gạch đầu dòng")


def kinh_gui_punctuation(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.9.b: each recipient under "Kính gửi:" opens with "- " and ends with ";",
    the last with "."."""
    under = layout.kinh_gui[1:]
    if len(under) < 2:
        return
    for i, p in enumerate(under):
        text = squeeze(p.text)
        mark = "." if i == len(under) - 1 else ";"
        if not text.startswith("- ") or not text.endswith(mark):
            yield Finding("kinh-gui-punctuation", "Phụ lục I, II.9.b", p.short,
                          f"mỗi nơi nhận bắt đầu bằng «- » và kết thúc bằng «{mark}»"
                          + (" (nơi nhận cuối cùng)" if mark == "." else ""))


RULES: tuple[Rule, ...] = (
    type_name_missing, subject_style, subject_repeated, type_name_style, type_name_align,
    summary_style, summary_line, kinh_gui_layout, kinh_gui_punctuation)
