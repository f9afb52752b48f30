"""Electronic issuance (issue 15): the README's walk-through signs a document twice through the
real command line; `vanban verify`, poppler's `pdfsig` (a second, independent tool) and the
rendered page agree; tampering, an expired and an untrusted certificate are reported; a
PKCS#11 token (SoftHSM2) signs; an attachment's body signature is text at the top right."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from engine.esign.keys import TokenKey, pkcs12_file
from engine.esign.signing import sign_attachment
from engine.esign.verify import trust_roots, verify
from engine.workflow import rows
from tests.conftest import ROOT
from tools.pki import PASSPHRASE, make_pki

VANBAN = ROOT / ".venv" / "bin" / "vanban"
PDF = "out/kinh-mon-ct-05-2023/ct-05.pdf"
pytestmark = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdfsig") is None,
                                reason="LibreOffice and poppler: bash .ci/run installs them")


def _walkthrough() -> tuple[dict[str, str], list[list[str]], dict[str, str]]:
    readme = (ROOT / "README.md").read_text("utf-8")
    block = readme.split("An electronic issuance, on the Kinh Môn sample", 1)[1].split(
        "\n\n", 2)[1]
    env: dict[str, str] = {}
    commands: list[list[str]] = []
    promised: dict[str, str] = {}
    for line in (raw.strip() for raw in block.splitlines()):
        if line.startswith("export "):
            key, value = line.removeprefix("export ").split("=", 1)
            env[key] = shlex.split(value)[0]
        elif line.startswith("#") and commands:
            promised[" ".join(commands[-1])] = line.lstrip("# ").strip()
        elif line:
            commands += [shlex.split(part) for part in line.split(" && ")]
    return env, commands, promised


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The walk-through's folder, after it ran: every command succeeded as printed."""
    folder = tmp_path_factory.mktemp("esign")
    env, commands, promised = _walkthrough()
    shutil.copytree(ROOT / "samples", folder / "samples")
    environment = {**os.environ, **env, "VANBAN_HOME": str(folder / "home"),
                   "PYTHONPATH": str(ROOT)}
    environment.pop("VANBAN_DATABASE_URL", None)
    for command in commands:
        program = {"bin/vanban": str(VANBAN),
                   ".venv/bin/python": str(ROOT / ".venv" / "bin" / "python")}[command[0]]
        arguments = [str(ROOT / a) if a.startswith("tools/") else a for a in command[1:]]
        result = subprocess.run([program, *arguments], cwd=folder, env=environment,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
        said = promised.get(" ".join(command))
        if said:
            assert said in result.stdout, (command, result.stdout)
    assert any(c[1:2] == ["verify"] for c in commands)
    return folder


def _verify(folder: Path, pdf: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(VANBAN), "verify", str(pdf), "--trust", "pki/root.pem"],
                          cwd=folder, capture_output=True, text=True, timeout=120)


def test_signed_twice_both_intact_and_pdfsig_agrees(issued: Path) -> None:
    result = _verify(issued, issued / PDF)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("Nội dung đã ký: nguyên vẹn") == 2
    assert "Chữ ký «ChuKyNguoiKy»: Trương Đức San" in result.stdout
    assert "Chữ ký «ChuKyCoQuan»: Ủy ban nhân dân thị xã Kinh Môn" in result.stdout
    assert "chỉ điền biểu mẫu" in result.stdout          # the first: number and date filled in
    pdfsig = subprocess.run(["pdfsig", str(issued / PDF)], capture_output=True, text=True,
                            timeout=60).stdout
    assert pdfsig.count("Signature Validation: Signature is Valid.") == 2, pdfsig
    assert "Signer Certificate Common Name: Trương Đức San" in pdfsig
    assert "Total document signed" in pdfsig             # the body's covers the whole file


def test_one_byte_changed_after_signing_is_reported(issued: Path, tmp_path: Path) -> None:
    data = bytearray((issued / PDF).read_bytes())
    offset = data.index(b"stream", 2000) + 40           # inside a page's content, signed
    data[offset] ^= 0x01
    tampered = tmp_path / "sua.pdf"
    tampered.write_bytes(bytes(data))
    result = _verify(issued, tampered)
    assert result.returncode == 1, result.stdout
    assert "BỊ THAY ĐỔI" in result.stdout and "CÓ CHỮ KÝ KHÔNG HỢP LỆ" in result.stdout
    pdfsig = subprocess.run(["pdfsig", str(tampered)], capture_output=True, text=True,
                            timeout=60).stdout
    assert "Signature is Valid" not in pdfsig.split("Signature #2")[0], pdfsig


