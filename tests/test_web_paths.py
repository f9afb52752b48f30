"""The web's less travelled paths through the Flask test client: the form and the upload
refused (no drafting role, a document not written in the form, a campaign id already used, a
refusal of drafting), a campaign exported as YAML, and the page images of a preview (made
once; a failure shown, nothing half made)."""

from __future__ import annotations

import io
import os
import shutil
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from engine.campaign.yaml_writer import dump
from engine.db.tables import documents, versions
from engine.errors import AccessDenied, EngineError, WorkflowError
from engine.jobs import preview
from engine.web import jobs
from engine.word.reader import Docx
from tests.helpers import PROFILE, document
from tests.office import office
from tests.web_client import Site, body, download, logged_in, make_site, post, token

FIELDS = {"co_quan": PROFILE["ma"], "loai": "cong_van", "don_vi_soan_thao": "VP",
          "trich_yeu": "Về việc rà soát hồ sơ một cửa", "kinh_gui": "Trưởng các thôn",
          "nguoi_ky": "ct-a", "quyen_han": "", "noi_nhan": "Như Kính gửi"}


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return make_site(tmp_path)


def _letter(client: FlaskClient, text: str) -> str:
    """Draft a công văn from the form whose body is `text`; return its id."""
    answer = post(client, "/van-ban-moi", "/van-ban-moi", {**FIELDS, **body(("doan", text))})
    assert answer.status_code == 303, answer.get_data(as_text=True)[-1500:]
    return str(answer.headers["Location"].split("/van-ban/", 1)[1])


def _documents(site: Site) -> list[Any]:
    with site.engine.connect() as conn:
        return list(conn.execute(select(documents).order_by(documents.c.id)))


def _campaign_folders(site: Site) -> list[Path]:
    folder = site.data / "chien-dich"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def _campaign_text(ma: str | None = None, trich_yeu: str = "Về tăng cường kỷ cương") -> bytes:
    campaign: dict[str, Any] = {"co_quan": f"co-quan/{PROFILE['ma']}.yaml",
                                "chien_dich": {"ten": "Kỷ cương hành chính"},
                                "van_ban": [document(trich_yeu=trich_yeu)]}
    if ma is not None:
        campaign = {"ma": ma, **campaign}
    return dump(campaign).encode("utf-8")


def _send(client: FlaskClient, data: bytes) -> Any:
    return client.post("/tai-len", data={"tep": (io.BytesIO(data), "chien-dich.yaml"),
                                         "csrf_token": token(client, "/tai-len")},
                       content_type="multipart/form-data")


# The form


def test_an_account_without_a_drafting_role_gets_neither_the_form_nor_its_check(
        site: Site) -> None:
    leader = logged_in(site, "duyet")
    answer = leader.get("/van-ban-moi")
    assert answer.status_code == 403
    assert "Bạn không có vai trò soạn thảo ở cơ quan nào đã nhập hồ sơ." in answer.get_data(
        as_text=True)
    checked = leader.post("/van-ban-moi/kiem-tra", data={
        **FIELDS, **body(("doan", "Một đoạn.")), "csrf_token": token(leader, "/viec-cua-toi")})
    assert checked.status_code == 403
    assert "Bạn không có vai trò soạn thảo" in checked.get_data(as_text=True)
    assert _documents(site) == [] and _campaign_folders(site) == []


def test_only_a_drafter_of_the_body_edits_a_form_document(site: Site) -> None:
    doc = _letter(logged_in(site, "soan"), "Đoạn của người soạn.")
    stored = Path(_documents(site)[0].campaign).with_name("bieu-mau.json")
    before = stored.read_bytes()
    leader = logged_in(site, "duyet")
    shown = leader.get(f"/van-ban/{doc}/sua")
    assert shown.status_code == 403
    assert "Bạn không có vai trò soạn thảo của cơ quan này." in shown.get_data(as_text=True)
    changed = leader.post(f"/van-ban/{doc}/sua", data={
        **FIELDS, **body(("doan", "Đoạn lãnh đạo tự sửa.")),
        "csrf_token": token(leader, f"/van-ban/{doc}")})
    assert changed.status_code == 403
    assert stored.read_bytes() == before
    with site.engine.connect() as conn:
        assert len(conn.execute(select(versions.c.hash).where(
            versions.c.document == doc)).all()) == 1


def test_a_document_past_drafting_is_not_edited_by_a_direct_post(site: Site) -> None:
    """The edit button shows only for drafts and returned documents; a POST to the edit route
    of a document waiting for review is refused too, and its stored form stays as it was."""
    clerk = logged_in(site, "soan")
    doc = _letter(clerk, "Đoạn trình duyệt.")
    assert post(clerk, f"/van-ban/{doc}/thao-tac", f"/van-ban/{doc}",
                {"action": "trinh"}).status_code == 303
    stored = Path(_documents(site)[0].campaign).with_name("bieu-mau.json")
    before = stored.read_bytes()
    changed = clerk.post(f"/van-ban/{doc}/sua", data={
        **FIELDS, **body(("doan", "Đoạn sửa sau khi trình.")),
        "csrf_token": token(clerk, f"/van-ban/{doc}")})
    assert changed.status_code == 409
    assert "Chỉ sửa được văn bản dự thảo hoặc bị trả lại" in changed.get_data(as_text=True)
    assert stored.read_bytes() == before
    assert clerk.get(f"/van-ban/{doc}/sua").status_code == 409


