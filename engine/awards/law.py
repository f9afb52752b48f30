"""The legal tables of emulation and commendation, read from data (awards/data/khen_thuong.json).

What changes with time (the decree in force, the base salary, who may award what, prize
multiples) is chosen by date; values the spec marks UNCONFIRMED carry "chua_xac_nhan" and are
reported as such, so a clerk can correct the data without code.
"""

from __future__ import annotations

import json
import math
from datetime import date
from functools import cache
from importlib import resources
from typing import Any


@cache
def tables() -> dict[str, Any]:
    """Return the legal tables."""
    text = resources.files("engine.awards").joinpath("data/khen_thuong.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _in(entry: dict[str, Any], day: date) -> bool:
    start, end = entry.get("tu"), entry.get("den")
    return (start is None or date.fromisoformat(start) <= day) and (
        end is None or day <= date.fromisoformat(end))


def decree_on(day: date) -> dict[str, Any]:
    """Return the decree detailing the emulation law on `day`.

    >>> decree_on(date(2023, 12, 31))["ma"], decree_on(date(2024, 1, 1))["ma"]
    ('91/2017', '98/2023')
    >>> decree_on(date(2025, 7, 1))["ma"]
    '152/2025'
    """
    return next(d for d in tables()["nghi_dinh"] if _in(d, day))


def base_salary(day: date) -> int:
    """Return the mức lương cơ sở in force on `day` (đồng per month).

    >>> base_salary(date(2024, 6, 30)), base_salary(date(2024, 7, 1))
    (1800000, 2340000)
    """
    return int(max((s for s in tables()["luong_co_so"] if date.fromisoformat(s["tu"]) <= day),
                   key=lambda s: s["tu"])["muc"])


def prize(form: str, kind: str, day: date) -> tuple[int | None, bool]:
    """Return the prize for `form` ("giay_khen", …) to a `kind` ("ca_nhan"/"tap_the") awarded
    on `day`, and whether the multiple is confirmed.

    ND 152/2025 Art. 49 (as ND 98/2023): multiple × base salary on the decision date, rounded
    up to 10.000 đồng.

    >>> prize("giay_khen", "ca_nhan", date(2025, 8, 1))
    (710000, False)
    >>> prize("bang_khen", "tap_the", date(2025, 8, 1))
    (7020000, True)
    >>> prize("giay_khen", "tap_the", date(2023, 5, 1))
    (900000, True)
    >>> prize("co_thi_dua", "tap_the", date(2025, 8, 1))  # not in the tables yet
    (None, False)
    """
    multiples = tables()["he_so_tien_thuong"][decree_on(day)["ma"]].get(form)
    if multiples is None or kind not in multiples:
        return None, False
    amount = math.ceil(multiples[kind] * base_salary(day) / 10_000) * 10_000
    return amount, not multiples.get("chua_xac_nhan", False)


def may_award(level: str, form: str, day: date) -> dict[str, Any] | None:
    """Return the rule letting a body of `level` ("tinh", "huyen", "xa") give `form` on `day`.

    >>> may_award("huyen", "giay_khen", date(2025, 6, 30))["nguon"][:16]
    'Luật TĐKT 2022, '
    >>> may_award("huyen", "giay_khen", date(2025, 7, 1)) is None  # two-tier government
    True
    """
    return next((r for r in tables()["tham_quyen"] if r["cap"] == level
                 and form in r["hinh_thuc"] and _in(r, day)), None)


def vote_rule(form: str) -> dict[str, Any]:
    """Return the council vote needed for `form` (share, and of whom: present or all members).

    >>> vote_rule("chien_si_thi_dua_co_so")["ty_le"], vote_rule("giay_khen")["tren"]
    (80, 'co_mat')
    """
    rules: dict[str, Any] = tables()["bieu_quyet"]
    return dict(rules.get(form, rules["mac_dinh"]))


def rating_rank(rating: str) -> int:
    """Return the order of a yearly rating (higher is better); -1 if unknown.

    >>> rating_rank("Hoàn thành tốt nhiệm vụ") > rating_rank("Hoàn thành nhiệm vụ")
    True
    """
    ratings: list[str] = tables()["xep_loai"]
    return ratings.index(rating) if rating in ratings else -1
