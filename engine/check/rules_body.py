"""Ô 6–9: căn cứ, the body, its "/." ending, the signature block and Nơi nhận."""

from __future__ import annotations

import re
from collections.abc import Iterator

from engine.check.components import Layout, squeeze
from engine.check.findings import Finding
from engine.check.style import styled
from engine.decree.signature import AUTHORITY_LINE, HONORIFICS
from engine.word.reader import Paragraph

FIRST_LINE = (567, 720)  # 1 cm or 1.27 cm (Phụ lục I, II.6.e)
TOLERANCE = 30           # twips: what Word's own cm/inch rounding gives
_LAST_RECIPIENT = re.compile(r"^- Lưu: VT(, .+)?\.$")


def check_body(layout: Layout) -> Iterator[Finding]:
    """Yield findings on căn cứ, body paragraphs, the ending, signature and recipients."""
    yield from _bases(layout.bases)
    yield from _paragraphs(layout.body)
    if layout.body and not layout.body[-1].text.rstrip().endswith("/."):
        yield Finding("ending", "Phụ lục III (mẫu 1.1–1.5)", layout.body[-1].short,
                      "nội dung văn bản phải kết thúc bằng «/.»")
    yield from _signature(layout)
    yield from _recipients(layout)


def _bases(lines: list[Paragraph]) -> Iterator[Finding]:
    rule = "Phụ lục I, II.6.a"
    for i, p in enumerate(lines):
        yield from styled(p, rule, "basis", "căn cứ ban hành", (13, 14), italic=True)
        mark = "." if i == len(lines) - 1 else ";"
        if not p.text.rstrip().endswith(mark):
            where = "dòng cuối" if mark == "." else "mỗi dòng"
            yield Finding("basis-punctuation", rule, p.short,
                          f"{where} căn cứ phải kết thúc bằng «{mark}»")


def _paragraphs(body: list[Paragraph]) -> Iterator[Finding]:
    rule = "Phụ lục I, II.6.e"
    for p in body:
        yield from styled(p, rule, "body", "nội dung", (13, 14))
        if p.align not in ("both", "distribute"):
            yield Finding("body-align", rule, p.short, "nội dung phải canh đều hai lề")
        if not any(abs(p.first_line - value) <= TOLERANCE for value in FIRST_LINE):
            yield Finding("body-indent", rule, p.short,
                          f"thụt đầu dòng {p.first_line / 567:.2f} cm; phải 1 cm hoặc 1,27 cm")
        if p.before + p.after < 120:
            yield Finding("body-spacing", rule, p.short,
                          "khoảng cách giữa các đoạn văn tối thiểu 6 pt")
        if not _line_spacing_ok(p):
            yield Finding("body-line-spacing", rule, p.short,
                          "khoảng cách giữa các dòng từ một dòng (single) đến 1,5 dòng")


def _line_spacing_ok(p: Paragraph) -> bool:
    if p.line_rule == "auto":
        return 240 <= p.line <= 360
    # Exact or at-least spacing in twips: a single line of Times New Roman is 1.15 em.
    size = max(p.sizes or {14.0})
    return size * 20 <= p.line <= size * 20 * 1.15 * 1.5 + 10


def _signature(layout: Layout) -> Iterator[Finding]:
    cell = layout.signature_cell
    lines = [p for p in layout.visible if cell is not None and p.cell == cell]
    if not lines:
        lines = [p for p in layout.visible if not p.in_table and p.index > layout.body_start
                 and AUTHORITY_LINE.match(p.text)]
    rule = "Phụ lục I, II.7"
    authority = [p for p in lines if p.text.isupper()]
    for p in authority:
        match = AUTHORITY_LINE.match(p.text)
        if match and not match[2]:
            yield Finding("signature-prefix", "Phụ lục I, II.7.b", p.short,
                          f"quyền hạn ký viết tắt có dấu chấm: «{match[1]}.»")
        yield from styled(p, rule, "signature", "quyền hạn, chức vụ người ký", (13, 14),
                          bold=True, italic=False)
    names = [p for p in lines if not p.text.isupper()]
    if names:
        name = names[-1]
        yield from styled(name, "Phụ lục I, II.7.đ", "signer", "họ tên người ký", (13, 14),
                          bold=True, italic=False)
        if HONORIFICS.match(name.text.strip()):
            yield Finding("signer-title", "Phụ lục I, II.7.đ", name.short,
                          "không ghi học hàm, học vị, danh hiệu trước họ tên người ký")


def _recipients(layout: Layout) -> Iterator[Finding]:
    heading = layout.recipients_heading
    if heading is None:
        return
    rule = "Phụ lục I, II.9.d"
    if squeeze(heading.text) != "Nơi nhận:":
        yield Finding("recipients-heading", rule, heading.short, "phải viết «Nơi nhận:»")
    yield from styled(heading, rule, "recipients-heading", "chữ «Nơi nhận»", (12, 12),
                      bold=True, italic=True)
    entries = [p for p in layout.visible if p.index > heading.index and p.cell == heading.cell
               and (heading.cell is not None or squeeze(p.text).startswith("-"))]
    for i, p in enumerate(entries):
        text = squeeze(p.text)
        yield from styled(p, rule, "recipient", "nơi nhận", (11, 11), bold=False)
        last = i == len(entries) - 1
        if not text.startswith("- "):
            yield Finding("recipient-dash", rule, p.short, "mỗi nơi nhận bắt đầu bằng «- »")
        elif last and not _LAST_RECIPIENT.match(text):
            yield Finding("recipient-archive", rule, p.short,
                          "dòng cuối phải là «- Lưu: VT, <đơn vị soạn thảo>.»")
        elif not last and not text.endswith(";"):
            yield Finding("recipient-punctuation", rule, p.short,
                          "mỗi nơi nhận kết thúc bằng «;»")
