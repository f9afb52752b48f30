"""Type a document with python-docx the way a clerk does in Word, without vanban's templates.

`type_document(spec)` starts from python-docx's default template (Word's default styles, Normal
set to Times New Roman 14) and lays the header out as the spec says: a one-row table, a two-row
table (names, then Số and date), or tab stops; lines as paragraph borders, drawn shapes or rows
of underscores; the signature and Nơi nhận in a borderless table.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from engine.word.rule_lines import text_width_pt

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
VML = "urn:schemas-microsoft-com:vml"
LEFT_CM, RIGHT_CM = 6.0, 10.0  # the header's columns (text width 16 cm)
BODY = ("Thực hiện chương trình công tác năm 2025, Ủy ban nhân dân xã ban hành văn bản này "
        "để các cơ quan, đơn vị triển khai thực hiện.",
        "Các cơ quan, đơn vị căn cứ chức năng, nhiệm vụ được giao chủ động xây dựng kế hoạch "
        "và báo cáo kết quả trước ngày 15 tháng 12 năm 2025.")
Line = str  # "border" | "underscore" | "shape" | "none"


@dataclass(frozen=True)
class Spec:
    """What the clerk types; every field has the value of a correct Kế hoạch."""

    header: str = "table"   # "table" (one row) | "rows" (two rows) | "tabs"
    line: Line = "border"
    issuer: tuple[tuple[str, bool], ...] = (("ỦY BAN NHÂN DÂN", True), ("XÃ AN HÀ", True))
    issuer_size: float = 12
    number: str = "Số: 12/KH-UBND"
    date: str = "An Hà, ngày 05 tháng 3 năm 2025"
    date_italic: bool = True
    kind: str = "KẾ HOẠCH"
    kind_align: str = "center"
    summary: str = "Tổ chức phong trào thi đua năm 2025"
    subject: str = ""                       # a công văn's "V/v …" (then no tên loại)
    kinh_gui: tuple[str, ...] = ()          # "Kính gửi:" lines as typed
    bases: tuple[str, ...] = ()
    command: str = ""                       # "QUYẾT ĐỊNH:"
    body: tuple[str, ...] = BODY
    end_mark: str = "./."
    table: tuple[tuple[str, ...], ...] = ()  # a content table after the body
    mark_before_table: bool = False
    mark_after_table: bool = False           # "./." as a paragraph of its own after the table
    narrow_column_cm: float = 0.0            # width of the table's last column, if set
    authority: tuple[str, ...] = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    signer: str = "Lê Văn Minh"
    recipients: tuple[str, ...] = ("- Ủy ban nhân dân huyện;", "- Lưu: VT, VP.")
    recipients_heading: str = "Nơi nhận:"
    page_number: str = "cached"              # "cached" | "uncached" | "footer" | "none"
    page_number_align: str = "center"
    page_number_size: float = 14
    tieu_ngu_line: float = 1.0               # the line's length, as a share of the Tiêu ngữ's
    break_before_signature: bool = False
    heading_style_title: bool = False        # the tên loại typed in Word's "Title" style


def type_document(spec: Spec) -> DocumentObject:
    """Return the document `spec` describes, typed with python-docx."""
    doc = Document()
    _page(doc, spec)
    {"table": _header_table, "rows": _header_rows, "tabs": _header_tabs}[spec.header](doc, spec)
    _title(doc, spec)
    for text in spec.kinh_gui:
        p = doc.add_paragraph(text)
        p.paragraph_format.left_indent = Cm(2 if text.startswith("-") else 1)
    _body(doc, spec)
    _signature(doc, spec)
    return doc


def _page(doc: DocumentObject, spec: Spec) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(14)
    if spec.page_number == "none":
        return
    section.different_first_page_header_footer = True
    part = section.footer if spec.page_number == "footer" else section.header
    p = part.paragraphs[0]
    p.alignment = getattr(WD_ALIGN_PARAGRAPH, spec.page_number_align.upper())
    size = round(spec.page_number_size * 2)
    result = "" if spec.page_number == "uncached" else (
        f'<w:r><w:rPr><w:sz w:val="{size}"/></w:rPr><w:t>2</w:t></w:r>')
    p._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE ">{result}</w:fldSimple>'))


def _text(p: Paragraph, text: str, size: float, *, bold: bool = False,
          italic: bool = False) -> Paragraph:
    run = p.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    return p


def _line(p: Paragraph, how: Line, width_cm: float, length_pt: float) -> None:
    """Make the empty paragraph `p` draw a centred line `length_pt` long."""
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    if how == "underscore":
        _text(p, "_" * max(3, round(length_pt / 7)), 13)
    elif how == "shape":
        p._p.append(parse_xml(
            f'<w:r {nsdecls("w")} xmlns:v="{VML}"><w:pict>'
            f'<v:line from="0,0" to="{length_pt:.0f}pt,0" '
            'strokeweight=".5pt" style="position:absolute;mso-position-horizontal:center"/>'
            "</w:pict></w:r>"))
    elif how == "border":
        side = max(0.0, (width_cm * 28.35 - length_pt) / 2)
        p.paragraph_format.left_indent = p.paragraph_format.right_indent = Pt(side)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:top w:val="single" w:sz="6" w:space="1" '
            'w:color="auto"/></w:pBdr>'))


def _left(cell: _Cell, spec: Spec, with_number: bool) -> None:
    first = cell.paragraphs[0]
    for i, (text, bold) in enumerate(spec.issuer):
        _text(first if i == 0 else cell.add_paragraph(), text, spec.issuer_size, bold=bold)
    name = spec.issuer[-1][0] or "TÊN CƠ QUAN"
    _line(cell.add_paragraph(), spec.line, LEFT_CM, text_width_pt(name, 12, True) * 0.4)
    if with_number:
        _number(cell, cell.add_paragraph(), spec)


def _number(cell: _Cell, p: Paragraph, spec: Spec) -> None:
    _text(p, spec.number, 13)
    if spec.subject:
        _text(cell.add_paragraph(), spec.subject, 12)


def _right(cell: _Cell, spec: Spec, with_date: bool) -> None:
    _text(cell.paragraphs[0], QUOC_HIEU, 12, bold=True)
    _text(cell.add_paragraph(), TIEU_NGU, 13, bold=True)
    _line(cell.add_paragraph(), spec.line, RIGHT_CM,
          text_width_pt(TIEU_NGU, 13, True) * spec.tieu_ngu_line)
    if with_date:
        _text(cell.add_paragraph(), spec.date, 13, italic=spec.date_italic)


def _widths(table: Table) -> None:
    """Give the header's columns their widths (the grid LibreOffice reads, and every cell)."""
    for column, width in zip(table.columns, (LEFT_CM, RIGHT_CM), strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _header_table(doc: DocumentObject, spec: Spec) -> None:
    table = doc.add_table(rows=1, cols=2)
    _widths(table)
    _left(table.cell(0, 0), spec, with_number=True)
    _right(table.cell(0, 1), spec, with_date=True)


def _header_rows(doc: DocumentObject, spec: Spec) -> None:
    table = doc.add_table(rows=2, cols=2)
    _widths(table)
    _left(table.cell(0, 0), spec, with_number=False)
    _right(table.cell(0, 1), spec, with_date=False)
    _number(table.cell(1, 0), table.cell(1, 0).paragraphs[0], spec)
    _text(table.cell(1, 1).paragraphs[0], spec.date, 13, italic=spec.date_italic)


def _tabbed(doc: DocumentObject, left: str, right: str, size: tuple[float, float],
            bold: tuple[bool, bool], italic: bool = False) -> None:
    p = doc.add_paragraph()
    stops = p.paragraph_format.tab_stops
    stops.add_tab_stop(Cm(LEFT_CM / 2), WD_TAB_ALIGNMENT.CENTER)
    stops.add_tab_stop(Cm(LEFT_CM + RIGHT_CM / 2), WD_TAB_ALIGNMENT.CENTER)
    p.paragraph_format.space_after = Pt(0)
    for text, pt, strong, slant in ((f"\t{left}", size[0], bold[0], False),
                                    (f"\t{right}", size[1], bold[1], italic)):
        if text.strip():
            run = p.add_run(text)
            run.bold, run.italic, run.font.size = strong, slant, Pt(pt)


def _header_tabs(doc: DocumentObject, spec: Spec) -> None:
    """The header as tab-stop lines; its lines are typed as underscores."""
    lefts = list(spec.issuer)
    rights = [(QUOC_HIEU, True, 12), (TIEU_NGU, True, 13)]
    for i in range(max(len(lefts), len(rights))):
        text, bold = lefts[i] if i < len(lefts) else ("", False)
        right, strong, size = rights[i] if i < len(rights) else ("", False, 13)
        _tabbed(doc, text, right, (spec.issuer_size, size), (bold, strong))
    _tabbed(doc, "_" * 10, "_" * 24, (12, 13), (False, False))
    _tabbed(doc, spec.number, spec.date, (13, 13), (False, False), italic=spec.date_italic)
    if spec.subject:
        _tabbed(doc, spec.subject, "", (12, 12), (False, False))


def _title(doc: DocumentObject, spec: Spec) -> None:
    if not spec.kind:
        doc.add_paragraph()
        return
    p = doc.add_paragraph(style="Title" if spec.heading_style_title else None)
    _text(p, spec.kind, 14, bold=True)
    p.paragraph_format.space_before = Pt(12)
    p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT}[
        spec.kind_align]
    _text(doc.add_paragraph(), spec.summary, 14, bold=True)
    _line(doc.add_paragraph(), spec.line, 16, text_width_pt(spec.summary, 14, True) * 0.4)


