"""The documents of an award dossier, built from an evaluated round.

Per unit: the Tờ trình (with its Danh sách as a Phụ lục), the Biên bản họp xét (Mẫu 1.9) with
the votes, one Báo cáo thành tích per nominee in the form of the decree in force on the filing
date (with the "xác nhận của cấp trình khen" block), and the Giấy khen certificates of its
awardees; for the awarding body, the Quyết định khen thưởng with its list. Numbers are left
blank: the workflow gives them at issuance.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from engine.awards import facts as round_facts
from engine.awards import law
from engine.awards.nominees import Nominee, Submission
from engine.awards.rules import LEVELS, Decision, Report, vote_problems
from engine.awards.sorting import name_key
from engine.base.files import write_atomic
from engine.base.images import extent, png_size
from engine.base.text import name_key as same_name
from engine.base.text import strip_diacritics, upper
from engine.campaign.body import flatten
from engine.campaign.models import Campaign, Document, Profile, Signer
from engine.decree import dates, labels, numbers, numerals, punctuation
from engine.decree.signature import head_of_body
from engine.document.context import build, typeset
from engine.document.templates import default_templates
from engine.errors import InputError, Problem
from engine.output.render_pool import render_one

DECISION = "quyet-dinh-khen-thuong"   # the decision's id, in the dossier and in the workflow
FORM_NAMES = {"giay_khen": "Giấy khen", "bang_khen": "Bằng khen", "co_thi_dua": "Cờ thi đua",
              "danh_hieu": "Danh hiệu thi đua"}


def slug(text: str) -> str:
    """Return a file-name form of `text`.

    >>> slug("Ủy ban nhân dân phường Hợp Giang")
    'uy-ban-nhan-dan-phuong-hop-giang'
    """
    return re.sub(r"[^a-z0-9]+", "-", strip_diacritics(text)).strip("-")


def unit_slug(unit: str) -> str:
    """Return the folder name of a unit's dossier.

    >>> unit_slug("Ủy ban nhân dân xã Hưng Đạo"), unit_slug("Phòng Nội vụ")
    ('xa-hung-dao', 'phong-noi-vu')
    """
    return slug(unit.removeprefix("Ủy ban nhân dân "))


def _count(number: int) -> str:
    return numerals.so_dem(number)


def _plan_citation(campaign: Campaign) -> str:
    """The launching plan (facts.plan_citation); its absence is refused before rendering."""
    plan = round_facts.plan_citation(campaign)
    if plan is None:
        raise InputError(round_facts.plan_problems(campaign))
    return plan


def _counted(collectives: int, people: int) -> str:
    """ "01 tập thể và 02 cá nhân", without a part that counts nobody.

    >>> _counted(0, 1), _counted(2, 0), _counted(1, 3)
    ('01 cá nhân', '02 tập thể', '01 tập thể và 03 cá nhân')
    """
    parts = [f"{_count(n)} {what}" for n, what in ((collectives, "tập thể"), (people, "cá nhân"))
             if n]
    return " và ".join(parts)


def _council(submission: Submission) -> str:
    """Who met to vote: the council the nomination names (`hop_xet.hoi_dong`, e.g. "Hội đồng
    Thi đua - Khen thưởng xã"), else the unit's own meeting (a phòng has no council of its
    own)."""
    named = submission.meeting.get("hoi_dong")
    return str(named) if named else submission.unit


def _place_of(body: Profile) -> str:
    """A people's committee's council is named by its place ("… thành phố Cao Bằng"), any
    other body's by the body ("… Sở Giao thông vận tải tỉnh Phú Yên")."""
    return body.ten.removeprefix("Ủy ban nhân dân ")


def _members_of(submission: Submission) -> str:
    """Whose members met: the council named, else those taking part in the unit's meeting."""
    if submission.meeting.get("hoi_dong"):
        return _council(submission)
    return f"tham gia xét thi đua, khen thưởng của {submission.unit}"


