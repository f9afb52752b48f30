"""The `vanban` command line as a clerk uses it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from engine.cli import main
from tests.conftest import SAMPLES


def test_generate_writes_every_sample_and_says_how_many(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["generate", *map(str, SAMPLES), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("Đã tạo 7 văn bản.")
    assert len(list(tmp_path.glob("*/*.docx"))) == 7
    assert len(list(tmp_path.glob("*/manifest.json"))) == len(SAMPLES)


def test_leftover_temp_files_of_a_killed_run_are_swept(tmp_path: Path) -> None:
    folder = tmp_path / "cao-bang-kh-145-2022"
    folder.mkdir()
    (folder / ".tmp-vanban-1234-kh-145.docx").write_bytes(b"torn")
    result = CliRunner().invoke(main, ["generate", str(SAMPLES[0]), "--out", str(tmp_path)])
    assert result.exit_code == 0
    assert not list(tmp_path.rglob(".tmp-vanban-*"))


def test_an_unknown_file_is_refused_by_the_command_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["generate", str(tmp_path / "khong.yaml"), "--out", "x"])
    assert result.exit_code == 64 and "does not exist" in result.output