def _widgets(pdf: Path) -> dict[str, tuple[int, list[float]]]:
    reader = PdfReader(pdf)
    found = {}
    for number, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            widget = annot.get_object()
            found[str(widget.get("/T"))] = (number, [float(v) for v in widget["/Rect"]])
    return found


def _words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """(text, x0, y0, x1, y1) in PDF user space (from the bottom) of page `page` (from 1)."""
    xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf),
                          "-"], capture_output=True, text=True, check=True).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', xml)[1])
    return [(m[5], float(m[1]), height - float(m[4]), float(m[3]), height - float(m[2]))
            for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                 r'yMax="([\d.]+)">([^<]*)</word>', xml)]


def test_audit_verify_names_a_replaced_signed_pdf(issued: Path) -> None:
    """The PDF the signer signed is vouched for by the audit trail (its path and hash): one
    replaced afterwards is reported by `vanban audit verify` (exit 1, as every break)."""
    signed = issued / "out/kinh-mon-ct-05-2023/ct-05.nguoi-ky.pdf"
    environment = {**os.environ, "VANBAN_HOME": str(issued / "home"), "PYTHONPATH": str(ROOT)}
    environment.pop("VANBAN_DATABASE_URL", None)

    def audit() -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(VANBAN), "audit", "verify"], cwd=issued, env=environment,
                              capture_output=True, text=True, timeout=120)

    assert audit().returncode == 0
    before = signed.read_bytes()
    signed.write_bytes(before.replace(b"%%EOF", b"%%EOF\n%", 1))
    try:
        tampered = audit()
    finally:
        signed.write_bytes(before)
    assert tampered.returncode == 1, tampered.stdout + tampered.stderr
    assert f"bản PDF người ký đã ký số {signed.resolve()} thiếu hoặc đã đổi" in \
        tampered.stdout + tampered.stderr


def test_the_appearances_sit_where_the_decree_puts_them(issued: Path) -> None:
    widgets = _widgets(issued / PDF)
    page, (sx0, sy0, sx1, sy1) = widgets["ChuKyNguoiKy"]
    words = _words(issued / PDF, page + 1)
    title = next(w for w in words if w[0] == "TỊCH" and w[1] > 300)   # "CHỦ TỊCH", ô 7
    name = next(w for w in words if w[0] == "San")                     # "Trương Đức San"
    assert name[4] <= sy0 < sy1 <= title[2]          # between chức vụ and họ tên
    centre = (sx0 + sx1) / 2
    assert abs(centre - (next(w for w in words if w[0] == "Trương")[1] + name[3]) / 2) < 3
    seal_page, (bx0, _, bx1, by1) = widgets["ChuKyCoQuan"]
    assert seal_page == page and by1 > sy0
    # The seal (102 pt: 36 mm at its PNG's 300 dpi) ends a third into the signer's image.
    seal_right = sx0 + (sx1 - sx0) / 3
    assert bx0 <= seal_right - 100 and seal_right <= bx1 + 1
    # Page 1: the văn thư's update filled the number and the date in their blanks.
    first = " ".join(w[0] for w in _words(issued / PDF, 1))
    assert re.search(r"Số: ?05 ?/CT-UBND", first), first
    assert re.search(r"ngày ?30 ?tháng ?3 ?năm ?2025", first), first


def test_expired_and_untrusted_certificates_are_reported(issued: Path, tmp_path: Path) -> None:
    pki = make_pki(tmp_path)
    base = (issued / "out/kinh-mon-ct-05-2023/ct-05.nguoi-ky.pdf").read_bytes()
    roots = trust_roots([pki.root])
    for key, expected in ((pki.expired, "không còn hiệu lực lúc ký"),
                          (pki.untrusted, "không thuộc chuỗi")):
        signed = sign_attachment(base, "05/CT-UBND", pkcs12_file(key, PASSPHRASE),
                                 datetime.now(UTC))
        path = tmp_path / f"{key.stem}.pdf"
        path.write_bytes(signed)
        last = verify(path, roots)[-1]
        assert last.intact and not last.trusted and expected in last.trust_problem, last


