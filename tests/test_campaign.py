"""What the engine understands of a campaign: structured sections, numbering, cited documents."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from engine.campaign.body import flatten
from engine.campaign.loader import load_campaign
from engine.decree.breaks import plain
from engine.document.context import build, citation
from tests.conftest import ROOT
from tests.helpers import document, write_campaign


def test_the_cao_bang_rules_are_data_the_engine_can_use() -> None:
    campaign = load_campaign(ROOT / "samples" / "cao-bang-kh-145-2022.yaml")
    criteria = [item for group in campaign.sections["tieu_chuan"]
                for item in [group, *group.get("noi_dung", [])] if isinstance(item, dict)]
    assert any(c.get("chi_so") == "par_index" and c.get("toi_thieu") == "90" for c in criteria)
    assert any(c.get("xep_loai_toi_thieu") == "Hoàn thành tốt nhiệm vụ" for c in criteria)
    limits = [limit for quota in campaign.sections["so_luong"]
              for limit in quota.get("gioi_han", [])]
    assert {(lim["nhom"], int(lim["toi_da"])) for lim in limits} >= {
        ("co_quan_chuyen_mon", 3), ("xa_phuong", 3)}
    deadline = campaign.sections["thoi_han"][0]
    assert (deadline["han"], deadline["nam"]) == ("15/3", "lien_ke")
    forms = {f["hinh_thuc"] for f in campaign.sections["hinh_thuc_khen_thuong"]}
    assert forms == {"bang_khen", "giay_khen"}
    assert any("Mẫu số 07" in item.get("mau", "") for item in campaign.sections["ho_so"])


def test_numbering_follows_the_decree_letters_and_nested_numbers() -> None:
    body = [{"tieu_de": "tổ chức thực hiện", "danh_so_con": "1.1", "noi_dung": [
        {"tieu_de": "Khen thưởng", "noi_dung": [{"van_ban": f"Điểm {i}."} for i in range(6)]},
        {"van_ban": "Hai."}]}]
    labels = [p["nhan"] for p in flatten(body, ("I", "1", "a)"), {}).paragraphs]
    assert labels == ["I. ", "I.1. ", "a) ", "b) ", "c) ", "d) ", "đ) ", "e) ", "I.2. "]


def test_too_many_points_is_a_located_error() -> None:
    body = [{"van_ban": f"{i}"} for i in range(30)]
    result = flatten(body, ("a)",), {}, ("van_ban", 0, "noi_dung"))
    assert result.problems[0][:2] == (("van_ban", 0, "noi_dung", 23), "too-many-points")


def test_insertions_splice_structured_items_in_place() -> None:
    sections = {"chi_tieu": [{"ma": "a", "van_ban": "Một."}, {"ma": "b", "van_ban": "Hai."}]}
    body = ["Mở đầu.", {"chen": "chi_tieu"}, {"van_ban": "Ba."}, {"chen": "chi_tieu/a"}]
    texts = [(p["nhan"], p["van_ban"]) for p in flatten(body, ("1",), sections).paragraphs]
    assert texts == [("", "Mở đầu."), ("1. ", "Một."), ("2. ", "Hai."), ("3. ", "Ba."),
                     ("4. ", "Một.")]


def test_an_attached_plan_cites_its_decision(tmp_path: Path) -> None:
    decision = document(ma="qd-25", loai="quyet_dinh", so="25", ngay="2025-07-23",
                        trich_yeu="Ban hành Kế hoạch", noi_dung=[{"van_ban": "Ban hành."}])
    plan = document(ma="kh", loai="ke_hoach", kem_theo="qd-25", ky=None, noi_nhan=None)
    for key in ("so", "ngay", "ky", "noi_nhan"):
        plan.pop(key)
    campaign = load_campaign(write_campaign(tmp_path, decision, plan))
    context = build(campaign, campaign.document("kh"))
    context["kem_theo"] = plain(context["kem_theo"])  # no-break spaces and hyphens printed
    # The Chủ tịch signs in their own name: the decision is the Chủ tịch's (legal-rules.md §7).
    assert context["kem_theo"] == ("(Kèm theo Quyết định số 25/QĐ-UBND ngày 23 tháng 7 năm 2025 "
                                   "của Chủ tịch Ủy ban nhân dân xã An Bình)")
    assert context["chu_ky"] is None and context["noi_nhan"] == []
    assert citation(campaign.document("qd-25")) == "Quyết định số 25/QĐ-UBND ngày 23/7/2025"


def test_a_draft_keeps_the_blanks_for_number_and_date(tmp_path: Path) -> None:
    doc = document()
    doc.pop("so")
    doc.pop("ngay")
    campaign = load_campaign(write_campaign(tmp_path, doc))
    context = build(campaign, campaign.documents[0])
    assert plain(context["so_ky_hieu"]) == "Số:      /CT-UBND"
    assert plain(context["dia_danh_ngay"]).startswith("An Bình, ngày      tháng")


def test_signature_recipients_and_archive_line(tmp_path: Path) -> None:
    doc = document(ky={"nguoi_ky": "ct-a", "quyen_han": ["TM"]}, don_vi_soan_thao="VP",
                   noi_nhan=["Sở Nội vụ (b/c)", {"ten": "Như Điều 3", "ghi_chu": "t/h"}])
    campaign = load_campaign(write_campaign(tmp_path, doc))
    context = build(campaign, campaign.documents[0])
    assert context["chu_ky"] == {"dong": ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
                                 "ho_ten": "Nguyễn Văn An"}
    assert [plain(line) for line in context["noi_nhan"]] == ["- Sở Nội vụ (b/c);",
                                                             "- Như Điều 3 (t/h);",
                                   "- Lưu: VT, VP."]
    assert campaign.documents[0].ngay == date(2025, 2, 5)
