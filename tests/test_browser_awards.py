"""The award round in a real Chromium (Debian's, driven by Playwright): a unit head downloads the
blank nomination sheet, fills it, uploads it with one bad row and sees the row's error, fixes it,
sees the verdicts, builds the dossier (LibreOffice) and downloads it; the council's secretary
sees every unit and the quotas and builds the Quyết định. Screenshots: out/screenshots/<test>/."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from engine.accounts.roles import Role
from engine.accounts.users import Grant, add_user
from engine.awards.nominees import INFO_SHEET, LIST_SHEET
from engine.word.reader import Docx
from tests.browser import assert_clean, log_in, problems, shot
from tests.office import PASSWORD
from tests.test_web_awards import CAMPAIGN, HUNG_DAO, AwardSite, award_site

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None,
                                reason="the dossier's PDF needs LibreOffice")
BUILD_MS = 180_000  # converting the dossier's six documents with LibreOffice


@pytest.fixture
def awards(tmp_path: Path) -> AwardSite:
    """The round's site, its council secretary also a drafter of the body (the Phòng Nội vụ
    officer who drafts the decision)."""
    found = award_site(tmp_path)
    engine = found.site.app.extensions["vanban_engine"]
    with engine.begin() as conn:
        body = "ubnd-tp-cao-bang"
        add_user(conn, "tt-soan", "Lê Thường Trực", PASSWORD,
                 [Grant(body, Role.COUNCIL_SECRETARY), Grant(body, Role.DRAFTER)], found.admin)
    return found


@pytest.fixture
def app(awards: AwardSite) -> Flask:
    return awards.site.app


def _login(page: Page, login: str) -> None:
    log_in(page, login, PASSWORD)


def _follow(page: Page, link: str | re.Pattern[str]) -> None:
    """Click a link and wait for the next page's load event (htmx loaded, nothing pending)."""
    page.get_by_role("link", name=link).click()
    page.wait_for_load_state("load")


def _fill(blank: Path, target: Path, votes: object) -> Path:
    """Fill the downloaded blank sheet as xã Hưng Đạo does (its sample's values), with Hoàng
    Thị Yến's votes (row 3) set to `votes`."""
    sample = load_workbook(HUNG_DAO)
    book = load_workbook(blank)
    values = {row[0]: row[1] for row in sample[INFO_SHEET].iter_rows(values_only=True)}
    for row in book[INFO_SHEET].iter_rows(min_col=1, max_col=2):
        row[1].value = values.get(row[0].value)
    for row in list(sample[LIST_SHEET].iter_rows(min_row=2, values_only=True)):
        book[LIST_SHEET].append(list(row))
    header = [cell.value for cell in book[LIST_SHEET][1]]
    book[LIST_SHEET].cell(3, header.index("phieu_dong_y") + 1).value = votes
    book.save(target)
    return target


def _upload(page: Page, sheet: Path) -> None:
    page.get_by_label("Bảng đề nghị đã điền (XLSX hoặc YAML)").set_input_files(sheet)
    page.get_by_role("button", name="Tải lên và xét").click()
    page.wait_for_load_state("load")


def _save(page: Page, link: str, target: Path) -> Path:
    with page.expect_download() as download:
        page.get_by_role("link", name=link).click()
    download.value.save_as(target)
    return target


