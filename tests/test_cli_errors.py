"""The `vanban` command line where things go wrong or are left alone (engine/cli/commands.py,
engine/cli/esign.py): a prompt answered with the end of input, a signing key named two ways, a
signature image that cannot be read, a PDF without signatures, an issued document that
generate and regenerate keep, a check that finds departures. Each is an exit code and a
Vietnamese message with its English code, and nothing is written that should not be."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from pypdf import PdfWriter
from sqlalchemy import create_engine, select

from engine.cli import main
from engine.cli.commands import _EngineGroup
from engine.db.tables import documents, users
from engine.errors import ExitCode
from tests.conftest import ROOT
from tests.crashes import SimulatedCrash, crash_at
from tests.helpers import document, write_campaign
from tools.pki import make_pki, signature_png

CASES = ROOT / "tests" / "data" / "check"
DOC = "chien-dich/ct-01"
# Times New Roman or a twin with its metrics, as the fonts are named inside a PDF.
TIMES = ("TimesNewRoman", "Times-Roman", "LiberationSerif", "Tinos")
needs_office = pytest.mark.skipif(shutil.which("soffice") is None,
                                  reason="LibreOffice is installed by .ci/run")


def _invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


class Office:
    """A body with an account per role made through the command line, on its own SQLite file,
    and its campaign: one unnumbered Chỉ thị drafted into `out`."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("VANBAN_HOME", str(tmp_path / "home"))
        monkeypatch.setenv("VANBAN_PASSWORD", "mat-khau-thu-nghiem")
        monkeypatch.delenv("VANBAN_DATABASE_URL", raising=False)
        for name in ("VANBAN_KEY_PASSPHRASE", "VANBAN_TOKEN_PIN", "VANBAN_PKCS11_MODULE",
                     "VANBAN_DEBUG"):
            monkeypatch.delenv(name, raising=False)
        self.tmp = tmp_path
        self.db = f"sqlite:///{tmp_path / 'v.db'}"
        self.out = tmp_path / "out"
        self.docx = self.out / "chien-dich" / "ct-01.docx"
        doc = document()
        doc.pop("so")
        self.campaign = write_campaign(tmp_path, doc)
        body = self.run("body", "add", str(tmp_path / "co-quan.yaml")).strip()
        self.run("user", "add", "admin", "--name", "Trần Quản Trị", "--body", body, "--role",
                 "quan_tri")
        self.run("login", "admin")
        for login, name, role in (("soan", "Lê Văn Soạn", "soan_thao"),
                                  ("duyet", "Phạm Thị Duyệt", "lanh_dao_don_vi"),
                                  ("ky", "Nguyễn Văn An", "nguoi_ky"),
                                  ("vanthu", "Hoàng Văn Thư", "van_thu")):
            self.run("user", "add", login, "--name", name, "--body", body, "--role", role)

    def invoke(self, *args: str, env: dict[str, str] | None = None) -> Result:
        return _invoke(*args, "--db", self.db, env=env)

    def run(self, *args: str, code: int = 0) -> str:
        result = self.invoke(*args)
        assert result.exit_code == code, result.output
        return result.output

    def approved(self) -> None:
        self.run("login", "soan")
        self.run("draft", str(self.campaign), "--out", str(self.out))
        self.run("submit", DOC)
        self.run("login", "duyet")
        self.run("approve", DOC)
        self.run("login", "ky")

    def signed(self) -> None:
        self.approved()
        self.run("sign", DOC)
        self.run("login", "vanthu")

    def state(self) -> str:
        engine = create_engine(self.db)
        try:
            with engine.connect() as conn:
                return str(conn.execute(select(documents.c.state).where(
                    documents.c.id == DOC)).scalar_one())
        finally:
            engine.dispose()


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Office:
    return Office(tmp_path, monkeypatch)


# -- the last lines of defence in _EngineGroup -------------------------------------------------

def test_a_passphrase_prompt_that_meets_the_end_of_input_cancels_the_signing(
        office: Office) -> None:
    pki = make_pki(office.tmp)
    office.approved()
    result = office.invoke("sign", DOC, "--key", str(pki.signer))   # no passphrase, no input
    assert result.exit_code == ExitCode.USAGE, result.output
    assert result.output.rstrip().endswith("Đã hủy.") and "Traceback" not in result.output
    assert office.state() == "da_duyet"
    assert not list(office.out.rglob("*.nguoi-ky.pdf"))


