"""Render a DOCX template with a context: the only module that imports docxtpl.

docxtpl's defaults are unsafe for official text (reliability.md §1.2): no autoescape, no sandbox,
missing fields printed as blanks, and "{_{" in values rewritten to "{{". Every render here uses a
fresh sandboxed environment with autoescape and StrictUndefined, and values are finalised so that
docxtpl's post-render rewriting cannot change them.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, UndefinedError
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from engine.errors import TemplateError
from engine.layout import fit_rules, text_width_pt
from engine.package import check_template

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _xml_text(value: str) -> str:
    # Break "{_" and "_}" with a character reference: docxtpl rewrites "{_{" to "{{" in the
    # rendered XML, values included; the reference is read back as "_" by the XML parser.
    return escape(value).replace("{_", "{&#95;").replace("_}", "&#95;}")


def _finalize(value: Any) -> Any:
    if isinstance(value, str) and not isinstance(value, Markup):
        return Markup(_xml_text(value))
    return value


def _jinja_env() -> SandboxedEnvironment:
    # New for every render: docxtpl sets `autoescape` on the environment it is given.
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, finalize=_finalize)


def render_docx(template: Path, context: Mapping[str, Any], *, title: str = "") -> bytes:
    """Render `template` with `context` and return the DOCX bytes; raise TemplateError."""
    check_template(template)
    tpl = DocxTemplate(str(template))
    data = _with_tables(dict(context))
    try:
        tpl.render(data, jinja_env=_jinja_env(), autoescape=True)
    except UndefinedError as exc:
        raise TemplateError(template.name,
                            f"mẫu dùng trường không có dữ liệu ({exc.message})") from None
    except SecurityError as exc:
        raise TemplateError(template.name, f"mẫu dùng biểu thức bị cấm ({exc})") from None
    except JinjaTemplateError as exc:
        where = " / ".join(s.strip() for s in getattr(exc, "docx_context", []) if s.strip())
        raise TemplateError(template.name,
                            f"lỗi cú pháp thẻ mẫu: {exc} [{where[:200]}]") from None
    fit_rules(tpl.docx.element.body)
    props = tpl.docx.core_properties
    props.title, props.author, props.comments = title, "vanban", ""
    buffer = io.BytesIO()
    tpl.save(buffer)
    return _fixed_timestamps(buffer.getvalue())


def _with_tables(context: dict[str, Any]) -> dict[str, Any]:
    """Replace every table description in the body paragraphs by its WordprocessingML."""
    lists = [context.get("noi_dung", [])]
    lists += [appendix["noi_dung"] for appendix in context.get("phu_luc", [])]
    for paragraphs in lists:
        for paragraph in paragraphs:
            if paragraph.get("kieu") == "bang":
                paragraph["bang"] = table_xml(paragraph["bang"])
    return context


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
            f"{_xml_text(text)}</w:t></w:r></w:p></w:tc>"
            for width, text in zip(widths, padded, strict=True))
        head = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
        return f"<w:tr>{head}{body}</w:tr>"

    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    rows = row(table["cot"], True) + "".join(row(cells, False) for cells in table["dong"])
    return Markup(
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        f"<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type=\"fixed\"/></w:tblPr>"
        f"<w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>")


def _fixed_timestamps(data: bytes) -> bytes:
    """Return the same package with fixed zip timestamps, so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


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