def _movement(campaign: Campaign) -> str:
    """What the awardees excelled in: the campaign's movement ("phong trào thi đua … giai đoạn
    2021 - 2025"), never the award round's own name ("Khen thưởng tổng kết …")."""
    return f"{campaign.ten[0].lower()}{campaign.ten[1:]}"


def _award(report: Report) -> str:
    """"Giấy khen của Chủ tịch UBND thành phố" from the round's award form."""
    return f"{FORM_NAMES[report.form['hinh_thuc']]} của {report.form.get('nguoi_tang', '')}"


def unit_profile(campaign: Campaign, submission: Submission, chair: dict[str, str]) -> Profile:
    """Return the proposing unit as an issuing body: a people's committee under its own name
    and place, a department under the awarding body's name; raise InputError when its nomination
    file lacks a fact its documents print (facts.unit_problems)."""
    problems = round_facts.unit_problems(campaign, submission)
    if problems:
        raise InputError(problems)
    city = round_facts.awarding_body(campaign)
    committee = round_facts.is_people_committee(submission.unit)
    # Under "TM. <collective>" the title names the office only (NĐ 30/2020, Phụ lục I, II.7.b):
    # "Chủ tịch Ủy ban nhân dân phường X" signs as "Chủ tịch" for the unit "… phường X".
    title = chair["chuc_vu"].removesuffix(f" {submission.unit}").strip() if committee \
        else chair["chuc_vu"]
    return Profile(
        ma=slug(submission.unit), ten=submission.unit,
        ten_in=("ỦY BAN NHÂN DÂN", upper(submission.unit.removeprefix("Ủy ban nhân dân ")))
        if committee else (upper(submission.unit),),
        chu_quan=() if committee else _superior(city),
        viet_tat=str(round_facts.unit_abbreviation(campaign, submission)),
        dia_danh=str(round_facts.unit_place(campaign, submission)),
        tap_the="Ủy ban nhân dân" if committee else submission.unit,
        nguoi_dung_dau=_head_of(title), danh_so="chung", don_vi={},
        nguoi_ky={"chu-tri": Signer("chu-tri", chair["ho_ten"], title)})


def _superior(body: Profile) -> tuple[str, ...]:
    """The cơ quan chủ quản line of a department's documents: "UBND THÀNH PHỐ CAO BẰNG" for a
    people's committee (Phụ lục I, II.2.a allows "UBND"), else the body as its own header
    prints it ("SỞ GIAO THÔNG VẬN TẢI")."""
    if round_facts.is_people_committee(body.ten):
        return (upper(body.ten.replace("Ủy ban nhân dân", "UBND", 1)),)
    return body.ten_in


def _head_of(title: str) -> str:
    """The head's title of a signer: "Phó Chủ tịch" signs for the "Chủ tịch" (NĐ 30/2020,
    Art. 13(1)-(2)), as engine.decree.signature reads a deputy's title."""
    return title.removeprefix("Phó ").strip() or title


def unit_authority(submission: Submission, chair: dict[str, str]) -> list[str]:
    """Return how the unit's Tờ trình is signed: "TM." the commune's UBND (a collective body),
    and "KT." when a deputy signs for the head.

    >>> from datetime import date
    >>> s = Submission("f", "Ủy ban nhân dân xã A", "xa_phuong", date(2025, 6, 1), {}, ())
    >>> unit_authority(s, {"chuc_vu": "Phó Chủ tịch Ủy ban nhân dân xã A"})
    ['TM', 'KT']
    """
    title = chair["chuc_vu"].removesuffix(f" {submission.unit}").strip()
    collective = ["TM"] if round_facts.is_people_committee(submission.unit) else []
    return collective + (["KT"] if _head_of(title) != title else [])


