"""The quản trị's pages through the Flask test client: roles given to an existing account, an
account locked, a body profile imported or refreshed, the separation-of-duties policy, and a
DOCX template replaced; each refusal (not a quản trị, not of that body, a bad upload) shows its
Vietnamese message and writes nothing."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from engine.accounts.roles import Role
from engine.accounts.users import Grant, add_user
from engine.campaign.yaml_writer import dump
from engine.db.tables import bodies, roles, users
from engine.workflow import rows
from tests.helpers import PROFILE
from tests.office import PASSWORD, Office, office
from tests.web_client import Site, body, logged_in, login, make_site, post, token

OTHER = dict(PROFILE, ma="ubnd-xa-binh-minh", ten="Ủy ban nhân dân xã Bình Minh",
             ten_in=["ỦY BAN NHÂN DÂN", "XÃ BÌNH MINH"])
LETTER = {"co_quan": PROFILE["ma"], "loai": "cong_van", "don_vi_soan_thao": "VP",
          "trich_yeu": "Về việc kiểm tra quyền quản trị", "kinh_gui": "Trưởng các thôn",
          "nguoi_ky": "ct-a", "quyen_han": "", "noi_nhan": "Như Kính gửi",
          **body(("doan", "Đề nghị các thôn báo cáo trước ngày 20."))}


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return make_site(tmp_path)


def _roles_of(site: Site, login_name: str) -> set[tuple[str, str]]:
    with site.engine.connect() as conn:
        found = conn.execute(select(roles.c.body, roles.c.role).join(
            users, users.c.id == roles.c.user_id).where(users.c.login == login_name))
        return {(r.body, r.role) for r in found}


def _body_row(site: Site, ma: str) -> Any:
    with site.engine.connect() as conn:
        return conn.execute(select(bodies).where(bodies.c.ma == ma)).first()


def _second_body(site: Site, tmp_path: Path) -> Office:
    """A second body (its accounts start with «bm-») that the site's quản trị also administers,
    and «quantri2»: a quản trị of the first body only."""
    folder = tmp_path / "binh-minh"
    folder.mkdir()
    (folder / "co-quan.yaml").write_text(dump(OTHER), "utf-8")
    other = office(site.engine, folder / "co-quan.yaml", "bm-", admin=site.staff.admin)
    with site.engine.begin() as conn:
        add_user(conn, "quantri2", "Vũ Quản Trị Hai", PASSWORD,
                 [Grant(site.staff.body, Role.ADMIN)], site.staff.admin)
    return other


def _upload(client: FlaskClient, data: bytes, name: str) -> Any:
    return client.post("/quan-tri/ho-so", data={
        "hs-tep": (io.BytesIO(data), name), "csrf_token": token(client, "/quan-tri")},
        content_type="multipart/form-data")


def _act(client: FlaskClient, doc: str, action: str) -> Any:
    return post(client, f"/van-ban/{doc}/thao-tac", f"/van-ban/{doc}", {"action": action})


# Roles given to an existing account


def test_a_quan_tri_gives_an_existing_account_another_role(site: Site) -> None:
    admin = logged_in(site, "admin")
    answer = post(admin, "/quan-tri/tai-khoan/duyet/vai-tro", "/quan-tri", {
        "tk-body": PROFILE["ma"], "tk-roles": ["van_thu"]})
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/quan-tri")
    assert _roles_of(site, "duyet") == {(PROFILE["ma"], "lanh_dao_don_vi"),
                                        (PROFILE["ma"], "van_thu")}
    page = admin.get("/quan-tri").get_data(as_text=True)
    assert f"{PROFILE['ma']}: lãnh đạo đơn vị duyệt; {PROFILE['ma']}: văn thư" in page


def test_roles_for_an_unknown_account_or_a_wrong_signer_are_refused_whole(site: Site) -> None:
    admin = logged_in(site, "admin")
    answer = post(admin, "/quan-tri/tai-khoan/khong-co/vai-tro", "/quan-tri", {
        "tk-body": PROFILE["ma"], "tk-roles": ["van_thu"]})
    assert answer.status_code == 303
    assert "Không có tài khoản «khong-co»." in admin.get("/quan-tri").get_data(as_text=True)
    # A người ký grant must name the profile's signer of the account's own name: «ct-a» is
    # Nguyễn Văn An, not Phạm Thị Duyệt; the văn thư role asked with it is not given either.
    answer = post(admin, "/quan-tri/tai-khoan/duyet/vai-tro", "/quan-tri", {
        "tk-body": PROFILE["ma"], "tk-roles": ["van_thu", "nguoi_ky"], "tk-signer": "ct-a"})
    assert answer.status_code == 303
    page = admin.get("/quan-tri").get_data(as_text=True)
    assert "là «Nguyễn Văn An», không phải «Phạm Thị Duyệt»" in page
    assert _roles_of(site, "duyet") == {(PROFILE["ma"], "lanh_dao_don_vi")}


def test_roles_in_a_body_the_quan_tri_does_not_administer_are_403(site: Site) -> None:
    admin = logged_in(site, "admin")
    answer = post(admin, "/quan-tri/tai-khoan/duyet/vai-tro", "/quan-tri", {
        "tk-body": "ubnd-xa-khac", "tk-roles": ["quan_tri"]})
    assert answer.status_code == 403
    assert "«admin» không phải quản trị của cơ quan «ubnd-xa-khac»" in answer.get_data(
        as_text=True)
    assert _roles_of(site, "duyet") == {(PROFILE["ma"], "lanh_dao_don_vi")}
    drafter = logged_in(site, "soan")
    answer = post(drafter, "/quan-tri/tai-khoan/soan/vai-tro", "/viec-cua-toi", {
        "tk-body": PROFILE["ma"], "tk-roles": ["quan_tri"]})
    assert answer.status_code == 403
    assert "Trang này dành cho quản trị." in answer.get_data(as_text=True)
    assert _roles_of(site, "soan") == {(PROFILE["ma"], "soan_thao")}


def test_a_new_account_with_a_taken_login_or_no_unit_is_refused(site: Site) -> None:
    admin = logged_in(site, "admin")
    taken = post(admin, "/quan-tri/tai-khoan", "/quan-tri", {
        "tk-login": "soan", "tk-full_name": "Người Trùng Tên", "tk-password": "mat-khau-rat-dai",
        "tk-body": PROFILE["ma"], "tk-roles": ["van_thu"]})
    assert taken.status_code == 400
    assert "Đã có tài khoản «soan»." in taken.get_data(as_text=True)
    assert _roles_of(site, "soan") == {(PROFILE["ma"], "soan_thao")}
    no_unit = post(admin, "/quan-tri/tai-khoan", "/quan-tri", {
        "tk-login": "truong-phong", "tk-full_name": "Trưởng Phòng", "tk-password":
        "mat-khau-rat-dai", "tk-body": PROFILE["ma"], "tk-roles": ["thu_truong_don_vi"],
        "tk-unit": "Phòng Nội vụ"})
    assert no_unit.status_code == 400
    assert "Thủ trưởng đơn vị cần mã đơn vị hợp lệ (nhận «Phòng Nội vụ»)" in no_unit.get_data(
        as_text=True)
    with site.engine.connect() as conn:
        assert conn.execute(select(users).where(users.c.login == "truong-phong")).first() is None
    made = post(admin, "/quan-tri/tai-khoan", "/quan-tri", {
        "tk-login": "truong-phong", "tk-full_name": "Trưởng Phòng", "tk-password":
        "mat-khau-rat-dai", "tk-body": PROFILE["ma"], "tk-roles": ["thu_truong_don_vi"],
        "tk-unit": "phong-noi-vu"})
    assert made.status_code == 303
    assert "Đã tạo tài khoản «truong-phong» (Trưởng Phòng)." in admin.get(
        "/quan-tri").get_data(as_text=True)
    with site.engine.connect() as conn:
        assert conn.execute(select(roles.c.unit).join(users, users.c.id == roles.c.user_id)
                            .where(users.c.login == "truong-phong")).scalar() == "phong-noi-vu"


# Locking an account


def test_locking_an_unknown_account_is_404(site: Site) -> None:
    admin = logged_in(site, "admin")
    answer = post(admin, "/quan-tri/tai-khoan/khong-co/khoa", "/quan-tri", {})
    assert answer.status_code == 404
    assert "Không có tài khoản «khong-co»." in answer.get_data(as_text=True)


def test_a_quan_tri_cannot_lock_an_account_of_another_body(site: Site, tmp_path: Path) -> None:
    other = _second_body(site, tmp_path)
    second = logged_in(site, "quantri2")
    answer = post(second, f"/quan-tri/tai-khoan/{other.drafter.login}/khoa", "/quan-tri", {})
    assert answer.status_code == 403
    assert "«quantri2» không quản trị cơ quan nào của «bm-soan»" in answer.get_data(
        as_text=True)
    with site.engine.connect() as conn:
        assert conn.execute(select(users.c.disabled).where(
            users.c.login == "bm-soan")).scalar() is False
    assert login(site.app.test_client(), "bm-soan").status_code == 302  # still active
    # The quản trị of both bodies may lock it: its sessions end, it can no longer log in.
    locked = post(logged_in(site, "admin"), "/quan-tri/tai-khoan/bm-soan/khoa", "/quan-tri", {})
    assert locked.status_code == 303
    refused = login(site.app.test_client(), "bm-soan")
    assert refused.status_code == 403  # a locked account, not "too many requests"
    assert "Tài khoản «bm-soan» đã bị khóa." in refused.get_data(as_text=True)


# Body profiles


def test_a_new_body_profile_is_imported_and_its_quan_tri_is_the_uploader(site: Site) -> None:
    admin = logged_in(site, "admin")
    answer = _upload(admin, dump(OTHER).encode("utf-8"), "binh-minh.yaml")
    assert answer.status_code == 303
    page = admin.get("/quan-tri").get_data(as_text=True)
    assert "Đã nhập hồ sơ cơ quan «ubnd-xa-binh-minh»." in page
    assert '<option value="ubnd-xa-binh-minh">' in page  # now a body of the forms
    row = _body_row(site, "ubnd-xa-binh-minh")
    assert row.ten == "Ủy ban nhân dân xã Bình Minh" and "XÃ BÌNH MINH" in row.ten_in
    assert ("ubnd-xa-binh-minh", "quan_tri") in _roles_of(site, "admin")
    # Uploading it again with another name refreshes the row (no second body).
    renamed = dict(OTHER, ten="Ủy ban nhân dân xã Bình Minh Mới")
    assert _upload(admin, dump(renamed).encode("utf-8"), "binh-minh.yml").status_code == 303
    assert _body_row(site, "ubnd-xa-binh-minh").ten == "Ủy ban nhân dân xã Bình Minh Mới"
    with site.engine.connect() as conn:
        assert len(conn.execute(select(bodies.c.ma)).all()) == 2


def test_a_bad_profile_upload_shows_its_problems_and_imports_nothing(site: Site) -> None:
    admin = logged_in(site, "admin")
    missing = admin.post("/quan-tri/ho-so", data={"csrf_token": token(admin, "/quan-tri")},
                         content_type="multipart/form-data")
    assert missing.status_code == 400 and "Chọn tệp." in missing.get_data(as_text=True)
    wrong = _upload(admin, b"PK\x03\x04", "ho-so.docx")
    assert wrong.status_code == 400
    assert "Chỉ nhận tệp .yaml/.yml." in wrong.get_data(as_text=True)
    broken = dict(OTHER)
    del broken["nguoi_dung_dau"]
    answer = _upload(admin, dump(broken).encode("utf-8"), "binh-minh.yaml")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert 'id="hs-tep-loi">co-quan.yaml' in page and "nguoi_dung_dau" in page
    assert "/tmp" not in page  # the server's scratch folder is not shown
    assert _body_row(site, "ubnd-xa-binh-minh") is None
    assert ("ubnd-xa-binh-minh", "quan_tri") not in _roles_of(site, "admin")


def test_only_a_quan_tri_of_an_existing_body_refreshes_its_profile(site: Site,
                                                                    tmp_path: Path) -> None:
    _second_body(site, tmp_path)
    second = logged_in(site, "quantri2")
    renamed = dict(OTHER, ten="Tên bị đổi trái phép")
    answer = _upload(second, dump(renamed).encode("utf-8"), "binh-minh.yaml")
    assert answer.status_code == 403
    assert "«quantri2» không phải quản trị của cơ quan «ubnd-xa-binh-minh»" in answer.get_data(
        as_text=True)
    assert _body_row(site, "ubnd-xa-binh-minh").ten == "Ủy ban nhân dân xã Bình Minh"
    drafter = logged_in(site, "soan")
    answer = drafter.post("/quan-tri/ho-so", data={
        "hs-tep": (io.BytesIO(dump(renamed).encode("utf-8")), "binh-minh.yaml"),
        "csrf_token": token(drafter, "/viec-cua-toi")}, content_type="multipart/form-data")
    assert answer.status_code == 403 and "Trang này dành cho quản trị." in answer.get_data(
        as_text=True)
    assert _body_row(site, "ubnd-xa-binh-minh").ten == "Ủy ban nhân dân xã Bình Minh"


# The separation-of-duties policy


def test_the_self_approval_policy_decides_whether_an_author_approves(site: Site) -> None:
    admin = logged_in(site, "admin")
    # The drafter also becomes a reviewer of the body.
    post(admin, "/quan-tri/tai-khoan/soan/vai-tro", "/quan-tri", {
        "tk-body": PROFILE["ma"], "tk-roles": ["lanh_dao_don_vi"]})
    author = logged_in(site, "soan")
    created = post(author, "/van-ban-moi", "/van-ban-moi", LETTER)
    assert created.status_code == 303
    doc = created.headers["Location"].split("/van-ban/", 1)[1]
    _act(author, doc, "trinh")
    refused = _act(author, doc, "duyet")
    assert refused.status_code == 403
    assert "là người soạn phiên bản này" in refused.get_data(as_text=True)
    assert str(next(rows(site.engine, doc)).state) == "cho_duyet"
    allowed = post(admin, "/quan-tri/chinh-sach", "/quan-tri", {
        "cs-body": PROFILE["ma"], "cs-self_approval": "y"})
    assert allowed.status_code == 303
    assert "Đã lưu chính sách phân tách nhiệm vụ." in admin.get("/quan-tri").get_data(
        as_text=True)
    assert _body_row(site, PROFILE["ma"]).self_approval is True
    assert _act(author, doc, "duyet").status_code == 303
    assert str(next(rows(site.engine, doc)).state) == "da_duyet"
    # Unchecked: forbidden again.
    post(admin, "/quan-tri/chinh-sach", "/quan-tri", {"cs-body": PROFILE["ma"]})
    assert _body_row(site, PROFILE["ma"]).self_approval is False


def test_a_policy_for_a_body_not_administered_changes_nothing(site: Site) -> None:
    admin = logged_in(site, "admin")
    answer = post(admin, "/quan-tri/chinh-sach", "/quan-tri", {
        "cs-body": "ubnd-xa-khac", "cs-self_approval": "y"})
    assert answer.status_code == 303
    assert "Đã lưu chính sách" not in admin.get("/quan-tri").get_data(as_text=True)
    assert _body_row(site, PROFILE["ma"]).self_approval is False
    drafter = logged_in(site, "soan")
    answer = post(drafter, "/quan-tri/chinh-sach", "/viec-cua-toi", {
        "cs-body": PROFILE["ma"], "cs-self_approval": "y"})
    assert answer.status_code == 403
    assert _body_row(site, PROFILE["ma"]).self_approval is False


# Templates


@pytest.fixture
def templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the installation's templates, as $VANBAN_TEMPLATES."""
    from engine.document.templates import default_templates

    copy = tmp_path / "mau"
    shutil.copytree(default_templates(), copy)
    monkeypatch.setenv("VANBAN_TEMPLATES", str(copy))
    return copy


