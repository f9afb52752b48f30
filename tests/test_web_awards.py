"""The award round in the browser, through the Flask test client: a unit head's sheet (a bad
row refused with its row and column, then the verdicts), the secretary's quotas and ties and
the Quyết định, and who may see and upload what (another unit's sheet does not exist for a
unit head; no award role, no round), upload types and size, CSRF."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from engine.accounts.roles import Role
from engine.accounts.users import Account, Grant, add_user
from engine.awards.nominees import LIST_SHEET
from engine.db.tables import documents
from engine.errors import BadValue
from engine.web import jobs
from engine.web.settings import MAX_UPLOAD
from engine.word.reader import Docx
from engine.workflow import draft, history
from tests.conftest import ROOT
from tests.office import PASSWORD, office
from tests.web_client import Site, login, make_site, token

CAMPAIGN = "cao-bang-kh-145-2022"
HUNG_DAO = ROOT / "samples" / "de-nghi" / "cao-bang" / "xa-hung-dao.xlsx"
NOI_VU = ROOT / "samples" / "de-nghi" / "cao-bang" / "phong-noi-vu.yaml"
UNIT_PAGE = f"/khen-thuong/{CAMPAIGN}/don-vi"


@dataclass
class AwardSite:
    """A site whose database holds the Cao Bằng campaign (its award round of seven units) with
    a unit head for xã Hưng Đạo and one for Phòng Nội vụ, and a council secretary."""

    site: Site
    folder: Path          # the campaign's own folder (never written by the web)
    admin: Account

    def fingerprint(self) -> dict[str, str]:
        """The hash of every file of the campaign's folder."""
        return {str(p.relative_to(self.folder)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(self.folder.rglob("*")) if p.is_file()}


def award_site(tmp_path: Path, broker: str | None = None) -> AwardSite:
    """Copy the sample round, import its body, draft it and make the award accounts."""
    (tmp_path / "site").mkdir()
    site = make_site(tmp_path / "site", broker=broker)
    folder = tmp_path / "mau"
    (folder / "de-nghi").mkdir(parents=True)
    shutil.copy(ROOT / "samples" / f"{CAMPAIGN}.yaml", folder)
    shutil.copytree(ROOT / "samples" / "co-quan", folder / "co-quan")
    shutil.copytree(ROOT / "samples" / "de-nghi" / "cao-bang", folder / "de-nghi" / "cao-bang")
    engine = site.app.extensions["vanban_engine"]
    staff = office(engine, folder / "co-quan" / "ubnd-tp-cao-bang.yaml", "cb-",
                   admin=site.staff.admin, signer_name="Nguyễn Quốc Trung")
    drafted = draft(engine, folder / f"{CAMPAIGN}.yaml", site.data / "van-ban", staff.drafter)
    assert drafted.campaign == CAMPAIGN
    with engine.begin() as conn:
        for login_name, name, grant in (
                ("td-hungdao", "Nông Quốc Khánh", Grant(staff.body, Role.UNIT_HEAD,
                                                        unit="xa-hung-dao")),
                ("td-noivu", "Nguyễn Thị Thu Hà", Grant(staff.body, Role.UNIT_HEAD,
                                                        unit="phong-noi-vu")),
                ("thuongtruc", "Hoàng Văn Thường", Grant(staff.body, Role.COUNCIL_SECRETARY))):
            add_user(conn, login_name, name, PASSWORD, [grant], staff.admin)
    return AwardSite(site, folder, staff.admin)


def hung_dao_sheet(row: int, column: str, value: object) -> bytes:
    """The sample sheet of xã Hưng Đạo with one cell of its list changed."""
    book = load_workbook(HUNG_DAO)
    sheet = book[LIST_SHEET]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row, header.index(column) + 1).value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def awards(tmp_path: Path) -> AwardSite:
    return award_site(tmp_path)


def _client(awards: AwardSite, who: str) -> FlaskClient:
    client = awards.site.app.test_client()
    assert login(client, who).status_code == 302
    return client


