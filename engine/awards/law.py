"""The legal tables of emulation and commendation, read from data (awards/data/khen_thuong.json).

What changes with time (the law and the decree in force, the local-government law cited in căn
cứ, the base salary, who may award what, prize multiples, the report form) is chosen by date
from one table, a source on every row; values the spec marks UNCONFIRMED carry "chua_xac_nhan"
and are reported as such, so a clerk can correct the data without code. A date that no row
covers raises NoLegalData: nothing is guessed.
"""

from __future__ import annotations

import json
import math
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from engine.decree.dates import ngay_ngan, ngay_thang_nam
from engine.errors import NoLegalData

# What a document prints where the law's value is not confirmed (legal-rules.md §7: "keep
# configurable, say so in the output"): a marked blank for the clerk to fill, never a guess.
UNCONFIRMED = "[chưa xác nhận]"

_WHAT = {"luat_thi_dua": "Luật Thi đua, khen thưởng có hiệu lực",
         "luat_to_chuc": "Luật Tổ chức chính quyền địa phương có hiệu lực",
         "nghi_dinh": "nghị định quy định chi tiết Luật Thi đua, khen thưởng",
         "luong_co_so": "mức lương cơ sở"}


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


def _known(rows: list[dict[str, Any]]) -> str:
    starts = [date.fromisoformat(r["tu"]) for r in rows if r.get("tu")]
    return f"bảng có dữ liệu từ ngày {ngay_ngan(min(starts))}" if starts else "bảng trống"


def row_on(table: str, day: date) -> dict[str, Any]:
    """Return the row of `table` in force on `day`; raise NoLegalData when none is.

    >>> [row_on("luat_thi_dua", date(y, m, d))["ma"] for y, m, d in ((2023, 11, 20), (2024, 1, 1))]
    ['15/2003/QH11', '06/2022/QH15']
    >>> row_on("nghi_dinh", date(2016, 5, 1))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    engine.errors.NoLegalData: [no-legal-data] Chưa có dữ liệu pháp luật về ... 01/5/2016 ...
    """
    rows: list[dict[str, Any]] = tables()[table]
    if table == "luong_co_so":  # a salary stays in force until the next one
        earlier = [r for r in rows if date.fromisoformat(r["tu"]) <= day]
        if earlier:
            return max(earlier, key=lambda r: str(r["tu"]))
    else:
        found = next((r for r in rows if _in(r, day)), None)
        if found is not None:
            return found
    raise NoLegalData(_WHAT[table], ngay_ngan(day), _known(rows))


def decree_on(day: date) -> dict[str, Any]:
    """Return the decree detailing the emulation law on `day`.

    >>> decree_on(date(2023, 12, 31))["ma"], decree_on(date(2024, 1, 1))["ma"]
    ('91/2017', '98/2023')
    >>> decree_on(date(2025, 7, 1))["ma"]
    '152/2025'
    """
    return row_on("nghi_dinh", day)


def decree_citation(decree: dict[str, Any]) -> str:
    """Return how a decree is cited in căn cứ: number, date in words, exact title.

    >>> decree_citation(decree_on(date(2023, 11, 20)))  # doctest: +NORMALIZE_WHITESPACE
    'Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết
     thi hành một số điều của Luật Thi đua, khen thưởng'
    """
    signed = ngay_thang_nam(date.fromisoformat(decree["ngay"]))
    return f"Căn cứ Nghị định số {decree['so_hieu']} {signed} của Chính phủ {decree['trich_yeu']}"


def base_salary(day: date) -> int:
    """Return the mức lương cơ sở in force on `day` (đồng per month).

    >>> base_salary(date(2018, 9, 1)), base_salary(date(2024, 6, 30)), base_salary(date(2024, 7, 1))
    (1390000, 1800000, 2340000)
    >>> base_salary(date(2016, 5, 1))
    1210000
    """
    return int(row_on("luong_co_so", day)["muc"])


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
    >>> prize("giay_khen", "ca_nhan", date(2018, 9, 1))  # 0,3 × 1.390.000 = 417.000 ↑
    (420000, True)
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
    >>> may_award("tinh", "giay_khen", date(2025, 8, 1))["chu_the"]  # Art. 79(4), 80(1)
    'thu_truong_co_quan_chuyen_mon'
    """
    return next((r for r in tables()["tham_quyen"] if r["cap"] == level
                 and form in r["hinh_thuc"] and _in(r, day)), None)


def report_form(filed: date) -> dict[str, Any]:
    """Return the Báo cáo thành tích form of a dossier filed on `filed`: the one rule used by
    both `awards check` and the dossier.

    The dossier is made and filed under the decree in force on its filing date: a report
    already filed stays valid when a new decree takes effect before the decision (the form is
    part of the dossier, not of the decision; the decision's căn cứ, authority and prize follow
    the decision date). The form's name and number are data (`mau_bao_cao`).

    >>> report_form(date(2023, 12, 31))["so"], report_form(date(2024, 1, 2))["chua_xac_nhan"]
    ('07', True)
    """
    decree = decree_on(filed)
    form = dict(decree["mau_bao_cao"])
    form.setdefault("chua_xac_nhan", False)
    form["nghi_dinh"] = decree["so_hieu"]
    return form


def report_label(form: dict[str, Any]) -> str:
    """Return the label of a report form as the report prints it: its Mẫu số, or, while the
    number is unconfirmed, a marked blank and the form's title (never the guessed number).

    >>> report_label(report_form(date(2023, 3, 1)))
    'Mẫu số 07, Nghị định 91/2017/NĐ-CP'
    >>> report_label(report_form(date(2025, 7, 2)))
    'Mẫu số [chưa xác nhận] (Báo cáo thành tích đề nghị khen thưởng thi đua theo chuyên đề), \
Nghị định 152/2025/NĐ-CP'
    """
    if form.get("so") and not form["chua_xac_nhan"]:
        return f"Mẫu số {form['so']}, Nghị định {form['nghi_dinh']}"
    return f"Mẫu số {UNCONFIRMED} ({form['ten']}), Nghị định {form['nghi_dinh']}"


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


def decision_grounds(day: date, authority: dict[str, Any] | None) -> list[str]:
    """Return the căn cứ lines of the law of an award decision dated `day`: the local-government
    law when the authority is a Chủ tịch UBND, the emulation law in force, its decree.

    >>> for line in decision_grounds(date(2023, 11, 20), may_award("huyen", "giay_khen",
    ...                                                          date(2023, 11, 20))):
    ...     print(line[:75])
    Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật s
    Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003
    Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng ngày
    Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng ngày
    Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ qu
    >>> decision_grounds(date(2025, 8, 1), may_award("tinh", "giay_khen", date(2025, 8, 1)))[0]
    'Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022'
    """
    lines: list[str] = []
    if authority is None or authority.get("luat_to_chuc"):
        lines += row_on("luat_to_chuc", day)["can_cu"]
    lines += row_on("luat_thi_dua", day)["can_cu"]
    lines.append(decree_citation(decree_on(day)))
    return lines
