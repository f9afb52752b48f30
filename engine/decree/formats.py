"""Thể thức rules of Decree 30/2020/NĐ-CP as small pure functions; the doctests are the spec."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from babel.numbers import format_decimal

from engine.base.text import upper

# NĐ 30/2020/NĐ-CP, Phụ lục III, I: abbreviations of administrative document types.
ABBREVIATIONS: dict[str, str] = {
    "nghi_quyet": "NQ",
    "quyet_dinh": "QĐ",
    "chi_thi": "CT",
    "quy_che": "QC",
    "quy_dinh": "QyĐ",
    "thong_cao": "TC",
    "thong_bao": "TB",
    "huong_dan": "HD",
    "chuong_trinh": "CTr",
    "ke_hoach": "KH",
    "phuong_an": "PA",
    "de_an": "ĐA",
    "du_an": "DA",
    "bao_cao": "BC",
    "bien_ban": "BB",
    "to_trinh": "TTr",
    "hop_dong": "HĐ",
    "cong_dien": "CĐ",
    "ban_ghi_nho": "BGN",
    "ban_thoa_thuan": "BTT",
    "giay_uy_quyen": "GUQ",
    "giay_moi": "GM",
    "giay_gioi_thieu": "GGT",
    "giay_nghi_phep": "GNP",
    "phieu_gui": "PG",
    "phieu_chuyen": "PC",
    "phieu_bao": "PB",
}

# Tên loại as printed (IN HOA, NĐ 30/2020, Phụ lục I, II.5.b) and in running text.
TYPE_NAMES: dict[str, str] = {
    "nghi_quyet": "Nghị quyết",
    "quyet_dinh": "Quyết định",
    "chi_thi": "Chỉ thị",
    "ke_hoach": "Kế hoạch",
    "cong_van": "Công văn",
    "to_trinh": "Tờ trình",
    "bao_cao": "Báo cáo",
    "bien_ban": "Biên bản",
}

# Blank left for the number on a draft, as in the decree's samples ("Số:      /QĐ-…").
DRAFT_NUMBER_BLANK = "     "

# NĐ 30/2020, Art. 4(2), Art. 8(2); Luật TĐKT 2022 Art. 89(2): đ follows d; f, j, w, z are unused.
_POINT_LETTERS = tuple("abcdđeghiklmnopqrstuvxy")

_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def pad_number(number: str) -> str:
    """Return a document number with the leading zero Decree 30 requires below 10.

    NĐ 30/2020/NĐ-CP, Phụ lục I, II.3.c: "số nhỏ hơn 10 phải ghi thêm số 0 phía trước".

    >>> [pad_number(n) for n in ("1", "5", "05", "09", "10", "123", "2219")]
    ['01', '05', '05', '09', '10', '123', '2219']
    """
    return f"{int(number):02d}"


def ky_hieu(doc_type: str, issuer: str, unit: str | None = None) -> str:
    """Return the ký hiệu of a document: type-issuer, or issuer-unit for a công văn.

    NĐ 30/2020/NĐ-CP, Phụ lục I, II.3.b; Phụ lục III, I.

    >>> ky_hieu("chi_thi", "UBND")
    'CT-UBND'
    >>> ky_hieu("quyet_dinh", "UBND")
    'QĐ-UBND'
    >>> ky_hieu("cong_van", "UBND", "NV")
    'UBND-NV'
    >>> ky_hieu("cong_van", "UBND")
    'UBND'
    """
    if doc_type == "cong_van":
        return f"{issuer}-{unit}" if unit else issuer
    return f"{ABBREVIATIONS[doc_type]}-{issuer}"


def so_ky_hieu(number: str | None, symbol: str) -> str:
    """Return the "Số:" line (ô 3); a draft keeps the blank for the number.

    NĐ 30/2020/NĐ-CP, Phụ lục I, II.3.c: "Số:", the number, "/", the ký hiệu, no spaces.

    >>> so_ky_hieu("5", "CT-UBND")
    'Số: 05/CT-UBND'
    >>> so_ky_hieu("2219", "UBND-NV")
    'Số: 2219/UBND-NV'
    >>> so_ky_hieu(None, "KH-UBND")
    'Số:      /KH-UBND'
    """
    return f"Số: {pad_number(number) if number else DRAFT_NUMBER_BLANK}/{symbol}"


def so_hieu(number: str, symbol: str) -> str:
    """Return number and ký hiệu as cited in running text.

    >>> so_hieu("25", "QĐ-UBND")
    '25/QĐ-UBND'
    """
    return f"{pad_number(number)}/{symbol}"


def parse_date(text: str) -> date | None:
    """Return the date written as ``2025-07-23`` or ``23/7/2025``, or None if it does not exist.

    >>> parse_date("2025-07-23"), parse_date("5/2/2025")
    (datetime.date(2025, 7, 23), datetime.date(2025, 2, 5))
    >>> parse_date("31/02/2025") is None
    True
    """
    try:
        if "-" in text:
            year, month, day = (int(part) for part in text.split("-"))
        else:
            day, month, year = (int(part) for part in text.split("/"))
        return date(year, month, day)
    except ValueError:
        return None


def ngay_thang_nam(day: date) -> str:
    """Return a date in words; days below 10 and months 1 and 2 get a leading zero.

    NĐ 30/2020/NĐ-CP, Phụ lục I, II.4.b.

    >>> ngay_thang_nam(date(2025, 2, 5))
    'ngày 05 tháng 02 năm 2025'
    >>> ngay_thang_nam(date(2022, 5, 5))
    'ngày 05 tháng 5 năm 2022'
    >>> ngay_thang_nam(date(2026, 10, 15))
    'ngày 15 tháng 10 năm 2026'
    >>> ngay_thang_nam(date(2020, 1, 31))
    'ngày 31 tháng 01 năm 2020'
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def dong_dia_danh(place: str, day: date | None) -> str:
    """Return the place-and-date line (ô 4); a draft leaves day, month and year open.

    NĐ 30/2020/NĐ-CP, Phụ lục I, II.4: a comma after the place name, then the full date.

    >>> dong_dia_danh("Cao Bằng", date(2022, 5, 5))
    'Cao Bằng, ngày 05 tháng 5 năm 2022'
    >>> dong_dia_danh("Hà Tu", None)
    'Hà Tu, ngày      tháng      năm      '
    """
    if day is None:
        return f"{place}, ngày      tháng      năm      "
    return f"{place}, {ngay_thang_nam(day)}"