def _grouped(decisions: list[Decision]) -> list[tuple[str, list[Decision]]]:
    """The list's order: collectives, then individuals, each in Vietnamese order."""
    return [(label, sorted((d for d in decisions if d.nominee.kind == kind),
                           key=lambda d: name_key(d.nominee.name, kind)))
            for label, kind in (("TẬP THỂ", "tap_the"), ("CÁ NHÂN", "ca_nhan"))]


def _table(decisions: list[Decision], body: Profile, last: str = "ket_qua") -> dict[str, Any]:
    """The list of a Tờ trình ("Kết quả": the criteria's measure), of a Biên bản (the votes)
    or of the decision ("Tiền thưởng": the prize of Điều 2): its groups numbered I, II … as
    they are present (a list of people only starts at I), a collective's "đơn vị" its cơ quan
    chủ quản (never its own name again)."""
    rows = []
    present = [(label, chosen) for label, chosen in _grouped(decisions) if chosen]
    for number, (label, chosen) in enumerate(present, start=1):
        rows.append([labels.roman(number), label, "", ""])
        rows += [[str(i), d.nominee.name, _second_line(d.nominee, body),
                  _last_cell(d, last)] for i, d in enumerate(chosen, start=1)]
    return {"cot": ["STT", "Tập thể, cá nhân", "Chức vụ, đơn vị", _COLUMNS[last]],
            "dong": rows}


_COLUMNS = {"ket_qua": "Kết quả", "phieu": "Số phiếu đồng ý",
            "tien_thuong": "Tiền thưởng (đồng)"}


def _last_cell(d: Decision, last: str) -> str:
    n = d.nominee
    if last == "phieu":
        return str(n.votes)
    if last == "tien_thuong":
        return numerals.so_tien(d.prize) if d.prize is not None else ""
    return ", ".join(f"{k.upper().replace('_', ' ')} {numerals.so_thap_phan(v)}%"
                     for k, v in n.metrics.items()) or (n.rating or "")


def to_trinh(campaign: Campaign, report: Report, submission: Submission) -> tuple[str, dict[
        str, Any]]:
    """Return the template and context of the unit's Tờ trình đề nghị khen thưởng."""
    proposed = report.proposed(submission.unit)
    collectives = sum(d.nominee.kind == "tap_the" for d in proposed)
    people = len(proposed) - collectives
    meeting = submission.meeting
    city = campaign.documents[0].profile
    body: list[Any] = [
        f"Căn cứ {_plan_citation(campaign)};",
        f"Căn cứ kết quả họp xét thi đua, khen thưởng ngày "
        f"{dates.ngay_ngan(_date(meeting['ngay']))} của {_council(submission)},",
        f"{submission.unit} kính trình {report.form.get('nguoi_tang', '')} xem xét, tặng "
        f"{_award(report)} cho {_counted(collectives, people)} đã có thành tích xuất sắc trong "
        f"{_movement(campaign)} (có danh sách, báo cáo thành tích và biên bản họp xét kèm "
        "theo).",
        f"Kính trình {report.form.get('nguoi_tang', '')} xem xét, quyết định.",
    ]
    doc = Document(
        ma="to-trinh", loai="to_trinh", profile=unit_profile(campaign, submission,
                                                              meeting["chu_tri"]),
        trich_yeu=f"Về việc đề nghị tặng {_award(report)}", noi_dung=body, path=(),
        ngay=submission.filed, danh_so=("1", "a)", "-", "+"),
        kinh_gui=(head_of_body(city.nguoi_dung_dau, city.ten),),
        ky={"nguoi_ky": "chu-tri", "quyen_han": unit_authority(submission, meeting["chu_tri"])},
        noi_nhan=("Như trên", f"Hội đồng Thi đua - Khen thưởng {_place_of(city)}"),
        luu=("VT",),
        phu_luc=({"tieu_de": f"Danh sách đề nghị tặng {_award(report)}",
                  "bang": _table(proposed, city)},))
    return "awards/to_trinh.docx", build(_alone(campaign, doc), doc)


