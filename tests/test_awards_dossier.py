"""`vanban awards dossier`: every document of each unit's dossier, in the decree's layout."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.awards import documents, law
from engine.awards.dossier import load_round, make_dossiers
from engine.awards.rules import Report, evaluate
from engine.campaign.models import Campaign, Signer
from engine.check import check_file
from engine.cli import main
from engine.errors import InputError, NoLegalData
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
    units = sorted(p.name for p in dossiers.iterdir() if p.is_dir() and p.name != "quyet-dinh")
    assert len(units) == 7 and "phong-noi-vu" in units and "xa-hung-dao" in units
    assert (dossiers / "quyet-dinh" / "quyet-dinh-khen-thuong.yaml").is_file()
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
    assert "Nghị định 98/2023/NĐ-CP" in report and "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG" in report
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH" in report and "Hoàn thành xuất sắc nhiệm vụ" in report
    decision = text(dossiers / "quyet-dinh-khen-thuong.docx")
    assert "04 tập thể và 09 cá nhân" in decision
    # NĐ 98/2023's Giấy khen multiples are unconfirmed (legal-rules.md §7): marked, not settled
    assert ("mỗi tập thể 1.410.000 đồng [chưa xác nhận]; mỗi cá nhân 710.000 đồng "
            "[chưa xác nhận]") in decision
    assert "tổng số tiền 12.030.000 đồng" in decision and "Phòng Tư pháp" not in decision
    certificates = text(dossiers / "phong-noi-vu" / "04-giay-khen.docx")
    assert certificates.count("GIẤY KHEN") == 3 and "Nguyễn Thị Thu Hà" in certificates


def test_the_report_form_follows_the_filing_date() -> None:
    campaign, submissions = load_round(SAMPLE)
    early = dataclasses.replace(submissions[0], filed=date(2023, 3, 1))
    report = evaluate(campaign, submissions)
    _, context = documents.bao_cao(campaign, report, early, early.nominees[0])
    assert context["mau"].replace("\u2011", "-") == "Mẫu số 07, Nghị định 91/2017/NĐ-CP"
    _, later = documents.bao_cao(campaign, report, submissions[0], submissions[0].nominees[0])
    # NĐ 98/2023's number for this form is unconfirmed (legal-rules.md §7): a marked blank and
    # the form's title, never the guessed "08".
    assert later["mau"].replace("\u2011", "-") == (
        "Mẫu số [chưa xác nhận] (Báo cáo thành tích đề nghị khen thưởng thi đua theo chuyên đề), "
        "Nghị định 98/2023/NĐ-CP")


def test_the_command_writes_one_unit_and_refuses_an_unknown_one(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["awards", "dossier", str(SAMPLE), "--unit", "xa-hung-dao",
                                  "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "xa-hung-dao/01-to-trinh.docx" in result.output
    assert "Cảnh báo: Xung đột lợi ích:" in result.output  # the round's warnings, on stderr
    assert "vanban draft " + str(tmp_path / "cao-bang-kh-145-2022" / "ho-so" / "quyet-dinh" /
                                 "quyet-dinh-khen-thuong.yaml") in result.output
    bad = runner.invoke(main, ["awards", "dossier", str(SAMPLE), "--unit", "khong-co",
                               "--out", str(tmp_path)])
    assert bad.exit_code == 2 and "phong-noi-vu" in bad.output


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice: bash .ci/run")
def test_a_unit_dossier_is_also_one_merged_pdf(tmp_path: Path) -> None:
    written = make_dossiers(SAMPLE, tmp_path, "phong-noi-vu", pdf=True).files
    merged = next(p for p in written if p.name == "ho-so.pdf")
    from pypdf import PdfReader

    pages = len(PdfReader(str(merged)).pages)
    assert pages >= 7  # tờ trình + danh sách, biên bản, three reports, three certificates
    assert not list(merged.parent.glob("0*.pdf"))  # the per-file PDFs are merged, not left


# Issue 13: the decision's facts from the profile and the round, law by date, one Lưu.

def _round(day: date | None = None, **round_: object) -> tuple[Campaign, Report]:
    from datetime import timedelta

    campaign, submissions = load_round(SAMPLE)
    changed = dict(campaign.khen_thuong or {}, **round_)
    if day is not None:
        changed.update(ngay_quyet_dinh=day.isoformat(), han_nop=day.isoformat())
        submissions = [dataclasses.replace(s, filed=day - timedelta(days=20))
                       for s in submissions]
    campaign = dataclasses.replace(campaign, khen_thuong=changed)
    return campaign, evaluate(campaign, submissions)


def _plain(text: str) -> str:
    """`text` without the no-break spaces and hyphens the context keeps things together with."""
    return text.replace("\u00a0", " ").replace("\u2011", "-")


def _grounds(campaign: Campaign, report: Report) -> str:
    return _plain("\n".join(documents.quyet_dinh(campaign, report)[1]["can_cu"]))


def test_a_district_decision_of_november_2023_cites_the_2003_law_and_decree_91() -> None:
    campaign, report = _round(date(2023, 11, 20))
    grounds = _grounds(campaign, report)
    assert grounds.splitlines()[0] == (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ "
        "sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương "
        "ngày 22 tháng 11 năm 2019;")
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;" in grounds
    assert "ngày 14 tháng 6 năm 2005;" in grounds and "ngày 16 tháng 11 năm 2013;" in grounds
    assert "15 tháng 6 năm 2022" not in grounds  # in force from 01/01/2024 only (Art. 94(1))
    assert ("Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định "
            "chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;") in grounds
    assert law.base_salary(report.decision_date) == 1_800_000
    assert {d.prize for d in report.decisions if d.selected} == {540_000, 1_080_000}


def test_a_decision_dated_2018_cites_the_2015_law_without_its_2019_amendment() -> None:
    campaign, report = _round(date(2018, 9, 14))
    first = _grounds(campaign, report).splitlines()[0]
    assert first == "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"
    assert {d.prize for d in report.decisions if d.selected} == {420_000, 840_000}


def test_a_decision_dated_2016_is_a_clear_error() -> None:
    with pytest.raises(NoLegalData, match="nghị định"):
        _round(date(2016, 6, 1))


def test_the_decision_prints_the_round_s_proposer_executors_and_one_archive_line(
        dossiers: Path) -> None:
    decision = text(dossiers / "quyet-dinh-khen-thuong.docx")
    assert "Theo đề nghị của Trưởng phòng Nội vụ." in decision
    assert "Chánh Văn phòng HĐND và UBND, Trưởng phòng Nội vụ, thủ trưởng" in decision
    assert decision.count("Lưu") == 1 and "- Lưu: VT, NV." in decision
    assert "Tiền thưởng (đồng)" in decision and "Kết quả" not in decision
    assert "Hoàn thành xuất sắc nhiệm vụ" not in decision  # the list holds the prize


def test_the_proposer_and_executors_come_from_the_round_not_the_code() -> None:
    campaign, report = _round(theo_de_nghi="Công chức Văn phòng - Thống kê",
                              thi_hanh=["Công chức Văn phòng - Thống kê"],
                              don_vi_soan_thao=None)
    _, context = documents.quyet_dinh(campaign, report)
    body = "\n".join(p["van_ban"] for p in context["noi_dung"])
    assert _plain(context["can_cu"][-1]) == "Theo đề nghị của Công chức Văn phòng - Thống kê."
    assert "Nội vụ" not in body and context["noi_nhan"][-1] == "- Lưu: VT."


def test_missing_facts_are_listed_and_nothing_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    shutil.copytree(ROOT / "samples", folder)
    plan = folder / SAMPLE.name
    source = plan.read_text("utf-8")
    for line in ("  theo_de_nghi: Trưởng phòng Nội vụ\n",
                 "  thi_hanh: [Chánh Văn phòng HĐND và UBND, Trưởng phòng Nội vụ]\n"):
        source = source.replace(line, "")
    plan.write_text(source, "utf-8")
    out = tmp_path / "out"
    with pytest.raises(InputError) as caught:
        make_dossiers(plan, out)
    assert {p.field for p in caught.value.problems} == {"khen_thuong.theo_de_nghi",
                                                        "khen_thuong.thi_hanh"}
    assert not out.exists() or not any(out.rglob("*.docx"))


def _deputy_only(campaign: Campaign) -> Campaign:
    body = campaign.documents[0].profile
    deputy = Signer("pct-a", "Hoàng Văn A", "Phó Chủ tịch")
    profile = dataclasses.replace(body, nguoi_ky={"pct-a": deputy})
    docs = tuple(dataclasses.replace(d, profile=profile) for d in campaign.documents)
    return dataclasses.replace(campaign, documents=docs)


def test_no_head_among_the_signers_is_a_clear_error_not_a_stop_iteration() -> None:
    campaign, report = _round()
    round_ = {k: v for k, v in (campaign.khen_thuong or {}).items() if k != "ky_quyet_dinh"}
    campaign = _deputy_only(dataclasses.replace(campaign, khen_thuong=round_))
    with pytest.raises(InputError) as caught:
        documents.quyet_dinh(campaign, report)
    assert [p.field for p in caught.value.problems] == ["khen_thuong.ky_quyet_dinh"]
    with pytest.raises(InputError):
        documents.giay_khen(campaign, report, "Phòng Nội vụ")


def test_a_deputy_signs_kt_chu_tich_and_never_in_their_own_name() -> None:
    campaign, report = _round(ky_quyet_dinh={"nguoi_ky": "pct-a", "quyen_han": []})
    campaign = _deputy_only(campaign)
    with pytest.raises(InputError) as caught:
        documents.quyet_dinh(campaign, report)
    assert caught.value.problems[0].code == "bad-signature"
    campaign = dataclasses.replace(campaign, khen_thuong=dict(
        campaign.khen_thuong or {}, ky_quyet_dinh={"nguoi_ky": "pct-a", "quyen_han": ["KT"]}))
    _, context = documents.quyet_dinh(campaign, report)
    assert context["chu_ky"] == {"dong": ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
                                 "ho_ten": "Hoàng Văn A"}
    _, certificates = documents.giay_khen(campaign, report, "Phòng Nội vụ")
    assert certificates["chu_ky_dong"] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_a_campaign_whose_first_document_is_the_decision_does_not_cite_itself() -> None:
    campaign, report = _round()
    first = dataclasses.replace(campaign.documents[0], loai="quyet_dinh", so=None)
    alone = dataclasses.replace(campaign, documents=(first,))
    with pytest.raises(InputError) as caught:
        documents.quyet_dinh(alone, report)
    assert [p.field for p in caught.value.problems] == ["khen_thuong.phat_dong"]
    given = dataclasses.replace(alone, khen_thuong=dict(
        alone.khen_thuong or {}, phat_dong="Kế hoạch số 12/KH-UBND ngày 10/3/2022 của Ủy ban "
                                           "nhân dân thành phố Cao Bằng"))
    grounds = _grounds(given, report)
    assert "Căn cứ Kế hoạch số 12/KH-UBND ngày 10/3/2022" in grounds
    assert "Quyết định số" not in grounds


def test_the_to_trinh_lists_only_the_nominees_the_check_did_not_refuse(dossiers: Path) -> None:
    proposal = text(dossiers / "phong-van-hoa-va-thong-tin" / "01-to-trinh.docx")
    assert "Nông Văn Tú" not in proposal  # rated too low
    assert not (dossiers / "phuong-song-hien" / "01-to-trinh.docx").exists()  # all filed late
    assert (dossiers / "phuong-song-hien" / "02-bien-ban-hop-xet.docx").exists()


def test_the_certificates_follow_the_decisions_list(dossiers: Path) -> None:
    """NĐ 98/2023, Art. 104: a drawn border, no page numbers, the date line bold and italic,
    and one số sổ vàng per awardee in the order of the decision's list (issue 13, 4)."""
    import re

    numbered: dict[str, int] = {}
    for sheet in sorted(dossiers.glob("*/04-giay-khen.docx")):
        doc = Docx(sheet.read_bytes())
        xml = doc.parts["word/document.xml"].decode("utf-8")
        assert "<w:pgBorders" in xml and 'w:type="default"' not in xml  # no page number
        dated = next(p for p in doc.paragraphs() if ", ngày " in p.text)
        assert dated.italic and all(run.bold for run in dated.runs)
        names = [p.text for p in doc.paragraphs() if p.style == "VBGiayKhenNguoi"]
        gold = [int(n) for n in re.findall(r"Số sổ vàng: (\d+)", doc.text())]
        numbered.update(zip(names, gold, strict=True))
    import docx  # python-docx reads the decision's list back

    decision = docx.Document(str(dossiers / "quyet-dinh-khen-thuong.docx"))
    rows = [[" ".join(c.text.split()) for c in row.cells] for table in decision.tables
            for row in table.rows]
    order = [row[1] for row in rows if row and row[0].isdigit() and row[1] in numbered]
    assert order and [numbered[name] for name in order] == list(range(1, len(order) + 1))


