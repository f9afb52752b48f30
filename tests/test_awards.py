"""Award rules: criteria, quotas and ties, deadline, votes, prior awards, authority, prizes,
Vietnamese order, and the units' XLSX sheets with bad rows (issue 5)."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from engine.awards.dossier import check_round, load_round
from engine.awards.nominees import COLUMNS, INFO_SHEET, LIST_SHEET, load_xlsx
from engine.awards.rules import describe, evaluate
from engine.cli import main
from engine.decree.breaks import plain
from engine.errors import InputError
from tests.conftest import ROOT

SAMPLE = ROOT / "samples" / "cao-bang-kh-145-2022.yaml"
BLANK = ROOT / "templates" / "awards" / "mau-de-nghi-khen-thuong.xlsx"


def outcome(report: object, name: str) -> tuple[bool, list[str]]:
    decision = next(d for d in report.decisions if d.nominee.name == name)  # type: ignore[attr-defined]
    return decision.selected, decision.reasons


def test_the_cao_bang_round_explains_every_decision() -> None:
    report = check_round(SAMPLE)
    kinds = [d.nominee.kind for d in report.decisions]
    assert kinds.count("tap_the") >= 6 and kinds.count("ca_nhan") >= 12
    assert outcome(report, "Phòng Nội vụ thành phố Cao Bằng") == (True, [])
    selected, reasons = outcome(report, "Phòng Tư pháp thành phố Cao Bằng")
    assert not selected and reasons == [
        "vượt số lượng: nhóm «co_quan_chuyen_mon» tối đa 03, xếp thứ 4"]
    assert "87,5%, chưa đạt từ 90%" in outcome(report, "Ủy ban nhân dân xã Hưng Đạo")[1][0]
    assert "sau hạn 10/6/2025" in outcome(report, "Ủy ban nhân dân phường Sông Hiến")[1][0]
    assert "Hoàn thành tốt nhiệm vụ" in outcome(report, "Nông Văn Tú")[1][0]
    assert "không khen hai lần" in outcome(report, "Bế Thị Hạnh")[1][0]
    assert "3/7 phiếu" in outcome(report, "Đàm Quang Vinh")[1][0]
    winner = next(d for d in report.decisions if d.nominee.name == "Nguyễn Thị Thu Hà")
    assert (winner.prize, winner.prize_confirmed) == (710_000, False)  # 0,3 × 2.340.000 ↑


def test_the_check_command_prints_the_report() -> None:
    result = CliRunner().invoke(main, ["awards", "check", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert "KHÔNG Tập thể Phòng Tư pháp" in result.output
    assert result.output.strip().splitlines()[-1].startswith("Tổng: 21 đề nghị, 13 đủ điều kiện")


def test_a_tie_at_the_quota_boundary_is_reported_not_broken() -> None:
    campaign, submissions = load_round(SAMPLE)
    tied = []
    for s in submissions:
        nominees = tuple(dataclasses.replace(n, metrics={"par_index": 91.4}, women_share=75.0)
                         if n.name == "Phòng Tư pháp thành phố Cao Bằng" else n
                         for n in s.nominees)
        tied.append(dataclasses.replace(s, nominees=nominees))
    report = evaluate(campaign, tied)
    for name in ("Văn phòng HĐND và UBND thành phố Cao Bằng", "Phòng Tư pháp thành phố Cao Bằng"):
        decision = next(d for d in report.decisions if d.nominee.name == name)
        assert not decision.selected and decision.qualified
        assert any("Hội đồng quyết định" in note for note in decision.notes)
    preferred = next(d for d in report.decisions
                     if d.nominee.name == "Phòng Tư pháp thành phố Cao Bằng")
    assert any("ưu tiên" in note for note in preferred.notes)  # 75 % women: information only


def test_the_district_level_cannot_award_after_the_two_tier_reform() -> None:
    campaign, submissions = load_round(SAMPLE)
    later = dataclasses.replace(campaign, khen_thuong=dict(campaign.khen_thuong or {},
                                                            ngay_quyet_dinh="2025-07-01"))
    report = evaluate(later, submissions)
    assert report.authority is None and not any(d.selected for d in report.decisions)
    assert "không có thẩm quyền" in report.decisions[0].reasons[0]
    assert report.decree["ma"] == "152/2025"


def test_a_ballot_title_needs_80_percent_of_all_members() -> None:
    campaign, submissions = load_round(SAMPLE)
    forms = [dict(f, hinh_thuc="co_thi_dua", cap="tinh") if f.get("ma") == "giay-khen-ct-ubnd-tp"
             else f for f in campaign.sections["hinh_thuc_khen_thuong"]]
    flag = dataclasses.replace(campaign, sections=dict(campaign.sections,
                                                       hinh_thuc_khen_thuong=forms))
    report = evaluate(flag, submissions)
    assert outcome(report, "Hoàng Văn Đức")[0]  # 6 of 7 members: 85,7 %
    selected, reasons = outcome(report, "Hoàng Thị Yến")  # 5 of 7 members: 71,4 %
    assert not selected and reasons == [
        "được 5/7 phiếu (71,4%) tổng số thành viên, cần từ 80% trở lên"]


def test_prizes_follow_the_decision_date() -> None:
    from engine.awards.law import prize

    assert prize("giay_khen", "ca_nhan", date(2023, 12, 31)) == (540_000, True)  # 0,3 × 1,8 tr
    assert prize("giay_khen", "ca_nhan", date(2024, 7, 1)) == (710_000, False)
    assert prize("bang_khen", "ca_nhan", date(2025, 7, 1)) == (3_510_000, True)  # 1,5 × 2,34 tr


def test_the_blank_sheet_has_the_documented_columns() -> None:
    book = load_workbook(BLANK)
    assert book.sheetnames == [INFO_SHEET, LIST_SHEET]
    assert [c.value for c in book[LIST_SHEET][1]] == COLUMNS


def test_a_sheet_with_bad_rows_reports_every_row_and_builds_nothing(tmp_path: Path) -> None:
    sheet = tmp_path / "xa.xlsx"
    shutil.copy(ROOT / "samples" / "de-nghi" / "cao-bang" / "xa-hung-dao.xlsx", sheet)
    book = load_workbook(sheet)
    rows = book[LIST_SHEET]
    rows.append(["ca_nhan", "Hoàng Thị Yến", "nu", "Công chức", "Hoàn thành tốt nhiệm vụ", None,
                 None, 5, "Trùng tên.", None])                                      # row 5
    rows.append(["ca_nhan", "Lô Văn Tài", "khác", "Công chức", "Hoàn thành tốt nhiệm vụ", None,
                 None, "bảy", "Sai kiểu.", None])                                   # row 6
    rows.append(["tap_the", "Xóm Nà Pò", None, None, None, "chín mươi", None, 9,
                 "Thiếu phiếu.", None])                                             # row 7
    rows.append(["nhom", "?", None, None, None, None, None, None, None, None])      # row 8
    book.save(sheet)
    submission, problems = load_xlsx(sheet, str(sheet))
    assert submission is None
    found = {(p.line, p.code) for p in problems}
    assert {(5, "duplicate-nominee"), (6, "bad-value"), (6, "bad-format"), (7, "bad-format"),
            (8, "bad-value")} <= found, found


def test_a_row_of_formulas_never_computed_is_reported_not_dropped(tmp_path: Path) -> None:
    """A sheet written by a program has formulas without cached values: openpyxl reads them
    as empty cells, which used to drop the whole row silently (issue 13, 5)."""
    sheet = tmp_path / "xa.xlsx"
    shutil.copy(ROOT / "samples" / "de-nghi" / "cao-bang" / "xa-hung-dao.xlsx", sheet)
    book = load_workbook(sheet)
    book[LIST_SHEET].append(['="ca_nhan"', '="Lô Văn Tài"', '="nam"', "=B2", "=C2", None, None,
                             "=3+4", "=D2", None])                                  # row 5
    book.save(sheet)
    submission, problems = load_xlsx(sheet, str(sheet))
    assert submission is None
    assert {(p.line, p.field, p.code) for p in problems} >= {
        (5, "Danh sach!A", "formula-without-value"), (5, "Danh sach!H", "formula-without-value")}
    assert all(p.line == 5 for p in problems if p.code == "formula-without-value")


def test_a_sheet_without_a_column_is_refused(tmp_path: Path) -> None:
    sheet = tmp_path / "xa.xlsx"
    shutil.copy(BLANK, sheet)
    book = load_workbook(sheet)
    book[LIST_SHEET].delete_cols(8)  # phieu_dong_y
    book.save(sheet)
    submission, problems = load_xlsx(sheet, str(sheet))
    assert submission is None
    assert [(p.line, p.code, p.message) for p in problems] == [
        (1, "missing-column", "thiếu cột: phieu_dong_y")]


def test_a_bad_nomination_file_stops_the_check(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    shutil.copytree(ROOT / "samples", folder)
    bad = folder / "de-nghi" / "cao-bang" / "phong-noi-vu.yaml"
    bad.write_text(bad.read_text("utf-8").replace('phieu_dong_y: "7"', 'phieu_dong_y: "70"', 1),
                   "utf-8")
    with pytest.raises(InputError) as caught:
        check_round(folder / SAMPLE.name)
    assert [(p.code, p.field) for p in caught.value.problems] == [
        ("bad-count", "tap_the[0].phieu_dong_y")]


# Issue 13: law by date, one report-form rule, warnings.

def round_on(day: date) -> tuple[object, list[object]]:
    """The sample round decided on `day`, every unit filing 20 days before (within the
    deadline, set to the decision date)."""
    from datetime import timedelta

    campaign, submissions = load_round(SAMPLE)
    moved = dict(campaign.khen_thuong or {}, ngay_quyet_dinh=day.isoformat(),
                 han_nop=day.isoformat())
    filed = [dataclasses.replace(s, filed=day - timedelta(days=20)) for s in submissions]
    return dataclasses.replace(campaign, khen_thuong=moved), filed


def test_a_decision_dated_2018_uses_the_2018_base_salary_and_decree_91() -> None:
    campaign, submissions = round_on(date(2018, 9, 14))
    report = evaluate(campaign, submissions)  # type: ignore[arg-type]
    assert report.decree["ma"] == "91/2017"
    winner = next(d for d in report.decisions if d.nominee.name == "Nguyễn Thị Thu Hà")
    assert (winner.prize, winner.prize_confirmed) == (420_000, True)  # 0,3 × 1.390.000 ↑
    assert "lương cơ sở 1.390.000 đồng" in "\n".join(describe(report))


def test_base_salaries_from_2016_on() -> None:
    from engine.awards.law import base_salary

    days = [date(2016, 5, 1), date(2017, 7, 1), date(2018, 7, 1), date(2019, 7, 1),
            date(2023, 6, 30), date(2023, 7, 1), date(2024, 7, 1)]
    assert [base_salary(d) for d in days] == [1_210_000, 1_300_000, 1_390_000, 1_490_000,
                                              1_490_000, 1_800_000, 2_340_000]


def test_a_date_outside_the_tables_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    from engine.awards import law
    from engine.errors import NoLegalData

    with pytest.raises(NoLegalData, match="01/5/2016"):
        law.decree_on(date(2016, 5, 1))
    with pytest.raises(NoLegalData, match="mức lương cơ sở"):
        law.base_salary(date(2016, 4, 30))
    folder = tmp_path / "c"
    shutil.copytree(ROOT / "samples", folder)
    plan = folder / SAMPLE.name
    plan.write_text(plan.read_text("utf-8").replace("ngay_quyet_dinh: 2025-06-25",
                                                    "ngay_quyet_dinh: 2016-05-01"), "utf-8")
    result = CliRunner().invoke(main, ["awards", "check", str(plan)])
    assert result.exit_code == 2, result.output
    assert "[no-legal-data]" in result.output and "Traceback" not in result.output


def test_every_decree_and_law_row_has_a_source_and_a_citation() -> None:
    from engine.awards.law import tables

    data = tables()
    for table in ("luat_thi_dua", "luat_to_chuc", "nghi_dinh", "luong_co_so", "tham_quyen"):
        assert all(row.get("nguon") for row in data[table]), table
    assert [d["so_hieu"] for d in data["nghi_dinh"]] == [
        "91/2017/NĐ-CP", "98/2023/NĐ-CP", "152/2025/NĐ-CP"]
    assert [d["ngay"] for d in data["nghi_dinh"]] == ["2017-07-31", "2023-12-31", "2025-06-14"]


def test_the_provincial_giay_khen_belongs_to_heads_of_co_quan_chuyen_mon() -> None:
    from engine.awards.law import may_award, tables

    day = date(2025, 8, 1)
    assert may_award("tinh", "giay_khen", day)["chu_the"] == "thu_truong_co_quan_chuyen_mon"
    assert may_award("tinh", "bang_khen", day)["chu_the"] == "chu_tich_ubnd"
    assert not any(r["chu_the"] == "chu_tich_ubnd" and "giay_khen" in r["hinh_thuc"]
                   for r in tables()["tham_quyen"] if r["cap"] == "tinh")  # Art. 79(4)


def test_check_and_dossier_name_the_report_form_by_one_rule() -> None:
    from engine.awards import documents, law

    campaign, submissions = load_round(SAMPLE)
    early = [dataclasses.replace(s, filed=date(2023, 12, 20)) if i == 0 else s
             for i, s in enumerate(submissions)]
    report = evaluate(campaign, early)  # decided 25/6/2025: ND 98/2023 for the decision
    lines = describe(report)
    unit_line = lines[lines.index(next(x for x in lines if x.startswith("Phòng Nội vụ"))) + 1]
    _, typeset = documents.bao_cao(campaign, report, early[0], early[0].nominees[0])
    context = {key: plain(value) if isinstance(value, str) else value  # as a reader reads it
               for key, value in typeset.items()}
    assert context["mau"] == law.report_label(law.report_form(date(2023, 12, 20)))
    assert context["mau"] == "Mẫu số 07, Nghị định 91/2017/NĐ-CP" and context["mau"] in unit_line
    assert "(khen thưởng theo đợt thi đua, chuyên đề)" in context["trich_yeu"]
    _, later = documents.bao_cao(campaign, report, submissions[0], submissions[0].nominees[0])
    assert "(khen thưởng thi đua theo chuyên đề)" in later["trich_yeu"]  # Law 2022, Art. 16


def test_conflicts_of_interest_and_left_out_nominees_are_warned() -> None:
    report = check_round(SAMPLE)
    warnings = "\n".join(report.warnings)
    assert "Nguyễn Thị Thu Hà chủ trì họp xét và ký Tờ trình của Phòng Nội vụ" in warnings
    assert "«Theo đề nghị của Trưởng phòng Nội vụ») là Nguyễn Thị Thu Hà" in warnings
    assert "Phòng Văn hóa và Thông tin: Tờ trình không đề nghị Nông Văn Tú" in warnings
    assert not any("Tú" in d.nominee.name
                   for d in report.proposed("Phòng Văn hóa và Thông tin"))
    printed = CliRunner().invoke(main, ["awards", "check", str(SAMPLE)]).output
    assert "Cảnh báo: Xung đột lợi ích" in printed


def test_a_workbook_that_inflates_without_bound_is_refused_before_it_is_read(
        tmp_path: Path) -> None:
    """An 800 KB sheet holding one 800 MB cell took 3.3 GB and was accepted (issue 14, 1): the
    package's sizes are checked before openpyxl inflates anything."""
    import zipfile

    sheet = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(ROOT / "samples" / "de-nghi" / "cao-bang" / "xa-hung-dao.xlsx") as src, \
            zipfile.ZipFile(sheet, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            if name != "xl/sharedStrings.xml":
                out.writestr(name, src.read(name))
        with out.open("xl/sharedStrings.xml", "w") as member:  # 60 MB, streamed
            member.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                         b'main"><si><t>')
            for _ in range(60):
                member.write(b"a" * 1_000_000)
            member.write(b"</t></si></sst>")
    assert sheet.stat().st_size < 1_000_000
    submission, problems = load_xlsx(sheet, str(sheet))
    assert submission is None and [p.code for p in problems] == ["not-xlsx"]
    assert "bom nén" in problems[0].message  # refused by its sizes, never inflated
    shutil.copytree(ROOT / "samples", tmp_path / "mau")  # and through the command line
    shutil.copy(sheet, tmp_path / "mau" / "de-nghi" / "cao-bang" / "xa-hung-dao.xlsx")
    result = CliRunner().invoke(main, ["awards", "dossier",
                                       str(tmp_path / "mau" / "cao-bang-kh-145-2022.yaml"),
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "xa-hung-dao.xlsx" in result.output, result.output
    assert "[not-xlsx]" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_cell_longer_than_a_clerk_writes_is_refused_with_its_place(tmp_path: Path) -> None:
    sheet = tmp_path / "xa.xlsx"
    shutil.copy(ROOT / "samples" / "de-nghi" / "cao-bang" / "xa-hung-dao.xlsx", sheet)
    book = load_workbook(sheet)
    book[LIST_SHEET]["I2"] = "thành tích " * 600  # 6,600 characters
    book.save(sheet)
    submission, problems = load_xlsx(sheet, str(sheet))
    assert submission is None
    assert [(p.line, p.field, p.code) for p in problems] == [(2, "Danh sach!I", "too-long")]


def test_codes_in_a_sheet_are_read_without_case_or_diacritics_and_errors_name_the_sheet(
        tmp_path: Path) -> None:
    """Issue 14, 8: "Cá nhân", "Tập thể", "Nữ", "NAM" are the codes the clerk meant; a value
    that is no code is quoted as typed, named by its sheet and column, and the clerk is told to
    fix the workbook, not a YAML file."""
    shutil.copytree(ROOT / "samples", tmp_path / "mau")
    sheet = tmp_path / "mau" / "de-nghi" / "cao-bang" / "xa-hung-dao.xlsx"
    book = load_workbook(sheet)
    book[LIST_SHEET].append(["Cá nhân", "Lô Thị Mai", "Nữ", "Công chức", "Hoàn thành tốt nhiệm vụ",
                             None, None, 7, "Tốt.", None])                          # row 5
    book[LIST_SHEET].append(["Tập thể", "Xóm Nà Pò", None, None, None, 90, 40, 7, "Tốt.", None])
    book[LIST_SHEET].append(["CA_NHAN", "Lô Văn Tài", "NAM", "Công chức",
                             "Hoàn thành tốt nhiệm vụ", None, None, 7, "Tốt.", None])
    book.save(sheet)
    submission, problems = load_xlsx(sheet, str(sheet))
    assert problems == [] and submission is not None
    added = {n.name: (n.kind, n.sex) for n in submission.nominees}
    assert added["Lô Thị Mai"] == ("ca_nhan", "nu") and added["Lô Văn Tài"] == ("ca_nhan", "nam")
    assert added["Xóm Nà Pò"][0] == "tap_the"
    book[LIST_SHEET].append(["ca_nhan", "Lò Văn Khác", "khác", "Công chức",
                             "Hoàn thành tốt nhiệm vụ", None, None, 7, "Tốt.", None])  # row 8
    book.save(sheet)
    result = CliRunner().invoke(main, ["awards", "check",
                                       str(tmp_path / "mau" / "cao-bang-kh-145-2022.yaml")])
    assert result.exit_code == 2, result.output
    assert "xa-hung-dao.xlsx:8: «Danh sach!gioi_tinh» giá trị «khác» không hợp lệ" \
        in result.output
    assert "Sửa các lỗi trên trong bảng tính XLSX" in result.output
    assert "tệp YAML" not in result.output
