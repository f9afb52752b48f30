"""Find the decree's components (ô 1–9) in any DOCX, by their text and position."""

from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING

from engine.base.text import upper
from engine.check.tabbed import split_columns
from engine.decree.doctypes import TYPE_BY_NAME
from engine.decree.signature import AUTHORITY_LINE
from engine.word.reader import Docx, Paragraph

if TYPE_CHECKING:
    from engine.check.rendering import Rendering

QUOC_HIEU = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
KNOWN_TYPES = frozenset(TYPE_BY_NAME)
UNNUMBERED = {"BÁO CÁO THÀNH TÍCH"}
_TIEU_NGU = re.compile(r"^độc lập\s*[-–—]?\s*tự do\s*[-–—]?\s*hạnh phúc$", re.IGNORECASE)
_NUMBER_LINE = re.compile(r"^S[ốo]\s*:?.*/")
_DATE_LINE = re.compile(r",\s*ngày\b.*\btháng\b.*\bnăm\b", re.IGNORECASE)
_BASES = ("Căn cứ", "Xét ", "Theo đề nghị")
_APPENDIX = re.compile(r"^\s*(Phụ lục|PHỤ LỤC)\b")
_TYPED_LINE = re.compile(r"^(_{3,}|[-–—]{3,}|[_\s]{3,})$")
# Names that are not complete without their place: "ỦY BAN NHÂN DÂN" / "THÀNH PHỐ …" is one
# body typed on two lines, never a superior body above an issuing one (Phụ lục I, II.2).
INCOMPLETE_NAMES = frozenset({"ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "UBND", "HĐND"})


def squeeze(text: str) -> str:
    """Return `text` with runs of white space made one space and the ends trimmed."""
    return " ".join(text.split())


def typed_line(p: Paragraph) -> bool:
    """Whether `p` is a line typed as a row of underscores or dashes ("________")."""
    return bool(p.text.strip()) and _TYPED_LINE.match(p.text.strip()) is not None


def ruled(p: Paragraph) -> bool:
    """Whether `p` draws a horizontal line: a border, a drawn shape or a typed row of "_"."""
    return p.border_top or p.border_bottom or p.drawing or typed_line(p)


class Layout:
    """The paragraphs of a document, grouped into the decree's components."""

    def __init__(self, doc: Docx, rendering: Rendering | None = None) -> None:
        self.doc = doc
        self.rendering = rendering
        self.paragraphs = split_columns(doc, doc.paragraphs())
        self.visible = [p for p in self.paragraphs if p.text.strip() and not typed_line(p)]

    def _first(self, test: object, paragraphs: list[Paragraph] | None = None) -> Paragraph | None:
        return next((p for p in (paragraphs or self.visible) if test(p)), None)  # type: ignore[operator]

    @cached_property
    def quoc_hieu(self) -> Paragraph | None:
        return self._first(lambda p: upper(squeeze(p.text)) in QUOC_HIEU)

    @cached_property
    def tieu_ngu(self) -> Paragraph | None:
        return self._first(lambda p: _TIEU_NGU.match(squeeze(p.text)) is not None)

    @cached_property
    def number_line(self) -> Paragraph | None:
        return self._first(lambda p: _NUMBER_LINE.match(squeeze(p.text)) is not None,
                           self.visible[:20])

    @cached_property
    def date_line(self) -> Paragraph | None:
        """The place-and-date line: in the header, above the tên loại."""
        limit = self.type_name.index if self.type_name else 10**9
        return self._first(lambda p: _DATE_LINE.search(p.text) is not None
                           and p.index < limit, self.visible[:20])

    @cached_property
    def type_name(self) -> Paragraph | None:
        """The tên loại (ô 5a): a document type's name, alone or opening the title
        ("BÁO CÁO THÀNH TÍCH")."""
        def named(p: Paragraph) -> bool:
            text = upper(squeeze(p.text))
            return not p.in_table and (text in KNOWN_TYPES or p.text.isupper() and any(
                text.startswith(f"{name} ") for name in KNOWN_TYPES))

        return self._first(named)

    @cached_property
    def unnumbered(self) -> bool:
        """Forms that carry no number of their own: an achievement report (Báo cáo thành tích,
        an emulation-law form signed by its author)."""
        return self.type_name is not None and squeeze(self.type_name.text) in UNNUMBERED

    @cached_property
    def subject_line(self) -> Paragraph | None:
        """The "V/v …" line of a công văn (ô 5b)."""
        return self._first(lambda p: p.text.strip().startswith("V/v"), self.visible[:20])

    @cached_property
    def issuer(self) -> list[Paragraph]:
        """The lines of ô 2 (superior body, then issuing body): above "Số:" in its column."""
        anchor = self.number_line
        if anchor is None:
            return []
        if anchor.cell is not None:  # same table and column, in that row or the rows above
            table, _, column = anchor.cell
            above = [p for p in self.visible if p.cell and p.cell[0] == table
                     and p.cell[2] == column and p.index < anchor.index]
        else:
            above = [p for p in self.visible[:10] if p.index < anchor.index and p.text.isupper()
                     and p is not self.quoc_hieu]
        return [p for p in above if p is not self.quoc_hieu and p is not self.tieu_ngu]

    @cached_property
    def summary(self) -> list[Paragraph]:
        """The trích yếu under the tên loại (one or more lines, until an italic or plain line)."""
        if self.type_name is None:
            return []
        lines: list[Paragraph] = []
        for p in self.paragraphs:
            if p.index <= self.type_name.index:
                continue
            if not p.text.strip() or p.border_top or p.drawing or typed_line(p):
                if lines:
                    break
                continue
            if lines and (not p.bold or p.italic or p.text.isupper()):
                break
            lines.append(p)
            if len(lines) == 3 or p.border_bottom:
                break
        return lines

    @cached_property
    def signature_cell(self) -> tuple[int, int, int] | None:
        """The table cell of ô 7 (quyền hạn, chức vụ, họ tên): beside "Nơi nhận:", or the one
        with an authority line."""
        heading = self.recipients_heading
        if heading is not None and heading.cell is not None:
            table, row, _ = heading.cell
            return table, row, 1
        lines = [p for p in self.visible if p.in_table and p.text.isupper()
                 and p.index > self.body_start]
        found = next((p for p in lines if AUTHORITY_LINE.match(p.text)), None)
        if found is None:
            found = next((p for p in reversed(lines) if p.cell and p.cell[2] > 0), None)
        return None if found is None else found.cell

    @cached_property
    def recipients_heading(self) -> Paragraph | None:
        return self._first(lambda p: squeeze(p.text).lower().startswith("nơi nhận"))

    @cached_property
    def body_start(self) -> int:
        """Index of the first paragraph after the header and title block."""
        marks = [p.index for p in (self.type_name, self.date_line, self.number_line,
                                   self.subject_line, self.tieu_ngu) if p is not None]
        marks += [p.index for p in self.summary]
        return max(marks, default=-1) + 1

    @cached_property
    def attached(self) -> Paragraph | None:
        """The "(Kèm theo …)" line of a document issued with a decision (no Số, no date)."""
        if self.type_name is None:
            return None
        following = [p for p in self.visible if p.index > self.type_name.index][:4]
        return next((p for p in following if squeeze(p.text).startswith("(Kèm theo")), None)

    @cached_property
    def bases(self) -> list[Paragraph]:
        """The căn cứ block (Mẫu 1.1–1.3): consecutive "Căn cứ …", "Xét …", "Theo đề nghị …"
        lines followed by the command line ("QUYẾT ĐỊNH:", "QUYẾT NGHỊ:")."""
        block: list[Paragraph] = []
        for p in self.visible:
            if p.index < self.body_start or p.in_table:
                continue
            if squeeze(p.text).startswith(_BASES):
                block.append(p)
            elif block:
                command = p.align == "center" and p.text.isupper() and p.text.rstrip()[-1:] == ":"
                return block if command else []
            elif p.align != "center":
                return []
        return []

    @cached_property
    def body(self) -> list[Paragraph]:
        """Paragraphs of ô 6: outside tables, after the title, before the signature, not
        centred (centred lines are headings: QUYẾT ĐỊNH:, thẩm quyền, Phụ lục titles)."""
        end = self.body_end
        skip = {p.index for p in (*self.bases, *self.kinh_gui)}
        return [p for p in self.visible if self.body_start <= p.index < end and not p.in_table
                and p.align != "center" and p.index not in skip]

    @cached_property
    def body_end(self) -> int:
        """Index of the first paragraph of the signature block or Nơi nhận (ô 7, 9b): the
        signature's whole table row (a Biên bản's THƯ KÝ stands beside its CHỦ TỌA)."""
        row = self.signature_cell[:2] if self.signature_cell else None
        return min([p.index for p in self.visible if p.index > self.body_start and (
                    p is self.recipients_heading or (p.cell is not None and p.cell[:2] == row)
                    or (not p.in_table and AUTHORITY_LINE.match(p.text) and p.text.isupper()))],
                   default=len(self.paragraphs))

    @cached_property
    def content_end(self) -> Paragraph | None:
        """The last paragraph of ô 6, a table cell's included (a content that ends with a
        table), or None without a body."""
        if not self.body:
            return None
        appendix = self._first(lambda p: p.index > self.body[0].index and not p.in_table
                               and p.align == "center" and _APPENDIX.match(p.text) is not None)
        end = min(self.body_end, appendix.index if appendix else self.body_end)
        inside = [p for p in self.visible if self.body[0].index <= p.index < end
                  and (p.in_table or p.align != "center")]
        return inside[-1]

    @cached_property
    def signature_lines(self) -> list[Paragraph]:
        """The lines of ô 7: the signature cell's, or the authority lines outside a table."""
        cell = self.signature_cell
        lines = [p for p in self.visible if cell is not None and p.cell == cell]
        return lines or [p for p in self.visible if not p.in_table and p.index > self.body_start
                         and AUTHORITY_LINE.match(p.text)]

    @cached_property
    def kinh_gui(self) -> list[Paragraph]:
        """The "Kính gửi:" line (ô 9a) and the recipients' lines under it ("- …;")."""
        heading = self._first(lambda p: squeeze(p.text).startswith("Kính gửi"),
                              self.visible[:30])
        if heading is None:
            return []
        after = [p for p in self.visible if p.index > heading.index]
        lines = [heading]
        for p in after:
            if not squeeze(p.text).startswith("-"):
                break
            lines.append(p)
        return lines
