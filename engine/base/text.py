"""Vietnamese text hygiene: NFC, invisible characters, control characters, capitals.

The policy follows reliability.md §4 and test catalogue A4–A7, G1–G3: every value is stored and
printed in NFC; characters pasted from Word that are invisible are removed; characters that would
corrupt the DOCX (C0 controls, lone surrogates, U+FFFE/U+FFFF) or reorder text (bidi overrides) are
refused with the field's name instead of being dropped silently.
"""

from __future__ import annotations

import re
import unicodedata

# Invisible characters Word and web pages paste into text; they carry no meaning in a document.
_REMOVED = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u00ad\ufeff\u2060\u200e\u200f"), None)
# Spaces that look like spaces: printed as one.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u202f\u2007\u2009\u3000"), " ")
_BIDI = re.compile("[\u061c\u202a-\u202e\u2066-\u2069]")
# C0 and C1 controls, line and paragraph separators (YAML and Word read them as line breaks),
# non-characters and lone surrogates.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")
_MULTISPACE = re.compile(r"[ \t]+")


def clean(value: str, *, multiline: bool = False) -> tuple[str, list[str]]:
    """Return `value` normalised to NFC with invisible characters removed, and the problems found.

    Problems are Vietnamese sentences; an empty list means the value is usable.

    >>> clean("Nguye\u0302\u0303n  Văn\u200b A")
    ('Nguyễn Văn A', [])
    >>> clean("Phòng\u00a0Nội vụ")
    ('Phòng Nội vụ', [])
    >>> clean("a\\x0bb")[1]
    ['chứa ký tự điều khiển U+000B (không in được)']
    >>> clean("dòng 1\\ndòng 2")[1]
    ['không được xuống dòng trong trường một dòng']
    >>> clean("dòng 1\\r\\ndòng 2", multiline=True)
    ('dòng 1\\ndòng 2', [])
    >>> clean("abc\u202edef")[1]
    ['chứa ký tự đảo chiều văn bản U+202E']
    """
    problems: list[str] = []
    text = value.replace("\r\n", "\n").replace("\r", "\n").translate(_REMOVED).translate(_SPACES)
    for char in sorted(set(_FORBIDDEN.findall(text))):
        problems.append(f"chứa ký tự điều khiển U+{ord(char):04X} (không in được)")
    for char in sorted(set(_BIDI.findall(text))):
        problems.append(f"chứa ký tự đảo chiều văn bản U+{ord(char):04X}")
    if "\t" in text:
        text = text.replace("\t", " ")
    if "\n" in text and not multiline:
        problems.append("không được xuống dòng trong trường một dòng")
    if problems:
        return text, problems
    text = unicodedata.normalize("NFC", text)
    lines = [_MULTISPACE.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip(), problems


def forbidden_characters(text: str, limit: int = 20) -> list[tuple[int, int, str]]:
    r"""Return (line, column, what) of the first `limit` characters no text of a campaign file
    may hold and YAML would refuse or read as a line break (controls, U+2028/U+2029), each named
    as Unicode names it. (Bidi controls are readable: `clean` refuses them with their field.)

    >>> forbidden_characters("ma: a\x00b\nten: X\u2028Y")
    [(1, 6, 'U+0000 (ký tự điều khiển)'), (2, 7, 'U+2028 LINE SEPARATOR')]
    """
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        found += [(number, match.start() + 1, _named(match.group()))
                  for match in _FORBIDDEN.finditer(line.rstrip("\r"))]
        if len(found) >= limit:
            break
    return found[:limit]


def _named(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X} (ký tự điều khiển)"


def upper(text: str) -> str:
    """Return `text` in capitals, as Decree 30 wants headings typed (not Word's "All caps").

    NĐ 30/2020/NĐ-CP, Phụ lục I, II.1.a, II.2, II.5.b: Quốc hiệu, tên cơ quan, tên loại "IN HOA".

    >>> upper("ủy ban nhân dân phường Hà Tu")
    'ỦY BAN NHÂN DÂN PHƯỜNG HÀ TU'
    >>> upper("nguyễn văn đức") == unicodedata.normalize("NFC", "NGUYỄN VĂN ĐỨC")
    True
    """
    return unicodedata.normalize("NFC", text.upper())


def strip_diacritics(text: str) -> str:
    """Return `text` without Vietnamese diacritics, lower-cased (for comparing with OCR text).

    >>> strip_diacritics("Độc lập - Tự do - Hạnh phúc")
    'doc lap - tu do - hanh phuc'
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


# Syllable tone marks (combining, after NFD): moved to the syllable's end to compare names.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_TONE_IN_SYLLABLE = re.compile(f"([{_TONES}])(\\w*)")


def name_key(name: str) -> str:
    """Return the form in which two spellings of one person's name compare equal: NFC, case and
    spacing ignored, the tone mark placed the same way whether written the old way ("Hoà",
    "Thuỷ") or the new ("Hòa", "Thủy").

    >>> name_key("Lê Thị Hoà") == name_key("lê  thị HÒA")
    True
    >>> name_key("Thuỷ") == name_key("Thủy"), name_key("Hòa") == name_key("Hóa")
    (True, False)
    """
    words = unicodedata.normalize("NFD", " ".join(name.split()).casefold()).split(" ")
    keyed = [_TONE_IN_SYLLABLE.sub(lambda m: m.group(2) + m.group(1), word) for word in words]
    return unicodedata.normalize("NFC", " ".join(keyed))


def code_key(text: str) -> str:
    """Return how a code typed by a clerk is meant: without diacritics, case or spacing
    ("Cá nhân" is ca_nhan, "Nữ" is nu), for codes whose letters carry no other meaning.

    >>> [code_key(t) for t in ("Cá nhân", " Tập  thể ", "Nữ", "NAM", "tap-the", "Đơn vị")]
    ['ca_nhan', 'tap_the', 'nu', 'nam', 'tap_the', 'don_vi']
    """
    plain = unicodedata.normalize("NFD", text.strip().casefold().replace("đ", "d"))
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    return "_".join(plain.replace("-", " ").split())


def printable(text: str) -> str:
    r"""Return `text` with every control, format or bidi character shown as an escape, so that a
    value stored as given cannot forge a line or reorder what a terminal prints.

    >>> printable("Đồng ý\n2025-01-01 giả mạo\x1b[2J")
    'Đồng ý\\n2025-01-01 giả mạo\\x1b[2J'
    >>> printable("a\u202eb")
    'a\\u202eb'
    """
    out = []
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            out.append(char.encode("unicode_escape").decode("ascii"))
        else:
            out.append(char)
    return "".join(out)