def test_the_check_of_a_form_without_body_blocks_answers_and_stores_nothing(
        site: Site) -> None:
    clerk = logged_in(site, "soan")
    answer = clerk.post("/van-ban-moi/kiem-tra", data={
        **FIELDS, "csrf_token": token(clerk, "/van-ban-moi")})
    fragment = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert 'id="loi-trich_yeu"' in fragment and 'id="loi-kinh_gui"' in fragment
    assert '<p class="error"' not in fragment  # the fields are right; the body is not a field
    assert _documents(site) == [] and _campaign_folders(site) == []


@pytest.mark.parametrize(("error", "status"), [
    (WorkflowError("Văn bản đang được người khác sửa.", code="concurrent-change"), 400),
    (AccessDenied("role-required", "«soan» không có vai trò «soạn thảo» lúc lưu"), 403)])
def test_a_refusal_of_drafting_is_shown_and_nothing_is_drafted(
        site: Site, monkeypatch: pytest.MonkeyPatch, error: EngineError, status: int) -> None:
    def refused(*_: Any, **__: Any) -> Any:
        raise error

    clerk = logged_in(site, "soan")
    monkeypatch.setattr("engine.web.campaigns.draft", refused)
    answer = post(clerk, "/van-ban-moi", "/van-ban-moi",
                  {**FIELDS, **body(("doan", "Một đoạn văn đủ dài."))})
    page = answer.get_data(as_text=True)
    assert answer.status_code == status and error.message in page
    if status == 400:  # the form again, its values kept
        assert "Văn bản chưa lưu được:" in page and "Về việc rà soát hồ sơ một cửa" in page
        assert _campaign_folders(site) == []  # the form's files are removed
    assert _documents(site) == []


# Uploads and exports


def test_an_uploaded_campaign_is_drafted_but_not_edited_in_the_form(site: Site) -> None:
    clerk = logged_in(site, "soan")
    answer = _send(clerk, _campaign_text())
    assert answer.status_code == 303
    doc = answer.headers["Location"].split("/van-ban/", 1)[1]
    [row] = _documents(site)
    assert row.id == doc and row.state == "du_thao" and row.body == PROFILE["ma"]
    assert "Về tăng cường kỷ cương" in Docx(download(clerk, f"/van-ban/{doc}/tai/docx")).text()
    edit = clerk.get(f"/van-ban/{doc}/sua")
    assert edit.status_code == 404
    assert "Văn bản này không tạo từ biểu mẫu: sửa tệp chiến dịch rồi tải lên lại." in \
        edit.get_data(as_text=True)


def test_a_campaign_id_already_used_by_another_upload_is_refused(site: Site) -> None:
    clerk = logged_in(site, "soan")
    assert _send(clerk, _campaign_text("ky-cuong-2026")).status_code == 303
    folders = _campaign_folders(site)
    again = _send(clerk, _campaign_text("ky-cuong-2026", "Về một việc khác"))
    page = again.get_data(as_text=True)
    assert again.status_code == 400
    assert "Tệp có 1 lỗi, chưa đưa vào quy trình:" in page
    assert "Mã chiến dịch «ky-cuong-2026»" in page and "đã được dùng cho" in page
    assert str(site.data) not in page and "/chien-dich/" not in page  # no server folder shown
    assert [row.trich_yeu for row in _documents(site)] == ["Về tăng cường kỷ cương"]
    assert _campaign_folders(site) == folders  # the refused upload's folder is removed


def test_an_upload_refused_by_drafting_is_403_with_its_message(
        site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*_: Any, **__: Any) -> Any:
        raise AccessDenied("role-required", "«soan» mất vai trò «soạn thảo»")

    clerk = logged_in(site, "soan")
    monkeypatch.setattr("engine.web.campaigns.draft", refused)
    answer = _send(clerk, _campaign_text())
    assert answer.status_code == 403
    assert "«soan» mất vai trò «soạn thảo»" in answer.get_data(as_text=True)
    assert _documents(site) == []


def test_a_campaign_is_exported_as_the_yaml_the_database_holds(site: Site) -> None:
    clerk = logged_in(site, "soan")
    form_doc = _letter(clerk, "Đoạn văn xuất ra YAML.")
    uploaded = _send(clerk, _campaign_text()).headers["Location"].split("/van-ban/", 1)[1]
    for doc, profile in ((form_doc, "co-quan.yaml"), (uploaded, f"co-quan/{PROFILE['ma']}.yaml")):
        campaign_id = doc.split("/", 1)[0]
        answer = clerk.get(f"/chien-dich/{campaign_id}/xuat")
        assert answer.status_code == 200 and answer.mimetype == "application/zip"
        assert f"{campaign_id}.zip" in answer.headers["Content-Disposition"]
        with zipfile.ZipFile(io.BytesIO(answer.data)) as archive:
            assert sorted(archive.namelist()) == sorted(["chien-dich.yaml", profile])
            assert PROFILE["ten"] in archive.read(profile).decode("utf-8")
            text = archive.read("chien-dich.yaml").decode("utf-8")
        answer.close()
        expected = "Đoạn văn xuất ra YAML." if doc == form_doc else "Về tăng cường kỷ cương"
        assert expected in text


