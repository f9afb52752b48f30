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

from engine.awards import law
from engine.awards.nominees import Nominee, Submission
from engine.awards.rules import Decision, Report
from engine.awards.sorting import name_key
from engine.base.files import write_atomic
from engine.base.text import strip_diacritics, upper
from engine.campaign.body import flatten
from engine.campaign.models import Campaign, Document, Profile, Signer
from engine.decree import dates, labels, numbers, numerals, punctuation
from engine.document.context import build, citation
from engine.document.templates import default_templates
from engine.word.render import render_docx

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
    plan = next((d for d in campaign.documents if d.loai == "ke_hoach" and not d.kem_theo),
                campaign.documents[0])
    return f"{citation(plan)} của {plan.profile.ten}"


def _award(report: Report) -> str:
    """"Giấy khen của Chủ tịch UBND thành phố" from the round's award form."""
    return f"{FORM_NAMES[report.form['hinh_thuc']]} của {report.form.get('nguoi_tang', '')}"


def unit_profile(campaign: Campaign, submission: Submission, chair: dict[str, str]) -> Profile:
    """Return the proposing unit as an issuing body: its name under the city's."""
    city = campaign.documents[0].profile
    commune = submission.group == "xa_phuong"
    abbreviation = next((code for code, name in city.don_vi.items()
                         if name.casefold() == submission.unit.casefold()), None)
    if abbreviation is None:
        abbreviation = "UBND" if commune else "".join(
            w[0] for w in strip_diacritics(submission.unit).upper().split()[1:])[:6] or "DV"
    return Profile(
        ma=slug(submission.unit), ten=submission.unit,
        ten_in=("ỦY BAN NHÂN DÂN", upper(submission.unit.removeprefix("Ủy ban nhân dân ")))
        if commune else (upper(submission.unit),),
        chu_quan=() if commune else (upper(city.ten.replace("Ủy ban nhân dân", "UBND")),),
        viet_tat=abbreviation, dia_danh=city.dia_danh,
        tap_the="Ủy ban nhân dân" if commune else submission.unit,
        nguoi_dung_dau=chair["chuc_vu"], danh_so="chung", don_vi={},
        nguoi_ky={"chu-tri": Signer("chu-tri", chair["ho_ten"], chair["chuc_vu"])})


def _table(decisions: list[Decision], votes: bool = False) -> dict[str, Any]:
    rows = []
    for number, (label, kind) in enumerate((("TẬP THỂ", "tap_the"), ("CÁ NHÂN", "ca_nhan")),
                                           start=1):
        chosen = sorted((d for d in decisions if d.nominee.kind == kind),
                        key=lambda d: name_key(d.nominee.name, kind))
        if not chosen:
            continue
        rows.append([labels.roman(number), label, "", ""])
        for i, d in enumerate(chosen, start=1):
            n = d.nominee
            detail = n.position or n.unit
            if votes:
                rows.append([str(i), n.name, detail, str(n.votes)])
            else:
                measure = ", ".join(f"{k.upper().replace('_', ' ')} {numerals.so_thap_phan(v)}%"
                                    for k, v in n.metrics.items()) or (n.rating or "")
                rows.append([str(i), n.name, detail, measure])
    last = "Số phiếu đồng ý" if votes else "Kết quả"
    return {"cot": ["STT", "Tập thể, cá nhân", "Chức vụ, đơn vị", last], "dong": rows}