def test_each_unit_prints_its_own_place_and_abbreviation(dossiers: Path) -> None:
    """A commune's dossier is dated at the commune, not at the city (NĐ 30/2020, Phụ lục I,
    II.4.a); a department prints the code its file or the body's profile gives (issue 13, 5)."""
    ward = text(dossiers / "phuong-hop-giang" / "01-to-trinh.docx")
    assert "Hợp Giang, ngày 08 tháng 6 năm 2025" in ward and "Thành phố Cao Bằng, ngày" not in ward
    assert "Số:      /TTr-UBND" in ward
    commune = text(dossiers / "xa-hung-dao" / "01-to-trinh.docx")  # its file is the XLSX sheet
    assert "Hưng Đạo, ngày 07 tháng 6 năm 2025" in commune
    office = text(dossiers / "van-phong-hdnd-va-ubnd-thanh-pho" / "01-to-trinh.docx")
    assert "Số:      /TTr-VP" in office and "Thành phố Cao Bằng, ngày 09 tháng 6 năm 2025" in office


def test_a_unit_without_its_place_or_code_is_refused_before_anything_is_written(
        tmp_path: Path) -> None:
    folder = tmp_path / "c"
    shutil.copytree(ROOT / "samples", folder)
    for name, line in (("phuong-hop-giang", "dia_danh: Hợp Giang\n"),
                       ("van-phong-hdnd-ubnd", "viet_tat: VP\n")):
        unit = folder / "de-nghi" / "cao-bang" / f"{name}.yaml"
        unit.write_text(unit.read_text("utf-8").replace(line, ""), "utf-8")
    out = tmp_path / "out"
    with pytest.raises(InputError) as caught:
        make_dossiers(folder / SAMPLE.name, out)
    assert {(Path(p.file).stem, p.field, p.code) for p in caught.value.problems} == {
        ("phuong-hop-giang", "dia_danh", "missing-field"),
        ("van-phong-hdnd-ubnd", "viet_tat", "missing-field")}
    assert not out.exists() or not any(out.rglob("*.docx"))