def _upload(client: FlaskClient, unit: str, data: bytes, name: str,
            csrf_from: str | None = None) -> Any:
    url = f"{UNIT_PAGE}/{unit}"
    return client.post(url, data={"tep": (io.BytesIO(data), name),
                                  "csrf_token": token(client, csrf_from or url)},
                       content_type="multipart/form-data")


def _download(client: FlaskClient, url: str) -> tuple[int, bytes]:
    """A file's status and bytes (the response closed: send_file keeps the file open)."""
    answer = client.get(url)
    try:
        return answer.status_code, answer.data
    finally:
        answer.close()


def _stored(awards: AwardSite) -> list[str]:
    folder = awards.site.data / "khen-thuong" / CAMPAIGN
    return sorted(p.name for p in folder.glob("*.*")) if folder.is_dir() else []


def test_a_bad_row_is_shown_with_its_row_and_column_then_the_fixed_sheet_is_judged(
        awards: AwardSite) -> None:
    before = awards.fingerprint()
    head = _client(awards, "td-hungdao")
    page = head.get(f"{UNIT_PAGE}/xa-hung-dao").get_data(as_text=True)
    assert "tệp đề nghị trong chiến dịch" in page and "KHÔNG ĐẠT" in page  # PAR 87,5 %
    bad = _upload(head, "xa-hung-dao", hung_dao_sheet(3, "phieu_dong_y", "năm"), "hd.xlsx")
    page = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "có 1 lỗi nên chưa được nhận" in page
    assert ("<td>Danh sach</td><td>3</td><td>phieu_dong_y</td><td>giá trị «năm» sai: số phiếu "
            "là số nguyên</td>") in page
    assert _stored(awards) == []  # nothing kept: the round goes on with the sheet it had
    good = hung_dao_sheet(3, "phieu_dong_y", 3)
    fixed = _upload(head, "xa-hung-dao", good, "hd.xlsx")
    assert fixed.status_code == 303
    page = head.get(f"{UNIT_PAGE}/xa-hung-dao").get_data(as_text=True)
    assert "tải lên lúc" in page and "Đã nhận bảng đề nghị" in page
    assert "Hoàng Thị Yến" in page and "được 3/7 phiếu (42,9%) thành viên có mặt" in page
    assert page.count(">ĐẠT<") == 1 and page.count(">KHÔNG ĐẠT<") == 2  # Khánh still passes
    assert _stored(awards) == ["xa-hung-dao.xlsx"]
    assert awards.fingerprint() == before  # the campaign's files are never written
    assert _download(head, f"{UNIT_PAGE}/xa-hung-dao/bang-de-nghi") == (200, good)
    blank = (ROOT / "templates" / "awards" / "mau-de-nghi-khen-thuong.xlsx").read_bytes()
    assert _download(head, f"/khen-thuong/{CAMPAIGN}/mau-de-nghi.xlsx") == (200, blank)


def test_a_sheet_naming_another_unit_is_refused(awards: AwardSite) -> None:
    head = _client(awards, "td-noivu")
    other = (ROOT / "samples/de-nghi/cao-bang/phong-tu-phap.yaml").read_bytes()
    answer = _upload(head, "phong-noi-vu", other, "tu-phap.yaml")
    assert answer.status_code == 400
    assert "«Phòng Tư pháp» là đơn vị khác của đợt (phong-tu-phap)" in answer.get_data(
        as_text=True)
    assert _stored(awards) == []


