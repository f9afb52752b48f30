"""Who qualifies, and why not: the campaign's criteria, quotas and deadline, the council's vote,
the authority of the awarding level on the decision date, and the prize money.

Nothing is ticked by hand: each decision comes with its reasons; a tie at a quota's boundary is
reported for the council to settle, never broken silently (the law's preference for women and
for collectives with at least 70 % women is shown as information: NĐ 152/2025, Art. 4).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from engine.awards import conflicts, law
from engine.awards.nominees import Nominee, Submission
from engine.awards.sorting import name_key
from engine.campaign.loader import walk_parts
from engine.campaign.models import Campaign
from engine.decree.dates import ngay_ngan, require_date
from engine.decree.numerals import doc_so, phan_tram, so_dem, so_thap_phan, so_tien

LEVELS = {"tinh": "tỉnh", "huyen": "huyện", "xa": "xã"}
_METRIC_NAMES = {"par_index": "Chỉ số cải cách hành chính (PAR INDEX)"}


@dataclass
class Decision:
    """The outcome for one nominee."""

    nominee: Nominee
    reasons: list[str] = field(default_factory=list)   # why the nominee does not qualify
    notes: list[str] = field(default_factory=list)     # information (ties, preference)
    selected: bool = False
    prize: int | None = None
    prize_confirmed: bool = True

    @property
    def qualified(self) -> bool:
        return not self.reasons


@dataclass
class Report:
    """The evaluation of an award round."""

    round: dict[str, Any]
    form: dict[str, Any]
    decision_date: date
    deadline: date
    decree: dict[str, Any]
    authority: dict[str, Any] | None
    submissions: list[Submission]
    decisions: list[Decision]
    quota_notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)   # conflicts of interest, left-out names

    def of(self, unit: str) -> list[Decision]:
        return [d for d in self.decisions if d.nominee.unit == unit]

    def proposed(self, unit: str) -> list[Decision]:
        """The unit's nominees its Tờ trình proposes: those the check did not refuse (a tie
        at a quota's boundary is proposed: the council settles it)."""
        return [d for d in self.of(unit) if d.qualified]


def _criteria(campaign: Campaign, kind: str) -> list[dict[str, Any]]:
    groups = [g for g in campaign.sections.get("tieu_chuan", []) if isinstance(g, dict)]
    found = []
    for group in groups:
        for item in walk_parts([group]):
            if (item.get("doi_tuong") or group.get("doi_tuong")) == kind and (
                    "toi_thieu" in item or "xep_loai_toi_thieu" in item):
                found.append(item)
    return found


def _check_nominee(campaign: Campaign, report: Report, submission: Submission,
                   nominee: Nominee) -> Decision:
    decision = Decision(nominee)
    reasons = decision.reasons
    if report.authority is None:
        reasons.append(f"cấp {LEVELS[report.form['cap']]} không có thẩm quyền tặng hình thức "
                       f"này vào ngày {ngay_ngan(report.decision_date)}")
    if submission.filed > report.deadline:
        reasons.append(f"hồ sơ nộp ngày {ngay_ngan(submission.filed)}, sau hạn "
                       f"{ngay_ngan(report.deadline)}")
    for rule in _criteria(campaign, nominee.kind):
        if "toi_thieu" in rule:
            metric, minimum = rule["chi_so"], doc_so(rule["toi_thieu"])
            label = _METRIC_NAMES.get(metric, metric)
            if metric not in nominee.metrics:
                reasons.append(f"thiếu số liệu {label}")
            elif nominee.metrics[metric] < minimum:
                reasons.append(f"{label} đạt {so_thap_phan(nominee.metrics[metric])}%, "
                               f"chưa đạt từ {so_thap_phan(minimum)}% trở lên")
        if "xep_loai_toi_thieu" in rule and law.rating_rank(nominee.rating or "") < \
                law.rating_rank(rule["xep_loai_toi_thieu"]):
            reasons.append(f"xếp loại «{nominee.rating}», cần «{rule['xep_loai_toi_thieu']}» "
                           "trở lên")
    for prior in nominee.prior:
        if prior.get("dot") == report.round["ma"]:
            reasons.append(f"đã được khen thưởng cho thành tích này ({prior.get('hinh_thuc')}, "
                           f"{prior.get('nam')}): một thành tích không khen hai lần "
                           f"(nguyên tắc khen thưởng của Luật Thi đua, khen thưởng số "
                           f"{law.row_on('luat_thi_dua', report.decision_date)['ma']})")
    reasons.extend(vote_problems(report, submission, nominee))
    return decision


