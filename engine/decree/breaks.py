"""Where a printed line must not break: inside a số/ký hiệu, a range, a date or a place name.

A reader of an official document expects "117/2013/NĐ-CP", "2020 - 2025", "ngày 23", "tháng 7",
"năm 2025", "Điều 3" and a place name ("Hà Tu", "Phước Long") whole on one line
(Phụ lục I, II.3: the số/ký hiệu is one group; Phụ lục II, III.1: the proper name of an
administrative unit is capitalised, so it can be told from the text around it). The rule is
here and only here; the document context applies it to every value it prints, with the place
names of the issuing body's profile, and the DOCX writer turns U+2011 into Word's own
non-breaking hyphen (engine/word/flow.py).

Only short spans are bound: a no-break space does not stretch in a justified line, so binding
whole dates or names of units would leave wide gaps in the lines around them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

NO_BREAK_HYPHEN = "\u2011"
NO_BREAK_SPACE = "\u00a0"
# What each of them prints as.
PRINTED_AS = str.maketrans({NO_BREAK_HYPHEN: "-", NO_BREAK_SPACE: " "})

# A hyphen between two characters of one token: ký hiệu (NĐ-CP, 05-NQ/TU), ranges (2021-2030).
_JOINED_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
# A spaced dash between two words or figures: "2020 - 2025", "kinh tế - xã hội".
_SPACED_DASH = re.compile(r"(?<=[\w)”\"]) ([-–]) (?=[\w(“\"])")
# A word that names the figure after it: "ngày 23", "tháng 7", "năm 2025", "Điều 3".
_NUMBERED = re.compile(r"(?<!\w)(ngày|tháng|năm|Điều) (?=\d+(?![\d/]))", re.IGNORECASE)
# Administrative units (Luật Tổ chức chính quyền địa phương): their proper name follows, and
# is capitalised (Phụ lục II, III.1): "thị xã Phước Long", "TỈNH QUẢNG NINH", "Quận 1".
_CAPITAL = re.escape("".join(c for c in map(chr, range(0x41, 0x1F00)) if c.isupper()))
_UNIT = re.compile(r"(?<!\w)((?i:thành phố|thị xã|thị trấn|tỉnh|quận|huyện|phường|xã|đặc khu))"
                   f"((?: [{_CAPITAL}0-9]\\w*)+)")


def keep_together(text: str, places: Iterable[str] = ()) -> str:
    """Return `text` with no line break possible inside symbols, ranges, dates and names.

    `places` are place names to keep whole wherever they appear (the profile's địa danh).

    >>> keep_together("Nghị định số 117/2013/NĐ-CP") == "Nghị định số 117/2013/NĐ\u2011CP"
    True
    >>> keep_together("giai đoạn 2020 - 2025") == "giai đoạn 2020\u00a0-\u00a02025"
    True
    >>> keep_together("ngày 23 tháng 7 năm 2025") == (
    ...     "ngày\u00a023 tháng\u00a07 năm\u00a02025")
    True
    >>> keep_together("thị xã Phước Long giai đoạn") == "thị xã Phước\u00a0Long giai đoạn"
    True
    >>> keep_together("Hà Tu, ngày 05 tháng 02", ["Hà Tu"]).startswith("Hà\u00a0Tu,")
    True
    >>> keep_together("trước ngày 15/12/2025")  # a date in figures is one word already
    'trước ngày 15/12/2025'
    >>> keep_together("- Như trên;")
    '- Như trên;'
    """
    text = _JOINED_HYPHEN.sub(NO_BREAK_HYPHEN, text)
    text = _SPACED_DASH.sub(f"{NO_BREAK_SPACE}\\1{NO_BREAK_SPACE}", text)
    text = _NUMBERED.sub(f"\\1{NO_BREAK_SPACE}", text)
    text = _UNIT.sub(_bind_unit_name, text)
    for place in places:
        for form in {place, place.upper()}:
            if " " in form.strip():
                text = text.replace(form, form.replace(" ", NO_BREAK_SPACE))
    return text


def plain(text: str) -> str:
    """Return `text` as it prints, every no-break character made an ordinary one.

    >>> plain(keep_together("Nghị định số 117/2013/NĐ-CP ngày 07/10/2013"))
    'Nghị định số 117/2013/NĐ-CP ngày 07/10/2013'
    """
    return text.translate(PRINTED_AS)


def place_names(*lines: str) -> list[str]:
    """Return the proper names of the administrative units named in `lines`.

    >>> place_names("ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH", "Ủy ban nhân dân phường Hà Tu")
    ['QUẢNG NINH', 'Hà Tu']
    """
    return [match.group(2).strip() for line in lines for match in _UNIT.finditer(line)]


def _bind_unit_name(match: re.Match[str]) -> str:
    name = match.group(2).strip()
    space = NO_BREAK_SPACE if name[0].isdigit() else " "  # "Quận 1" is the name itself
    return f"{match.group(1)}{space}{name.replace(' ', NO_BREAK_SPACE)}"
