"""Codes a clerk may type in any case where the case carries no meaning: a document's type and
secrecy level (lower case), its drafting unit and signing prefixes (capitals), a person's sex.
Normalised before validation, so `loai: Quyet_dinh`, `quyen_han: [kt]` and `gioi_tinh: Nu` are
read as meant; everything else (names, text) is left exactly as typed."""

from __future__ import annotations

from typing import Any

from engine.base.text import code_key

_DOCUMENT = {"loai": str.lower, "do_mat": str.lower, "don_vi_soan_thao": str.upper}


def _fix(item: dict[str, Any], fields: dict[str, Any]) -> None:
    for key, case in fields.items():
        if isinstance(item.get(key), str):
            item[key] = case(item[key].strip())


def normalise_campaign(data: Any) -> None:
    """Normalise, in place, the codes of a campaign file's documents.

    >>> data = {"van_ban": [{"loai": "Quyet_Dinh", "don_vi_soan_thao": "vp",
    ...                      "ky": {"nguoi_ky": "ct-a", "quyen_han": ["kt"]}}]}
    >>> normalise_campaign(data); item = data["van_ban"][0]
    >>> item["loai"], item["don_vi_soan_thao"], item["ky"]["quyen_han"]
    ('quyet_dinh', 'VP', ['KT'])
    """
    documents = data.get("van_ban") if isinstance(data, dict) else None
    for item in documents if isinstance(documents, list) else []:
        if not isinstance(item, dict):
            continue
        _fix(item, _DOCUMENT)
        sign = item.get("ky")
        if isinstance(sign, dict) and isinstance(sign.get("quyen_han"), list):
            sign["quyen_han"] = [q.strip().upper() if isinstance(q, str) else q
                                 for q in sign["quyen_han"]]


def normalise_nomination(data: Any) -> None:
    """Normalise, in place, the codes of a unit's nominations (a person's sex, read without
    its diacritics too).

    >>> data = {"ca_nhan": [{"gioi_tinh": "Nữ"}, {"gioi_tinh": "NAM"}]}
    >>> normalise_nomination(data); data
    {'ca_nhan': [{'gioi_tinh': 'nu'}, {'gioi_tinh': 'nam'}]}
    """
    people = data.get("ca_nhan") if isinstance(data, dict) else None
    for person in people if isinstance(people, list) else []:
        if isinstance(person, dict):
            _fix(person, {"gioi_tinh": _sex})


def _sex(value: str) -> str:
    """"Nữ", "NAM" as the codes nu, nam; anything else as typed (its error quotes it)."""
    key = code_key(value)
    return key if key in ("nam", "nu") else value
