"""The office's journeys in a real Chromium (Debian's, driven by Playwright): a Công văn with
two recipients from the form to issued; a user of another body; a form with a missing field.
Every page visited is saved under out/screenshots/<test>/."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from engine.web import jobs
from tests.browser import PHONE, assert_clean, log_in, shot
from tests.helpers import PROFILE, dump
from tests.office import PASSWORD, office
from tests.web_client import Site, make_site


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return make_site(tmp_path)


@pytest.fixture
def app(site: Site) -> Flask:
    return site.app



def _login(page: Page, login: str) -> None:
    log_in(page, login, PASSWORD)


def _fill_letter(page: Page, **values: str) -> None:
    page.get_by_label("Trích yếu").fill(values.get("trich_yeu", "Về việc tổng hợp kết quả "
                                                    "cải cách hành chính quý I năm 2025"))
    page.get_by_label("Đơn vị soạn thảo").select_option("VP")
    page.get_by_label("Kính gửi").fill("Các ban, ngành, đoàn thể xã\nTrưởng các thôn, tổ dân phố")
    page.get_by_label("1. Đoạn văn").fill(
        "Thực hiện Kế hoạch cải cách hành chính năm 2025 của Ủy ban nhân dân xã.")
    _add_block(page, "Tiêu đề mục", "2. Tiêu đề mục", "Nội dung báo cáo")
    _add_block(page, "Ý đánh số", "3. Ý đánh số",
               "Kết quả thực hiện các nhiệm vụ trọng tâm trong quý I.")
    page.get_by_label("Nơi nhận").fill("Như Kính gửi\nChủ tịch, các Phó Chủ tịch UBND xã")


def _add_block(page: Page, kind: str, label: str, text: str) -> None:
    """Press the editor's "+ <kind>" button, then type into the block it adds."""
    page.get_by_role("button", name=f"+ {kind}", exact=True).click()
    page.get_by_label(label, exact=True).fill(text)


def _act(page: Page, button: str, comment: str | None = None) -> None:
    if comment is not None:
        page.get_by_label(re.compile("^Ý kiến")).fill(comment)
    page.get_by_role("button", name=button).click()


def test_a_letter_from_the_form_to_the_issued_pdf(new_page: Callable[..., Page], site: Site,
                                                  tmp_path: Path) -> None:
    clerk = new_page()
    _login(clerk, "soan")
    shot(clerk, "viec-cua-toi")
    clerk.get_by_role("link", name="Soạn văn bản").click()
    _fill_letter(clerk)
    shot(clerk, "soan-thao")
    clerk.get_by_role("button", name="Lưu dự thảo").click()
    expect(clerk.get_by_text("Dự thảo", exact=True)).to_be_visible()
    doc_url = clerk.url
    if shutil.which("soffice"):
        clerk.get_by_role("button", name="Xem trước các trang").click()
        expect(clerk.get_by_alt_text(re.compile("^Trang 1 của"))).to_be_visible(timeout=60_000)
    shot(clerk, "du-thao")
    _act(clerk, "Trình duyệt")
    leader = new_page(viewport=PHONE, has_touch=True, is_mobile=True)  # approving on a phone
    _login(leader, "duyet")
    leader.get_by_role("link", name=re.compile(r"cong-van$")).first.click()
    _act(leader, "Trả lại (kèm ý kiến)", "Bổ sung thời hạn gửi báo cáo")
    shot(leader, "tra-lai")
    clerk.goto("/viec-cua-toi")
    expect(clerk.get_by_text("Ý kiến trả lại: Bổ sung thời hạn gửi báo cáo")).to_be_visible()
    shot(clerk, "viec-cua-toi-tra-lai")
    clerk.goto(doc_url)
    clerk.get_by_role("link", name="Sửa văn bản").click()
    _add_block(clerk, "Ý đánh số", "4. Ý đánh số", "Báo cáo gửi trước ngày 15/4/2025.")
    clerk.get_by_role("button", name="Lưu phiên bản mới").click()
    _act(clerk, "Trình duyệt lại")
    leader.goto(doc_url)
    expect(leader.get_by_text("+b) Báo cáo gửi trước ngày 15/4/2025./.")).to_be_visible()
    shot(leader, "thay-doi")
    _act(leader, "Duyệt")
    signer = new_page()
    _login(signer, "ky")
    signer.goto(doc_url)
    _act(signer, "Ký")
    clerk_vt = new_page()
    _login(clerk_vt, "vanthu")
    clerk_vt.goto(doc_url)
    _act(clerk_vt, "Cấp số, ngày ban hành")
    shot(clerk_vt, "dang-ban-hanh")
    jobs.wait_all()
    expect(clerk_vt.get_by_role("link", name="Tải PDF")).to_be_visible(timeout=60_000)
    expect(clerk_vt.get_by_text("01/UBND-VP", exact=True)).to_be_visible()
    shot(clerk_vt, "da-ban-hanh")
    with clerk_vt.expect_download() as download:
        clerk_vt.get_by_role("link", name="Tải PDF").click()
    pdf = tmp_path / "ban-hanh.pdf"
    download.value.save_as(pdf)
    text = _pdf_text(pdf)
    assert "Số: 01/UBND-VP" in text and re.search(r"An\sBình, ngày \d\d tháng \d+ năm 20\d\d",
                                                   text)
    clerk_vt.get_by_role("link", name="Sổ đăng ký văn bản đi").click()
    expect(clerk_vt.get_by_role("link", name="01/UBND-VP")).to_be_visible()
    shot(clerk_vt, "so-dang-ky")
    for page in (clerk, leader, signer, clerk_vt):
        assert_clean(page)


