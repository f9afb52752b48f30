"""`vanban check` on documents typed by hand (tests/check_corpus): each gives exactly its
expected findings, the correct ones none; page facts are found with `check --render`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.check import Renderer, check_file
from engine.cli import main
from tests.check_corpus.build import CASES, EXPECTED, build

STATIC = sorted(name for name, entry in EXPECTED.items() if not entry.get("render"))
RENDERED = sorted(name for name, entry in EXPECTED.items() if entry.get("render"))
needs_office = pytest.mark.skipif(shutil.which("soffice") is None or
                                  shutil.which("pdftotext") is None,
                                  reason="LibreOffice and poppler-utils are installed by .ci/run")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def rendered(corpus: dict[str, Path]) -> dict[str, list[str]]:
    with Renderer() as renderer:
        return {name: [f.code for f in check_file(corpus[name], renderer)] for name in RENDERED}


def test_the_corpus_has_a_document_of_each_shape_and_its_expected_findings() -> None:
    assert set(CASES) == set(EXPECTED) and len(CASES) >= 20
    shapes = {(case.spec.header, case.spec.line) for case in CASES.values()}
    assert {("table", "border"), ("rows", "underscore"), ("tabs", "underscore"),
            ("table", "shape")} <= shapes
    assert sum(1 for entry in EXPECTED.values() if not entry["codes"]) >= 10


@pytest.mark.parametrize("name", STATIC)
def test_each_hand_made_document_gives_exactly_its_findings(
        corpus: dict[str, Path], name: str) -> None:
    assert [f.code for f in check_file(corpus[name])] == EXPECTED[name]["codes"]


@needs_office
@pytest.mark.parametrize("name", RENDERED)
def test_what_only_the_page_shows_is_found_with_render(
        rendered: dict[str, list[str]], name: str) -> None:
    assert rendered[name] == EXPECTED[name]["codes"]


@needs_office
def test_the_page_facts_are_not_looked_at_without_render(corpus: dict[str, Path]) -> None:
    assert [f.code for f in check_file(corpus["render-number-below-the-date"])] == []


@needs_office
def test_check_render_on_the_command_line(corpus: dict[str, Path]) -> None:
    result = CliRunner().invoke(main, ["check", "--render", "--json",
                                       str(corpus["render-number-below-the-date"]),
                                       str(corpus["render-correct-two-row-table"])])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    finding = report[0]["findings"][0]
    assert finding["code"] == "number-date-row" and "cùng một dòng" in finding["message"]
    assert report[1]["findings"] == []


def test_a_two_line_body_name_is_one_issuing_body_reported_once(
        corpus: dict[str, Path]) -> None:
    findings = check_file(corpus["two-line-name-half-bold"])
    assert [(f.code, f.paragraph) for f in findings] == [("issuer-bold", "ỦY BAN NHÂN DÂN")]
    assert "tên cơ quan ban hành" in findings[0].message