def to_trinh(campaign: Campaign, report: Report, submission: Submission) -> tuple[str, dict[
        str, Any]]:
    """Return the template and context of the unit's Tờ trình đề nghị khen thưởng."""
    proposed = [d for d in report.of(submission.unit) if not any("phiếu" in r for r in d.reasons)]
    collectives = sum(d.nominee.kind == "tap_the" for d in proposed)
    people = len(proposed) - collectives
    meeting = submission.meeting
    city = campaign.documents[0].profile
    body: list[Any] = [
        f"Căn cứ {_plan_citation(campaign)} về {campaign.ten[0].lower()}{campaign.ten[1:]};",
        f"Căn cứ kết quả họp xét ngày {dates.ngay_ngan(_date(meeting['ngay']))} của Hội đồng "
        f"Thi đua - Khen thưởng {submission.unit},",
        f"{submission.unit} kính trình {report.form.get('nguoi_tang', '')} xem xét, tặng "
        f"{_award(report)} cho {_count(collectives)} tập thể và {_count(people)} cá nhân đã có "
        f"thành tích trong {report.round['ten'][0].lower()}{report.round['ten'][1:]} (có danh "
        "sách, báo cáo thành tích và biên bản họp xét kèm theo).",
        f"Kính trình {report.form.get('nguoi_tang', '')} xem xét, quyết định.",
    ]
    doc = Document(
        ma="to-trinh", loai="to_trinh", profile=unit_profile(campaign, submission,
                                                              meeting["chu_tri"]),
        trich_yeu=f"Về việc đề nghị tặng {_award(report)}", noi_dung=body, path=(),
        ngay=submission.filed, danh_so=("1", "a)", "-", "+"),
        kinh_gui=(f"{city.nguoi_dung_dau} {city.ten}",),
        ky={"nguoi_ky": "chu-tri", "quyen_han": ["TM"] if submission.group == "xa_phuong"
            else []},
        noi_nhan=("Như trên", f"Hội đồng Thi đua - Khen thưởng {city.ten}"), luu=("VT",),
        phu_luc=({"tieu_de": f"Danh sách đề nghị tặng {_award(report)}",
                  "bang": _table(proposed)},))
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
        f"Thành phần tham dự: {present}/{members} thành viên Hội đồng Thi đua - Khen thưởng "
        f"{submission.unit}:",
        *[f"- {member};" if i < len(meeting.get("thanh_phan", [])) - 1 else f"- {member}."
          for i, member in enumerate(meeting.get("thanh_phan", []))],
        f"Chủ trì (chủ tọa): {meeting['chu_tri']['ho_ten']}, {meeting['chu_tri']['chuc_vu']}.",
        f"Thư ký (người ghi biên bản): {meeting['thu_ky']['ho_ten']}, "
        f"{meeting['thu_ky']['chuc_vu']}.",
        f"Nội dung: Hội đồng xét đề nghị tặng {_award(report)} trong "
        f"{report.round['ten'][0].lower()}{report.round['ten'][1:]}, theo tiêu chuẩn tại "
        f"{_plan_citation(campaign)}. Kết quả bỏ phiếu kín:",
        {"bang": {"cot": ["STT", "Tập thể, cá nhân", "Số phiếu đồng ý", "Tỷ lệ (%)"],
                  "dong": rows}},
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
        "noi_nhan": [f"- Hội đồng Thi đua - Khen thưởng {campaign.documents[0].profile.ten};",
                     "- Lưu: VT, Hồ sơ."],
    }
    return "awards/bien_ban_hop_xet.docx", context


def bao_cao(campaign: Campaign, report: Report, submission: Submission,
            nominee: Nominee) -> tuple[str, dict[str, Any]]:
    """Return the template and context of a nominee's Báo cáo thành tích."""
    decree = law.decree_on(submission.filed)
    profile = unit_profile(campaign, submission, submission.meeting["chu_tri"])
    if nominee.kind == "tap_the":
        general = [f"Tên tập thể: {nominee.name}.", f"Đơn vị: {nominee.unit}."]
        if nominee.women_share is not None:
            general.append(f"Tỷ lệ nữ: {numerals.so_thap_phan(nominee.women_share)}%.")
        signer = {"dong": [upper(submission.meeting["chu_tri"]["chuc_vu"])],
                  "ho_ten": submission.meeting["chu_tri"]["ho_ten"]}
    else:
        general = [f"Họ và tên: {nominee.name}.", f"Giới tính: "
                   f"{'Nữ' if nominee.sex == 'nu' else 'Nam'}.",
                   f"Chức vụ, đơn vị công tác: {nominee.position}.",
                   f"Xếp loại đánh giá: {nominee.rating}."]
        signer = {"dong": ["NGƯỜI BÁO CÁO THÀNH TÍCH"], "ho_ten": nominee.name}
    results = [nominee.achievements] + [
        f"Chỉ số {k.upper().replace('_', ' ')} bình quân đạt {numerals.so_thap_phan(v)}%."
        for k, v in nominee.metrics.items()]
    prior = [f"{p.get('hinh_thuc')} năm {p.get('nam')}"
             + (f" (Quyết định số {p['so_quyet_dinh']})" if p.get("so_quyet_dinh") else "")
             + "." for p in nominee.prior] or ["Không."]
    body = [{"tieu_de": "Thông tin chung", "noi_dung": general},
            {"tieu_de": "Thành tích đạt được", "noi_dung": results},
            {"tieu_de": "Các hình thức đã được khen thưởng", "noi_dung": prior}]
    paragraphs = flatten(body, ("I",), {}).paragraphs
    paragraphs[-1]["van_ban"] = punctuation.ket_thuc(paragraphs[-1]["van_ban"])
    return "awards/bao_cao_thanh_tich.docx", {
        "mau": decree["mau_bao_cao"],
        "co_quan_chu_quan": list(profile.chu_quan), "co_quan_ban_hanh": list(profile.ten_in),
        "dia_danh_ngay": dates.dong_dia_danh(profile.dia_danh, submission.filed),
        "ten_loai": "BÁO CÁO THÀNH TÍCH",
        "trich_yeu": f"Đề nghị tặng {_award(report)} (khen thưởng theo đợt thi đua, chuyên đề)",
        "doi_tuong": nominee.name if nominee.kind == "tap_the"
        else f"{nominee.name}, {nominee.position}",
        "noi_dung": paragraphs, "chu_ky": signer,
    }


