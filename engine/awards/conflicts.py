"""Warnings a round deserves before its documents are signed: conflicts of interest (the chair
of a council, who also signs the unit's Tờ trình, voting on themself; the proposer or the signer
of the decision among its awardees) and nominees the check refused, which the Tờ trình leaves
out. They are warnings, not errors: the council may have its reasons, but nobody can say it did
not know.
"""

from __future__ import annotations

from typing import Any

from engine.awards.nominees import Nominee, Submission
from engine.base.text import name_key
from engine.campaign.models import Profile


def chair_conflicts(submissions: list[Submission]) -> list[str]:
    """Return a warning for each council chair (the Tờ trình's signer) who is also a nominee.

    >>> from datetime import date
    >>> ha = Nominee("ca_nhan", "Nguyễn Thị Thu Hà", "Phòng Nội vụ", "g", "", 7, "f:1")
    >>> s = Submission("f", "Phòng Nội vụ", "g", date(2025, 6, 5),
    ...                {"chu_tri": {"ho_ten": "Nguyễn Thị Thu Hà", "chuc_vu": "Trưởng phòng"}},
    ...                (ha,))
    >>> chair_conflicts([s])  # doctest: +ELLIPSIS
    ['Xung đột lợi ích: Nguyễn Thị Thu Hà chủ trì họp xét và ký Tờ trình của Phòng Nội vụ, ...']
    """
    found = []
    for submission in submissions:
        chair = submission.meeting["chu_tri"]["ho_ten"]
        if any(n.kind == "ca_nhan" and name_key(n.name) == name_key(chair)
               for n in submission.nominees):
            found.append(f"Xung đột lợi ích: {chair} chủ trì họp xét và ký Tờ trình của "
                         f"{submission.unit}, đồng thời là người được đề nghị khen thưởng; "
                         "nên để người khác chủ trì phần xét và ký đề nghị cho chính mình")
    return found


def _decision_signer(round_: dict[str, Any], body: Profile) -> str | None:
    given = round_.get("ky_quyet_dinh")
    if given and given.get("nguoi_ky") in body.nguoi_ky:
        return body.nguoi_ky[given["nguoi_ky"]].ho_ten
    heads = [s for s in body.nguoi_ky.values() if s.chuc_vu == body.nguoi_dung_dau]
    return heads[0].ho_ten if len(heads) == 1 and not given else None


def decision_conflicts(round_: dict[str, Any], body: Profile,
                       awardees: list[Nominee]) -> list[str]:
    """Return a warning when the proposer named in the decision ("Theo đề nghị của …", matched
    on the position) or its signer (on the name) is one of its awardees."""
    found = []
    proposer = round_.get("theo_de_nghi")
    signer = _decision_signer(round_, body)
    for n in (a for a in awardees if a.kind == "ca_nhan"):
        if proposer and name_key(n.position).startswith(name_key(proposer)):
            found.append(f"Xung đột lợi ích: người đề nghị quyết định («Theo đề nghị của "
                         f"{proposer}») là {n.name} ({n.position}), cũng có tên trong danh "
                         "sách được khen thưởng")
        if signer and name_key(n.name) == name_key(signer):
            found.append(f"Xung đột lợi ích: {signer} ký quyết định khen thưởng cho chính mình")
    return found


def refused_notes(refused: list[Nominee]) -> list[str]:
    """Return, per unit, the nominees the check refused, which its Tờ trình leaves out.

    >>> from datetime import date
    >>> tu = Nominee("ca_nhan", "Nông Văn Tú", "Phòng Văn hóa", "g", "", 7, "f:1")
    >>> refused_notes([tu])
    ['Phòng Văn hóa: Tờ trình không đề nghị Nông Văn Tú (không đạt theo kết quả xét)']
    """
    units: dict[str, list[str]] = {}
    for nominee in refused:
        units.setdefault(nominee.unit, []).append(nominee.name)
    return [f"{unit}: Tờ trình không đề nghị {', '.join(names)} (không đạt theo kết quả xét)"
            for unit, names in units.items()]
