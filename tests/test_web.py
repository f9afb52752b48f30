"""The web application through the Flask test client: the clerk-to-văn thư journey on one
Công văn, and every item of the security list (CSRF, cookies, session rotation, throttling,
authorization by body and role, uploads, downloads, headers, no stack trace)."""

from __future__ import annotations

import io
import logging
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from engine.decree.dates import vietnam_date
from engine.web import jobs
from engine.web.app import create_app
from engine.web.settings import MAX_UPLOAD, Settings
from engine.word.reader import Docx
from engine.workflow import rows
from tests.helpers import PROFILE, dump
from tests.office import office
from tests.web_client import Site, body, download, logged_in, login, make_site, post, token

FIELDS = {"co_quan": PROFILE["ma"], "loai": "cong_van", "don_vi_soan_thao": "VP",
          "trich_yeu": "Về việc báo cáo kết quả cải cách hành chính quý I",
          "kinh_gui": "Các ban, ngành, đoàn thể xã\nTrưởng các thôn",
          "nguoi_ky": "ct-a", "quyen_han": "", "noi_nhan": "Như Kính gửi\nLưu trữ hồ sơ"}
LETTER_BODY = (("doan", "Thực hiện Kế hoạch cải cách hành chính năm 2025 của Ủy ban nhân dân "
                        "xã."), ("muc", "Nội dung báo cáo"),
               ("y", "Kết quả thực hiện các nhiệm vụ trọng tâm."))
LETTER = {**FIELDS, **body(*LETTER_BODY)}


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return make_site(tmp_path)


def _new_letter(client: FlaskClient, **changes: str) -> Any:
    return post(client, "/van-ban-moi", "/van-ban-moi", {**LETTER, **changes})


def _act(client: FlaskClient, doc: str, action: str, **extra: str) -> Any:
    return post(client, f"/van-ban/{doc}/thao-tac", f"/van-ban/{doc}", {"action": action,
                                                                        **extra})


def _state(site: Site, doc: str) -> str:
    return str(next(rows(site.engine, doc)).state)


def test_a_letter_goes_from_the_form_to_issued(site: Site) -> None:
    clerk = logged_in(site, "soan")
    created = _new_letter(clerk)
    assert created.status_code == 303
    doc = created.headers["Location"].split("/van-ban/", 1)[1]
    draft_text = Docx(download(clerk, f"/van-ban/{doc}/tai/docx")).text()
    assert "Kính gửi:" in draft_text and "- Các ban, ngành, đoàn thể xã;" in draft_text
    assert _act(clerk, doc, "trinh").status_code == 303
    leader = logged_in(site, "duyet")
    _act(leader, doc, "tra_lai", comment="Bổ sung thời hạn báo cáo")
    inbox = clerk.get("/viec-cua-toi").get_data(as_text=True)
    assert doc in inbox and "Bổ sung thời hạn báo cáo" in inbox
    fixed = {**LETTER, "khoi-3-loai": "y", "khoi-3-van_ban": "Báo cáo gửi trước ngày 15/4/2025."}
    assert post(clerk, f"/van-ban/{doc}/sua", f"/van-ban/{doc}/sua", fixed).status_code == 303
    _act(clerk, doc, "trinh")
    page = leader.get(f"/van-ban/{doc}").get_data(as_text=True)
    # The change since the previous version, as the reviewer reads it.
    assert '<span class="add">+b) Báo cáo gửi trước ngày 15/4/2025./.</span>' in page
    assert '<span class="del">-a) Kết quả thực hiện các nhiệm vụ trọng tâm./.</span>' in page
    _act(leader, doc, "duyet")
    _act(logged_in(site, "ky"), doc, "ky")
    clerk_vt = logged_in(site, "vanthu")
    assert _act(clerk_vt, doc, "cap_so").status_code == 303
    jobs.wait_all()
    assert _state(site, doc) == "da_ban_hanh"
    issued = Docx(download(clerk_vt, f"/van-ban/{doc}/tai/docx")).text()
    assert "Số: 01/UBND-VP" in issued and "15/4/2025" in issued
    if shutil.which("soffice"):
        assert download(clerk_vt, f"/van-ban/{doc}/tai/pdf").startswith(b"%PDF-")
    year = datetime.now(UTC).year
    register = clerk_vt.get(f"/so-dang-ky?nam={year}&q=quý I").get_data(as_text=True)
    assert "01/UBND-VP" in register
    assert download(clerk_vt, f"/so-dang-ky/xuat/xlsx?nam={year}")[:2] == b"PK"


