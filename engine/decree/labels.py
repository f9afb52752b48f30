"""How the parts of a body are numbered (NĐ 30/2020/NĐ-CP, Phụ lục I, II.6.đ; Art. 8(2))."""

from __future__ import annotations

# NĐ 30/2020, Art. 4(2), Art. 8(2); Luật TĐKT 2022 Art. 89(2): đ follows d; f, j, w, z are unused.
_POINT_LETTERS = tuple("abcdđeghiklmnopqrstuvxy")
_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


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


# Numbering styles a level may use, and each document type's default, level by level.
NUMBERING_STYLES = ("I", "1", "1.1", "a)", "a.", "(1)", "-", "+", "Điều", "khong")
DEFAULT_STYLES: dict[str, tuple[str, ...]] = {
    "ke_hoach": ("I", "1", "a)", "-", "+"),
    "cong_van": ("1", "a)", "-", "+"),
    "chi_thi": ("1", "a)", "-", "+"),
    "quyet_dinh": ("Điều", "1", "a)", "-", "+"),
    "nghi_quyet": ("Điều", "1", "a)", "-", "+"),
    "to_trinh": ("I", "1", "a)", "-", "+"),
}
# Numbered parts whose titled heading is bold, or italic (Phụ lục I, V rows 6b); the rest are
# not counted ("-", "+") or not labelled ("khong").
BOLD_HEADINGS = frozenset({"I", "1", "1.1", "Điều"})
ITALIC_HEADINGS = frozenset({"a)", "a.", "(1)"})
UNCOUNTED = frozenset({"-", "+", "khong"})


def label(style: str, index: int, parent: str = "") -> tuple[str, str]:
    """Return the printed label of the index-th numbered part and its number for children.

    >>> label("I", 2), label("1", 3), label("1.1", 2, "3"), label("a)", 5), label("Điều", 1)
    (('II. ', 'II'), ('3. ', '3'), ('3.2. ', '3.2'), ('đ) ', 'đ'), ('Điều 1. ', '1'))
    >>> label("(1)", 4), label("a.", 2), label("-", 7), label("khong", 1)
    (('(4) ', '4'), ('b. ', 'b'), ('- ', ''), ('', ''))
    """
    if style == "I":
        return f"{roman(index)}. ", roman(index)
    if style in ("1", "(1)", "Điều"):
        printed = {"1": "{}. ", "(1)": "({}) ", "Điều": "Điều {}. "}[style]
        return printed.format(index), str(index)
    if style == "1.1":
        number = f"{parent}.{index}" if parent else str(index)
        return f"{number}. ", number
    if style in ("a)", "a."):
        letter = point_letter(index)
        return f"{letter}{style[1]} ", letter
    if style in ("-", "+"):
        return f"{style} ", ""
    return "", ""
