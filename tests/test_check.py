"""`vanban check`: each deliberately wrong document gives exactly its finding (tests/data/check)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.check import check_file
from engine.cli import main

CASES = Path(__file__).resolve().parent / "data" / "check"
EXPECTED = json.loads((CASES / "expected.json").read_text("utf-8"))


@pytest.mark.parametrize(("name", "codes"), sorted(EXPECTED["findings"].items()))
def test_each_wrong_document_gives_exactly_its_finding(name: str, codes: list[str]) -> None:
    assert [f.code for f in check_file(CASES / name)] == codes


@pytest.mark.parametrize("name", EXPECTED["unreadable"])
def test_unreadable_files_exit_with_3(name: str) -> None:
    result = CliRunner().invoke(main, ["check", str(CASES / name)])
    assert result.exit_code == 3 and "Không đọc được" in result.output


def test_exit_codes_and_json_report() -> None:
    runner = CliRunner()
    clean = runner.invoke(main, ["check", str(CASES / "correct.docx")])
    assert clean.exit_code == 0 and "đúng thể thức" in clean.output
    wrong = runner.invoke(main, ["check", "--json", str(CASES / "correct.docx"),
                                 str(CASES / "month-with-zero.docx")])
    assert wrong.exit_code == 1
    report = json.loads(wrong.output)
    assert report[0]["findings"] == []
    finding = report[1]["findings"][0]
    assert finding["code"] == "date-padding"
    assert finding["rule"] == "NĐ 30/2020/NĐ-CP, Phụ lục I, II.4.b"
    assert finding["paragraph"] == "Kinh Môn, ngày 05 tháng 05 năm 2025"
    assert "ngày 05 tháng 5" in finding["message"]


def test_every_generated_sample_passes_the_check(generated: dict[str, Path]) -> None:
    result = CliRunner().invoke(main, ["check", *map(str, generated.values())])
    assert result.exit_code == 0, result.output


def test_a_hand_made_document_gets_a_useful_report() -> None:
    codes = {f.code for f in check_file(CASES / "hand-made.docx")}
    assert codes == {
        "margin-top", "margin-bottom", "margin-left", "margin-right", "tieu-ngu-line",
        "issuer-line", "number-padding", "date-padding", "summary-line", "ending",
        "signature-prefix", "recipients-heading-size", "recipients-heading-italic",
        "recipient-archive"}