def vote_problems(report: Report, submission: Submission, nominee: Nominee) -> list[str]:
    """Why the council's vote does not carry `nominee` (empty: it does)."""
    rule = law.vote_rule(report.form["hinh_thuc"])
    meeting = submission.meeting
    base = int(meeting["thanh_vien"] if rule["tren"] == "tong_so" else meeting["co_mat"])
    share = 100 * nominee.votes / base if base else 0.0
    needed_ok = share >= rule["ty_le"] if rule["ty_le"] != 50 else share > 50
    if needed_ok:
        return []
    whom = "tổng số thành viên" if rule["tren"] == "tong_so" else "thành viên có mặt"
    need = "quá nửa" if rule["ty_le"] == 50 else f"từ {rule['ty_le']}% trở lên"
    return [f"được {nominee.votes}/{base} phiếu ({phan_tram(share / 100)}) {whom}, "
            f"cần {need}"]


def _sort_key(decision: Decision) -> tuple[float, ...]:
    """Rank by what the criteria measure only: vote counts of different councils are not
    comparable, so they never break a tie."""
    nominee = decision.nominee
    if nominee.kind == "tap_the":
        return (-max(nominee.metrics.values(), default=0.0),)
    return (-float(law.rating_rank(nominee.rating or "")),)


def _preferred(nominee: Nominee) -> bool:
    if nominee.kind == "tap_the":
        return (nominee.women_share or 0) >= float(law.tables()["uu_tien_nu_ty_le"])
    return nominee.sex == "nu"


def _quotas(campaign: Campaign, report: Report) -> None:
    for quota in campaign.sections.get("so_luong", []):
        if not isinstance(quota, dict) or quota.get("ky") != report.round["ky"] \
                or quota.get("hinh_thuc") != report.form["hinh_thuc"]:
            continue
        for limit in quota.get("gioi_han", []):
            group, most = limit["nhom"], int(limit["toi_da"])
            pool = sorted((d for d in report.decisions if d.qualified and d.nominee.group == group
                           and d.nominee.kind == quota.get("doi_tuong")), key=_sort_key)
            for d in pool:
                d.selected = True
            if len(pool) <= most:
                continue
            report.quota_notes.append(f"Nhóm «{group}»: {len(pool)} đủ điều kiện, tối đa "
                                      f"{so_dem(most)}: chọn theo kết quả, cao xuống thấp")
            boundary = _sort_key(pool[most - 1])
            tied = [d for d in pool if _sort_key(d) == boundary]
            for rank, d in enumerate(pool, start=1):
                if d in tied and len(tied) > 1 and any(_sort_key(x) == boundary
                                                       for x in pool[most:]):
                    d.selected = False
                    d.notes.append(f"bằng điểm ở vị trí {so_dem(most)} của nhóm «{group}»: "
                                   "Hội đồng quyết định" + (
                                       "; ưu tiên theo quy định (nữ / tập thể có từ 70% nữ)"
                                       if _preferred(d.nominee) else ""))
                elif rank > most:
                    d.selected = False
                    d.reasons.append(f"vượt số lượng: nhóm «{group}» tối đa {so_dem(most)}, "
                                     f"xếp thứ {rank}")


def evaluate(campaign: Campaign, submissions: list[Submission]) -> Report:
    """Return the decisions of the campaign's award round for `submissions`."""
    round_ = campaign.khen_thuong or {}
    form = next(f for f in campaign.sections["hinh_thuc_khen_thuong"]
                if isinstance(f, dict) and f.get("ma") == round_["hinh_thuc"])
    decided = require_date(round_["ngay_quyet_dinh"], "ngày quyết định")
    deadline = require_date(round_["han_nop"], "hạn nộp")
    report = Report(round_, form, decided, deadline, law.decree_on(decided),
                    law.may_award(form["cap"], form["hinh_thuc"], decided), submissions, [])
    for submission in submissions:
        for nominee in submission.nominees:
            report.decisions.append(_check_nominee(campaign, report, submission, nominee))
    for d in report.decisions:
        d.selected = d.qualified
    _quotas(campaign, report)
    for d in report.decisions:
        if d.selected:
            d.prize, d.prize_confirmed = law.prize(form["hinh_thuc"], d.nominee.kind, decided)
    report.decisions.sort(key=lambda d: (submissions.index(next(
        s for s in submissions if s.unit == d.nominee.unit)), d.nominee.kind != "tap_the",
        name_key(d.nominee.name, d.nominee.kind)))
    _warn(campaign, report)
    return report