def _plain(doc: DocumentObject, text: str, *, italic: bool = False) -> Paragraph:
    p = doc.add_paragraph()
    p.add_run(text).italic = italic
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    p.paragraph_format.first_line_indent = Cm(1.27)
    p.paragraph_format.space_before, p.paragraph_format.space_after = Pt(6), Pt(0)
    return p


def _body(doc: DocumentObject, spec: Spec) -> None:
    for text in spec.bases:
        _plain(doc, text, italic=True)
    if spec.command:
        _text(doc.add_paragraph(), spec.command, 14, bold=True).paragraph_format.space_before = \
            Pt(6)
    last = len(spec.body) - 1
    for i, text in enumerate(spec.body):
        mark = spec.end_mark if i == last and (not spec.table or spec.mark_before_table) else ""
        _plain(doc, text + mark)
    if spec.table:
        _content_table(doc, spec)


def _content_table(doc: DocumentObject, spec: Spec) -> None:
    table = doc.add_table(rows=len(spec.table), cols=len(spec.table[0]))
    table.style = doc.styles["Table Grid"]
    for r, row in enumerate(spec.table):
        for c, text in enumerate(row):
            mark = spec.end_mark if (r, c) == (len(spec.table) - 1, len(row) - 1) \
                and not (spec.mark_before_table or spec.mark_after_table) else ""
            table.cell(r, c).paragraphs[0].add_run(text + mark).font.size = Pt(13)
    if spec.mark_after_table:
        doc.add_paragraph(spec.end_mark).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if spec.narrow_column_cm:
        table.autofit = False
        table.columns[-1].width = Cm(spec.narrow_column_cm)
        for cell in table.columns[-1].cells:
            cell.width = Cm(spec.narrow_column_cm)


