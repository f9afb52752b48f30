"""Electronic documents: the images and texts of the digital signatures (NĐ 30/2020/NĐ-CP,
Art. 5, Art. 13(7); Phụ lục I, II.7.d, II.8; Phụ lục III, Mẫu 2.2; legal-rules.md §1.6).

- the signer's signature: the image of their handwritten signature, blue, PNG with a
  transparent background, centred between the chức vụ and the họ tên (II.7.d);
- the body's signature: the image of its seal, red, at the seal's actual size, PNG with a
  transparent background, over about 1/3 of the signer's image, on the left (II.8.a);
- a document attached in a separate file: the body's signature at the top right of page 1, no
  image; text: số và ký hiệu, then the signing time "(ngày tháng năm; giờ phút giây; múi giờ
  Việt Nam theo tiêu chuẩn ISO 8601)", Times New Roman, lower case, upright, 10 pt, black
  (II.8.b; Mẫu 2.2 prints it "Số: …; ngày/tháng/năm; giờ: phút: giây").
"""

from __future__ import annotations

from datetime import datetime

from engine.decree.dates import VIETNAM

SIGNER_COLOUR = "xanh"         # II.7.d: "màu xanh"
SEAL_COLOUR = "đỏ"             # II.8.a: "màu đỏ"
SEAL_OVER_SIGNATURE = 1 / 3    # II.8.a: "trùm lên khoảng 1/3 hình ảnh chữ ký số … về bên trái"
TEXT_FONT = "Times New Roman"  # II.8.b
TEXT_SIZE = 10                 # II.8.b: "cỡ chữ 10, màu đen"


def thoi_gian_ky(moment: datetime) -> str:
    """Return the signing time as the decree prints it: the date as ngày/tháng/năm, the time
    as giờ:phút:giây, in Vietnam time with its ISO 8601 offset.

    Mẫu 2.2 sets the order ("ngày/tháng/năm; giờ: phút: giây"); "múi giờ Việt Nam theo tiêu
    chuẩn ISO 8601" is the offset "+07:00" (ISO 8601 §4.2.5.1).

    >>> from datetime import UTC
    >>> thoi_gian_ky(datetime(2026, 12, 3, 3, 15, 30, tzinfo=UTC))
    '03/12/2026; 10:15:30 +07:00'
    """
    local = moment.astimezone(VIETNAM)
    return f"{local:%d/%m/%Y}; {local:%H:%M:%S} +07:00"


def thong_tin_kem_theo(so_ky_hieu: str, moment: datetime) -> str:
    """Return the text of the body's signature on an attachment in a separate file (II.8.b).

    >>> from datetime import UTC
    >>> thong_tin_kem_theo("05/QĐ-UBND", datetime(2025, 3, 30, 2, 0, 5, tzinfo=UTC))
    'Số: 05/QĐ-UBND; 30/03/2025; 09:00:05 +07:00'
    """
    return f"Số: {so_ky_hieu}; {thoi_gian_ky(moment)}"