def test_a_missing_field_shows_the_vietnamese_error_at_the_field(site: Site) -> None:
    clerk = logged_in(site, "soan")
    answer = _new_letter(clerk, trich_yeu="", kinh_gui="")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert re.search(r'id="trich_yeu-loi">Nhập trích yếu nội dung văn bản\.', page)
    assert re.search(r'aria-invalid="true"[^>]*id="trich_yeu"|id="trich_yeu"[^>]*aria-invalid',
                     page)
    # The campaign loader's own rule, shown at its field: a công văn needs "Kính gửi".
    answer = _new_letter(clerk, kinh_gui="")
    assert answer.status_code == 400 and 'id="kinh_gui-loi"' in answer.get_data(as_text=True)


def _drafted(site: Site) -> tuple[FlaskClient, str]:
    clerk = logged_in(site, "soan")
    doc = _new_letter(clerk).headers["Location"].split("/van-ban/", 1)[1]
    _act(clerk, doc, "trinh")
    return clerk, doc


def test_a_state_change_without_or_with_a_wrong_csrf_token_is_refused(site: Site) -> None:
    _, doc = _drafted(site)
    leader = logged_in(site, "duyet")
    for data in ({"action": "duyet"}, {"action": "duyet", "csrf_token": "sai"}):
        answer = leader.post(f"/van-ban/{doc}/thao-tac", data=data)
        assert answer.status_code == 400 and "biểu mẫu không hợp lệ" in answer.get_data(
            as_text=True)
    assert _state(site, doc) == "cho_duyet"


def test_the_session_cookie_is_httponly_lax_and_secure_behind_https(tmp_path: Path) -> None:
    for https in (False, True):
        folder = tmp_path / str(https)
        folder.mkdir()
        client = make_site(folder, https=https).app.test_client()
        cookie = login(client, "soan").headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert ("Secure" in cookie) is https


def test_the_session_changes_at_login_and_ends_at_logout(site: Site) -> None:
    client = site.app.test_client()
    client.get("/dang-nhap")
    before = client.get_cookie("session")
    login(client, "soan")
    after = client.get_cookie("session")
    assert before is not None and after is not None and before.value != after.value
    stolen = after.value
    post(client, "/dang-xuat", "/viec-cua-toi", {})
    replay = site.app.test_client()
    replay.set_cookie("session", stolen)
    assert replay.get("/viec-cua-toi").status_code == 302  # the token was revoked


def test_five_failed_logins_lock_the_account_for_a_quarter_hour(
        site: Site, caplog: pytest.LogCaptureFixture) -> None:
    client = site.app.test_client()
    with caplog.at_level(logging.WARNING, "vanban.security"):
        for _ in range(5):
            assert login(client, "soan", "sai-mat-khau-1").status_code == 401
    assert login(client, "soan").status_code == 429  # even the right password, for now
    other = site.app.test_client()
    assert login(other, "duyet").status_code == 429  # the same address is locked too
    assert sum("đăng nhập sai" in r.getMessage() for r in caplog.records) == 5


def test_another_bodys_document_does_not_exist_for_a_user(tmp_path: Path) -> None:
    ours = make_site(tmp_path)
    clerk, doc = _drafted(ours)
    theirs_profile = dict(PROFILE, ma="ubnd-xa-binh-minh", ten="Ủy ban nhân dân xã Bình Minh",
                          ten_in=["ỦY BAN NHÂN DÂN", "XÃ BÌNH MINH"])
    (tmp_path / "khac").mkdir()
    (tmp_path / "khac" / "co-quan.yaml").write_text(dump(theirs_profile), "utf-8")
    other = office(ours.engine, tmp_path / "khac" / "co-quan.yaml",
                   "bm-", admin=ours.staff.admin)
    stranger = logged_in(ours, other.reviewer.login)
    for url in (f"/van-ban/{doc}", f"/van-ban/{doc}/tai/docx", f"/van-ban/{doc}/xem-truoc"):
        assert stranger.get(url).status_code == 404
    answer = stranger.post(f"/van-ban/{doc}/thao-tac", data={
        "action": "duyet", "csrf_token": token(stranger, "/viec-cua-toi")})
    assert answer.status_code == 404 and _state(ours, doc) == "cho_duyet"
    assert doc not in stranger.get("/viec-cua-toi").get_data(as_text=True)