def _warn(campaign: Campaign, report: Report) -> None:
    """Record the round's conflicts of interest and the nominees the Tờ trình leaves out."""
    awardees = [d.nominee for d in report.decisions if d.selected]
    report.warnings += conflicts.chair_conflicts(report.submissions)
    if campaign.documents:
        report.warnings += conflicts.decision_conflicts(
            report.round, campaign.documents[0].profile, awardees)
    report.warnings += conflicts.refused_notes(
        [d.nominee for d in report.decisions if not d.qualified])
    if any(d.selected and not d.prize_confirmed for d in report.decisions):
        report.warnings.append(
            f"Tiền thưởng tính theo hệ số chưa xác nhận của Nghị định {report.decree['so_hieu']} "
            "(engine/awards/data/khen_thuong.json): Quyết định ghi «[chưa xác nhận]» sau số "
            "tiền; kiểm tra hệ số trước khi ký")


_FORM_NAMES = {"giay_khen": "Giấy khen", "bang_khen": "Bằng khen", "co_thi_dua": "Cờ thi đua",
               "danh_hieu": "Danh hiệu thi đua"}


def _header(report: Report) -> list[str]:
    form, decree = report.form, report.decree
    law_row = law.row_on("luat_thi_dua", report.decision_date)
    authority = report.authority
    return [
        f"Đợt: {report.round['ten']}",
        f"Hình thức: {_FORM_NAMES[form['hinh_thuc']]} của {form.get('nguoi_tang', '')} (cấp "
        f"{LEVELS[form['cap']]}), quyết định ngày {ngay_ngan(report.decision_date)}; hạn nộp "
        f"hồ sơ {ngay_ngan(report.deadline)}",
        f"Văn bản áp dụng (theo ngày quyết định): {law_row['ten']}; Nghị định "
        f"{decree['so_hieu']}; lương cơ sở {so_tien(law.base_salary(report.decision_date))} "
        "đồng",
        (f"Thẩm quyền: {authority['nguon']}"
         + (" (chưa xác nhận)" if authority.get("chua_xac_nhan") else "")) if authority else
        "Thẩm quyền: KHÔNG có thẩm quyền tặng hình thức này vào ngày quyết định",
    ]


def _form_line(submission: Submission) -> str:
    """The report form of the unit's dossier: law.report_form, the rule the dossier uses."""
    form = law.report_form(submission.filed)
    return (f"  báo cáo thành tích theo {law.report_label(form)} (theo ngày nộp)"
            + (" (số mẫu chưa xác nhận)" if form["chua_xac_nhan"] else ""))


def _decision_lines(d: Decision) -> list[str]:
    kind = "Tập thể" if d.nominee.kind == "tap_the" else "Cá nhân"
    if d.selected:
        money = ("; chưa có hệ số tiền thưởng cho hình thức này" if d.prize is None
                 else f"; tiền thưởng {so_tien(d.prize)} đồng" + (
                     "" if d.prize_confirmed else " (hệ số chưa xác nhận)"))
        first = f"  ĐẠT   {kind} {d.nominee.name}{money}"
    elif d.qualified:
        first = f"  CHỜ   {kind} {d.nominee.name}: {'; '.join(d.notes)}"
    else:
        first = f"  KHÔNG {kind} {d.nominee.name}: {'; '.join(d.reasons)}"
    return [first, *(f"        ({note})" for note in d.notes if d.selected or not d.qualified)]


def describe(report: Report) -> list[str]:
    """Return the check's report as lines a clerk reads (Vietnamese)."""
    lines = _header(report)
    for submission in report.submissions:
        lines.append(f"{submission.unit} (nhóm {submission.group}), nộp "
                     f"{ngay_ngan(submission.filed)}:")
        lines.append(_form_line(submission))
        for d in report.of(submission.unit):
            lines.extend(_decision_lines(d))
    lines.extend(report.quota_notes)
    lines.extend(f"Cảnh báo: {warning}" for warning in report.warnings)
    selected = [d for d in report.decisions if d.selected]
    total = sum(d.prize or 0 for d in selected)
    lines.append(f"Tổng: {len(report.decisions)} đề nghị, "
                 f"{sum(d.qualified for d in report.decisions)} đủ điều kiện, "
                 f"{len(selected)} được đề nghị khen thưởng; tổng tiền thưởng {so_tien(total)} "
                 "đồng")
    return lines


__all__ = ["LEVELS", "Decision", "Report", "describe", "evaluate"]
