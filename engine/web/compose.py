"""A document written in the browser's form, as a campaign file: the form's fields become the
same YAML a clerk would write, validated by the same loader, so the web adds no second data
model. A problem of that file is shown at the form field it came from."""

from __future__ import annotations

import re
from typing import Any

from engine.errors import Problem

# The kinds the form writes (Quyết định, Nghị quyết and Tờ trình need fields it lacks yet).
KINDS = {"cong_van": "Công văn", "chi_thi": "Chỉ thị", "ke_hoach": "Kế hoạch"}
_IDS = {"cong_van": "cong-van", "chi_thi": "chi-thi", "ke_hoach": "ke-hoach"}
AUTHORITIES = {"": "Ký trực tiếp", "TM": "TM. (thay mặt tập thể)", "KT": "KT. (ký thay)"}


def lines(text: str | None) -> list[str]:
    """One item per non-empty line.

    >>> lines("  Các phòng, ban\\n\\n- Ủy ban nhân dân các xã;\\n")
    ['Các phòng, ban', 'Ủy ban nhân dân các xã']
    """
    items = (line.strip().lstrip("-").strip().rstrip(";.").strip()
             for line in (text or "").splitlines())
    return [item for item in items if item]


def parts(text: str | None) -> list[Any]:
    """The body: paragraphs separated by an empty line; a line "# Tiêu đề" opens a section
    whose paragraphs follow it.

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
        paragraph = " ".join(rows)
        if section is None:
            body.append(paragraph)
        else:
            section["noi_dung"].append({"van_ban": paragraph})
    return body


def campaign_data(fields: dict[str, str], campaign_id: str) -> dict[str, Any]:
    """The campaign file of a one-document campaign written in the form."""
    doc: dict[str, Any] = {"ma": _IDS[fields["loai"]], "loai": fields["loai"],
                           "trich_yeu": fields["trich_yeu"].strip(),
                           "noi_dung": parts(fields["noi_dung"]),
                           "ky": {"nguoi_ky": fields["nguoi_ky"]},
                           "noi_nhan": lines(fields["noi_nhan"])}
    if fields.get("quyen_han"):
        doc["ky"]["quyen_han"] = [fields["quyen_han"]]
    if fields.get("don_vi_soan_thao"):
        doc["don_vi_soan_thao"] = fields["don_vi_soan_thao"]
    for key in ("kinh_gui", "can_cu"):
        if lines(fields.get(key)):
            doc[key] = lines(fields.get(key))
    return {"ma": campaign_id, "co_quan": "co-quan.yaml",
            "chien_dich": {"ten": fields["trich_yeu"].strip() or "Văn bản"}, "van_ban": [doc]}


def field_of(problem: Problem) -> str:
    """The form field a problem of the generated file belongs to ("" when none does).

    >>> field_of(Problem("x.yaml", 3, "van_ban[0].kinh_gui[1]", "c", "m"))
    'kinh_gui'
    >>> field_of(Problem("x.yaml", 3, "van_ban[0].ky.nguoi_ky", "c", "m"))
    'nguoi_ky'
    """
    match = re.match(r"van_ban\[0\]\.([a-z_]+)(?:\.([a-z_]+))?", problem.field)
    if match is None:
        return "trich_yeu" if problem.field == "chien_dich.ten" else ""
    name = match.group(1)
    return match.group(2) if name == "ky" and match.group(2) else name