def bien_ban(campaign: Campaign, report: Report, submission: Submission) -> tuple[str, dict[
        str, Any]]:
    """Return the template and context of the council's Biên bản họp xét (Mẫu 1.9)."""
    meeting = submission.meeting
    day = _date(meeting["ngay"])
    rule = law.vote_rule(report.form["hinh_thuc"])
    members, present = int(meeting["thanh_vien"]), int(meeting["co_mat"])
    base = members if rule["tren"] == "tong_so" else present
    rows = [[str(i), d.nominee.name, f"{d.nominee.votes}/{base}",
             numerals.so_thap_phan(round(100 * d.nominee.votes / base, 1))]
            for i, d in enumerate(report.of(submission.unit), start=1)]
    body: list[Any] = [
        f"Thời gian bắt đầu: {meeting['bat_dau']}, {dates.ngay_thang_nam(day)}.",
        f"Địa điểm: {meeting['dia_diem']}.",
        f"Thành phần tham dự: {present}/{members} thành viên {_members_of(submission)}:",
        *[f"- {member};" if i < len(meeting.get("thanh_phan", [])) - 1 else f"- {member}."
          for i, member in enumerate(meeting.get("thanh_phan", []))],
        f"Chủ trì (chủ tọa): {meeting['chu_tri']['ho_ten']}, {meeting['chu_tri']['chuc_vu']}.",
        f"Thư ký (người ghi biên bản): {meeting['thu_ky']['ho_ten']}, "
        f"{meeting['thu_ky']['chuc_vu']}.",
        f"Nội dung: xét đề nghị tặng {_award(report)} cho các tập thể, cá nhân có "
        f"thành tích xuất sắc trong {_movement(campaign)}, theo tiêu chuẩn tại "
        f"{_plan_citation(campaign)}. Kết quả bỏ phiếu kín:",
        {"bang": {"cot": ["STT", "Tập thể, cá nhân", "Số phiếu đồng ý", "Tỷ lệ (%)"],
                  "dong": rows}},
        _conclusion(report, submission),
        f"Cuộc họp kết thúc vào {meeting['ket_thuc']}, {dates.ngay_thang_nam(day)}.",
    ]
    profile = unit_profile(campaign, submission, meeting["chu_tri"])
    paragraphs = flatten(body, ("khong",), {}).paragraphs
    paragraphs[-1]["van_ban"] = punctuation.ket_thuc(paragraphs[-1]["van_ban"])
    context = {
        "co_quan_chu_quan": list(profile.chu_quan), "co_quan_ban_hanh": list(profile.ten_in),
        "so_ky_hieu": numbers.so_ky_hieu(None, f"BB-{profile.viet_tat}"),
        "ten_loai": "BIÊN BẢN", "trich_yeu": f"Họp xét đề nghị tặng {_award(report)}",
        "noi_dung": paragraphs, "thu_ky": meeting["thu_ky"]["ho_ten"],
        "chu_toa": meeting["chu_tri"]["ho_ten"],
        "noi_nhan": [f"- Hội đồng Thi đua - Khen thưởng "
                     f"{_place_of(campaign.documents[0].profile)};",
                     "- Lưu: VT, Hồ sơ."],
    }
    return "awards/bien_ban_hop_xet.docx", typeset(context, profile)


def _conclusion(report: Report, submission: Submission) -> str:
    """The minutes' conclusion: whom the vote carries (Mẫu 1.9: the meeting's result)."""
    carried = [d.nominee for d in report.of(submission.unit)
               if not vote_problems(report, submission, d.nominee)]
    if not carried:
        return "Kết luận: không có tập thể, cá nhân nào đạt số phiếu theo quy định."
    collectives = sum(n.kind == "tap_the" for n in carried)
    counted = _counted(collectives, len(carried) - collectives)
    names = ", ".join(n.name for n in carried)
    return (f"Kết luận: đề nghị tặng {_award(report)} cho {counted} đạt số phiếu theo quy "
            f"định: {names}.")


