"""The three signatures of an electronic issuance, each on the PDF rendered from the DOCX:

1. `sign_personal`, at "ký": the number's and date's blanks become empty fields, then the
   signer's signature (their image between chức vụ and họ tên);
2. `sign_body`, at issuance: the văn thư's update fills the number and date, then the body's
   signature (the seal over the left third of the signer's image);
3. `sign_attachment`, at issuance, for each document attached in a separate file: the body's
   signature at the top right of page 1, text only.
"""

from __future__ import annotations

from datetime import datetime

from engine.decree.esign import thoi_gian_ky, thong_tin_kem_theo
from engine.errors import SigningError
from engine.esign import appearance, fields, pades, placement
from engine.esign.images import Picture
from engine.esign.keys import KeySource
from engine.esign.positions import Box, printed_lines

SIGNER_FIELD = "ChuKyNguoiKy"
BODY_FIELD = "ChuKyCoQuan"


def sign_personal(pdf: bytes, ho_ten: str, source: KeySource, picture: Picture,
                  moment: datetime, *, numbered: bool = True) -> bytes:
    """Return the unnumbered PDF with its blanks as fields, signed by the signer."""
    lines = printed_lines(pdf)
    name, gap = placement.signature_gap(lines, ho_ten)
    if numbered:
        pdf = fields.add_blanks(pdf, [placement.number_blank(lines),
                                      *placement.date_blanks(lines)])
    return pades.sign(pdf, source, appearance.signer_appearance(picture, name, gap),
                      SIGNER_FIELD, moment, reason="Ký ban hành")


def sign_body(pdf: bytes, values: dict[str, str], ho_ten: str, body_name: str,
              source: KeySource, seal: Picture, moment: datetime) -> bytes:
    """Return the signer-signed PDF with its number and date filled in, signed by the body."""
    filled = fields.fill_blanks(pdf, values) if values else pdf
    name, _ = placement.signature_gap(printed_lines(pdf), ho_ten)
    look = appearance.seal_appearance(seal, _signer_box(pdf), name,
                                      [body_name, thoi_gian_ky(moment)])
    return pades.sign(filled, source, look, BODY_FIELD, moment, reason="Văn thư ban hành")


def sign_attachment(pdf: bytes, so_ky_hieu: str, source: KeySource,
                    moment: datetime) -> bytes:
    """Return an attachment's PDF signed by the body at the top right of page 1."""
    text = thong_tin_kem_theo(so_ky_hieu, moment)
    corner = placement.top_right(printed_lines(pdf), *appearance.attachment_size(text))
    return pades.sign(pdf, source, appearance.attachment_appearance(text, corner), BODY_FIELD,
                      moment, reason="Văn thư ban hành văn bản kèm theo")


def _signer_box(pdf: bytes) -> Box:
    """Where the signer's signature image is: its field's widget on the page."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    for number, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            widget = annot.get_object()
            if widget.get("/T") == SIGNER_FIELD:
                x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
                return Box(number, x0, y0, x1, y1)
    raise SigningError("Bản PDF chưa có chữ ký số của người ký: văn thư chỉ ký số văn bản đã "
                       "được người có thẩm quyền ký (NĐ 30/2020, Điều 32(2)).",
                       code="not-signed-by-signer")