def test_a_clerk_posting_an_approval_gets_403_and_nothing_changes(site: Site) -> None:
    clerk, doc = _drafted(site)
    answer = _act(clerk, doc, "duyet")
    assert answer.status_code == 403 and "lãnh đạo đơn vị" in answer.get_data(as_text=True)
    assert _state(site, doc) == "cho_duyet"


def test_uploads_are_limited_in_size_and_type(site: Site) -> None:
    clerk = logged_in(site, "soan")
    # A body announced larger than the limit is refused before it is read.
    answer = clerk.post("/tai-len", data=b"--x--", content_type="multipart/form-data; boundary=x",
                        environ_overrides={"CONTENT_LENGTH": str(MAX_UPLOAD + 1)})
    assert answer.status_code == 413 and "quá lớn" in answer.get_data(as_text=True)
    wrong = {"tep": (io.BytesIO(b"MZ\x90\x00"), "virus.exe"),
             "csrf_token": token(clerk, "/tai-len")}
    answer = clerk.post("/tai-len", data=wrong, content_type="multipart/form-data")
    assert answer.status_code == 400 and "Chỉ nhận tệp .yaml" in answer.get_data(as_text=True)
    hostile = b"co_quan: ../../etc/passwd\nchien_dich: {ten: x}\nvan_ban: []\n"
    answer = clerk.post("/tai-len", data={"tep": (io.BytesIO(hostile), "c.yaml"),
                                          "csrf_token": token(clerk, "/tai-len")},
                        content_type="multipart/form-data")
    assert answer.status_code == 400 and "co_quan «../../etc/passwd»" in answer.get_data(
        as_text=True)


def test_an_uploaded_campaign_reports_every_problem_with_its_line(site: Site) -> None:
    clerk = logged_in(site, "soan")
    text = (f"co_quan: co-quan/{PROFILE['ma']}.yaml\nchien_dich:\n  ten: Thi đua\nvan_ban:\n"
            "  - ma: cv-1\n    loai: cong_van\n    trich_yeu: Về việc thử\n"
            "    noi_dung: [Một đoạn.]\n    mau_sac: đỏ\n")
    answer = clerk.post("/tai-len", data={"tep": (io.BytesIO(text.encode()), "c.yaml"),
                                          "csrf_token": token(clerk, "/tai-len")},
                        content_type="multipart/form-data")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "chien-dich.yaml:9" in page and "mau_sac" in page and "kinh_gui" in page


def test_downloads_never_take_a_path_from_the_request(site: Site) -> None:
    clerk, doc = _drafted(site)
    for url in (f"/van-ban/{doc}/tai/..%2F..%2Fvanban.db", f"/van-ban/{doc}/tai/db",
                "/van-ban/../../vanban.db/tai/docx", f"/van-ban/{doc}/trang/0"):
        assert clerk.get(url).status_code == 404


def test_every_page_sends_the_security_headers_and_no_inline_script(site: Site) -> None:
    clerk, doc = _drafted(site)
    for url in ("/dang-nhap", "/viec-cua-toi", f"/van-ban/{doc}", "/van-ban-moi", "/tai-len",
                "/so-dang-ky"):
        answer = clerk.get(url)
        csp = answer.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert answer.headers["X-Frame-Options"] == "DENY"
        page = answer.get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), url
        assert not re.search(r"\son[a-z]+=|\sstyle=", page), url


