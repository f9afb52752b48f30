"""The three award rounds of issue 13's acceptance, each a shape the Cao Bằng round is not: a
commune after 01/7/2025 (KT. CHỦ TỊCH, no Phòng Nội vụ), a Sở (the Giấy khen of its Giám đốc)
and a district decided in November 2023 (the 2003 Law and NĐ 91/2017). Each dossier and decision
passes `vanban check` (certificates aside) and prints what that date and that body require."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.awards.dossier import make_dossiers
from engine.check import check_file
from engine.word.reader import Docx
from tests.conftest import ROOT

ROUNDS = ("hoang-hoa-tham-kt-2025", "sgtvt-phu-yen-kt-2024", "trieu-phong-kt-2023")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ho-so")
    for name in ROUNDS:
        make_dossiers(ROOT / "samples" / f"{name}.yaml", out)
    return out


def text(path: Path) -> str:
    return Docx(path.read_bytes()).text().replace("\u2011", "-")


@pytest.mark.parametrize("name", ROUNDS)
def test_every_document_of_the_round_passes_the_decree_30_check(built: Path, name: str) -> None:
    files = sorted((built / name / "ho-so").rglob("*.docx"))
    assert len(files) >= 10
    for path in files:
        if path.name != "04-giay-khen.docx":
            assert check_file(path) == [], path


def test_a_commune_after_july_2025_signs_kt_and_is_proposed_by_its_office(built: Path) -> None:
    folder = built / "hoang-hoa-tham-kt-2025" / "ho-so"
    decision = text(folder / "quyet-dinh-khen-thuong.docx")
    assert "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" in decision and "Phòng Nội vụ" not in decision
    assert "Theo đề nghị của Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã." in decision
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025" in decision
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in decision
    assert "Xã Hoàng Hoa Thám, ngày 15 tháng 12 năm 2025" in decision  # named after a person
    assert "mỗi cá nhân 710.000 đồng [chưa xác nhận]" in decision and "Lưu: VT, VP." in decision
    assert decision.count("Lưu:") == 1 and "\nTiền thưởng (đồng)\n" in decision  # issue 13, 7
    assert "\nKết quả\n" not in decision
    report = text(next((folder / "phong-van-hoa-xa-hoi").glob("03-bao-cao-*.docx")))
    # the 2022 Law knows "thường xuyên" and "theo chuyên đề" only (Art. 16): no "theo đợt"
    assert "(khen thưởng thi đua theo chuyên đề)" in report and "đợt" not in report
    office = text(folder / "van-phong-hoi-dong-nhan-dan-va-uy-ban-nhan-dan-xa" / "01-to-trinh.docx")
    assert "Số:      /TTr-VP" in office and "Xã Hoàng Hoa Thám, ngày 03 tháng 12 năm 2025" in office
    # the head named once, not "Chánh Văn phòng Văn phòng …" (issue 13, found by the sample)
    assert "của Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã)" in office


def test_a_so_gives_the_giay_khen_of_its_giam_doc_under_decree_98(built: Path) -> None:
    folder = built / "sgtvt-phu-yen-kt-2024" / "ho-so"
    decision = text(folder / "quyet-dinh-khen-thuong.docx")
    assert "GIÁM ĐỐC SỞ GIAO THÔNG VẬN TẢI TỈNH PHÚ YÊN" in decision
    assert "Căn cứ Nghị định số 98/2023/NĐ-CP" in decision
    assert "Luật Tổ chức chính quyền địa phương" not in decision  # a Sở is no people's committee
    certificates = text(folder / "van-phong-so" / "04-giay-khen.docx")
    assert "GIÁM ĐỐC SỞ GIAO THÔNG VẬN TẢI TỈNH PHÚ YÊN" in certificates
    transport = folder / "phong-quan-ly-van-tai-phuong-tien-va-nguoi-lai"
    people_only = text(transport / "01-to-trinh.docx")
    assert "cho 01 cá nhân đã có" in people_only and "00 tập thể" not in people_only
    assert "\nI\nCÁ NHÂN\n" in people_only and "\nII\n" not in people_only
    assert people_only.startswith("SỞ GIAO THÔNG VẬN TẢI\nPHÒNG QUẢN LÝ VẬN TẢI")
    inspectorate = next((folder / "thanh-tra-so").glob("03-bao-cao-01-*.docx"))
    assert "KT. CHÁNH THANH TRA\nPHÓ CHÁNH THANH TRA" in text(inspectorate)


def test_a_district_decided_in_november_2023_cites_the_2003_law_and_decree_91(
        built: Path) -> None:
    folder = built / "trieu-phong-kt-2023" / "ho-so"
    decision = text(folder / "quyet-dinh-khen-thuong.docx")
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;" in decision
    assert "ngày 15 tháng 6 năm 2022" not in decision
    assert "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017" in decision
    assert "mỗi tập thể 1.080.000 đồng; mỗi cá nhân 540.000 đồng" in decision  # 1.800.000 đ
    town = folder / "thi-tran-ai-tu"
    proposal = text(town / "01-to-trinh.docx")
    assert "Ái Tử, ngày 03 tháng 11 năm 2023" in proposal
    assert "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" in proposal
    report = text(next(town.glob("03-bao-cao-*.docx")))
    assert report.startswith("Mẫu số 07, Nghị định 91/2017/NĐ-CP")
    minutes = text(town / "02-bien-ban-hop-xet.docx")
    assert "Kết luận: đề nghị tặng Giấy khen" in minutes