def ngay_ngan(day: date) -> str:
    """Return the short date used when citing a document ("ngày 23/7/2025").

    >>> ngay_ngan(date(2025, 7, 23))
    '23/7/2025'
    >>> ngay_ngan(date(2021, 4, 6))
    '6/4/2021'
    """
    return f"{day.day}/{day.month}/{day.year}"


def ten_loai(doc_type: str) -> str:
    """Return the tên loại in capitals (ô 5a, NĐ 30/2020/NĐ-CP, Phụ lục I, II.5.b).

    >>> ten_loai("quyet_dinh")
    'QUYẾT ĐỊNH'
    """
    return upper(TYPE_NAMES[doc_type])


def roman(number: int) -> str:
    """Return `number` in Roman numerals (Phần, Chương, mục of reports: Phụ lục I, II.6.đ).

    >>> [roman(n) for n in (1, 4, 9, 14, 40)]
    ['I', 'IV', 'IX', 'XIV', 'XL']
    """
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def point_letter(index: int) -> str:
    """Return the letter of the index-th điểm (1-based) in the decree's Vietnamese order.

    NĐ 30/2020/NĐ-CP, Phụ lục I, II.6.đ; Art. 8(2): a, b, c, d, đ, e, g, h, i, k …

    >>> "".join(point_letter(i) for i in range(1, 11))
    'abcdđeghik'
    >>> point_letter(20)
    'u'
    """
    if not 1 <= index <= len(_POINT_LETTERS):
        raise ValueError(f"no Vietnamese point letter for index {index}")
    return _POINT_LETTERS[index - 1]


