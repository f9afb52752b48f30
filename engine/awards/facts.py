"""What the award documents print about the awarding body, from its profile and the round's data
(`khen_thuong`), never from code: the launching plan cited, the proposer ("Theo đề nghị của …"),
those who carry the decision out (its last article), the drafting unit (Lưu), the signer and the
signing form, the further căn cứ. Every missing or wrong fact is a Problem, all at once, found
before any file is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.awards.nominees import Submission
from engine.campaign.models import Campaign, Profile, Signer
from engine.decree import signature
from engine.document.context import citation
from engine.errors import InputError, Problem


@dataclass(frozen=True)
class DecisionFacts:
    """The awarding body's facts a Quyết định khen thưởng and its Giấy khen print."""

    body: Profile
    signer: Signer
    authority: tuple[str, ...]        # quyen_han of the signature: () or ("KT",) …
    proposer: str                     # "Trưởng phòng Nội vụ": "Theo đề nghị của …"
    executors: tuple[str, ...]        # who carries the decision out (last article)
    drafting_unit: str | None         # "Lưu: VT, <unit>."
    grounds: tuple[str, ...]          # further căn cứ lines of the round
    recipients: tuple[Any, ...]       # Nơi nhận besides "Như Điều 3"


def awarding_body(campaign: Campaign) -> Profile:
    """Return the awarding body: the profile of the campaign's documents."""
    return campaign.documents[0].profile


def plan_citation(campaign: Campaign) -> str | None:
    """Return how the launching plan is cited ("Kế hoạch số 145/KH-UBND ngày … của …"): a plan
    of the campaign, else the round's `phat_dong`; None when neither is given. The campaign's
    first document is never taken for the plan: it may be the award decision itself."""
    plan = next((d for d in campaign.documents if d.loai == "ke_hoach" and not d.kem_theo),
                None)
    if plan is not None:  # cited with its subject: "… của … về phát động phong trào …"
        subject = plan.trich_yeu.removeprefix("Về việc ").removeprefix("V/v ")
        return f"{citation(plan)} của {plan.profile.ten} về {subject[:1].lower()}{subject[1:]}"
    given = (campaign.khen_thuong or {}).get("phat_dong")
    return str(given) if given else None


def _problem(campaign: Campaign, field: str, code: str, message: str) -> Problem:
    return Problem(campaign.file, None, f"khen_thuong.{field}" if field else "khen_thuong",
                   code, message)


def plan_problems(campaign: Campaign) -> list[Problem]:
    """Return the problem of a round whose launching plan is unknown (the Tờ trình, the Biên
    bản and the decision cite it)."""
    if plan_citation(campaign) is not None:
        return []
    return [_problem(campaign, "phat_dong", "missing-field",
                     "chưa có kế hoạch phát động phong trào để trích dẫn: thêm văn bản "
                     "«ke_hoach» vào chiến dịch, hoặc ghi «phat_dong: Kế hoạch số … ngày … "
                     "của …»")]


def _signer(campaign: Campaign, body: Profile,
            problems: list[Problem]) -> tuple[Signer | None, tuple[str, ...]]:
    given = (campaign.khen_thuong or {}).get("ky_quyet_dinh")
    if given:
        signer = body.nguoi_ky.get(given["nguoi_ky"])
        if signer is None:
            problems.append(_problem(campaign, "ky_quyet_dinh.nguoi_ky", "bad-reference",
                                     f"hồ sơ cơ quan «{body.ten}» không có người ký "
                                     f"«{given['nguoi_ky']}» (có: {', '.join(body.nguoi_ky)})"))
        return signer, tuple(given.get("quyen_han", []))
    heads = [s for s in body.nguoi_ky.values() if s.chuc_vu == body.nguoi_dung_dau]
    if len(heads) == 1:
        return heads[0], ()
    problems.append(_problem(campaign, "ky_quyet_dinh", "missing-field",
                             f"chưa chọn người ký quyết định: hồ sơ cơ quan «{body.ten}» có "
                             f"{len(heads)} người ký có chức vụ «{body.nguoi_dung_dau}»; ghi "
                             "«ky_quyet_dinh: {nguoi_ky: <mã>, quyen_han: [KT]}»"))
    return None, ()


def _form_problems(campaign: Campaign, body: Profile, signer: Signer,
                   authority: tuple[str, ...]) -> list[Problem]:
    """The decision is the head's own (Luật TĐKT 2022, Art. 79, 80): signed by the head, or
    "KT." by a deputy; never "TM." the collective (NĐ 30/2020, Art. 13)."""
    wrong = signature.sai_hinh_thuc_ky(authority, signer.chuc_vu, body.nguoi_dung_dau,
                                       body.tap_the)
    if "TM" in authority:
        wrong.append(f"quyết định khen thưởng thuộc thẩm quyền của {body.nguoi_dung_dau}, "
                     "không ký «TM.» tập thể; dùng [] hoặc [KT]")
    return [_problem(campaign, "ky_quyet_dinh.quyen_han", "bad-signature", w) for w in wrong]


