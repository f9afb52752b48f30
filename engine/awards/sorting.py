"""Vietnamese alphabetical order of names (ICU's `vi` collation; reliability.md §4, G4).

Python's own sort puts Ánh, Đặng and Ư after Zung; ICU's root locale puts Ăn before Anh. Lists of
people are ordered by given name, then middle name, then family name, a convention the profile
may later make configurable; collectives by their whole name. Names are printed as entered.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any


@cache
def _collator() -> Any:
    import icu

    return icu.Collator.createInstance(icu.Locale("vi_VN"))


def name_key(name: str, kind: str = "ca_nhan") -> tuple[bytes, ...]:
    """Return the sort key of a name.

    >>> names = ["Đặng Văn Dương", "Nguyễn Thị Ánh", "Trần Văn Anh", "Lê Thị Ảnh", "Phạm Ư"]
    >>> sorted(names, key=name_key)
    ['Trần Văn Anh', 'Lê Thị Ảnh', 'Nguyễn Thị Ánh', 'Đặng Văn Dương', 'Phạm Ư']
    >>> name_key("Nguyễn Thị Hoà") == name_key(unicodedata.normalize("NFD", "Nguyễn Thị Hoà"))
    True
    """
    words = unicodedata.normalize("NFC", name).split()
    ordered = words if kind == "tap_the" else [*words[-1:], *words[1:-1], *words[:1]]
    return tuple(_collator().getSortKey(word) for word in ordered)