def test_a_unit_head_fixes_a_bad_row_and_downloads_the_dossier(
        new_page: Callable[..., Page], base_url: str, tmp_path: Path) -> None:
    head = new_page()
    _login(head, "td-hungdao")
    _follow(head, "Khen thưởng")
    shot(head, "dot-khen-thuong")
    _follow(head, "Đề nghị của đơn vị xa-hung-dao")
    expect(head.get_by_role("heading", name=re.compile("Ủy ban nhân dân xã Hưng Đạo"))
           ).to_be_visible()
    shot(head, "don-vi")
    blank = _save(head, "Tải bảng đề nghị mẫu (XLSX)", tmp_path / "mau.xlsx")
    _upload(head, _fill(blank, tmp_path / "hung-dao-loi.xlsx", "sáu"))
    errors = head.get_by_role("table", name="Lỗi của bảng vừa tải lên")
    expect(errors.get_by_role("row").nth(1)).to_have_text(re.compile(
        r"Danh sach\s*3\s*phieu_dong_y\s*giá trị «sáu» sai: số phiếu là số nguyên"))
    expect(head.get_by_text("có 1 lỗi nên chưa được nhận")).to_be_visible()
    shot(head, "dong-loi")
    unit_url = f"{base_url}/khen-thuong/{CAMPAIGN}/don-vi/xa-hung-dao"
    # The refused sheet's page is a 400, as meant (Chromium also logs it to the console).
    assert problems(head) == [f"HTTP 400: POST {unit_url}", "console error: Failed to load "
                              "resource: the server responded with a status of 400 (BAD "
                              f"REQUEST) ({unit_url}:0)"]
    problems(head).clear()
    _upload(head, _fill(blank, tmp_path / "hung-dao.xlsx", 6))
    expect(head.get_by_text("Đã nhận bảng đề nghị; kết quả xét ở bên dưới.")).to_be_visible()
    verdicts = head.get_by_role("table", name="Các đề nghị của đơn vị")
    expect(verdicts.get_by_role("row", name=re.compile("Hoàng Thị Yến"))).to_contain_text("ĐẠT")
    expect(verdicts.get_by_role("row", name=re.compile("^Tập thể:"))).to_contain_text(
        "KHÔNG ĐẠT")
    expect(verdicts).to_contain_text("Chỉ số cải cách hành chính (PAR INDEX) đạt 87,5%, chưa "
                                     "đạt từ 90% trở lên")
    shot(head, "ket-qua-xet")
    head.get_by_role("button", name="Lập hồ sơ khen thưởng").click()
    expect(head.get_by_text("Đang lập hồ sơ")).to_be_visible()
    shot(head, "dang-lap-ho-so")
    expect(head.get_by_role("link", name="Tải hồ sơ (PDF gộp)")).to_be_visible(timeout=BUILD_MS)
    shot(head, "ho-so-da-lap")
    pdf = _save(head, "Tải hồ sơ (PDF gộp)", tmp_path / "ho-so.pdf")
    docx = _save(head, "Tải các tệp DOCX (ZIP)", tmp_path / "ho-so.zip")
    _check_dossier(pdf, docx)
    assert_clean(head)


def _check_dossier(pdf: Path, archive: Path) -> None:
    from pypdf import PdfReader

    pages = PdfReader(pdf).pages
    assert len(pages) >= 5  # tờ trình and its list, biên bản, the reports, the certificates
    assert "TỜ TRÌNH" in pages[0].extract_text()
    with zipfile.ZipFile(archive) as opened:
        names = sorted(opened.namelist())
        minutes = Docx(opened.read("02-bien-ban-hop-xet.docx")).text()
    assert names[:2] == ["01-to-trinh.docx", "02-bien-ban-hop-xet.docx"]
    # a nominee the check refused is neither proposed nor given a report (issue 13, 6)
    assert "04-giay-khen.docx" in names and len(names) == 5
    assert "Hoàng Thị Yến" in minutes and "6/7" in minutes  # the fixed sheet's votes


def test_the_secretary_sees_the_units_and_quotas_and_builds_the_decision(
        page: Page, base_url: str, tmp_path: Path) -> None:
    _login(page, "tt-soan")
    _follow(page, "Khen thưởng")
    _follow(page, re.compile("Tổng hợp các đơn vị"))
    units = page.locator("#don-vi + table")
    expect(units.get_by_role("row")).to_have_count(8)
    expect(page.get_by_text("Nhóm «co_quan_chuyen_mon»: 4 đủ điều kiện, tối đa 03")
           ).to_be_visible()
    expect(page.get_by_role("heading", name="Cảnh báo")).to_be_visible()
    expect(page.get_by_text("Xung đột lợi ích", exact=False).first).to_be_visible()
    shot(page, "tong-hop")
    page.get_by_role("button", name="Lập Quyết định khen thưởng (DOCX)").click()
    link = page.get_by_role("link", name="Tải Quyết định khen thưởng (DOCX)")
    expect(link).to_be_visible(timeout=60_000)
    shot(page, "quyet-dinh")
    decision = _save(page, "Tải Quyết định khen thưởng (DOCX)", tmp_path / "qd.docx")
    assert "04 tập thể và 09 cá nhân" in Docx(decision.read_bytes()).text()
    page.get_by_role("button", name=re.compile("Đưa Quyết định vào quy trình")).click()
    page.wait_for_load_state("load")
    expect(page.get_by_text("Đã đưa Quyết định khen thưởng vào quy trình (dự thảo).")
           ).to_be_visible()
    expect(page.get_by_text("Về việc tặng Giấy khen của Chủ tịch UBND thành phố").first
           ).to_be_visible()
    shot(page, "quyet-dinh-trong-quy-trinh")
    page.go_back()
    page.reload()
    _follow(page, "Ủy ban nhân dân phường Sông Hiến")
    expect(page.get_by_text("hồ sơ nộp ngày 16/6/2025, sau hạn 10/6/2025").first).to_be_visible()
    expect(page.get_by_label("Bảng đề nghị đã điền (XLSX hoặc YAML)")).to_have_count(0)
    shot(page, "don-vi-nop-muon")
    assert_clean(page)
