"""Số and ký hiệu (NĐ 30/2020/NĐ-CP, Art. 15; Phụ lục I, II.3; Phụ lục III, I), and the numbering
sequence a document takes within its body (Art. 15(1)–(2))."""

from __future__ import annotations

from engine.decree.doctypes import ABBREVIATIONS

# Blank left for the number on a draft, as in the decree's samples ("Số:      /QĐ-…").
DRAFT_NUMBER_BLANK = "     "


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


def number_blank(digits: int = 2) -> str:
    """Return the blank a draft leaves for a number of `digits` digits: the decree samples'
    blank, wider when the number needs it (Times: a digit is 0.5 em, a space 0.25 em; with the
    space after "Số:" the blank holds the digits exactly). A digitally signed
    document's number is drawn into this blank at issuance (engine/esign/fields.py).

    >>> [len(number_blank(digits)) for digits in (1, 2, 3, 4)]
    [5, 5, 6, 8]
    """
    return " " * max(len(DRAFT_NUMBER_BLANK), 2 * digits)


def so_ky_hieu(number: str | None, symbol: str, digits: int = 2) -> str:
    """Return the "Số:" line (ô 3); a draft keeps the blank for a number of `digits` digits.

    NĐ 30/2020/NĐ-CP, Phụ lục I, II.3.c: "Số:", the number, "/", the ký hiệu, no spaces.

    >>> so_ky_hieu("5", "CT-UBND")
    'Số: 05/CT-UBND'
    >>> so_ky_hieu("2219", "UBND-NV")
    'Số: 2219/UBND-NV'
    >>> so_ky_hieu(None, "KH-UBND")
    'Số:      /KH-UBND'
    >>> so_ky_hieu(None, "UBND-NV", digits=4)
    'Số:         /UBND-NV'
    """
    return f"Số: {pad_number(number) if number else number_blank(digits)}/{symbol}"


def so_hieu(number: str, symbol: str) -> str:
    """Return number and ký hiệu as cited in running text.

    >>> so_hieu("25", "QĐ-UBND")
    '25/QĐ-UBND'
    """
    return f"{pad_number(number)}/{symbol}"


def series_for(loai: str, policy: str, secret: bool = False, council: str | None = None) -> str:
    """Return the numbering sequence of a document within its body.

    >>> series_for("chi_thi", "chung"), series_for("chi_thi", "theo_loai")
    ('chung', 'chi_thi')
    >>> series_for("quyet_dinh", "chung", secret=True), series_for("to_trinh", "chung",
    ...                                                              council="hd-tdkt")
    ('mat', 'hoi-dong:hd-tdkt')
    """
    if secret:
        return "mat"
    if council:
        return f"hoi-dong:{council}"
    return loai if policy == "theo_loai" else "chung"
