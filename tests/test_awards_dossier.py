"""`vanban awards dossier`: every document of each unit's dossier, in the decree's layout."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.awards import documents
from engine.awards.dossier import load_round, make_dossiers
from engine.awards.rules import evaluate
from engine.check import check_file
from engine.cli import main
from engine.word.reader import Docx
from tests.conftest import ROOT

SAMPLE = ROOT / "samples" / "cao-bang-kh-145-2022.yaml"


@pytest.fixture(scope="module")
def dossiers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ho-so")
    make_dossiers(SAMPLE, out)
    return out / "cao-bang-kh-145-2022" / "ho-so"


def text(path: Path) -> str:
    return Docx(path.read_bytes()).text()


def test_each_unit_gets_its_whole_dossier(dossiers: Path) -> None:
    units = sorted(p.name for p in dossiers.iterdir() if p.is_dir())
    assert len(units) == 7 and "phong-noi-vu" in units and "xa-hung-dao" in units
    folder = dossiers / "phong-noi-vu"
    names = sorted(p.name for p in folder.glob("*.docx"))
    assert names[:2] == ["01-to-trinh.docx", "02-bien-ban-hop-xet.docx"]
    assert len([n for n in names if n.startswith("03-bao-cao")]) == 3
    assert "04-giay-khen.docx" in names
    assert not (dossiers / "phuong-song-hien" / "04-giay-khen.docx").exists()  # filed late
    assert (dossiers / "quyet-dinh-khen-thuong.docx").is_file()


def test_every_administrative_document_passes_the_decree_30_check(dossiers: Path) -> None:
    for path in sorted(dossiers.rglob("*.docx")):
        if path.name == "04-giay-khen.docx":
            continue  # a certificate: NĐ 98/2023 Art. 104 layout, not an administrative text
        assert check_file(path) == [], path


def test_the_documents_say_what_the_round_decided(dossiers: Path) -> None:
    proposal = text(dossiers / "phong-noi-vu" / "01-to-trinh.docx")
    assert "Kính gửi:" in proposal and "Chủ tịch Ủy ban nhân dân thành phố Cao Bằng." in proposal
    assert "01 tập thể và 02 cá nhân" in proposal and "Số:      /TTr-NV" in proposal
    minutes = text(dossiers / "van-phong-hdnd-va-ubnd-thanh-pho" / "02-bien-ban-hop-xet.docx")
    assert "Thành phần tham dự: 7/7 thành viên" in minutes and "3/7" in minutes
    assert "42,9" in minutes and "THƯ KÝ" in minutes and "CHỦ TỌA" in minutes
    report = text(dossiers / "phong-noi-vu" / "03-bao-cao-03-nguyen-thi-thu-ha.docx")
    assert "Nghị định 98/2023/NĐ-CP" in report and "XÁC NHẬN CỦA CẤP TRÌNH KHEN" in report
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH" in report and "Hoàn thành xuất sắc nhiệm vụ" in report
    decision = text(dossiers / "quyet-dinh-khen-thuong.docx")
    assert "04 tập thể và 09 cá nhân" in decision
    assert "mỗi tập thể 1.410.000 đồng; mỗi cá nhân 710.000 đồng" in decision
    assert "tổng số tiền 12.030.000 đồng" in decision and "Phòng Tư pháp" not in decision
    certificates = text(dossiers / "phong-noi-vu" / "04-giay-khen.docx")
    assert certificates.count("GIẤY KHEN") == 3 and "Nguyễn Thị Thu Hà" in certificates


def test_the_report_form_follows_the_filing_date() -> None:
    campaign, submissions = load_round(SAMPLE)
    early = dataclasses.replace(submissions[0], filed=date(2023, 3, 1))
    report = evaluate(campaign, submissions)
    _, context = documents.bao_cao(campaign, report, early, early.nominees[0])
    assert context["mau"].startswith("Mẫu số 07")
    assert "91/2017" in context["mau"]


def test_the_command_writes_one_unit_and_refuses_an_unknown_one(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["awards", "dossier", str(SAMPLE), "--unit", "xa-hung-dao",
                                  "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "xa-hung-dao/01-to-trinh.docx" in result.output
    bad = runner.invoke(main, ["awards", "dossier", str(SAMPLE), "--unit", "khong-co",
                               "--out", str(tmp_path)])
    assert bad.exit_code == 2 and "phong-noi-vu" in bad.output


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice: bash .ci/run")
def test_a_unit_dossier_is_also_one_merged_pdf(tmp_path: Path) -> None:
    written = make_dossiers(SAMPLE, tmp_path, "phong-noi-vu", pdf=True)
    merged = next(p for p in written if p.name == "ho-so.pdf")
    from pypdf import PdfReader

    pages = len(PdfReader(str(merged)).pages)
    assert pages >= 7  # tờ trình + danh sách, biên bản, three reports, three certificates
    assert not list(merged.parent.glob("0*.pdf"))  # the per-file PDFs are merged, not left