def test_attachment_signature_is_text_at_top_right_of_page_one(issued: Path,
                                                                tmp_path: Path) -> None:
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(issued / "out/kinh-mon-ct-05-2023/ct-05.docx")], check=True,
                   capture_output=True, timeout=180)
    plain = tmp_path / "ct-05.pdf"
    moment = datetime(2025, 3, 30, 2, 0, 5, tzinfo=UTC)
    signed = tmp_path / "kem-theo.pdf"
    signed.write_bytes(sign_attachment(plain.read_bytes(), "05/CT-UBND", pkcs12_file(
        issued / "pki/body.p12", PASSPHRASE), moment))
    page, (x0, y0, x1, y1) = _widgets(signed)["ChuKyCoQuan"]
    words = _words(plain, 1)
    assert page == 0 and y0 > max(w[4] for w in words)             # above the first line
    assert abs(x1 - max(w[3] for w in words)) < 1.5                 # flush with the text's right
    printed = " ".join(w[0] for w in _words(signed, 1) if w[2] >= y0 - 1)
    assert printed == "Số: 05/CT-UBND; 30/03/2025; 09:00:05 +07:00", printed
    appearance = PdfReader(signed).pages[0]["/Annots"][-1].get_object()["/AP"]["/N"]
    images = [x for x in (appearance.get_object().get("/Resources", {}).get("/XObject") or {})
              .values() if x.get_object().get("/Subtype") == "/Image"]
    assert not images                                                # no image (II.8.b)


@pytest.mark.skipif(shutil.which("softhsm2-util") is None, reason="softhsm2: .ci/run")
def test_a_pkcs11_token_signs(issued: Path, tmp_path: Path) -> None:
    import pkcs11
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    module = next(p for p in ("/usr/lib/softhsm/libsofthsm2.so",
                              "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
                  if Path(p).exists())
    (tmp_path / "tokens").mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tmp_path / 'tokens'}\nobjectstore.backend = file\n")
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    pki = make_pki(tmp_path)
    for args in (["--init-token", "--free", "--label", "vanban-thu", "--pin", "123456",
                  "--so-pin", "12345678"],
                 ["--import", str(pki.signer_key_pem), "--token", "vanban-thu", "--label",
                  "san", "--id", "01", "--pin", "123456"]):
        subprocess.run(["softhsm2-util", *args], check=True, capture_output=True, env=env)
    os.environ["SOFTHSM2_CONF"] = str(conf)
    try:
        certificate = x509.load_pem_x509_certificate(pki.signer_cert_pem.read_bytes())
        token = pkcs11.lib(module).get_token(token_label="vanban-thu")
        with token.open(rw=True, user_pin="123456") as session:
            session.create_object({
                pkcs11.Attribute.CLASS: pkcs11.ObjectClass.CERTIFICATE,
                pkcs11.Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509,
                pkcs11.Attribute.TOKEN: True, pkcs11.Attribute.LABEL: "san",
                pkcs11.Attribute.ID: b"\x01",
                pkcs11.Attribute.SUBJECT: certificate.subject.public_bytes(),
                pkcs11.Attribute.ISSUER: certificate.issuer.public_bytes(),
                pkcs11.Attribute.VALUE: certificate.public_bytes(serialization.Encoding.DER)})
        signed = sign_attachment((issued / "out/kinh-mon-ct-05-2023/ct-05.nguoi-ky.pdf")
                                 .read_bytes(), "05/CT-UBND",
                                 TokenKey(module, "vanban-thu", "san", "123456"),
                                 datetime.now(UTC))
    finally:
        del os.environ["SOFTHSM2_CONF"]
    path = tmp_path / "token.pdf"
    path.write_bytes(signed)
    last = verify(path, trust_roots([pki.root]))[-1]
    assert last.signer == "Trương Đức San" and last.intact and last.trusted, last