def test_the_decision_is_drafted_approved_signed_and_issued_with_its_number(
        tmp_path: Path, db_url: str) -> None:
    """The Quyết định khen thưởng enters the workflow like any other document (issue 13): its
    own campaign, written beside the dossiers, is drafted, approved, signed and issued with the
    register's number, and prints what the dossier's decision prints."""
    from datetime import UTC, datetime

    from engine.db.connect import open_engine
    from engine.workflow import act, draft, issue
    from tests.office import office

    out = tmp_path / "out"
    make_dossiers(SAMPLE, out, "phong-noi-vu")
    folder = out / "cao-bang-kh-145-2022" / "ho-so"
    decision = folder / "quyet-dinh" / "quyet-dinh-khen-thuong.yaml"
    engine = open_engine(db_url)
    try:
        staff = office(engine, ROOT / "samples" / "co-quan" / "ubnd-tp-cao-bang.yaml",
                       signer_name="Nguyễn Quốc Trung")
        drafted = draft(engine, decision, tmp_path / "so", staff.drafter)
        assert drafted.ids == ["cao-bang-kh-145-2022-tong-ket-2021-2025/quyet-dinh-khen-thuong"]
        doc_id = drafted.ids[0]
        def undated(found: str) -> list[str]:  # a draft has no number and no date yet
            return [line for line in found.splitlines() if " ngày " not in line]

        draft_text = text(tmp_path / "so" / drafted.campaign / "quyet-dinh-khen-thuong.docx")
        assert undated(draft_text) == undated(text(folder / "quyet-dinh-khen-thuong.docx"))
        act(engine, doc_id, "trinh", staff.drafter)
        act(engine, doc_id, "duyet", staff.reviewer)
        act(engine, doc_id, "ky", staff.signer)
        row = issue(engine, doc_id, staff.clerk, datetime(2025, 6, 25, 2, tzinfo=UTC))
        assert (row.state, row.number, row.symbol) == ("da_ban_hanh", 1, "QĐ-UBND")
        issued = text(Path(row.docx))
        assert "Số: 01/QĐ-UBND" in issued
        assert "Thành phố Cao Bằng, ngày 25 tháng 6 năm 2025" in issued
        assert "tổng số tiền 12.030.000 đồng" in issued and "Lưu: VT, NV." in issued
    finally:
        engine.dispose()
