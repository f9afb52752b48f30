"""Ô 7 and 9b: the signature block (quyền hạn, chức vụ, họ tên) and Nơi nhận."""

from __future__ import annotations

import re
from collections.abc import Iterator

from engine.check.components import Layout, squeeze
from engine.check.findings import Finding, Rule
from engine.check.style import styled
from engine.decree.signature import AUTHORITY_LINE, HONORIFICS
from engine.word.reader import Paragraph

_LAST_RECIPIENT = re.compile(r"^- Lưu: VT(, .+)?\.$")
RECIPIENTS_RULE = "Phụ lục I, II.9.d"
FORM_RULE = "Điều 13; Phụ lục I, II.7.b"


def _authority(layout: Layout) -> list[Paragraph]:
    return [p for p in layout.signature_lines if p.text.isupper()]


def signature_prefix(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.7.b: TM., KT., Q., TL., TUQ. with their dot."""
    for p in _authority(layout):
        match = AUTHORITY_LINE.match(p.text)
        if match and not match[2]:
            yield Finding("signature-prefix", "Phụ lục I, II.7.b", p.short,
                          f"quyền hạn ký viết tắt có dấu chấm: «{match[1]}.»")


def signature_style(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.7: quyền hạn and chức vụ IN HOA, bold, upright, 13–14."""
    for p in _authority(layout):
        yield from styled(p, "Phụ lục I, II.7", "signature", "quyền hạn, chức vụ người ký",
                          (13, 14), bold=True, italic=False)


def _prefixed(p: Paragraph, prefix: str) -> str | None:
    text = squeeze(p.text)
    return text.split(" ", 1)[1] if text.startswith(f"{prefix}. ") and " " in text else None


def signature_form(layout: Layout) -> Iterator[Finding]:
    """Điều 13, Phụ lục I, II.7.b: under "TM. <tập thể>" the title alone, a deputy signs
    "KT. <người đứng đầu>" then their own title; a head does not sign "KT." for themself."""
    lines = _authority(layout)
    for above, below in zip(lines, lines[1:], strict=False):
        body, head = _prefixed(above, "TM"), _prefixed(above, "KT")
        title = squeeze(below.text)
        if body and body in title and not AUTHORITY_LINE.match(title):
            yield Finding("signature-form", FORM_RULE, below.short,
                          f"dưới «TM. {body}» chỉ ghi chức vụ người ký, không lặp lại tên "
                          "tập thể")
        elif body and title.startswith("PHÓ "):
            yield Finding("signature-form", FORM_RULE, below.short,
                          f"cấp phó ký thay: «TM. {body}» / «KT. {title.removeprefix('PHÓ ')}»"
                          f" / «{title}»")
        elif head and title == head:
            yield Finding("signature-form", FORM_RULE, above.short,
                          "người đứng đầu ký không ghi «KT.»; «KT.» dành cho cấp phó ký thay")


def signer(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.7.đ: the signer's name bold, upright, 13–14."""
    names = [p for p in layout.signature_lines if not p.text.isupper()]
    if names:
        yield from styled(names[-1], "Phụ lục I, II.7.đ", "signer", "họ tên người ký", (13, 14),
                          bold=True, italic=False)


def signer_title(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.7.đ: no academic title or honorific before the name."""
    names = [p for p in layout.signature_lines if not p.text.isupper()]
    if names and HONORIFICS.match(names[-1].text.strip()):
        yield Finding("signer-title", "Phụ lục I, II.7.đ", names[-1].short,
                      "không ghi học hàm, học vị, danh hiệu trước họ tên người ký")


def recipients_heading(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.9.d: the heading written "Nơi nhận:"."""
    heading = layout.recipients_heading
    if heading is not None and squeeze(heading.text) != "Nơi nhận:":
        yield Finding("recipients-heading", RECIPIENTS_RULE, heading.short,
                      "phải viết «Nơi nhận:»")


def recipients_heading_style(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.9.d: "Nơi nhận:" bold italic 12."""
    heading = layout.recipients_heading
    if heading is not None:
        yield from styled(heading, RECIPIENTS_RULE, "recipients-heading", "chữ «Nơi nhận»",
                          (12, 12), bold=True, italic=True)


def _entries(layout: Layout) -> list[Paragraph]:
    heading = layout.recipients_heading
    if heading is None:
        return []
    return [p for p in layout.visible if p.index > heading.index and p.cell == heading.cell
            and (heading.cell is not None or squeeze(p.text).startswith("-"))]


def recipient_style(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.9.d: entries upright 11."""
    for p in _entries(layout):
        yield from styled(p, RECIPIENTS_RULE, "recipient", "nơi nhận", (11, 11), bold=False)


def recipient_dash(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.9.d: each entry opens with "- "."""
    for p in _entries(layout):
        if not squeeze(p.text).startswith("- "):
            yield Finding("recipient-dash", RECIPIENTS_RULE, p.short,
                          "mỗi nơi nhận bắt đầu bằng «- »")


def recipient_endings(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.9.d: entries end with ";", the last is "- Lưu: VT, …."."""
    entries = _entries(layout)
    for i, p in enumerate(entries):
        text = squeeze(p.text)
        if not text.startswith("- "):
            continue
        if i == len(entries) - 1 and not _LAST_RECIPIENT.match(text):
            yield Finding("recipient-archive", RECIPIENTS_RULE, p.short,
                          "dòng cuối phải là «- Lưu: VT, <đơn vị soạn thảo>.»")
        elif i < len(entries) - 1 and not text.endswith(";"):
            yield Finding("recipient-punctuation", RECIPIENTS_RULE, p.short,
                          "mỗi nơi nhận kết thúc bằng «;»")


RULES: tuple[Rule, ...] = (
    signature_prefix, signature_style, signature_form, signer, signer_title,
    recipients_heading, recipients_heading_style, recipient_style, recipient_dash,
    recipient_endings)