def end_with(text: str, mark: str) -> str:
    """Return `text` ending with `mark` (";" or "."), replacing a final ";", "." or ",".

    >>> end_with("Căn cứ Luật Tổ chức chính quyền địa phương", ";")
    'Căn cứ Luật Tổ chức chính quyền địa phương;'
    >>> end_with("Theo đề nghị của Trưởng phòng Nội vụ;", ".")
    'Theo đề nghị của Trưởng phòng Nội vụ.'
    """
    return text.rstrip().rstrip(";.,") + mark


def list_punctuation(lines: Sequence[str]) -> list[str]:
    """Return lines ended with ";" and the last with "." (căn cứ, Kính gửi, Nơi nhận).

    NĐ 30/2020/NĐ-CP, Phụ lục I, II.6.a (căn cứ) and II.9.b, d (Kính gửi, Nơi nhận).

    >>> list_punctuation(["Căn cứ A", "Căn cứ B;", "Căn cứ C;"])
    ['Căn cứ A;', 'Căn cứ B;', 'Căn cứ C.']
    """
    return [end_with(line, "." if i == len(lines) - 1 else ";") for i, line in enumerate(lines)]


def ket_thuc(text: str) -> str:
    """Return the last paragraph of a body ending with the decree's "/." mark.

    NĐ 30/2020/NĐ-CP, Phụ lục III: every sample's content ends with "/.".

    >>> ket_thuc("nghiêm túc triển khai thực hiện.")
    'nghiêm túc triển khai thực hiện./.'
    >>> ket_thuc("có hiệu lực kể từ ngày ký./.")
    'có hiệu lực kể từ ngày ký./.'
    >>> ket_thuc("Kế hoạch này")
    'Kế hoạch này./.'
    """
    text = text.rstrip()
    if text.endswith("/."):
        return text
    return f"{text}/." if text.endswith(".") else f"{text}./."


def khoi_ky(
    authority: Sequence[str], collective: str, head: str, title: str
) -> list[str]:
    """Return the lines of ô 7a (quyền hạn, chức vụ), in capitals.

    NĐ 30/2020/NĐ-CP, Phụ lục I, II.7.b: TM. before the collective, KT./Q./TL./TUQ. before the
    head's title; after KT., TL. or TUQ. the signer's own title follows on the next line.

    >>> khoi_ky(["TM", "KT"], "Ủy ban nhân dân", "Chủ tịch", "Phó Chủ tịch")
    ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']
    >>> khoi_ky(["TM"], "Ủy ban nhân dân", "Chủ tịch", "Chủ tịch")
    ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH']
    >>> khoi_ky([], "Ủy ban nhân dân", "Chủ tịch", "Chủ tịch")
    ['CHỦ TỊCH']
    >>> khoi_ky(["Q"], "Ủy ban nhân dân", "Giám đốc", "Phó Giám đốc")
    ['Q. GIÁM ĐỐC']
    >>> khoi_ky(["TL", "KT"], "Bộ Nội vụ", "Bộ trưởng", "Phó Chánh Văn phòng")
    ['TL. BỘ TRƯỞNG', 'KT. CHÁNH VĂN PHÒNG', 'PHÓ CHÁNH VĂN PHÒNG']
    """
    lines: list[str] = []
    last_title = ""
    for prefix in authority:
        if prefix == "TM":
            lines.append(f"TM. {upper(collective)}")
            continue
        if prefix == "KT" and lines and lines[-1].startswith("TL."):
            # A TL. signer's deputy signs KT. under the unit head's title (Art. 13(4)).
            last_title = upper(title.removeprefix("Phó ").strip())
        else:
            last_title = upper(head)
        lines.append(f"{prefix}. {last_title}")
    if authority[-1:] != ["Q"] and upper(title) != last_title:
        lines.append(upper(title))
    return lines


def so_tien(amount: int) -> str:
    """Return an amount of money written the Vietnamese way, with dots between thousands.

    >>> so_tien(2340000)
    '2.340.000'
    >>> so_tien(702000)
    '702.000'
    """
    return format_decimal(amount, locale="vi")
