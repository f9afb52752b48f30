"""The number and the date of an electronically signed document: blanks at signing, filled by
the văn thư at issuance.

The signer signs the version before it has a number (the number and date come from the
register at issuance: NĐ 30/2020, Art. 15 and Art. 18). So before the signer's signature the
blanks of "Số:      /…" and "ngày   tháng   năm" become empty PDF text fields, which the
signature covers; at issuance the văn thư's update fills them (the number, the day, the month,
the year), then the body signs. Filling fields is the one change PDF signatures admit after
signing (ISO 32000 §12.8.2.2, DocMDP "form filling"): the signer's signature stays intact, and
a validator shows that only the form was filled.

The filled value is drawn in Times-Roman (a standard PDF font, metric-compatible with the
document's Times New Roman), black, at the size of the line it sits in; values are digits.
"""

from __future__ import annotations

import io

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from engine.errors import SigningError
from engine.esign.placement import Blank

_FONTS = {"/TiRo": "/Times-Roman", "/TiIt": "/Times-Italic"}
_DIGIT_EM = 0.5          # Times-Roman and Times-Italic: every digit is 500/1000 em wide
_SPACE_EM = 0.25         # and a space 250/1000


def _fonts(writer: IncrementalPdfFileWriter) -> generic.DictionaryObject:
    return generic.DictionaryObject({pdf_name(key): writer.add_object(generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/Font"), pdf_name("/Subtype"): pdf_name("/Type1"),
        pdf_name("/BaseFont"): pdf_name(base),
        pdf_name("/Encoding"): pdf_name("/WinAnsiEncoding")})) for key, base in _FONTS.items()})


def add_blanks(data: bytes, blanks: list[Blank]) -> bytes:
    """Return the unsigned PDF `data` with an empty text field over each blank."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    page_ref, _ = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    form = generic.DictionaryObject({
        pdf_name("/Fields"): generic.ArrayObject(),
        pdf_name("/DR"): generic.DictionaryObject({pdf_name("/Font"): _fonts(writer)}),
        pdf_name("/DA"): generic.TextStringObject("/TiRo 13 Tf 0 g")})
    annots = page.get("/Annots", generic.ArrayObject())
    for blank in blanks:
        field = writer.add_object(generic.DictionaryObject({
            pdf_name("/FT"): pdf_name("/Tx"), pdf_name("/T"): generic.TextStringObject(blank.name),
            pdf_name("/Type"): pdf_name("/Annot"), pdf_name("/Subtype"): pdf_name("/Widget"),
            pdf_name("/Rect"): generic.ArrayObject(generic.FloatObject(round(v, 3)) for v in (
                blank.box.x0, blank.box.y0, blank.box.x1, blank.box.y1)),
            pdf_name("/F"): generic.NumberObject(4), pdf_name("/P"): page_ref,
            pdf_name("/Q"): generic.NumberObject(2 if blank.name == "so" else 1),
            pdf_name("/VanbanBaseline"): generic.FloatObject(round(blank.baseline - blank.box.y0,
                                                                   3)),
            pdf_name("/DA"): generic.TextStringObject(
                f"{'/TiIt' if blank.italic else '/TiRo'} {blank.size:g} Tf 0 g")}))
        form["/Fields"].append(field)
        annots.append(field)
    page[pdf_name("/Annots")] = annots
    writer.root[pdf_name("/AcroForm")] = writer.add_object(form)
    writer.update_container(page)
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def fill_blanks(data: bytes, values: dict[str, str]) -> bytes:
    """Return the signed PDF `data` with its blanks filled (an incremental update)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    form = writer.root.get("/AcroForm")
    listed = form.get_object().get("/Fields") if form is not None else None
    fields = {str(ref.get_object().get("/T")): ref
              for ref in (listed.get_object() if listed is not None else [])}
    missing = sorted(set(values) - set(fields))
    if missing:
        raise SigningError(f"Bản PDF đã ký không có ô trống {', '.join(missing)} để điền số và "
                           "ngày.", code="number-blank-missing")
    fonts = _fonts(writer)
    for name, value in values.items():
        if not value.isdigit():
            raise SigningError(f"Giá trị «{value}» của ô {name} không phải số.",
                               code="number-blank-missing")
        ref = fields[name]
        field = ref.get_object()
        field[pdf_name("/V")] = generic.TextStringObject(value)
        field[pdf_name("/AP")] = generic.DictionaryObject(
            {pdf_name("/N"): writer.add_object(_appearance(field, value, fonts))})
        writer.mark_update(ref)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _appearance(field: generic.DictionaryObject, value: str,
                fonts: generic.DictionaryObject) -> generic.StreamObject:
    """The field's normal appearance: `value` centred, on the line's baseline (its /DA holds
    the size, its /VanbanBaseline the baseline's height in the box).

    The number is set against the "/" of its ký hiệu ("Số: 05/CT-UBND", Phụ lục I, II.3.c: no
    space), a space clear of "Số:"; the day, month and year are centred in their blanks. A
    value wider than its blank (a number with more digits than the register led the signer's
    rendering to expect) is set smaller to fit, never cut."""
    x0, y0, x1, y1 = (float(v) for v in field["/Rect"])
    font, size_text = str(field["/DA"]).split()[:2]
    size = float(size_text)
    against_slash = int(field.get("/Q", 1)) == 2
    room = x1 - x0 - (_SPACE_EM * size if against_slash else 0.0)
    size = min(size, room / (_DIGIT_EM * len(value)))
    width = _DIGIT_EM * size * len(value)
    descent = float(field.get("/VanbanBaseline", 0))
    x = max(0.0, (x1 - x0 - width) * (1.0 if against_slash else 0.5))
    stream = (f"/Tx BMC q BT {font} {size:g} Tf 0 g {x:.2f} {descent:.2f} Td ({value}) Tj "
              "ET Q EMC").encode("ascii")
    return generic.StreamObject({
        pdf_name("/Type"): pdf_name("/XObject"), pdf_name("/Subtype"): pdf_name("/Form"),
        pdf_name("/BBox"): generic.ArrayObject(generic.FloatObject(v) for v in (
            0, 0, round(x1 - x0, 3), round(y1 - y0, 3))),
        pdf_name("/Resources"): generic.DictionaryObject({pdf_name("/Font"): fonts})},
        stream_data=stream)
