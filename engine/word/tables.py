"""Tables of a body (Phụ lục lists) as WordprocessingML, and the XML escaping of values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape

from markupsafe import Markup

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


def table_xml(table: Mapping[str, Any]) -> Markup:
    """Return a bordered table (header row bold and repeated on every page) as safe XML."""
    columns = len(table["cot"])
    widths = column_widths(table)
    border = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                     for side in ("top", "left", "bottom", "right", "insideH", "insideV"))

    def row(cells: list[str], header: bool) -> str:
        style = "VBBangTieuDe" if header else "VBBang"
        padded = list(cells) + [""] * (columns - len(cells))
        body = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr>'
            f'<w:pStyle w:val="{style}"/></w:pPr><w:r><w:t xml:space="preserve">'
            f"{xml_text(text)}</w:t></w:r></w:p></w:tc>"
            for width, text in zip(widths, padded, strict=True))
        head = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
        return f"<w:tr>{head}{body}</w:tr>"

    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    rows = row(table["cot"], True) + "".join(row(cells, False) for cells in table["dong"])
    return Markup(
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        f"<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type=\"fixed\"/></w:tblPr>"
        f"<w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>")


def column_widths(table: Mapping[str, Any], total: int = 9354) -> list[int]:
    """Return column widths in twips: each fits its longest word, the rest goes to long text.

    >>> column_widths({"cot": ["STT", "Nhiệm vụ"], "dong": [["1", "Xây dựng kế hoạch " * 4]]})
    [1029, 8325]
    """
    minimums, weights = [], []
    for i, header in enumerate(table["cot"]):
        cells = [row[i] for row in table["dong"] if i < len(row)]
        longest = max([text_width_pt(word, 13, bold=True) for word in header.split()]
                      + [text_width_pt(word, 13) for cell in cells for word in cell.split()])
        minimums.append(round(longest * 20) + 300)  # cell margins and a little air
        weights.append(min(sum(len(c) for c in cells) / max(1, len(cells)), 60.0) + 1)
    spare = total - sum(minimums)
    if spare <= 0:
        widths = [m * total // sum(minimums) for m in minimums]
    else:
        widths = [m + int(spare * w / sum(weights)) for m, w in zip(minimums, weights, strict=True)]
    widths[-1] += total - sum(widths)
    return widths
