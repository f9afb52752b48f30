"""Tables of a body (Phụ lục lists) as WordprocessingML, and the XML escaping of values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape

from markupsafe import Markup

from engine.campaign.rules import span
from engine.word.rule_lines import text_width_pt


def xml_text(value: str) -> str:
    """Return `value` escaped for XML text, safe from docxtpl's post-render rewriting.

    docxtpl rewrites "{_{" to "{{" in the rendered XML, values included; "_" next to a brace is
    written as a character reference, which the XML parser reads back as "_".

    >>> xml_text("A & B <x> {_{ y }_}")
    'A &amp; B &lt;x&gt; {&#95;{ y }&#95;}'
    """
    return escape(value).replace("{_", "{&#95;").replace("_}", "&#95;}")


def with_tables(context: Mapping[str, Any]) -> dict[str, Any]:
    """Return a copy of `context` whose table descriptions are replaced by their XML."""
    def convert(paragraphs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**p, "bang": table_xml(p["bang"])} if p.get("kieu") == "bang" else p
                for p in paragraphs]

    if not any(p.get("kieu") == "bang" for p in context.get("noi_dung", [])) \
            and not context.get("phu_luc"):
        return dict(context)
    data = dict(context)
    data["noi_dung"] = convert(list(context.get("noi_dung", [])))
    data["phu_luc"] = [{**appendix, "noi_dung": convert(appendix["noi_dung"])}
                       for appendix in context.get("phu_luc", [])]
    return data


# The template styles of a body table's cells (templates: tools/build_templates.py).
HEADER_STYLE, CELL_STYLE = "VBBangTieuDe", "VBBang"
_ALIGN = {"trai": "left", "giua": "center", "phai": "right", "deu": "both"}


def table_xml(table: Mapping[str, Any]) -> Markup:
    """Return a bordered table (header row bold and repeated on every page) as safe XML.

    A cell is its text or a mapping: bold (`dam`), italic (`nghieng`), aligned (`can`: trai,
    giua, phai, deu), spanning `gop` columns (a group row "I. TẬP THỂ"). The loader has
    checked that every row fills the columns (rules.table_problems).
    """
    widths = column_widths(table)
    border = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                     for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    rows = _row(table["cot"], widths, True) + "".join(
        _row(cells, widths, False) for cells in table["dong"])
    return Markup(
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        f"<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type=\"fixed\"/></w:tblPr>"
        f"<w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>")


def _row(cells: list[Any], widths: list[int], header: bool) -> str:
    style = HEADER_STYLE if header else CELL_STYLE
    body, column = "", 0
    for cell in cells:
        spanned = span(cell)
        width = sum(widths[column:column + spanned])
        column += spanned
        merge = f'<w:gridSpan w:val="{spanned}"/>' if spanned > 1 else ""
        body += (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{merge}</w:tcPr>'
                 f"{_cell_paragraph(cell, style)}</w:tc>")
    if column != len(widths):
        raise ValueError(f"table row of {column} cells for {len(widths)} columns")
    head = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
    return f"<w:tr>{head}{body}</w:tr>"


def _cell_paragraph(cell: Any, style: str) -> str:
    """One cell's paragraph: its style, then its own alignment and bold or italic text."""
    options = cell if isinstance(cell, Mapping) else {}
    align = _ALIGN.get(options.get("can", ""))
    jc = f'<w:jc w:val="{align}"/>' if align else ""
    marks = ("<w:b/><w:bCs/>" if options.get("dam") == "true" else "") + (
        "<w:i/><w:iCs/>" if options.get("nghieng") == "true" else "")
    run = f"<w:rPr>{marks}</w:rPr>" if marks else ""
    texts = '</w:t><w:br/><w:t xml:space="preserve">'.join(
        xml_text(line) for line in cell_text(cell).split("\n"))
    return (f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{jc}</w:pPr><w:r>{run}'
            f'<w:t xml:space="preserve">{texts}</w:t></w:r></w:p>')


def cell_text(cell: Any) -> str:
    """Return the text of a cell, given as its text or as a mapping with `van_ban`.

    >>> cell_text("1.800.000"), cell_text({"van_ban": "I. TẬP THỂ", "dam": "true"})
    ('1.800.000', 'I. TẬP THỂ')
    """
    return str(cell["van_ban"]) if isinstance(cell, Mapping) else str(cell)


def column_widths(table: Mapping[str, Any], total: int = 9354) -> list[int]:
    """Return column widths in twips: each fits its longest word, the rest goes to long text.

    The "STT" column keeps its bold header on one line (its width, plus the cell margins of
    300 twips) and the long text takes every other twip of the text width:

    >>> stt, text = column_widths({"cot": ["STT", "Nhiệm vụ"],
    ...                            "dong": [["1", "Xây dựng kế hoạch " * 4]]})
    >>> stt - 300 >= text_width_pt("STT", 13, bold=True) * 20, stt < 1500, stt + text
    (True, True, 9354)
    """
    minimums, weights = [], []
    for i, header in enumerate(table["cot"]):
        cells = [cell_text(row[i]) for row in table["dong"]
                 if i < len(row) and all(span(cell) == 1 for cell in row)]
        # Split at ordinary spaces only: "2020 - 2025" bound by no-break spaces is one word.
        longest = max([text_width_pt(word, 13, bold=True) for word in header.split(" ")]
                      + [text_width_pt(word, 13) for cell in cells for word in cell.split(" ")])
        minimums.append(round(longest * 20) + 300)  # cell margins and a little air
        weights.append(min(sum(len(c) for c in cells) / max(1, len(cells)), 60.0) + 1)
    spare = total - sum(minimums)
    if spare <= 0:
        widths = [m * total // sum(minimums) for m in minimums]
    else:
        widths = [m + int(spare * w / sum(weights)) for m, w in zip(minimums, weights, strict=True)]
    widths[-1] += total - sum(widths)
    return widths