def test_an_unknown_or_another_bodys_campaign_is_not_exported(site: Site,
                                                              tmp_path: Path) -> None:
    clerk = logged_in(site, "soan")
    campaign_id = _letter(clerk, "Đoạn văn riêng của xã.").split("/", 1)[0]
    missing = clerk.get("/chien-dich/khong-co/xuat")
    assert missing.status_code == 404
    assert "Không tìm thấy chiến dịch." in missing.get_data(as_text=True)
    (tmp_path / "khac").mkdir()
    (tmp_path / "khac" / "co-quan.yaml").write_text(dump(dict(
        PROFILE, ma="ubnd-xa-binh-minh", ten="Ủy ban nhân dân xã Bình Minh")), "utf-8")
    other = office(site.engine, tmp_path / "khac" / "co-quan.yaml", "bm-",
                   admin=site.staff.admin)
    stranger = logged_in(site, other.drafter.login)
    refused = stranger.get(f"/chien-dich/{campaign_id}/xuat")
    assert refused.status_code == 404 and "Không tìm thấy chiến dịch." in refused.get_data(
        as_text=True)
    assert "Đoạn văn riêng" not in refused.get_data(as_text=True)


# Page images


needs_office = pytest.mark.skipif(shutil.which("soffice") is None or
                                  shutil.which("pdftoppm") is None,
                                  reason="LibreOffice and poppler-utils are installed by .ci/run")


@needs_office
def test_a_preview_is_made_once_and_served_page_by_page(site: Site,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    clerk = logged_in(site, "soan")
    doc = _letter(clerk, f"Bản xem trước {uuid.uuid4().hex}.")
    started = post(clerk, f"/van-ban/{doc}/xem-truoc", f"/van-ban/{doc}", {})
    assert started.status_code == 200
    jobs.wait_all()
    panel = clerk.get(f"/van-ban/{doc}/xem-truoc").get_data(as_text=True)
    assert f'src="/van-ban/{doc}/trang/1"' in panel and "Trang 1" in panel
    pages = panel.count("<figure>")
    image = clerk.get(f"/van-ban/{doc}/trang/1")
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert image.data.startswith(b"\x89PNG")
    image.close()
    assert clerk.get(f"/van-ban/{doc}/trang/{pages + 1}").status_code == 404
    # Made once: doing it again converts nothing and keeps the images.
    [row] = _documents(site)
    images = preview.pages(site.data, row.current_version)
    assert len(images) == pages
    written = {path: path.read_bytes() for path in images}

    def no_conversion(*_: Any, **__: Any) -> Any:
        raise AssertionError("converted again")

    monkeypatch.setattr("engine.pdf.convert_all", no_conversion)
    preview.make(Path(row.out_dir) / f"{row.ma}.docx", site.data, row.current_version)
    assert {path: path.read_bytes() for path in preview.pages(
        site.data, row.current_version)} == written


@needs_office
def test_a_preview_whose_page_images_fail_shows_why_and_can_be_made_again(
        site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "bin"
    broken.mkdir()
    (broken / "pdftoppm").write_text("#!/bin/sh\necho 'hỏng' >&2\nexit 1\n", "utf-8")
    (broken / "pdftoppm").chmod(0o755)
    path = os.environ["PATH"]
    monkeypatch.setenv("PATH", f"{broken}{os.pathsep}{path}")
    clerk = logged_in(site, "soan")
    doc = _letter(clerk, f"Bản xem trước lỗi {uuid.uuid4().hex}.")
    post(clerk, f"/van-ban/{doc}/xem-truoc", f"/van-ban/{doc}", {})
    jobs.wait_all()
    panel = clerk.get(f"/van-ban/{doc}/xem-truoc").get_data(as_text=True)
    assert "Không tạo được bản xem trước: Không chuyển được «cong-van.docx» sang PDF: " \
           "không tạo được ảnh trang" in panel
    [row] = _documents(site)
    assert preview.pages(site.data, row.current_version) == []
    assert not preview.folder(site.data, row.current_version).exists()  # nothing half made
    assert clerk.get(f"/van-ban/{doc}/trang/1").status_code == 404
    # poppler repaired: asking again runs the job again.
    monkeypatch.setenv("PATH", path)
    post(clerk, f"/van-ban/{doc}/xem-truoc", f"/van-ban/{doc}", {})
    jobs.wait_all()
    image = clerk.get(f"/van-ban/{doc}/trang/1")
    assert image.status_code == 200 and image.data.startswith(b"\x89PNG")
    image.close()
