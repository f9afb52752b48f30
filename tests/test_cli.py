"""The `vanban` command line as a clerk uses it."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli import main
from engine.errors import ExitCode
from engine.word.reader import Docx
from tests.conftest import SAMPLES
from tests.crashes import crash_at
from tests.helpers import document, write_campaign


def test_generate_writes_every_sample_and_says_how_many(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["generate", *map(str, SAMPLES), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("Đã tạo 13 văn bản.")
    assert len(list(tmp_path.glob("*/*.docx"))) == 13
    assert len(list(tmp_path.glob("*/manifest.json"))) == len(SAMPLES)


def test_leftover_temp_files_of_a_killed_run_are_swept(tmp_path: Path) -> None:
    folder = tmp_path / "cao-bang-kh-145-2022"
    folder.mkdir()
    (folder / ".tmp-vanban-1234-kh-145.docx").write_bytes(b"torn")
    (folder / ".tmp-vanban-5678").mkdir()      # a conversion's work folder, killed with it
    (folder / ".tmp-vanban-5678" / "kh-145.pdf").write_bytes(b"%PDF- torn")
    outside = tmp_path / "ngoai"
    outside.mkdir()
    (outside / "giu-lai.txt").write_text("không được xóa", "utf-8")
    (folder / ".tmp-vanban-lien-ket").symlink_to(outside, target_is_directory=True)
    result = CliRunner().invoke(main, ["generate", str(SAMPLES[0]), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert not [p for p in folder.iterdir() if p.name.startswith(".tmp-vanban-")]
    assert (outside / "giu-lai.txt").read_text("utf-8") == "không được xóa"  # link not followed


def test_an_unknown_file_is_refused_by_the_command_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["generate", str(tmp_path / "khong.yaml"), "--out", "x"])
    assert result.exit_code == 64
    assert f"Lỗi: [usage] không có tệp hoặc thư mục «{tmp_path / 'khong.yaml'}»" in result.output
    assert "Xem hướng dẫn: " in result.output and " generate --help" in result.output
    missing = CliRunner().invoke(main, ["issue"])
    assert missing.exit_code == 64 and "thiếu tham số DOCUMENT" in missing.output
    typo = CliRunner().invoke(main, ["generat"])
    assert typo.exit_code == 64 and "không có lệnh «generat»" in typo.output


def _cli(db: str) -> Callable[..., str]:
    """Run `vanban` on the database `db`, checking its exit code; return what it printed."""

    def run(*args: str, code: int = 0) -> str:
        result = CliRunner().invoke(main, [*args, "--db", db])
        assert result.exit_code == code, result.output
        return result.output

    return run


def _office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Callable[..., str], Path]:
    """A body with an account per role made through the command line; return the runner and
    its campaign (one unnumbered Chỉ thị)."""
    monkeypatch.setenv("VANBAN_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("VANBAN_PASSWORD", "mat-khau-thu-nghiem")
    monkeypatch.delenv("VANBAN_DATABASE_URL", raising=False)
    doc = document()
    doc.pop("so")
    campaign = write_campaign(tmp_path, doc)
    run = _cli(f"sqlite:///{tmp_path / 'v.db'}")
    body = run("body", "add", str(tmp_path / "co-quan.yaml")).strip()
    run("user", "add", "admin", "--name", "Trần Quản Trị", "--body", body, "--role", "quan_tri")
    run("login", "admin")
    for login, name, role in (("soan", "Lê Văn Soạn", "soan_thao"),
                              ("duyet", "Phạm Thị Duyệt", "lanh_dao_don_vi"),
                              ("ky", "Nguyễn Văn An", "nguoi_ky"),
                              ("vanthu", "Hoàng Văn Thư", "van_thu")):
        run("user", "add", login, "--name", name, "--body", body, "--role", role)
    return run, campaign


def test_the_workflow_acts_as_the_logged_in_account(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    run, campaign = _office(tmp_path, monkeypatch)
    run("login", "soan")
    assert "chien-dich/ct-01" in run("draft", str(campaign), "--out", str(tmp_path / "out"))
    run("submit", "chien-dich/ct-01")
    assert "[access-denied]" in run("approve", "chien-dich/ct-01", code=ExitCode.REFUSED)
    run("login", "duyet")
    run("approve", "chien-dich/ct-01")
    run("login", "ky")
    run("sign", "chien-dich/ct-01")
    run("login", "vanthu")
    assert "Số: 01/CT-UBND" in run("issue", "chien-dich/ct-01", "--date", "2025-02-05T10:00")
    assert CliRunner().invoke(main, ["logout"]).exit_code == 0
    assert "[not-logged-in]" in run("recall", "chien-dich/ct-01", "--comment", "x",
                                    code=ExitCode.REFUSED)
    lines = run("history", "chien-dich/ct-01").splitlines()
    assert [line.split(": ")[1].split("[")[1].rstrip("]") for line in lines] == [
        "tao", "phien_ban", "trinh", "duyet", "ky", "cap_so", "ban_hanh"]
    assert "Nguyễn Văn An (người ký): ký [ky]" in lines[4]
    assert "Nhật ký, sổ và các tệp đã ban hành khớp nhau." in run("audit", "verify")


def test_an_administrator_grants_lists_and_disables_accounts(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    monkeypatch.setenv("VANBAN_PASSWORD", "mat-khau-thu-nghiem")
    write_campaign(tmp_path, document())
    run = _cli(f"sqlite:///{tmp_path / 'v.db'}")
    body = run("body", "add", str(tmp_path / "co-quan.yaml")).strip()
    run("user", "add", "admin", "--name", "Trần Quản Trị", "--body", body, "--role", "quan_tri")
    assert "[access-denied]" in run("user", "add", "x2", "--name", "Kẻ Lạ", "--body", body,
                                    "--role", "quan_tri", code=ExitCode.REFUSED)
    run("login", "admin")
    run("user", "add", "soan", "--name", "Lê Văn Soạn", "--body", body, "--role", "soan_thao")
    granted = run("user", "grant", "soan", "--body", body, "--role", "lanh_dao_don_vi")
    assert f"{body}:lanh_dao_don_vi" in granted and f"{body}:soan_thao" in granted
    assert "[bad-value]" in run("user", "add", "truong", "--name", "Vũ Văn Trưởng", "--body",
                                body, "--role", "thu_truong_don_vi", code=ExitCode.BAD_INPUT)
    assert f"{body}:thu_truong_don_vi(phong-noi-vu)" in run(
        "user", "add", "truong", "--name", "Vũ Văn Trưởng", "--body", body, "--role",
        "thu_truong_don_vi", "--unit", "phong-noi-vu")
    run("user", "disable", "soan")
    listed = {line.split()[0]: line for line in run("user", "list").splitlines()}
    assert "(đã khóa)" in listed["soan"] and "(đã khóa)" not in listed["admin"]
    assert "[login-failed]" in run("login", "khong-co", code=ExitCode.REFUSED)
    assert "[user-disabled]" in run("login", "soan", code=ExitCode.REFUSED)


def test_serve_demo_fills_its_own_database_and_refuses_without_dev(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import waitress

    served: list[object] = []
    monkeypatch.setattr(waitress, "serve", lambda app, **options: served.append(options))
    samples = str(SAMPLES[0].parent)
    refused = CliRunner().invoke(main, ["serve", "--demo", samples, "--data", str(tmp_path)])
    assert refused.exit_code == ExitCode.BAD_INPUT and "--dev" in refused.output
    result = CliRunner().invoke(main, ["serve", "--dev", "--demo", samples, "--data",
                                       str(tmp_path / "demo"), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "demo-soan" in result.output and (tmp_path / "demo" / "vanban.db").is_file()
    assert served == [{"host": "127.0.0.1", "port": 8123, "threads": 8, "ident": "vanban"}]


def _signed(run: Callable[..., str], campaign: Path, out: Path) -> None:
    run("login", "soan")
    run("draft", str(campaign), "--out", str(out))
    run("submit", "chien-dich/ct-01")
    run("login", "duyet")
    run("approve", "chien-dich/ct-01")
    run("login", "ky")
    run("sign", "chien-dich/ct-01")
    run("login", "vanthu")


@pytest.mark.parametrize(("given", "said"), [
    ("30/03/2025", "«30/03/2025»"), ("2025-02-29", "«2025-02-29»"), ("2025-13-01", "«2025-13-01»"),
    ("mai", "«mai»"), ("2025-02-05T25:00", "«2025-02-05T25:00»")])
def test_an_issue_date_that_is_no_date_is_refused_before_anything_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str, said: str) -> None:
    run, campaign = _office(tmp_path, monkeypatch)
    _signed(run, campaign, tmp_path / "out")
    refused = run("issue", "chien-dich/ct-01", "--date", given, code=ExitCode.BAD_INPUT)
    assert "[bad-value]" in refused and said in refused and "Traceback" not in refused
    assert "Đã ký" in run("status")  # nothing numbered


def test_an_interrupted_issuance_shows_in_status_and_resume_finishes_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run, campaign = _office(tmp_path, monkeypatch)
    _signed(run, campaign, tmp_path / "out")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the fault's log
    with crash_at("before-files"):
        run("issue", "chien-dich/ct-01", "--date", "2025-02-05T10:00", code=ExitCode.INTERNAL)
    assert "Đang ban hành" in run("status") and "01/CT-UBND" in run("status")
    draft = tmp_path / "out" / "chien-dich" / "ct-01.docx"
    assert "Số: 01/CT-UBND" not in Docx(draft.read_bytes()).text()  # still the draft
    resumed = run("resume")
    assert resumed.strip() == "chien-dich/ct-01: Đã ban hành, Số: 01/CT-UBND"
    issued = Docx(draft.read_bytes()).text()
    assert "Số: 01/CT-UBND" in issued and "ngày 05 tháng 02 năm 2025" in issued
    assert run("resume") == ""  # nothing left to finish


def test_a_document_id_too_long_for_a_file_is_refused_by_draft_leaving_no_row(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 14, 2: a `ma` of 240+ characters made `draft` leave a register row without a
    file; now exit 2 before anything is recorded or written."""
    run, campaign = _office(tmp_path, monkeypatch)
    long_id = "a" * 245
    doc = document(ma=long_id)
    doc.pop("so")
    campaign = write_campaign(tmp_path, doc)
    run("login", "soan")
    said = run("draft", str(campaign), "--out", str(tmp_path / "out"), code=ExitCode.BAD_INPUT)
    assert "dài quá 100 ký tự [too-long]" in said and "Traceback" not in said
    assert long_id not in run("status") and not (tmp_path / "out").exists()
