"""One error family, distinct exit codes, every error of a batch, never a traceback."""

from __future__ import annotations

import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine import pdf
from engine.cli import main
from engine.errors import ConversionError, ConversionErrors, ExitCode
from engine.pdf.converters import ColdConverter
from tests.helpers import PROFILE, document, write_campaign

FAKES = Path(__file__).resolve().parent / "fakes"


@pytest.fixture
def logged_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A database with the test body and its quản trị logged in on the command line; its URL."""
    monkeypatch.setenv("VANBAN_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("VANBAN_PASSWORD", "mat-khau-thu-nghiem")
    monkeypatch.delenv("VANBAN_DATABASE_URL", raising=False)
    write_campaign(tmp_path, document())
    db = f"sqlite:///{tmp_path / 'v.db'}"
    for args in (["body", "add", str(tmp_path / "co-quan.yaml")],
                 ["user", "add", "admin", "--name", "Trần Quản Trị", "--body", PROFILE["ma"],
                  "--role", "quan_tri"],
                 ["login", "admin"]):
        result = CliRunner().invoke(main, [*args, "--db", db])
        assert result.exit_code == 0, result.output
    return db


def test_exit_codes_are_distinct() -> None:
    values = [code.value for code in ExitCode]
    assert len(values) == len(set(values))
    assert (ExitCode.FINDINGS, ExitCode.BAD_INPUT, ExitCode.UNREADABLE, ExitCode.REFUSED,
            ExitCode.USAGE) == (1, 2, 3, 4, 64)


def test_a_usage_error_is_not_a_bad_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["generate", "--no-such-option"])
    assert result.exit_code == ExitCode.USAGE


def test_a_bad_issue_date_is_bad_input_not_a_traceback(logged_in: str) -> None:
    result = CliRunner().invoke(main, ["issue", "x/y", "--date", "30/03/2025",
                                       "--db", logged_in])
    assert result.exit_code == ExitCode.BAD_INPUT, result.output
    assert "[bad-value]" in result.output and "Traceback" not in result.output


def test_an_unknown_document_is_a_refused_action(logged_in: str) -> None:
    result = CliRunner().invoke(main, ["submit", "khong/co", "--db", logged_in])
    assert result.exit_code == ExitCode.REFUSED
    assert "[unknown-document]" in result.output


def test_acting_without_a_login_is_a_refused_action(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANBAN_HOME", str(tmp_path / "home"))
    result = CliRunner().invoke(main, ["submit", "khong/co",
                                       "--db", f"sqlite:///{tmp_path / 'v.db'}"])
    assert result.exit_code == ExitCode.REFUSED, result.output
    assert "[not-logged-in]" in result.output and "Traceback" not in result.output


def test_an_unexpected_fault_prints_a_message_and_logs_the_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("engine.cli.commands.generate", broken)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.delenv("VANBAN_DEBUG", raising=False)
    path = write_campaign(tmp_path, document())
    result = CliRunner().invoke(main, ["generate", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code == ExitCode.INTERNAL
    assert "[internal-error]" in result.output and "Traceback" not in result.output
    logs = list(tmp_path.glob("vanban-loi-*.log"))
    assert len(logs) == 1 and "ZeroDivisionError: boom" in logs[0].read_text("utf-8")


def test_every_failed_conversion_of_a_batch_is_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "silent-success")
    monkeypatch.setattr(pdf, "make_converter", lambda timeout=60.0: ColdConverter(
        command=[sys.executable, str(FAKES / "fake_soffice.py")]))
    sources = []
    for name in ("mot", "hai", "ba"):
        source = tmp_path / f"{name}.docx"
        with zipfile.ZipFile(source, "w") as archive:
            archive.writestr("word/document.xml", "<w:document/>")
        sources.append(source)
    with pytest.raises(ConversionErrors) as caught:
        pdf.convert_all(sources, workers=2)
    assert sorted(e.name for e in caught.value.errors) == ["ba.docx", "hai.docx", "mot.docx"]
    assert all(f"«{s.name}»" in caught.value.message for s in sources)
    assert isinstance(caught.value, ConversionError) and caught.value.exit_code == ExitCode.PDF