def _pdf_text(pdf: Path) -> str:
    """The PDF's text as poppler lays it out (pypdf drops the header table's second row)."""
    import subprocess

    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_a_user_of_another_body_cannot_see_or_act_on_the_document(
        new_page: Callable[..., Page], site: Site, tmp_path: Path) -> None:
    clerk = new_page()
    _login(clerk, "soan")
    clerk.goto("/van-ban-moi")
    _fill_letter(clerk)
    clerk.get_by_role("button", name="Lưu dự thảo").click()
    _act(clerk, "Trình duyệt")
    doc_url = clerk.url
    (tmp_path / "khac").mkdir()
    (tmp_path / "khac" / "co-quan.yaml").write_text(dump(dict(
        PROFILE, ma="ubnd-xa-binh-minh", ten="Ủy ban nhân dân xã Bình Minh",
        ten_in=["ỦY BAN NHÂN DÂN", "XÃ BÌNH MINH"])), "utf-8")
    office(site.app.extensions["vanban_engine"], tmp_path / "khac" / "co-quan.yaml", "bm-",
           admin=site.staff.admin)
    stranger = new_page()
    _login(stranger, "bm-duyet")
    expect(stranger.get_by_text(re.compile(r"cong-van$"))).to_have_count(0)
    shot(stranger, "viec-cua-toi-co-quan-khac")
    answer = stranger.goto(doc_url)
    assert answer is not None and answer.status == 404
    expect(stranger.get_by_role("heading", name="Lỗi 404")).to_be_visible()
    shot(stranger, "khong-tim-thay")
    clerk.reload()
    expect(clerk.get_by_text("Chờ duyệt", exact=True)).to_be_visible()


def test_a_missing_field_shows_the_error_at_the_field(page: Page) -> None:
    _login(page, "soan")
    page.goto("/van-ban-moi")
    _fill_letter(page)
    page.get_by_label("Kính gửi").fill("")  # checked as one types, before saving
    page.get_by_label("Kính gửi").press("Tab")
    expect(page.locator("#loi-kinh_gui")).to_contain_text("công văn phải có «kinh_gui»")
    page.get_by_label("Kính gửi").fill("Các ban, ngành, đoàn thể xã")
    page.get_by_label("1. Đoạn văn").fill("")  # a block is checked as one types, too
    page.get_by_label("1. Đoạn văn").press("Tab")
    expect(page.locator("#loi-khoi-0")).to_contain_text("Khối này trống")
    shot(page, "kiem-tra-khi-nhap")
    page.get_by_label("1. Đoạn văn").fill("Thực hiện Kế hoạch cải cách hành chính năm 2025.")
    page.get_by_label("Trích yếu").fill(" ")
    page.get_by_label("Kính gửi").fill("")
    page.get_by_role("button", name="Lưu dự thảo").click()
    field = page.get_by_label("Trích yếu")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#trich_yeu-loi")).to_have_text("Nhập trích yếu nội dung văn bản.")
    shot(page, "loi-truong")
    page.get_by_label("Trích yếu").fill("Về việc thử biểu mẫu")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.locator("#kinh_gui-loi")).to_contain_text("công văn phải có «kinh_gui»")
    shot(page, "loi-kinh-gui")