def test_the_web_page_verifies_an_uploaded_pdf(issued: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from tests.web_client import login, make_site, token

    monkeypatch.setenv("VANBAN_TRUST_ROOTS", str(issued / "pki" / "root.pem"))
    site = make_site(tmp_path)
    client = site.app.test_client()
    login(client, "soan")
    page = "/kiem-tra-chu-ky"
    answer = client.post(page, data={"tep": (io.BytesIO((issued / PDF).read_bytes()), "cv.pdf"),
                                     "csrf_token": token(client, page)},
                         content_type="multipart/form-data")
    text = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "2 chữ ký, tất cả nguyên vẹn và tin cậy" in text
    assert text.count('data-hop-le="co"') == 2
    answer = client.post(page, data={"tep": (io.BytesIO(b"%PDF-1.7 not a pdf"), "x.pdf"),
                                     "csrf_token": token(client, page)},
                         content_type="multipart/form-data")
    assert answer.status_code == 400 and "không phải tệp PDF đọc được" in answer.get_data(
        as_text=True)
    assert not list(Path(tempfile.gettempdir()).glob("vanban-verify-*"))   # nothing kept


def test_the_signer_and_the_clerk_sign_in_the_browser(tmp_path: Path) -> None:
    import io

    from engine.web import jobs
    from engine.workflow.esign_images import set_seal_image, set_signature_image
    from tests.test_web import LETTER
    from tests.web_client import login, make_site, post, token
    from tools.pki import seal_png, signature_png

    pki = make_pki(tmp_path, "Nguyễn Văn An")        # the site's signer (tests/office.py)
    site = make_site(tmp_path)
    engine = site.app.extensions["vanban_engine"]
    set_signature_image(engine, "ky", signature_png(tmp_path / "ky.png").read_bytes(),
                        site.staff.admin)
    set_seal_image(engine, site.staff.body, seal_png(tmp_path / "dau.png").read_bytes(),
                   site.staff.admin)

    def client(who: str):  # type: ignore[no-untyped-def]
        made = site.app.test_client()
        login(made, who)
        return made

    def act(who, doc: str, action: str, key: Path | None = None):  # type: ignore[no-untyped-def]
        data: dict[str, object] = {"action": action, "csrf_token": token(who, f"/van-ban/{doc}")}
        if key is not None:
            data |= {"chung_thu": (io.BytesIO(key.read_bytes()), key.name), "mat_khau": PASSPHRASE}
        return who.post(f"/van-ban/{doc}/thao-tac", data=data, content_type="multipart/form-data")

    clerk = client("soan")
    doc = post(clerk, "/van-ban-moi", "/van-ban-moi", LETTER).headers["Location"].split(
        "/van-ban/", 1)[1]
    act(clerk, doc, "trinh")
    act(client("duyet"), doc, "duyet")
    signer = client("ky")
    assert 'name="chung_thu"' in signer.get(f"/van-ban/{doc}").get_data(as_text=True)
    act(signer, doc, "ky", pki.other)                    # another person's certificate
    assert "không phải cho người ký «Nguyễn Văn An»" in signer.get(f"/van-ban/{doc}").get_data(
        as_text=True)
    assert next(rows(engine, doc)).state == "da_duyet"
    act(signer, doc, "ky", pki.signer)
    vanthu = client("vanthu")
    refused = act(vanthu, doc, "cap_so")                  # the body's key is needed: no number
    assert refused.status_code == 303
    assert "chữ ký số của cơ quan" in vanthu.get(f"/van-ban/{doc}").get_data(as_text=True)
    row = next(rows(engine, doc))
    assert row.state == "da_ky" and row.number is None and row.signed_pdf_hash
    act(vanthu, doc, "cap_so", pki.body)
    jobs.wait_all()
    row = next(rows(engine, doc))
    assert row.state == "da_ban_hanh" and row.number == 1
    reports = verify(Path(row.pdf), trust_roots([pki.root]))
    assert [r.good for r in reports] == [True, True], reports


def test_an_attachment_in_its_own_file_gets_the_bodys_signature_at_issuance(
        tmp_path: Path) -> None:
    """The Hà Tu decision and the plan it issues (kem_theo): the decision signed twice, the
    plan's own PDF signed by the body alone, top right of page 1, with the decision's number."""
    from tools.pki import seal_png, signature_png

    pki = make_pki(tmp_path, "Điệp Hùng Thắng", "Ủy ban nhân dân phường Hà Tu")
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    env = {**os.environ, "VANBAN_HOME": str(tmp_path / "home"), "VANBAN_PASSWORD": "mat-khau-du-"
           "dai", "VANBAN_KEY_PASSPHRASE": PASSPHRASE}
    env.pop("VANBAN_DATABASE_URL", None)
    body = "ubnd-p-ha-tu"
    doc = "ha-tu-qd-25-2025/qd-25"
    for line in (
            f"body add samples/co-quan/{body}.yaml",
            f"user add quantri --name 'Nguyễn Quản Trị' --body {body} --role quan_tri",
            "login quantri",
            f"user add soan --name 'Lê Văn Soạn' --body {body} --role soan_thao",
            f"user add duyet --name 'Phạm Trưởng Phòng' --body {body} --role lanh_dao_don_vi",
            f"user add thang --name 'Điệp Hùng Thắng' --body {body} --role nguoi_ky",
            f"user add vanthu --name 'Hoàng Văn Thư' --body {body} --role van_thu",
            f"user signature thang {signature_png(tmp_path / 'ky.png')}",
            f"body seal {body} {seal_png(tmp_path / 'dau.png', diameter_mm=40)}",
            "login soan", "draft samples/ha-tu-qd-25-2025.yaml --out out/", f"submit {doc}",
            "login duyet", f"approve {doc}", "login thang", f"sign {doc} --key {pki.signer}",
            "login vanthu", f"issue {doc} --date 2025-03-30 --key {pki.body}"):
        result = subprocess.run([str(VANBAN), *shlex.split(line)], cwd=tmp_path, env=env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, (line, result.stdout, result.stderr)
    assert "Số: 25/QĐ-UBND" in result.stdout
    roots = trust_roots([pki.root])
    main = verify(tmp_path / "out/ha-tu-qd-25-2025/qd-25.pdf", roots)
    assert [r.signer for r in main] == ["Điệp Hùng Thắng", "Ủy ban nhân dân phường Hà Tu"]
    plan = tmp_path / "out/ha-tu-qd-25-2025/kh-cchc-2025.pdf"
    reports = verify(plan, roots)
    assert len(reports) == 1 and reports[0].good and reports[0].field == "ChuKyCoQuan"
    _, (x0, y0, x1, y1) = _widgets(plan)["ChuKyCoQuan"]
    # Above everything else on page 1 there is only the signature's line, the decision's
    # number and the time it was signed (not the issue date: the signing is now).
    printed = " ".join(w[0] for w in _words(plan, 1) if w[2] >= y0 - 1)
    assert re.fullmatch(r"Số: 25/QĐ-UBND; \d\d/\d\d/20\d\d; \d\d:\d\d:\d\d \+07:00", printed)
    assert page_right(plan) - 1.5 < x1 < page_right(plan) + 1.5


def page_right(pdf: Path) -> float:
    """The right edge of page 1's text, the signature's line left out."""
    words = _words(pdf, 1)
    top = max(w[4] for w in words)
    return max(w[3] for w in words if w[4] < top - 1)


def test_a_configured_timestamp_server_makes_it_b_t(issued: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """$VANBAN_TSA_URL: the signature carries an RFC 3161 timestamp (PAdES B-T), and verify
    judges the certificate at the timestamp's time."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from asn1crypto import tsp
    from cryptography.hazmat.primitives import serialization
    from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder_data
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    pki = make_pki(tmp_path)
    cert, key = pki.tsa
    (tmp_path / "tsa.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    stamper = DummyTimeStamper(load_cert_from_pemder(str(tmp_path / "tsa.pem")),
                               load_private_key_from_pemder_data(key.private_bytes(
                                   serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                   serialization.NoEncryption()), None))
    asked = []

    class Tsa(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            asked.append(request)
            answer = stamper.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Tsa)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("VANBAN_TSA_URL", f"http://127.0.0.1:{server.server_port}/")
        signed = sign_attachment((issued / "out/kinh-mon-ct-05-2023/ct-05.nguoi-ky.pdf")
                                 .read_bytes(), "05/CT-UBND", pkcs12_file(
                                     issued / "pki/body.p12", PASSPHRASE), datetime.now(UTC))
    finally:
        server.shutdown()
        server.server_close()
    path = tmp_path / "b-t.pdf"
    path.write_bytes(signed)
    last = verify(path, trust_roots([issued / "pki/root.pem", pki.root]))[-1]
    assert asked and last.timestamped and last.intact and last.trusted, last   # (pyHanko asks
    # once more to size the signature)


def test_signing_and_verifying_work_inside_a_running_event_loop(issued: Path) -> None:
    """pyHanko starts its own asyncio loop; a caller that runs one (an async server, the
    browser tests' driver) must not make signing fail ("asyncio.run() cannot be called from a
    running event loop", seen in CI)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    async def inside() -> list[bool]:
        signed = sign_attachment((issued / "out/kinh-mon-ct-05-2023/ct-05.nguoi-ky.pdf")
                                 .read_bytes(), "05/CT-UBND", pkcs12_file(
                                     issued / "pki/body.p12", PASSPHRASE), datetime.now(UTC))
        path = issued / "trong-vong-lap.pdf"
        path.write_bytes(signed)
        return [r.good for r in verify(path, trust_roots([issued / "pki/root.pem"]))]

    # Its own thread, so the test does not depend on whether this one already runs a loop (the
    # browser tests' driver leaves one running here).
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, inside()).result() == [True, True]