def _collective_facts(nominee: Nominee) -> list[str]:
    """A collective's "Thông tin chung": its name, its unit when it is a part of one, the share
    of women."""
    general = [f"Tên tập thể: {nominee.name}."]
    if not _proposes_itself(nominee):
        general.append(f"Đơn vị: {nominee.unit}.")
    if nominee.women_share is not None:
        general.append(f"Tỷ lệ nữ: {numerals.so_thap_phan(nominee.women_share)}%.")
    return general


def bao_cao(campaign: Campaign, report: Report, submission: Submission,
            nominee: Nominee) -> tuple[str, dict[str, Any]]:
    """Return the template and context of a nominee's Báo cáo thành tích."""
    form = law.report_form(submission.filed)
    kind_of_round = law.row_on("luat_thi_dua", submission.filed)["thi_dua"]
    profile = unit_profile(campaign, submission, submission.meeting["chu_tri"])
    if nominee.kind == "tap_the":
        general = _collective_facts(nominee)
        chair = submission.meeting["chu_tri"]  # signs as the Tờ trình does (KT. for a deputy)
        signer = {"dong": round_facts.signature_lines(
            profile, profile.nguoi_ky["chu-tri"], tuple(unit_authority(submission, chair))),
            "ho_ten": chair["ho_ten"]}
    else:
        general = [f"Họ và tên: {nominee.name}.", f"Giới tính: "
                   f"{'Nữ' if nominee.sex == 'nu' else 'Nam'}.",
                   f"Chức vụ, đơn vị công tác: {nominee.position}.",
                   f"Xếp loại đánh giá: {nominee.rating}."]
        signer = {"dong": ["NGƯỜI BÁO CÁO THÀNH TÍCH"], "ho_ten": nominee.name}
    average = " bình quân" if report.round.get("ky") == "giai_doan" else ""  # over the period
    results = [nominee.achievements] + [
        f"Chỉ số {k.upper().replace('_', ' ')}{average} đạt {numerals.so_thap_phan(v)}%."
        for k, v in nominee.metrics.items()]
    prior = [f"{p.get('hinh_thuc')} năm {p.get('nam')}"
             + (f" (Quyết định số {p['so_quyet_dinh']})" if p.get("so_quyet_dinh") else "")
             + "." for p in nominee.prior] or ["Không."]
    body = [{"tieu_de": "Thông tin chung", "noi_dung": general},
            {"tieu_de": "Thành tích đạt được", "noi_dung": results},
            {"tieu_de": "Các hình thức đã được khen thưởng", "noi_dung": prior}]
    paragraphs = flatten(body, ("I",), {}).paragraphs
    paragraphs[-1]["van_ban"] = punctuation.ket_thuc(paragraphs[-1]["van_ban"])
    return "awards/bao_cao_thanh_tich.docx", typeset({
        "mau": law.report_label(form),
        "co_quan_chu_quan": list(profile.chu_quan), "co_quan_ban_hanh": list(profile.ten_in),
        "dia_danh_ngay": dates.dong_dia_danh(profile.dia_danh, submission.filed),
        "ten_loai": "BÁO CÁO THÀNH TÍCH",
        "trich_yeu": f"Đề nghị tặng {_award(report)} ({kind_of_round})",
        "doi_tuong": nominee.name if nominee.kind == "tap_the"
        else f"{nominee.name}, {nominee.position}",
        "noi_dung": paragraphs, "chu_ky": signer,
    }, profile)


def _money(chosen: list[Decision]) -> str:
    """ "mỗi tập thể 1.410.000 đồng; mỗi cá nhân 710.000 đồng", an amount made with a multiple
    the legal tables mark unconfirmed followed by "[chưa xác nhận]" (never shown as settled)."""
    found = {kind: next((d for d in chosen if d.nominee.kind == kind and d.prize), None)
             for kind in ("tap_the", "ca_nhan")}
    return "; ".join(f"mỗi {'tập thể' if kind == 'tap_the' else 'cá nhân'} "
                     f"{numerals.so_tien(d.prize or 0)} đồng"
                     + ("" if d.prize_confirmed else f" {law.UNCONFIRMED}")
                     for kind, d in found.items() if d is not None)


