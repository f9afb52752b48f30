"""The body editor of the form (blocks added, moved and deleted; a table edited by rows and
columns) and the Tờ trình, through the Flask test client: each button changes the blocks and
stores nothing; a problem is shown at the block it belongs to; hostile block fields are
dropped."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from flask.testing import FlaskClient

from engine.word.reader import Docx
from tests.helpers import PROFILE
from tests.web_client import Site, body, download, login, make_site, post

FIELDS = {"co_quan": PROFILE["ma"], "loai": "ke_hoach", "don_vi_soan_thao": "",
          "trich_yeu": "Kiểm tra công vụ năm 2026", "kinh_gui": "", "nguoi_ky": "ct-a",
          "quyen_han": "", "noi_nhan": "Các thôn"}


@pytest.fixture
def clerk(tmp_path: Path) -> FlaskClient:
    site: Site = make_site(tmp_path)
    client = site.app.test_client()
    assert login(client, "soan").status_code == 302
    return client


def _press(client: FlaskClient, action: str, *blocks: tuple[str, Any], **fields: str) -> str:
    answer = post(client, "/van-ban-moi", "/van-ban-moi",
                  {**FIELDS, **fields, **body(*blocks), "thao_tac": action})
    assert answer.status_code == 200
    return str(answer.get_data(as_text=True))


def _kinds(page: str) -> list[str]:
    return re.findall(r'name="khoi-\d+-loai" value="([a-z_]+)"', page)


def _texts(page: str) -> list[str]:
    pattern = (r'name="khoi-\d+-van_ban"[^>]*>([^<]*)</textarea>'
               r'|name="khoi-\d+-van_ban" value="([^"]*)"')
    return [area or line for area, line in re.findall(pattern, page)]


def test_the_buttons_add_move_and_delete_blocks_and_store_nothing(clerk: FlaskClient) -> None:
    blocks = (("doan", "Mục đích kiểm tra."), ("muc", "Nội dung"), ("y", "Rà soát hồ sơ."))
    assert _kinds(_press(clerk, "them-bang", *blocks)) == ["doan", "muc", "y", "bang"]
    assert _kinds(_press(clerk, "them-muc_con-0", *blocks)) == ["doan", "muc_con", "muc", "y"]
    moved = _press(clerk, "len-2", *blocks)
    assert _kinds(moved) == ["doan", "y", "muc"]
    assert _texts(moved) == ["Mục đích kiểm tra.", "Rà soát hồ sơ.", "Nội dung"]
    assert _kinds(_press(clerk, "xuong-0", *blocks)) == ["muc", "doan", "y"]
    assert _texts(_press(clerk, "xoa-1", *blocks)) == ["Mục đích kiểm tra.", "Rà soát hồ sơ."]
    assert _kinds(_press(clerk, "xoa-7", *blocks)) == ["doan", "muc", "y"]  # no such block
    # Nothing was drafted by any button.
    assert "Không có văn bản nào" in clerk.get("/viec-cua-toi").get_data(as_text=True)


def test_a_table_grows_and_shrinks_by_rows_and_columns(clerk: FlaskClient) -> None:
    table = ("bang", [["STT", "Đơn vị"], ["1", "Thôn Đông"]])
    wider = _press(clerk, "them-cot-1", ("doan", "Lịch."), table)
    assert 'name="khoi-1-o-0-2"' in wider and 'name="khoi-1-o-1-2"' in wider
    longer = _press(clerk, "them-dong-1", ("doan", "Lịch."), table)
    assert 'name="khoi-1-o-2-1"' in longer
    narrower = _press(clerk, "xoa-cot-1-0", ("doan", "Lịch."), table)
    assert re.search(r'name="khoi-1-o-1-0" value="Thôn Đông"', narrower)
    assert 'name="khoi-1-o-0-1"' not in narrower
    # The header row stays, and so does the last data row.
    assert 'name="khoi-1-o-1-0"' in _press(clerk, "xoa-dong-1-1", ("doan", "Lịch."), table)


def test_the_editor_writes_headings_numbered_items_and_a_table(clerk: FlaskClient) -> None:
    blocks = (("doan", "Căn cứ Kế hoạch năm của xã."), ("muc", "Mục đích, yêu cầu"),
              ("y", "Nâng cao kỷ luật hành chính."), ("muc", "Lịch kiểm tra"),
              ("muc_con", "Đợt một"),
              ("bang", [["STT", "Đơn vị", "Thời gian"], ["1", "Thôn Đông", "Tháng 3"]]),
              ("doan", "Các thôn chuẩn bị hồ sơ."))
    answer = post(clerk, "/van-ban-moi", "/van-ban-moi", {**FIELDS, **body(*blocks)})
    assert answer.status_code == 303, answer.get_data(as_text=True)[-1500:]
    doc = answer.headers["Location"].split("/van-ban/", 1)[1]
    data = download(clerk, f"/van-ban/{doc}/tai/docx")
    paragraphs = [" ".join(p.text.split()) for p in docx.Document(io.BytesIO(data)).paragraphs
                  if p.text.strip()]  # non-breaking spaces read as spaces
    start = paragraphs.index("Căn cứ Kế hoạch năm của xã.")
    assert paragraphs[start:start + 6] == [
        "Căn cứ Kế hoạch năm của xã.", "I. MỤC ĐÍCH, YÊU CẦU", "1. Nâng cao kỷ luật hành chính.",
        "II. LỊCH KIỂM TRA", "1. Đợt một", "Các thôn chuẩn bị hồ sơ./."]
    cells = [[" ".join(c.text.split()) for c in row.cells]
             for t in docx.Document(io.BytesIO(data)).tables for row in t.rows]
    assert ["1", "Thôn Đông", "Tháng 3"] in cells
    # Editing shows the same blocks again, from the saved form.
    edit = clerk.get(f"/van-ban/{doc}/sua").get_data(as_text=True)
    assert _kinds(edit) == ["doan", "muc", "y", "muc", "muc_con", "bang", "doan"]
    assert 'name="khoi-5-o-1-1" value="Thôn Đông"' in edit


def test_problems_are_shown_at_their_block(clerk: FlaskClient) -> None:
    blocks = (("doan", "Mục đích."), ("muc", ""), ("y", "Có ký tự lạ \x07 ở đây."),
              ("bang", [["STT", ""], ["", ""]]))
    answer = post(clerk, "/van-ban-moi", "/van-ban-moi", {**FIELDS, **body(*blocks)})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400

    def errors(i: int) -> str:
        found = re.search(rf'id="loi-khoi-{i}"[^>]*>(.*?)</div>', page, re.S)
        assert found, i
        return found.group(1)

    assert errors(0) == ""
    assert "Khối này trống" in errors(1)
    assert "U+0007" in errors(2) or "ký tự" in errors(2)     # the campaign loader's own rule
    assert "cần tiêu đề" in errors(3) and "chưa có dòng nào" in errors(3)
    assert errors(3).count("không được để trống") == 0  # the editor said it already
    last = (("doan", "Lịch."), ("bang", [["STT", "Đơn vị"], ["1", "Thôn Đông"]]))
    ending = post(clerk, "/van-ban-moi", "/van-ban-moi", {**FIELDS, **body(*last)})
    found = re.search(r'id="loi-khoi-1"[^>]*>(.*?)</div>', ending.get_data(as_text=True), re.S)
    assert ending.status_code == 400 and found  # the loader's rule (ends-with-table), there
    assert "nội dung không được kết thúc bằng bảng" in found.group(1)
    empty = post(clerk, "/van-ban-moi", "/van-ban-moi", FIELDS | body(("doan", "")))
    assert "Nhập nội dung văn bản" in empty.get_data(as_text=True)


def test_hostile_block_fields_are_dropped_or_bounded(clerk: FlaskClient) -> None:
    fields = {**FIELDS, **body(("doan", "Một đoạn.")), "khoi-9-loai": "<script>",
              "khoi-8-loai": "bang", "khoi-8-o-999-99": "x", "khoi-12345-loai": "doan",
              "thao_tac": "them-doan"}
    page = post(clerk, "/van-ban-moi", "/van-ban-moi", fields).get_data(as_text=True)
    assert _kinds(page) == ["doan", "bang", "doan"]
    assert "<script>" not in page
    assert 'name="khoi-1-o-199-0"' in page and 'name="khoi-1-o-200-0"' not in page


def test_a_to_trinh_from_the_form(clerk: FlaskClient) -> None:
    page = clerk.get(f"/van-ban-moi?loai=to_trinh&co_quan={PROFILE['ma']}").get_data(
        as_text=True)
    assert "Kính gửi" in page and "Đơn vị soạn thảo" not in page
    fields = {**FIELDS, "loai": "to_trinh", "kinh_gui": "Ủy ban nhân dân cấp trên",
              "trich_yeu": "Về việc phê duyệt Kế hoạch kiểm tra công vụ năm 2026"}
    blocks = (("muc", "Sự cần thiết"), ("doan", "Năm 2025 còn hồ sơ trễ hạn."),
              ("doan", "Kính trình xem xét, phê duyệt."))
    answer = post(clerk, "/van-ban-moi", "/van-ban-moi", {**fields, **body(*blocks)})
    assert answer.status_code == 303, answer.get_data(as_text=True)[-1500:]
    doc = answer.headers["Location"].split("/van-ban/", 1)[1]
    text = " ".join(Docx(download(clerk, f"/van-ban/{doc}/tai/docx")).text().split())
    assert "TỜ TRÌNH" in text and "/TTr-" in text
    assert "Kính gửi:" in text and "Ủy ban nhân dân cấp trên" in text
    assert "I. SỰ CẦN THIẾT" in text and "Kính trình xem xét, phê duyệt./." in text
    refused = post(clerk, "/van-ban-moi", "/van-ban-moi",
                   {**fields, "kinh_gui": "", **body(*blocks)})
    assert refused.status_code == 400
    assert re.search(r'id="kinh_gui-loi">[^<]*kinh_gui', refused.get_data(as_text=True))