def _signing(campaign: Campaign, body: Profile,
             problems: list[Problem]) -> tuple[Signer | None, tuple[str, ...]]:
    signer, authority = _signer(campaign, body, problems)
    if signer is not None:
        problems += _form_problems(campaign, body, signer, authority)
    return signer, authority


def signing(campaign: Campaign) -> tuple[Signer, tuple[str, ...]]:
    """Return who signs the decision and its certificates, and the signing form; raise
    InputError when the round and the profile do not say it rightly."""
    problems: list[Problem] = []
    signer, authority = _signing(campaign, awarding_body(campaign), problems)
    if problems or signer is None:
        raise InputError(problems)
    return signer, authority


def decision_facts(campaign: Campaign) -> DecisionFacts:
    """Return the awarding body's facts for the decision; raise InputError listing each
    missing or wrong one."""
    round_ = campaign.khen_thuong or {}
    body = awarding_body(campaign)
    problems = plan_problems(campaign)
    signer, authority = _signing(campaign, body, problems)
    for field, what in (("theo_de_nghi", "người đề nghị («Theo đề nghị của …»), ví dụ "
                                          "«Trưởng phòng Nội vụ»"),
                        ("thi_hanh", "người thi hành quyết định (điều cuối), ví dụ "
                                     "«Chánh Văn phòng HĐND và UBND»")):
        if not round_.get(field):
            problems.append(_problem(campaign, field, "missing-field", f"chưa ghi {what}"))
    unit = round_.get("don_vi_soan_thao")
    if unit and unit not in body.don_vi:
        problems.append(_problem(campaign, "don_vi_soan_thao", "bad-reference",
                                 f"hồ sơ cơ quan «{body.ten}» không có đơn vị «{unit}»"))
    if problems or signer is None:
        raise InputError(problems)
    return DecisionFacts(body, signer, authority, round_["theo_de_nghi"],
                         tuple(round_["thi_hanh"]), unit, tuple(round_.get("can_cu", [])),
                         tuple(round_.get("noi_nhan", [])))


def signature_lines(body: Profile, signer: Signer, authority: tuple[str, ...]) -> list[str]:
    """Return the signature block's lines (ô 7a): "CHỦ TỊCH", or "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"."""
    return signature.khoi_ky(authority, body.tap_the, body.nguoi_dung_dau, signer.chuc_vu)


def is_people_committee(unit: str) -> bool:
    """A unit named "Ủy ban nhân dân …" is the collective body of its own administrative unit:
    it signs "TM." (NĐ 30/2020, Art. 13(1)), prints "ỦY BAN NHÂN DÂN" over its unit's name and
    dates its documents at its own seat (Phụ lục I, II.4.a)."""
    return unit.startswith("Ủy ban nhân dân ")


def unit_place(campaign: Campaign, submission: Submission) -> str | None:
    """The place name of a unit's documents: its `dia_danh`; a department of the awarding
    body sits at the body's seat; None for a people's committee that did not say it (only the
    unit knows whether its name is a person's or a number, which print in full)."""
    if submission.place:
        return submission.place
    return None if is_people_committee(submission.unit) else awarding_body(campaign).dia_danh


def unit_abbreviation(campaign: Campaign, submission: Submission) -> str | None:
    """The unit's abbreviation in its ký hiệu: its `viet_tat`, else the awarding body's code for
    it (`don_vi`), else "UBND" for a people's committee; None when nobody says it."""
    if submission.abbreviation:
        return submission.abbreviation
    known = next((code for code, name in awarding_body(campaign).don_vi.items()
                  if name.casefold() == submission.unit.casefold()), None)
    return known or ("UBND" if is_people_committee(submission.unit) else None)


def unit_problems(campaign: Campaign, submission: Submission) -> list[Problem]:
    """Return what a unit's documents cannot print because its nomination file does not say
    it: its place name, its abbreviation."""
    problems = []
    if unit_place(campaign, submission) is None:
        problems.append(Problem(submission.file, None, "dia_danh", "missing-field",
                                f"chưa ghi địa danh của {submission.unit} (dòng «…, ngày … "
                                "tháng … năm …»), ví dụ «dia_danh: Hợp Giang»"))
    if unit_abbreviation(campaign, submission) is None:
        problems.append(Problem(submission.file, None, "viet_tat", "missing-field",
                                f"chưa ghi chữ viết tắt của {submission.unit} trong ký hiệu văn "
                                f"bản (hồ sơ «{awarding_body(campaign).ten}» không có đơn vị "
                                "này), ví dụ «viet_tat: VP»"))
    return problems