def decision_problems(campaign: Campaign, report: Report) -> list[Problem]:
    """Return why the round's decision cannot be made: no authority on its date, nobody
    awarded (the body's facts are checked by facts.decision_facts)."""
    where = (campaign.file, None, "khen_thuong.ngay_quyet_dinh")
    if report.authority is None:
        return [Problem(*where, "no-authority",
                        f"cấp {LEVELS[report.form['cap']]} không có thẩm quyền tặng "
                        f"{_award(report)} vào ngày {dates.ngay_ngan(report.decision_date)}")]
    if not any(d.selected for d in report.decisions):
        return [Problem(*where, "nobody-awarded", "không có tập thể, cá nhân nào đủ điều kiện")]
    return []


def _decision_body(report: Report, facts: round_facts.DecisionFacts,
                   movement: str) -> list[Any]:
    chosen = [d for d in report.decisions if d.selected]
    collectives = sum(d.nominee.kind == "tap_the" for d in chosen)
    total = sum(d.prize or 0 for d in chosen)
    return [
        {"van_ban": f"Tặng {_award(report)} cho {_counted(collectives, len(chosen) - collectives)}"
                    " (có danh sách kèm theo) đã có "
                    f"thành tích xuất sắc trong {movement}."},
        {"van_ban": f"Tiền thưởng kèm theo: {_money(chosen)}, theo Nghị định số "
                    f"{report.decree['so_hieu']} của Chính phủ; tổng số tiền "
                    f"{numerals.so_tien(total)} đồng, từ nguồn kinh phí khen thưởng của "
                    f"{facts.body.ten}."},
        {"van_ban": "Quyết định này có hiệu lực kể từ ngày ký."},
        f"{', '.join(facts.executors)}, thủ trưởng các cơ quan, đơn vị có liên quan và các tập "
        "thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
    ]


def decision_document(campaign: Campaign, report: Report) -> Document:
    """Return the awarding body's Quyết định khen thưởng as a document of the campaign; raise
    InputError when a fact it prints is missing (nothing about the body comes from code)."""
    problems = decision_problems(campaign, report)
    if problems:
        raise InputError(problems)
    facts = round_facts.decision_facts(campaign)
    body = facts.body
    grounds = [*law.decision_grounds(report.decision_date, report.authority),
               f"Căn cứ {_plan_citation(campaign)}", *facts.grounds]
    return Document(
        ma=DECISION, loai="quyet_dinh", profile=body,
        trich_yeu=f"Về việc tặng {_award(report)}",
        noi_dung=_decision_body(report, facts, _movement(campaign)),
        path=(), ngay=report.decision_date, don_vi_soan_thao=facts.drafting_unit,
        tham_quyen_ban_hanh=(upper(head_of_body(body.nguoi_dung_dau, body.ten)),),
        can_cu=tuple(grounds), theo_de_nghi=f"Theo đề nghị của {facts.proposer}",
        ky={"nguoi_ky": facts.signer.ma, "quyen_han": list(facts.authority)},
        noi_nhan=("Như Điều 3", *facts.recipients),
        phu_luc=({"tieu_de": f"Danh sách tập thể, cá nhân được tặng {_award(report)}",
                  "bang": _table([d for d in report.decisions if d.selected], body,
                                 "tien_thuong")},))


def quyet_dinh(campaign: Campaign, report: Report) -> tuple[str, dict[str, Any]]:
    """Return the template and context of the awarding body's Quyết định khen thưởng."""
    return decision_render(campaign, decision_document(campaign, report))