NAME = "letters/cong_van.docx"


def _send_template(client: FlaskClient, data: bytes, filename: str = "cong_van.docx") -> Any:
    return client.post("/quan-tri/mau", data={
        "name": NAME, "tep": (io.BytesIO(data), filename),
        "csrf_token": token(client, "/quan-tri/mau")}, content_type="multipart/form-data")


def _pending(site: Site) -> list[Path]:
    return sorted((site.data / "mau-cho").glob("*.docx"))


def test_a_file_that_is_not_a_template_is_refused_at_the_field(site: Site,
                                                                templates: Path) -> None:
    admin = logged_in(site, "admin")
    before = (templates / NAME).read_bytes()
    answer = _send_template(admin, b"khong phai docx")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert ('<p class="error">Không dùng được mẫu «cong_van.docx»: không phải tệp DOCX hợp lệ'
            in page)
    assert "Áp dụng mẫu" not in page  # nothing to confirm
    assert _pending(site) == [] and (templates / NAME).read_bytes() == before
    assert post(admin, "/quan-tri/mau/ap-dung", "/quan-tri", {}).status_code == 409
    wrong = _send_template(admin, b"x", "cong_van.doc")
    assert wrong.status_code == 400 and "Chỉ nhận tệp .docx." in wrong.get_data(as_text=True)