def quyet_dinh(campaign: Campaign, report: Report) -> tuple[str, dict[str, Any]]:
    """Return the template and context of the awarding body's Quyết định khen thưởng."""
    city = campaign.documents[0].profile
    chosen = [d for d in report.decisions if d.selected]
    collectives = sum(d.nominee.kind == "tap_the" for d in chosen)
    people = len(chosen) - collectives
    prizes = {kind: next((d.prize for d in chosen if d.nominee.kind == kind), None)
              for kind in ("tap_the", "ca_nhan")}
    money = "; ".join(f"mỗi {'tập thể' if kind == 'tap_the' else 'cá nhân'} "
                      f"{numerals.so_tien(value)} đồng" for kind, value in prizes.items() if value)
    total = sum(d.prize or 0 for d in chosen)
    head = next(s for s in city.nguoi_ky.values() if s.chuc_vu == city.nguoi_dung_dau)
    body = [
        {"van_ban": f"Tặng {_award(report)} cho {_count(collectives)} tập thể và "
                    f"{_count(people)} cá nhân (có danh sách kèm theo) đã có thành tích xuất sắc "
                    f"trong {report.round['ten'][0].lower()}{report.round['ten'][1:]}."},
        {"van_ban": f"Tiền thưởng kèm theo: {money}, theo {report.decree['ten']}; tổng số tiền "
                    f"{numerals.so_tien(total)} đồng, từ nguồn kinh phí khen thưởng của "
                    f"{city.ten}."},
        {"van_ban": "Quyết định này có hiệu lực kể từ ngày ký."},
        "Chánh Văn phòng HĐND và UBND, Trưởng phòng Nội vụ, thủ trưởng các cơ quan, đơn vị có "
        "liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết "
        "định này.",
    ]
    doc = Document(
        ma="quyet-dinh-khen-thuong", loai="quyet_dinh", profile=city,
        trich_yeu=f"Về việc tặng {_award(report)}", noi_dung=body, path=(),
        ngay=report.decision_date,
        tham_quyen_ban_hanh=(upper(f"{city.nguoi_dung_dau} {city.ten}"),),
        can_cu=("Căn cứ Luật Tổ chức chính quyền địa phương",
                "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
                f"Căn cứ {report.decree['ten']} của Chính phủ quy định chi tiết một số điều "
                "của Luật Thi đua, khen thưởng", f"Căn cứ {_plan_citation(campaign)}"),
        theo_de_nghi="Theo đề nghị của Trưởng phòng Nội vụ",
        ky={"nguoi_ky": head.ma, "quyen_han": []},
        noi_nhan=("Như Điều 3", "Lưu hồ sơ thi đua, khen thưởng"), luu=("VT", "NV"),
        phu_luc=({"tieu_de": f"Danh sách tập thể, cá nhân được tặng {_award(report)}",
                  "bang": _table(chosen)},))
    return "decisions/quyet_dinh.docx", build(_alone(campaign, doc), doc)


def giay_khen(campaign: Campaign, report: Report, unit: str) -> tuple[str, dict[str, Any]]:
    """Return the template and context of a unit's Giấy khen certificates."""
    city = campaign.documents[0].profile
    chosen = [d for d in report.decisions if d.selected]
    head = next(s for s in city.nguoi_ky.values() if s.chuc_vu == city.nguoi_dung_dau)
    symbol = numbers.ky_hieu("quyet_dinh", city.viet_tat)
    certificates = [{
        "ten": d.nominee.name,
        "chi_tiet": d.nominee.position or d.nominee.unit,
        "thanh_tich": f"Đã có thành tích xuất sắc trong {report.round['ten'][0].lower()}"
                      f"{report.round['ten'][1:]}",
        "quyet_dinh": f"{numbers.DRAFT_NUMBER_BLANK}/{symbol} ngày "
                      f"{dates.ngay_ngan(report.decision_date)}",
        "so_vang": numerals.so_dem(chosen.index(d) + 1),
    } for d in chosen if d.nominee.unit == unit]
    return "awards/giay_khen.docx", {
        "tham_quyen": upper(f"{city.nguoi_dung_dau} {city.ten}"),
        "giay_khen": certificates,
        "dia_danh_ngay": dates.dong_dia_danh(city.dia_danh, report.decision_date),
        "nguoi_tang": upper(city.nguoi_dung_dau), "ho_ten_ky": head.ho_ten,
    }


def _alone(campaign: Campaign, doc: Document) -> Campaign:
    return dataclasses.replace(campaign, documents=(doc,))


def _date(text: str) -> Any:
    return dates.parse_date(text)


def write(template: str, context: dict[str, Any], target: Path, title: str) -> Path:
    """Render one dossier document and write it atomically."""
    write_atomic(target, render_docx(default_templates() / template, context, title=title))
    return target