def test_choosing_the_kind_shows_its_own_fields(page: Page) -> None:
    _login(page, "soan")
    page.goto("/van-ban-moi")
    page.get_by_label("Trích yếu").fill("Về việc thành lập Tổ công tác")
    expect(page.get_by_label(re.compile("^Kính gửi"))).to_be_visible()
    page.get_by_label("Loại văn bản").select_option("quyet_dinh")
    expect(page.get_by_label("Theo đề nghị của (Quyết định)")).to_be_visible()
    expect(page.get_by_label(re.compile("^Kính gửi"))).to_have_count(0)
    expect(page.get_by_label("Trích yếu")).to_have_value("Về việc thành lập Tổ công tác")
    shot(page, "quyet-dinh")
    assert_clean(page)


def test_the_body_editor_builds_a_plan_with_a_table(page: Page, tmp_path: Path) -> None:
    _login(page, "soan")
    page.goto("/van-ban-moi")
    page.get_by_label("Loại văn bản").select_option("ke_hoach")
    expect(page.get_by_label(re.compile("^Kính gửi"))).to_have_count(0)
    page.get_by_label("Trích yếu").fill("Kiểm tra công vụ năm 2026")
    page.get_by_label("1. Đoạn văn").fill("Tăng cường kỷ luật, kỷ cương hành chính.")
    _add_block(page, "Tiêu đề mục", "2. Tiêu đề mục", "Lịch kiểm tra")
    page.get_by_role("button", name="+ Bảng", exact=True).click()
    for column, text in enumerate(("STT", "Đơn vị", "Thời gian"), start=1):
        page.get_by_label(f"Tiêu đề cột {column}").fill(text)
    page.get_by_role("button", name="+ Dòng").click()
    expect(page.get_by_label("Dòng 2, cột 1")).to_be_visible()  # the editor came back
    for row, cells in enumerate((("1", "Thôn Đông", "Tháng 3"), ("2", "Thôn Tây", "Tháng 4")),
                                start=1):
        for column, text in enumerate(cells, start=1):
            page.get_by_label(f"Dòng {row}, cột {column}").fill(text)
    _add_block(page, "Đoạn văn", "4. Đoạn văn", "Các thôn chuẩn bị hồ sơ theo lịch.")
    _add_block(page, "Đoạn văn", "5. Đoạn văn", "Đoạn viết nhầm chỗ.")
    page.get_by_role("button", name="Đưa khối 5 lên").click()     # now block 4
    expect(page.get_by_label("4. Đoạn văn")).to_have_value("Đoạn viết nhầm chỗ.")
    shot(page, "bien-tap-noi-dung")
    page.get_by_role("button", name="Xóa khối 4").click()
    page.get_by_label("Nơi nhận").fill("Các thôn")
    expect(page.get_by_label("4. Đoạn văn")).to_have_value("Các thôn chuẩn bị hồ sơ theo lịch.")
    expect(page.get_by_label("5. Đoạn văn")).to_have_count(0)
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_text("Dự thảo", exact=True)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải DOCX").click()
    saved = tmp_path / "ke-hoach.docx"
    download.value.save_as(saved)
    import docx

    opened = docx.Document(str(saved))
    texts = [" ".join(p.text.split()) for p in opened.paragraphs if p.text.strip()]  # nbsp too
    assert "I. LỊCH KIỂM TRA" in texts and "Các thôn chuẩn bị hồ sơ theo lịch./." in texts
    assert "Đoạn viết nhầm chỗ." not in " ".join(texts)
    rows = [[" ".join(c.text.split()) for c in r.cells] for t in opened.tables for r in t.rows]
    assert ["STT", "Đơn vị", "Thời gian"] in rows and ["2", "Thôn Tây", "Tháng 4"] in rows
    shot(page, "ke-hoach-du-thao")
    assert_clean(page)