def test_a_fault_shows_a_reference_never_a_stack_trace(site: Site,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    clerk, doc = _drafted(site)

    def broken(*_: Any, **__: Any) -> Any:
        raise ZeroDivisionError("hỏng")

    monkeypatch.setattr("engine.web.documents.history", broken)
    with caplog.at_level(logging.ERROR, "vanban.web"):
        answer = clerk.get(f"/van-ban/{doc}")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 500 and "Mã tham chiếu" in page
    assert "Traceback" not in page and "ZeroDivisionError" not in page
    reference = re.search(r"<strong>([0-9A-F]{8})</strong>", page)
    assert reference and any(reference.group(1) in r.getMessage() for r in caplog.records)


def test_the_demo_office_has_an_account_per_role_and_the_samples_drafted(tmp_path: Path) -> None:
    from engine.cli.demo import PASSWORD as DEMO_PASSWORD
    from engine.cli.demo import seed_demo
    from engine.db.connect import open_engine
    from tests.conftest import SAMPLES

    engine = open_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    try:
        logins = seed_demo(engine, SAMPLES[0].parent, tmp_path / "data")
        assert {"demo-quantri", "demo-soan", "demo-duyet", "demo-vanthu",
                "demo-ct-truong-duc-san", "demo-td-phong-noi-vu",
                "demo-thuongtruc-cao-bang-kh-145-2022"} <= set(logins)
        drafted = {row.campaign_id for row in rows(engine)}
        assert drafted == {path.stem for path in SAMPLES}
        settings = Settings(str(engine.url), tmp_path / "data", "k" * 40, False, False)
        client = create_app(settings).test_client()
        assert login(client, "demo-duyet", DEMO_PASSWORD).status_code == 302
        assert "Việc của tôi" in client.get("/viec-cua-toi").get_data(as_text=True)
    finally:
        engine.dispose()


def test_an_administrator_adds_an_account_that_can_then_log_in(site: Site) -> None:
    admin = logged_in(site, "admin")
    made = post(admin, "/quan-tri/tai-khoan", "/quan-tri", {
        "tk-login": "moi", "tk-full_name": "Đinh Thị Mới", "tk-password": "mat-khau-rat-dai",
        "tk-body": PROFILE["ma"], "tk-roles": ["soan_thao", "van_thu"], "tk-signer": ""})
    assert made.status_code == 303
    page = admin.get("/quan-tri").get_data(as_text=True)
    assert "Đinh Thị Mới" in page and "soạn thảo" in page
    newcomer = site.app.test_client()
    assert login(newcomer, "moi", "mat-khau-rat-dai").status_code == 302
    weak = post(admin, "/quan-tri/tai-khoan", "/quan-tri", {
        "tk-login": "yeu", "tk-full_name": "Mật Khẩu Yếu", "tk-password": "ngan",
        "tk-body": PROFILE["ma"], "tk-roles": ["soan_thao"], "tk-signer": ""})
    assert weak.status_code == 400 and "ít nhất 10 ký tự" in weak.get_data(as_text=True)
    post(admin, "/quan-tri/tai-khoan/moi/khoa", "/quan-tri", {})
    assert newcomer.get("/viec-cua-toi").status_code == 302  # its session ended


def test_only_an_administrator_of_the_body_manages_its_accounts(site: Site) -> None:
    clerk = logged_in(site, "soan")
    assert clerk.get("/quan-tri").status_code == 403
    answer = post(clerk, "/quan-tri/tai-khoan/duyet/khoa", "/viec-cua-toi", {})
    assert answer.status_code == 403
    admin = logged_in(site, "admin")
    other_body = post(admin, "/quan-tri/tai-khoan", "/quan-tri", {
        "tk-login": "la", "tk-full_name": "Người Lạ", "tk-password": "mat-khau-rat-dai",
        "tk-body": "ubnd-xa-khac", "tk-roles": ["quan_tri"], "tk-signer": ""})
    assert other_body.status_code == 400  # not a body they administer: not even a choice
    assert login(site.app.test_client(), "duyet").status_code == 302  # still active


def test_the_form_checks_a_field_while_it_is_filled_and_stores_nothing(site: Site) -> None:
    clerk = logged_in(site, "soan")
    data = {**LETTER, "kinh_gui": "", "csrf_token": token(clerk, "/van-ban-moi")}
    answer = clerk.post("/van-ban-moi/kiem-tra", data=data,
                        headers={"HX-Trigger-Name": "kinh_gui", "HX-Request": "true"})
    fragment = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert 'id="loi-kinh_gui"' in fragment and "công văn phải có «kinh_gui»" in fragment
    assert 'id="loi-trich_yeu"' not in fragment  # only the field being filled
    fine = clerk.post("/van-ban-moi/kiem-tra", data={**data, "kinh_gui": "Các thôn"},
                      headers={"HX-Trigger-Name": "kinh_gui"}).get_data(as_text=True)
    assert 'id="loi-kinh_gui"' in fine and '<p class="error"' not in fine
    assert list(rows(site.engine)) == []


def test_a_template_upload_shows_what_changes_then_regenerates(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    from engine.document.templates import default_templates

    site = make_site(tmp_path)
    admin = logged_in(site, "admin")
    assert admin.get("/quan-tri/mau").status_code == 409  # the installation's own templates
    shutil.copytree(default_templates(), tmp_path / "mau")
    monkeypatch.setenv("VANBAN_TEMPLATES", str(tmp_path / "mau"))
    clerk, doc = _drafted(site)
    _act(logged_in(site, "duyet"), doc, "duyet")
    name = "letters/cong_van.docx"
    with zipfile.ZipFile(tmp_path / "mau" / name) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        "Nơi nhận".encode(), "Nơi gửi".encode())
    new = io.BytesIO()
    with zipfile.ZipFile(new, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    shown = admin.post("/quan-tri/mau", data={
        "name": name, "tep": (io.BytesIO(new.getvalue()), "cong_van.docx"),
        "csrf_token": token(admin, "/quan-tri/mau")}, content_type="multipart/form-data")
    page = shown.get_data(as_text=True)
    assert shown.status_code == 200 and doc in page and "thay đổi: trình duyệt lại" in page
    assert _state(site, doc) == "da_duyet"  # nothing written yet
    assert post(admin, "/quan-tri/mau/ap-dung", "/quan-tri", {}).status_code == 303
    assert _state(site, doc) == "cho_duyet"
    assert "Nơi gửi:" in Docx(download(clerk, f"/van-ban/{doc}/tai/docx")).text()
    assert post(admin, "/quan-tri/mau/ap-dung", "/quan-tri", {}).status_code == 409  # once
    assert post(clerk, "/quan-tri/mau", "/viec-cua-toi", {"name": name}).status_code == 403


def test_a_decision_and_a_resolution_from_the_form(site: Site) -> None:
    clerk = logged_in(site, "soan")
    page = clerk.get("/van-ban-moi?loai=nghi_quyet&co_quan=" + PROFILE["ma"]).get_data(
        as_text=True)
    assert "Kỳ họp" in page and "Kính gửi" not in page  # the fields of the chosen kind
    decision = {**FIELDS, "loai": "quyet_dinh", "kinh_gui": "",
                "trich_yeu": "Về việc thành lập Tổ công tác cải cách hành chính",
                "tham_quyen_ban_hanh": "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ AN BÌNH",
                "can_cu": "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025",
                "theo_de_nghi": "Theo đề nghị của Chánh Văn phòng HĐND và UBND xã",
                **body(("y", "Thành lập Tổ công tác cải cách hành chính xã."),
                       ("doan", "Quyết định này có hiệu lực kể từ ngày ký."))}
    answer = post(clerk, "/van-ban-moi", "/van-ban-moi", decision)
    assert answer.status_code == 303, answer.get_data(as_text=True)[-2000:]
    doc = answer.headers["Location"].split("/van-ban/", 1)[1]
    text = Docx(download(clerk, f"/van-ban/{doc}/tai/docx")).text()
    assert "QUYẾT ĐỊNH:" in text and "Điều 1." in text and "Điều 2." in text
    assert "Số:      /QĐ-UBND" in text
    resolution = {**decision, "loai": "nghi_quyet", "thong_qua_khoa": "",
                  "thong_qua_co_quan": "Hội đồng nhân dân xã An Bình"}
    answer = post(clerk, "/van-ban-moi", "/van-ban-moi", resolution)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400 and 'id="thong_qua_co_quan-loi"' in page


def test_a_reviewer_reads_the_changes_since_the_version_they_last_saw(site: Site) -> None:
    clerk, doc = _drafted(site)
    leader = logged_in(site, "duyet")
    assert "Thay đổi từ" not in leader.get(f"/van-ban/{doc}").get_data(as_text=True)  # saw v1
    _act(leader, doc, "tra_lai", comment="Sửa hai chỗ")
    blocks = list(LETTER_BODY)
    for extra in ("Bổ sung thứ nhất.", "Bổ sung thứ hai."):  # two versions the leader skips
        blocks.append(("y", extra))
        post(clerk, f"/van-ban/{doc}/sua", f"/van-ban/{doc}/sua", {**FIELDS, **body(*blocks)})
    page = leader.get(f"/van-ban/{doc}").get_data(as_text=True)
    assert "Thay đổi từ phiên bản 1 đến phiên bản 3 (lần bạn xem trước)" in page
    assert "Bổ sung thứ nhất." in page and "Bổ sung thứ hai." in page


def test_the_registers_pdf_is_made_off_the_request_then_downloaded(site: Site) -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is installed by .ci/run")
    clerk, doc = _drafted(site)
    _act(logged_in(site, "duyet"), doc, "duyet")
    _act(logged_in(site, "ky"), doc, "ky")
    office_clerk = logged_in(site, "vanthu")
    _act(office_clerk, doc, "cap_so")
    jobs.wait_all()
    year = datetime.now(UTC).year
    assert office_clerk.get(f"/so-dang-ky/pdf/tai?nam={year}").status_code == 404  # not yet
    started = post(office_clerk, f"/so-dang-ky/pdf?nam={year}", "/so-dang-ky", {})
    shown = started.get_data(as_text=True)
    assert started.status_code == 200 and ("Đang tạo bản PDF" in shown or "Tải PDF" in shown)
    jobs.wait_all()
    assert "Tải PDF của sổ" in office_clerk.get(f"/so-dang-ky/pdf?nam={year}").get_data(
        as_text=True)
    assert download(office_clerk, f"/so-dang-ky/pdf/tai?nam={year}").startswith(b"%PDF-")


def test_the_form_writes_a_table_in_the_body(site: Site) -> None:
    clerk = logged_in(site, "soan")
    blocks = [("doan", "Mục đích kiểm tra."), ("muc", "Lịch kiểm tra"),
              ("bang", [["STT", "Đơn vị", "Thời gian"], ["1", "Thôn Đông", "Tháng 3"],
                        ["2", "Thôn Tây", "Tháng 4"]])]
    plan = {**FIELDS, "loai": "ke_hoach", "kinh_gui": "", "trich_yeu": "Kiểm tra công vụ năm 2026"}
    refused = post(clerk, "/van-ban-moi", "/van-ban-moi", {**plan, **body(*blocks)})
    # "/." needs a last paragraph: the table's block says so
    assert refused.status_code == 400
    assert re.search(r'id="loi-khoi-2"[^>]*><p class="error">nội dung không được kết thúc '
                     r'bằng bảng', refused.get_data(as_text=True))
    blocks.append(("doan", "Các thôn chuẩn bị hồ sơ theo lịch trên."))
    answer = post(clerk, "/van-ban-moi", "/van-ban-moi", {**plan, **body(*blocks)})
    assert answer.status_code == 303, answer.get_data(as_text=True)[-1500:]
    doc = answer.headers["Location"].split("/van-ban/", 1)[1]
    import docx  # python-docx reads the tables back

    opened = docx.Document(io.BytesIO(download(clerk, f"/van-ban/{doc}/tai/docx")))
    rows = [[" ".join(cell.text.split()) for cell in row.cells] for table in opened.tables
            for row in table.rows]  # no-break spaces read as spaces
    assert ["STT", "Đơn vị", "Thời gian"] in rows and ["2", "Thôn Tây", "Tháng 4"] in rows


def test_the_clerk_closes_last_years_register_in_the_browser(site: Site) -> None:
    year = vietnam_date(datetime.now(UTC)).year - 1
    page, form = f"/so-dang-ky?nam={year}", {"co_quan": PROFILE["ma"], "nam": str(year)}
    drafter, clerk = logged_in(site, "soan"), logged_in(site, "vanthu")
    assert f"Đóng sổ năm {year}" not in drafter.get(page).get_data(as_text=True)
    assert post(drafter, "/so-dang-ky/dong-so", page, form).status_code == 403
    assert f"Đóng sổ năm {year + 1}" not in clerk.get(f"/so-dang-ky?nam={year + 1}").get_data(
        as_text=True)  # the current year has not ended
    assert f"Đóng sổ năm {year}" in clerk.get(page).get_data(as_text=True)
    closed = post(clerk, "/so-dang-ky/dong-so", page, form)
    assert closed.status_code == 303
    shown = clerk.get(page).get_data(as_text=True)
    assert f"Sổ năm {year} đã đóng ngày" in shown and f"Đóng sổ năm {year}" not in shown
    again = post(clerk, "/so-dang-ky/dong-so", page, form)
    assert "đã đóng ngày" in clerk.get(again.location).get_data(as_text=True)