def test_the_secretary_sees_every_unit_the_quotas_a_tie_and_builds_the_decision(
        awards: AwardSite) -> None:
    head = _client(awards, "td-noivu")
    tied = NOI_VU.read_text("utf-8").replace('par_index: "95,2"', 'par_index: "90,8"')
    assert _upload(head, "phong-noi-vu", tied.encode(), "noi-vu.yml").status_code == 303
    assert _stored(awards) == ["phong-noi-vu.yaml"]
    assert "CHỜ HỘI ĐỒNG" in head.get(f"{UNIT_PAGE}/phong-noi-vu").get_data(as_text=True)
    secretary = _client(awards, "thuongtruc")
    page = secretary.get(f"/khen-thuong/{CAMPAIGN}").get_data(as_text=True)
    assert page.count(f'href="{UNIT_PAGE}/') == 7 and "Ủy ban nhân dân xã Hưng Đạo" in page
    assert "<td>co_quan_chuyen_mon</td><td>tập thể</td><td>3</td><td>4</td><td>2</td>" \
           "<td>2</td>" in page
    assert "Phòng Nội vụ thành phố Cao Bằng (Phòng Nội vụ): bằng điểm ở vị trí 03 của nhóm " \
           "«co_quan_chuyen_mon»: Hội đồng quyết định" in page
    assert "Phòng Tư pháp thành phố Cao Bằng (Phòng Tư pháp)" in page
    assert "Cảnh báo" in page and "Xung đột lợi ích" in page  # the round's warnings
    panel = secretary.post(f"/khen-thuong/{CAMPAIGN}/quyet-dinh",
                           headers={"X-CSRFToken": token(secretary, f"/khen-thuong/{CAMPAIGN}")})
    assert panel.status_code == 200 and 'id="quyet-dinh"' in panel.get_data(as_text=True)
    jobs.wait_all()
    done = secretary.get(f"/khen-thuong/{CAMPAIGN}/quyet-dinh").get_data(as_text=True)
    assert "Tải Quyết định khen thưởng (DOCX)" in done
    status, decision = _download(secretary, f"/khen-thuong/{CAMPAIGN}/quyet-dinh/tai")
    text = Docx(decision).text()
    assert "03 tập thể và 09 cá nhân" in text  # the tied pair waits for the council
    assert secretary.get(f"{UNIT_PAGE}/phong-tu-phap").status_code == 200  # sees every unit


def test_a_unit_head_cannot_see_or_upload_another_units_sheet(awards: AwardSite) -> None:
    head = _client(awards, "td-noivu")
    other = f"{UNIT_PAGE}/xa-hung-dao"
    decision = f"/khen-thuong/{CAMPAIGN}/quyet-dinh"
    for url in (other, f"{other}/bang-de-nghi", f"{other}/ho-so", f"{other}/ho-so/pdf",
                f"{other}/ho-so/zip", f"{UNIT_PAGE}/khong-co", decision, f"{decision}/tai"):
        assert head.get(url).status_code == 404, url
    answer = _upload(head, "xa-hung-dao", HUNG_DAO.read_bytes(), "hd.xlsx",
                     csrf_from=f"{UNIT_PAGE}/phong-noi-vu")
    assert answer.status_code == 404 and _stored(awards) == []
    started = head.post(f"{other}/ho-so", headers={"X-CSRFToken": token(head, "/viec-cua-toi")})
    assert started.status_code == 404
    own = head.get(f"/khen-thuong/{CAMPAIGN}")  # the round's page is the secretary's
    assert own.status_code == 303 and own.headers["Location"].endswith("/phong-noi-vu")
    listed = head.get("/khen-thuong").get_data(as_text=True)
    assert "phong-noi-vu" in listed and "xa-hung-dao" not in listed
    # The secretary sees the unit, but only its head uploads its sheet.
    secretary = _client(awards, "thuongtruc")
    answer = _upload(secretary, "xa-hung-dao", HUNG_DAO.read_bytes(), "hd.xlsx")
    assert answer.status_code == 403 and _stored(awards) == []