def test_a_template_used_by_another_bodys_documents_needs_its_quan_tri(
        site: Site, templates: Path, tmp_path: Path) -> None:
    other = _second_body(site, tmp_path)
    theirs = logged_in(site, other.drafter.login)
    created = post(theirs, "/van-ban-moi", "/van-ban-moi", {**LETTER, "co_quan": OTHER["ma"]})
    assert created.status_code == 303
    second = logged_in(site, "quantri2")
    answer = _send_template(second, (templates / NAME).read_bytes())
    assert answer.status_code == 403
    assert ("Mẫu dùng chung: cần là quản trị của mọi cơ quan có văn bản dùng nó "
            "(ubnd-xa-binh-minh)") in answer.get_data(as_text=True)
    assert _pending(site) == []


def test_a_confirmation_refused_since_the_check_writes_nothing(
        site: Site, templates: Path, tmp_path: Path) -> None:
    other = _second_body(site, tmp_path)
    second = logged_in(site, "quantri2")
    before = (templates / NAME).read_bytes()
    shown = _send_template(second, before)
    assert shown.status_code == 200 and "Áp dụng mẫu" in shown.get_data(as_text=True)
    assert len(_pending(site)) == 1
    # Meanwhile the other body drafts a công văn: the template is now shared with it.
    theirs = logged_in(site, other.drafter.login)
    created = post(theirs, "/van-ban-moi", "/van-ban-moi", {**LETTER, "co_quan": OTHER["ma"]})
    assert created.status_code == 303
    answer = post(second, "/quan-tri/mau/ap-dung", "/quan-tri", {})
    assert answer.status_code == 403
    assert "ubnd-xa-binh-minh" in answer.get_data(as_text=True)
    assert _pending(site) == []  # the pending upload is dropped
    assert (templates / NAME).read_bytes() == before
    assert post(second, "/quan-tri/mau/ap-dung", "/quan-tri", {}).status_code == 409