def decision_render(campaign: Campaign, doc: Document) -> tuple[str, dict[str, Any]]:
    """Return the template and context of the decision `doc` (decision_document)."""
    return "decisions/quyet_dinh.docx", build(_alone(campaign, doc), doc)


def giay_khen(campaign: Campaign, report: Report, unit: str) -> tuple[str, dict[str, Any]]:
    """Return the template and context of a unit's Giấy khen certificates."""
    body = round_facts.awarding_body(campaign)
    signer, authority = round_facts.signing(campaign)
    # Số sổ vàng: one per awardee, in the order of the decision's list (not of the units'
    # filing), so no two certificates share one.
    chosen = [d for _, group in _grouped([d for d in report.decisions if d.selected])
              for d in group]
    symbol = numbers.ky_hieu("quyet_dinh", body.viet_tat)
    certificates = [{
        "ten": d.nominee.name,
        "chi_tiet": _second_line(d.nominee, body),
        "thanh_tich": f"Đã có thành tích xuất sắc trong {_movement(campaign)}",
        "quyet_dinh": f"{numbers.DRAFT_NUMBER_BLANK}/{symbol} ngày "
                      f"{dates.ngay_ngan(report.decision_date)}",
        "so_vang": numerals.so_dem(chosen.index(d) + 1),
    } for d in chosen if d.nominee.unit == unit]
    lines = round_facts.signature_lines(body, signer, authority)
    return "awards/giay_khen.docx", typeset({
        "quoc_huy": _emblem(body),
        "tham_quyen": upper(head_of_body(body.nguoi_dung_dau, body.ten)),
        "giay_khen": certificates,
        "dia_danh_ngay": dates.dong_dia_danh(body.dia_danh, report.decision_date),
        "chu_ky_dong": lines, "ho_ten_ky": signer.ho_ten,  # KT. CHỦ TỊCH / PHÓ CHỦ TỊCH
    }, body)


def _second_line(nominee: Nominee, body: Profile) -> str:
    """The certificate's line under the awardee's name (NĐ 98/2023, Art. 104): a person's
    position and unit; a collective's cơ quan chủ quản: the unit that proposed it, or, for a
    unit proposing itself, the awarding body (never the collective's own name again)."""
    if nominee.kind == "ca_nhan":
        return nominee.position or nominee.unit
    return body.ten if _proposes_itself(nominee) else nominee.unit


def _proposes_itself(nominee: Nominee) -> bool:
    """Whether a collective is its proposing unit ("Phòng Nội vụ thành phố …" of "Phòng Nội
    vụ"), not a part of it."""
    return same_name(nominee.name).startswith(same_name(nominee.unit))


# The picture part of templates/awards/giay_khen.docx (tools/build_templates.py) that the body
# profile's Quốc huy replaces; the certificate prints it this high, its ratio kept.
EMBLEM_PART, EMBLEM_HEIGHT_CM = "word/media/quoc-huy.png", 3.0


def _emblem(body: Profile) -> dict[str, Any] | None:
    """The Quốc huy at the top of a Giấy khen (NĐ 98/2023, Art. 104): the profile's PNG and
    its drawn size; None prints a marked frame instead."""
    size = png_size(body.quoc_huy) if body.quoc_huy else None
    if body.quoc_huy is None or size is None:
        return None
    cx, cy = extent(size, EMBLEM_HEIGHT_CM)
    return {"cx": cx, "cy": cy, "png": body.quoc_huy}


def _alone(campaign: Campaign, doc: Document) -> Campaign:
    return dataclasses.replace(campaign, documents=(doc,))


def _date(text: str) -> Any:
    return dates.parse_date(text)


def write(template: str, context: dict[str, Any], target: Path, title: str) -> Path:
    """Render one dossier document (with its Quốc huy, if any) and write it atomically."""
    emblem = context.get("quoc_huy")
    media = {EMBLEM_PART: emblem["png"]} if emblem else None
    write_atomic(target, render_one(default_templates() / template, context, title=title,
                                    media=media))
    return target