def test_without_an_award_role_there_is_no_round(awards: AwardSite) -> None:
    drafter = _client(awards, "cb-soan")  # a drafter of the campaign's own body
    assert drafter.get("/khen-thuong").status_code == 403
    for url in (f"/khen-thuong/{CAMPAIGN}", f"{UNIT_PAGE}/phong-noi-vu",
                f"/khen-thuong/{CAMPAIGN}/mau-de-nghi.xlsx", f"{UNIT_PAGE}/phong-noi-vu/ho-so"):
        assert drafter.get(url).status_code == 404, url
    engine = awards.site.app.extensions["vanban_engine"]
    with engine.begin() as conn:  # the secretary of another body
        add_user(conn, "tt-khac", "Lê Văn Khác", PASSWORD,
                 [Grant(awards.site.staff.body, Role.COUNCIL_SECRETARY)], awards.admin)
    stranger = _client(awards, "tt-khac")
    assert "Chưa có đợt khen thưởng nào" in stranger.get("/khen-thuong").get_data(as_text=True)
    assert stranger.get(f"/khen-thuong/{CAMPAIGN}").status_code == 404


def test_uploads_are_xlsx_or_yaml_within_the_size_limit(awards: AwardSite) -> None:
    head = _client(awards, "td-hungdao")
    url = f"{UNIT_PAGE}/xa-hung-dao"
    answer = head.post(url, data=b"--x--", content_type="multipart/form-data; boundary=x",
                       environ_overrides={"CONTENT_LENGTH": str(MAX_UPLOAD + 1)})
    assert answer.status_code == 413 and "quá lớn" in answer.get_data(as_text=True)
    answer = _upload(head, "xa-hung-dao", b"MZ\x90\x00", "virus.exe")
    assert answer.status_code == 400 and "Chỉ nhận tệp .xlsx, .yaml hoặc .yml." in \
        answer.get_data(as_text=True)
    answer = _upload(head, "xa-hung-dao", b"not a workbook", "hd.xlsx")
    assert answer.status_code == 400 and "không đọc được bảng tính" in answer.get_data(
        as_text=True)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    answer = _upload(head, "xa-hung-dao", bomb.getvalue(), "hd.xlsx")
    assert answer.status_code == 400 and "bảng tính giải nén ra" in answer.get_data(as_text=True)
    assert _stored(awards) == []


def test_an_upload_without_or_with_a_wrong_csrf_token_is_refused(awards: AwardSite) -> None:
    head = _client(awards, "td-hungdao")
    for extra in ({}, {"csrf_token": "sai"}):
        answer = head.post(f"{UNIT_PAGE}/xa-hung-dao",
                           data={"tep": (io.BytesIO(HUNG_DAO.read_bytes()), "hd.xlsx"), **extra},
                           content_type="multipart/form-data")
        assert answer.status_code == 400 and "biểu mẫu không hợp lệ" in answer.get_data(
            as_text=True)
    started = head.post(f"{UNIT_PAGE}/xa-hung-dao/ho-so")  # the job's start is a POST too
    assert started.status_code == 400
    assert _stored(awards) == []


def test_a_unit_head_grant_carries_a_well_formed_unit(awards: AwardSite) -> None:
    engine = awards.site.app.extensions["vanban_engine"]
    with engine.begin() as conn:
        made = add_user(conn, "td-moi", "Trần Văn Mới", PASSWORD,
                        [Grant("ubnd-tp-cao-bang", Role.UNIT_HEAD, unit="phong-tu-phap"),
                         Grant("ubnd-tp-cao-bang", Role.DRAFTER, unit="phong-tu-phap")],
                        awards.admin)
        assert {(g.role, g.unit) for g in made.grants} == {
            (Role.UNIT_HEAD, "phong-tu-phap"), (Role.DRAFTER, None)}
        for unit in ("../x", None):  # a unit head heads one unit, named safely
            with pytest.raises(BadValue, match=f"mã đơn vị hợp lệ \\(nhận «{unit or ''}»\\)"):
                add_user(conn, "td-xau", "Trần Văn Xấu", PASSWORD,
                         [Grant("ubnd-tp-cao-bang", Role.UNIT_HEAD, unit=unit)], awards.admin)