def test_a_password_prompt_that_meets_the_end_of_input_logs_nobody_in(
        office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _invoke("logout").exit_code == 0
    monkeypatch.delenv("VANBAN_PASSWORD")
    result = office.invoke("login", "soan")
    assert result.exit_code == ExitCode.USAGE and "Đã hủy." in result.output, result.output
    assert "[not-logged-in]" in office.run("whoami", code=ExitCode.REFUSED)


def test_a_click_error_that_is_no_usage_mistake_keeps_its_message_and_exit_code() -> None:
    @click.group(cls=_EngineGroup)
    def cli() -> None:
        """A group of vanban's kind."""

    @cli.command("mo")
    def open_command() -> None:
        raise click.FileError("so-dang-ky.xlsx", hint="tệp đang mở trong Excel")

    result = CliRunner().invoke(cli, ["mo"])
    assert result.exit_code == 1
    assert "Error: Could not open file 'so-dang-ky.xlsx': tệp đang mở trong Excel" in \
        result.output
    assert "Lỗi: [usage]" not in result.output and "internal-error" not in result.output


def test_vanban_debug_lets_an_internal_fault_through_and_writes_no_log(
        office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    office.signed()
    logs = office.tmp / "logs"
    logs.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(logs))
    with crash_at("before-files"):
        result = office.invoke("issue", DOC, "--date", "2025-02-05T10:00",
                               env={"VANBAN_DEBUG": "1"})
    assert isinstance(result.exception, SimulatedCrash), result.output
    assert "[internal-error]" not in result.output
    assert list(logs.iterdir()) == []
    assert office.state() == "dang_ban_hanh"   # step 1 committed, as after a real crash


# -- generate and regenerate keep what is issued -----------------------------------------------

def test_generate_and_regenerate_keep_an_issued_document_and_say_so(office: Office) -> None:
    office.signed()
    office.run("issue", DOC, "--date", "2025-02-05T10:00")
    issued = office.docx.read_bytes()
    # No --db: the register is the database logged in to.
    generated = _invoke("generate", str(office.campaign), "--out", str(office.out))
    assert generated.exit_code == 0, generated.output
    assert f"{office.docx}: đã ban hành, giữ nguyên" in generated.output
    assert generated.output.rstrip().endswith("Đã tạo 0 văn bản.")
    assert office.docx.read_bytes() == issued
    text = office.campaign.read_text("utf-8")
    office.campaign.write_text(text.replace("Về tăng cường", "Về đẩy mạnh"), "utf-8")
    for dry in (["--dry-run"], []):   # the dry run first: it writes no manifest
        again = _invoke("regenerate", str(office.campaign), "--out", str(office.out), *dry)
        assert again.exit_code == 0, again.output
        said = re.search(rf"^{re.escape(str(office.docx))}: đã ban hành với mẫu/dữ liệu cũ "
                         r"\((.+)\); giữ nguyên$", again.output, re.MULTILINE)
        assert said and said[1].startswith("dữ liệu"), again.output
        assert "0 văn bản tạo lại" in again.output and "(1 theo mẫu hoặc dữ liệu cũ)" in \
            again.output
        assert office.docx.read_bytes() == issued


@needs_office
def test_generate_with_pdf_names_the_fonts_and_warns_of_one_that_is_not_times(
        tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    plain = write_campaign(tmp_path / "a", document())
    result = _invoke("generate", str(plain), "--out", str(tmp_path / "out-a"), "--pdf")
    assert result.exit_code == 0, result.output
    fonts = re.search(r"^Phông nhúng trong PDF: (.+)$", result.output, re.MULTILINE)
    assert fonts and all(f.startswith(TIMES) for f in fonts[1].split(", ")), result.output
    assert "PDF dùng phông" not in result.output
    (tmp_path / "b").mkdir()
    phone = write_campaign(tmp_path / "b", document(trich_yeu="Về số điện thoại ☎ trực ban"))
    result = _invoke("generate", str(phone), "--out", str(tmp_path / "out-b"), "--pdf")
    assert result.exit_code == 0, result.output
    fonts = re.search(r"^Phông nhúng trong PDF: (.+)$", result.output, re.MULTILINE)
    warned = re.findall(r"^Cảnh báo: ct-01\.pdf: PDF dùng phông «([^»]+)», không phải Times New "
                        r"Roman hay phông cùng số đo$", result.output, re.MULTILINE)
    assert fonts and warned, result.output       # ☎ is printed in a fallback font
    assert set(warned) == {f for f in fonts[1].split(", ") if not f.startswith(TIMES)}
    assert (tmp_path / "out-b" / "chien-dich" / "ct-01.pdf").is_file()


# -- check and schema --------------------------------------------------------------------------

def test_check_lists_each_departure_with_its_code_rule_and_paragraph() -> None:
    wrong, margin, right = (CASES / "month-with-zero.docx", CASES / "margin-left.docx",
                            CASES / "correct.docx")
    result = _invoke("check", str(wrong), str(margin), str(right))
    assert result.exit_code == ExitCode.FINDINGS, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"{wrong}: 1 lỗi thể thức"
    assert lines[1].startswith("  [date-padding] NĐ 30/2020/NĐ-CP, Phụ lục I, II.4.b "
                               "«Kinh Môn, ngày 05 tháng 05 năm 2025»: ")
    assert "«ngày 05 tháng 5»" in lines[1]
    assert lines[2] == f"{margin}: 1 lỗi thể thức"
    assert lines[3].startswith("  [margin-left] NĐ 30/2020/NĐ-CP, Phụ lục I, I.3: lề trái ")
    assert "«" not in lines[3]                        # a page setting names no paragraph
    assert lines[4] == f"{right}: đúng thể thức (không phát hiện lỗi)"


def test_schema_writes_the_published_schemas(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "moi" / "schema"
    result = _invoke("schema", "--out", str(out))
    assert result.exit_code == 0, result.output
    names = ["campaign.schema.json", "co-quan.schema.json", "de-nghi.schema.json"]
    assert result.output.splitlines() == [str(out / name) for name in names]
    for name in names:   # what README tells to commit: the same bytes
        assert (out / name).read_bytes() == (ROOT / "schema" / name).read_bytes(), name
    monkeypatch.chdir(tmp_path)
    assert _invoke("schema").exit_code == 0
    assert sorted(p.name for p in (tmp_path / "schema").iterdir()) == names


# -- electronic signing options and images (engine/cli/esign.py) -------------------------------

def test_a_key_file_and_a_token_together_are_refused_before_anything(office: Office) -> None:
    pki = make_pki(office.tmp)
    office.approved()
    result = office.invoke("sign", DOC, "--key", str(pki.signer), "--token", "vanban-thu",
                           env={"VANBAN_KEY_PASSPHRASE": "mat-khau-chung-thu"})
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "Lỗi: [usage] lệnh gõ chưa đúng (Dùng --key hoặc --token/--key-label, không dùng " \
           "cả hai.)" in result.output
    assert "Xem hướng dẫn: " in result.output and " sign --help" in result.output
    assert office.state() == "da_duyet"


@pytest.mark.parametrize("given", [["--token", "vanban-thu", "--key-label", "san"],
                                   ["--token", "vanban-thu"], ["--key-label", "san"]])
def test_a_token_needs_its_module_its_label_and_the_keys_label(office: Office,
                                                               given: list[str]) -> None:
    office.approved()
    result = office.invoke("resume", *given, env={"VANBAN_TOKEN_PIN": "123456"})
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "Ký bằng token cần --token-module (hoặc $VANBAN_PKCS11_MODULE), --token và " \
           "--key-label." in result.output
    assert office.state() == "da_duyet"


@needs_office
def test_a_token_module_that_does_not_load_is_a_signing_error(office: Office) -> None:
    office.run("user", "signature", "ky", str(signature_png(office.tmp / "ky.png")))
    office.approved()
    module = office.tmp / "khong-co" / "libpkcs11.so"
    result = office.invoke("sign", DOC, "--token", "vanban-thu", "--key-label", "san",
                           env={"VANBAN_PKCS11_MODULE": str(module), "VANBAN_TOKEN_PIN": "1234"})
    assert result.exit_code == ExitCode.SIGNING, result.output
    assert f"Lỗi: [token-error] Không mở được token «vanban-thu» qua «{module}»" in result.output
    assert "Gợi ý: Kiểm tra token đã cắm, thư viện PKCS#11 và mã PIN." in result.output
    assert "1234" not in result.output                   # the PIN is never printed
    assert office.state() == "da_duyet"
    assert not list(office.out.rglob("*.nguoi-ky.pdf"))


def test_a_signature_image_that_cannot_be_read_is_refused_and_nothing_is_stored(
        office: Office) -> None:
    result = office.invoke("user", "signature", "ky", "/proc/self/mem")   # reading: EIO
    assert result.exit_code == ExitCode.SIGNING, result.output
    assert "Lỗi: [bad-signature-image] Không đọc được «/proc/self/mem»: Input/output error." \
        in result.output
    engine = create_engine(office.db)
    try:
        with engine.connect() as conn:
            stored = conn.execute(select(users.c.signature_png).where(
                users.c.login == "ky")).scalar_one()
    finally:
        engine.dispose()
    assert stored is None


def test_verify_says_a_pdf_without_signatures_has_none_and_exits_1(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    pdf = tmp_path / "chua-ky.pdf"
    with pdf.open("wb") as out:
        writer.write(out)
    result = _invoke("verify", str(pdf))
    assert result.exit_code == ExitCode.FINDINGS
    assert result.output == "chua-ky.pdf: không có chữ ký số nào.\n"
