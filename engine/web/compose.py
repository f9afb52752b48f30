"""A document written in the browser's form, as a campaign file: the form's fields become the
same YAML a clerk would write, validated by the same loader, so the web adds no second data
model. A problem of that file is shown at the form field it came from."""

from __future__ import annotations

import re
from typing import Any

from engine.errors import Problem

# The kinds the form writes.
KINDS = {"cong_van": "Công văn", "to_trinh": "Tờ trình", "chi_thi": "Chỉ thị",
         "ke_hoach": "Kế hoạch", "quyet_dinh": "Quyết định", "nghi_quyet": "Nghị quyết"}
_IDS = {"cong_van": "cong-van", "to_trinh": "to-trinh", "chi_thi": "chi-thi",
        "ke_hoach": "ke-hoach", "quyet_dinh": "quyet-dinh", "nghi_quyet": "nghi-quyet"}
# Kinds whose body is a list of articles (Điều 1, 2, …), and the fields only they have.
ARTICLES = {"quyet_dinh", "nghi_quyet"}
OWN_FIELDS = {"cong_van": {"kinh_gui", "don_vi_soan_thao"}, "to_trinh": {"kinh_gui"},
              "quyet_dinh": {"tham_quyen_ban_hanh", "theo_de_nghi"},
              "nghi_quyet": {"tham_quyen_ban_hanh", "xet", "thong_qua_co_quan",
                             "thong_qua_khoa", "thong_qua_ky_hop", "thong_qua_ngay",
                             "thong_qua_hieu_luc"}}
_PASSING = ("co_quan", "khoa", "ky_hop", "ngay", "hieu_luc")
AUTHORITIES = {"": "Ký trực tiếp", "TM": "TM. (thay mặt tập thể)", "KT": "KT. (ký thay)"}


def lines(text: str | None) -> list[str]:
    """One item per non-empty line.

    >>> lines("  Các phòng, ban\\n\\n- Ủy ban nhân dân các xã;\\n")
    ['Các phòng, ban', 'Ủy ban nhân dân các xã']
    """
    items = (line.strip().lstrip("-").strip().rstrip(";.").strip()
             for line in (text or "").splitlines())
    return [item for item in items if item]


def _table(rows: list[str]) -> dict[str, Any]:
    """A block of "| a | b |" lines: the first is the header row, the others the rows.

    >>> _table(["| STT | Việc |", "| 1 | Rà soát |"])
    {'bang': {'cot': ['STT', 'Việc'], 'dong': [['1', 'Rà soát']]}}
    """
    cells = [[cell.strip() for cell in row.strip().strip("|").split("|")] for row in rows]
    return {"bang": {"cot": cells[0], "dong": cells[1:]}}


def parts(text: str | None) -> list[Any]:
    """The body of a form saved before the editor had blocks: paragraphs separated by an
    empty line; a line "# Tiêu đề" opens a section whose paragraphs follow it; a block of lines
    starting with "|" is a table (its first line the header).

    >>> parts("Mở đầu.\\n\\n# Nhiệm vụ\\nMột.\\n\\nHai.")
    ['Mở đầu.', {'tieu_de': 'Nhiệm vụ', 'noi_dung': [{'van_ban': 'Một.'}, {'van_ban': 'Hai.'}]}]
    """
    body: list[Any] = []
    section: dict[str, Any] | None = None
    for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n")):
        rows = [row.strip() for row in block.strip().splitlines() if row.strip()]
        if rows and rows[0].startswith("# "):
            section = {"tieu_de": rows[0][2:].strip(), "noi_dung": []}
            body.append(section)
            rows = rows[1:]
        if not rows:
            continue
        item: Any = _table(rows) if all(row.startswith("|") for row in rows) else " ".join(rows)
        if section is None:
            body.append(item)
        else:
            section["noi_dung"].append(item if isinstance(item, dict) else {"van_ban": item})
    return body


def campaign_data(fields: dict[str, str], body: list[Any], campaign_id: str) -> dict[str, Any]:
    """The campaign file of a one-document campaign written in the form (`body`: the body
    tree the editor's blocks make)."""
    kind = fields["loai"]
    doc: dict[str, Any] = {"ma": _IDS[kind], "loai": kind,
                           "trich_yeu": fields["trich_yeu"].strip(), "noi_dung": body,
                           "ky": {"nguoi_ky": fields["nguoi_ky"]},
                           "noi_nhan": lines(fields["noi_nhan"])}
    if fields.get("quyen_han"):
        doc["ky"]["quyen_han"] = [fields["quyen_han"]]
    own = OWN_FIELDS.get(kind, set())
    if fields.get("don_vi_soan_thao") and "don_vi_soan_thao" in own:
        doc["don_vi_soan_thao"] = fields["don_vi_soan_thao"]
    if fields.get("theo_de_nghi", "").strip() and "theo_de_nghi" in own:
        doc["theo_de_nghi"] = fields["theo_de_nghi"].strip()
    for key in ("kinh_gui", "can_cu", "tham_quyen_ban_hanh", "xet"):
        if lines(fields.get(key)) and (key == "can_cu" or key in own):
            doc[key] = lines(fields.get(key))
    if kind == "nghi_quyet":
        passing = {key: fields.get(f"thong_qua_{key}", "").strip() for key in _PASSING}
        doc["thong_qua"] = {key: value for key, value in passing.items() if value}
    return {"ma": campaign_id, "co_quan": "co-quan.yaml",
            "chien_dich": {"ten": fields["trich_yeu"].strip() or "Văn bản"}, "van_ban": [doc]}


def field_of(problem: Problem) -> str:
    """The form field a problem of the generated file belongs to ("" when none does).

    >>> field_of(Problem("x.yaml", 3, "van_ban[0].kinh_gui[1]", "c", "m"))
    'kinh_gui'
    >>> field_of(Problem("x.yaml", 3, "van_ban[0].ky.nguoi_ky", "c", "m"))
    'nguoi_ky'
    >>> field_of(Problem("x.yaml", 3, "van_ban[0].thong_qua.khoa", "c", "m"))
    'thong_qua_khoa'
    """
    match = re.match(r"van_ban\[0\]\.([a-z_]+)(?:\.([a-z_]+))?", problem.field)
    if match is None:
        return "trich_yeu" if problem.field == "chien_dich.ten" else ""
    name, sub = match.group(1), match.group(2)
    if name == "thong_qua":
        return f"thong_qua_{sub}" if sub else "thong_qua_co_quan"
    return sub if name == "ky" and sub else name
