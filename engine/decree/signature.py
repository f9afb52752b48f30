"""The signature block (ô 7): authority prefixes TM./KT./Q./TL./TUQ. and the signer's title
(NĐ 30/2020/NĐ-CP, Art. 13; Phụ lục I, II.7)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from engine.base.text import name_key, upper

# The prefixes (II.7.b) and the combinations that may stand together, in order (Art. 13).
AUTHORITIES = ("TM", "KT", "Q", "TL", "TUQ")
ALLOWED_AUTHORITIES = frozenset({(), ("TM",), ("TM", "KT"), ("TM", "Q"), ("KT",), ("Q",),
                                 ("TL",), ("TL", "KT"), ("TUQ",)})
# A line of ô 7a that opens with a prefix; group 2 is its dot (II.7.b: "KT.", never "KT").
AUTHORITY_LINE = re.compile(r"^(TM|KT|Q|TL|TUQ)(\.?)\s")
# Academic titles and honorifics that may not precede the signer's name (II.7.đ).
HONORIFICS = re.compile(r"^(TS|ThS|PGS|GS|KS|BS|CN|Ông|Bà|Đ/c)\.?\s", re.IGNORECASE)


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
    >>> khoi_ky(("Q",), "Ủy ban nhân dân", "Giám đốc", "Phó Giám đốc")  # a tuple as a list
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
    if list(authority[-1:]) != ["Q"] and upper(title) != last_title:
        lines.append(upper(title))
    return lines


def sai_hinh_thuc_ky(
    authority: Sequence[str], title: str, head: str, collective: str
) -> list[str]:
    """Return why a signature form is wrong for the signer's title (empty when it is right).

    NĐ 30/2020/NĐ-CP, Art. 13(1) and Phụ lục I, II.7.b (legal-rules.md §1.5): the head signs
    in their own name or "TM." the collective; a deputy signs "KT." the head, never in their
    own name nor "TM." alone; Q./TL./TUQ. are for an acting head, a unit head and a delegate,
    not the head. Under "TM." the title line names the office, not the collective again.

    >>> UB = "Ủy ban nhân dân"
    >>> sai_hinh_thuc_ky(["TM", "KT"], "Phó Chủ tịch", "Chủ tịch", UB)
    []
    >>> sai_hinh_thuc_ky(["KT"], "Chủ tịch", "Chủ tịch", UB)  # doctest: +ELLIPSIS
    ['người đứng đầu («Chủ tịch») ký bằng chính chức vụ của mình, không ghi «KT.»...']
    >>> sai_hinh_thuc_ky(["TM"], "Phó Chủ tịch", "Chủ tịch", UB)  # doctest: +ELLIPSIS
    ['cấp phó («Phó Chủ tịch») ký thay người đứng đầu: phải có «KT. CHỦ TỊCH»...']
    >>> sai_hinh_thuc_ky(["TM"], "Chủ tịch Ủy ban nhân dân xã An Bình", "Chủ tịch", UB)
    ... # doctest: +ELLIPSIS
    ['chức vụ «Chủ tịch Ủy ban nhân dân xã An Bình» lặp lại tên tập thể đã ghi sau «TM.»...']
    """
    prefixes = list(authority)
    key, head_key = name_key(title), name_key(head)
    wrong: list[str] = []
    if key == head_key and set(prefixes) - {"TM"}:
        marks = ", ".join(f"«{p}.»" for p in prefixes if p != "TM")
        wrong.append(f"người đứng đầu («{title}») ký bằng chính chức vụ của mình, không ghi "
                     f"{marks}; dùng [] hoặc [TM] (NĐ 30/2020, Điều 13; Phụ lục I, II.7.b)")
    if key.startswith(f"{name_key('Phó')} {head_key}") and not {"KT", "Q"} & set(prefixes):
        wrong.append(f"cấp phó («{title}») ký thay người đứng đầu: phải có "
                     f"«KT. {upper(head)}», dùng [TM, KT] hoặc [KT] "
                     "(NĐ 30/2020, Điều 13.1 và 13.2; Phụ lục I, II.7.b)")
    if "TM" in prefixes and name_key(collective) in key:
        wrong.append(f"chức vụ «{title}» lặp lại tên tập thể đã ghi sau «TM.»; ghi chức vụ "
                     f"ngắn (ví dụ «{head}») trong hồ sơ cơ quan (Phụ lục I, II.7.b)")
    return wrong


def head_of_body(title: str, body: str) -> str:
    """Name the head of `body` in running text: the title, then the body, without saying the
    words they share twice ("Trưởng phòng" of "Phòng Nội vụ" is the "Trưởng phòng Nội vụ").

    >>> head_of_body("Trưởng phòng", "Phòng Văn hóa - Xã hội")
    'Trưởng phòng Văn hóa - Xã hội'
    >>> head_of_body("Chánh Văn phòng", "Văn phòng Sở")
    'Chánh Văn phòng Sở'
    >>> head_of_body("Chủ tịch", "Ủy ban nhân dân xã Hoàng Hoa Thám")
    'Chủ tịch Ủy ban nhân dân xã Hoàng Hoa Thám'
    """
    words, named = title.split(), body.split()
    for size in range(min(len(words), len(named)), 0, -1):
        if [w.casefold() for w in words[-size:]] == [w.casefold() for w in named[:size]]:
            return " ".join([*words, *named[size:]])
    return f"{title} {body}"