def _signature(doc: DocumentObject, spec: Spec) -> None:
    gap = doc.add_paragraph()
    if spec.break_before_signature:
        gap.add_run().add_break(WD_BREAK.PAGE)
    table = doc.add_table(rows=1, cols=2)
    left, right = table.cell(0, 0), table.cell(0, 1)
    heading = left.paragraphs[0].add_run(spec.recipients_heading)
    heading.bold, heading.italic, heading.font.size = True, True, Pt(12)
    for text in spec.recipients:
        left.add_paragraph().add_run(text).font.size = Pt(11)
    for i, text in enumerate((*spec.authority, "", "", spec.signer)):
        p = right.paragraphs[0] if i == 0 else right.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if text:
            p.add_run(text).bold = True


def _all_paragraphs(doc: DocumentObject) -> Iterator[Paragraph]:
    yield from doc.paragraphs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs
    for section in doc.sections:
        yield from section.header.paragraphs
        yield from section.footer.paragraphs


RUN_CHANGES = {"bold", "italic", "size", "font"}


def touch(doc: DocumentObject, fragment: str, changes: dict[str, Any]) -> None:
    """Change the look of every paragraph holding `fragment`, as a clerk's click would: bold,
    italic, size (pt), font of its runs; align, space_before, space_after (pt), line_spacing,
    first_line (cm) of the paragraph."""
    found = [p for p in _all_paragraphs(doc) if fragment in p.text or fragment == p.text]
    if not found:
        raise LookupError(fragment)
    for p in found:
        for key, value in changes.items():
            if key in RUN_CHANGES:
                for run in p.runs:
                    _run_change(run, key, value)
            else:
                _paragraph_change(p, key, value)


def _run_change(run: Any, key: str, value: Any) -> None:
    if key in ("bold", "italic"):
        setattr(run, key, value)
    elif key == "size":
        run.font.size = Pt(value)
    else:
        run.font.name = value


def _paragraph_change(p: Paragraph, key: str, value: Any) -> None:
    form = p.paragraph_format
    if key == "align":
        p.alignment = getattr(WD_ALIGN_PARAGRAPH, value.upper())
    elif key in ("space_before", "space_after"):
        setattr(form, key, Pt(value))
    elif key == "line_spacing":
        form.line_spacing = value
    else:
        form.first_line_indent = Cm(value)