def test_the_award_pages_have_no_inline_script_or_style(awards: AwardSite) -> None:
    head, secretary = _client(awards, "td-hungdao"), _client(awards, "thuongtruc")
    refused = _upload(head, "xa-hung-dao", hung_dao_sheet(2, "loai", "tapthe"), "hd.xlsx")
    assert "<td>Danh sach</td><td>2</td><td>loai</td>" in refused.get_data(as_text=True)
    pages = [refused, head.get("/khen-thuong"), head.get(f"{UNIT_PAGE}/xa-hung-dao"),
             head.get(f"{UNIT_PAGE}/xa-hung-dao/ho-so"), secretary.get(f"/khen-thuong/{CAMPAIGN}"),
             secretary.get(f"/khen-thuong/{CAMPAIGN}/quyet-dinh")]
    for answer in pages:
        assert "script-src 'self'" in answer.headers["Content-Security-Policy"]
        page = answer.get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", page)
        assert not re.search(r"\son[a-z]+=|\sstyle=", page)


def test_the_decision_goes_into_the_workflow_from_the_round_page(awards: AwardSite) -> None:
    """The secretary builds the Quyết định and takes it into the workflow (a drafter of the
    awarding body only); building it again after an upload updates the same document."""
    engine = awards.site.app.extensions["vanban_engine"]
    with engine.begin() as conn:
        body = "ubnd-tp-cao-bang"
        add_user(conn, "tt-soan", "Lê Thường Trực", PASSWORD,
                 [Grant(body, Role.COUNCIL_SECRETARY), Grant(body, Role.DRAFTER)], awards.admin)
    into = f"/khen-thuong/{CAMPAIGN}/quyet-dinh/quy-trinh"
    for who, expected in (("thuongtruc", 403), ("tt-soan", 303)):
        client = _client(awards, who)
        page = f"/khen-thuong/{CAMPAIGN}"
        if who == "thuongtruc":  # nothing built yet from the sheets as they are now
            assert client.post(into, data={"csrf_token": token(client, page)}).status_code == 409
        client.post(f"/khen-thuong/{CAMPAIGN}/quyet-dinh",
                    headers={"X-CSRFToken": token(client, page)})
        jobs.wait_all()
        assert "Đưa Quyết định vào quy trình" in client.get(page).get_data(as_text=True)
        answer = client.post(into, data={"csrf_token": token(client, page)})
        assert answer.status_code == expected, answer.get_data(as_text=True)
        stable = awards.site.data / "khen-thuong" / CAMPAIGN / "quy-trinh"
        assert stable.is_dir() == (expected == 303)  # a refusal touches nothing
    doc_id = f"{CAMPAIGN}-tong-ket-2021-2025/quyet-dinh-khen-thuong"
    assert answer.headers["Location"].endswith(f"/van-ban/{doc_id}")
    shown = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Về việc tặng Giấy khen của Chủ tịch UBND thành phố" in shown
    assert f"{doc_id}</a>, Dự thảo" in client.get(page).get_data(as_text=True)
    head = _client(awards, "td-noivu")  # a new sheet: one collective fewer
    fewer = NOI_VU.read_text("utf-8").replace('par_index: "95,2"', 'par_index: "80,1"')
    assert _upload(head, "phong-noi-vu", fewer.encode(), "noi-vu.yml").status_code == 303
    client.post(f"/khen-thuong/{CAMPAIGN}/quyet-dinh", headers={"X-CSRFToken": token(client, page)})
    jobs.wait_all()
    assert client.post(into, data={"csrf_token": token(client, page)}).status_code == 303
    with engine.connect() as conn:
        rows = list(conn.execute(select(documents).where(documents.c.loai == "quyet_dinh")
                                 .where(documents.c.id.like(f"{CAMPAIGN}-%"))))
    assert [r.id for r in rows] == [doc_id]  # the same document, a new version
    assert [e.action for e in history(engine, doc_id)].count("phien_ban") == 2
