"""Issue 12, points 1 and 2: what a reader sees of the header and of "Kính gửi:".

1. Số and the date line are on one line (the header's second row), however many lines the
   bodies' names take: a body under a cơ quan chủ quản, a long two-line name, every kind.
2. One recipient stays on the "Kính gửi:" line; several: "Kính gửi:" alone, then each on its
   own line starting "- ", ending ";" (the last "."), the dashes aligned under the colon
   (Phụ lục I, II.9.d; Mẫu 1.5).

Each is checked in the DOCX (reopened) and in the PDF LibreOffice renders (word positions).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.output.generate import generate
from engine.word.reader import Docx, Paragraph
from tests.layout_cases import PROFILES, RECIPIENTS, write_cases
from tests.layout_pdf import Line, first, lines, words

needs_office = pytest.mark.skipif(shutil.which("soffice") is None or
                                  shutil.which("pdftotext") is None,
                                  reason="LibreOffice and poppler-utils are installed by .ci/run")
SHAPES = sorted(PROFILES)
KINDS = ["kh", "ct", "qd", "cv-nhieu", "cv-mot", "tt"]
CASES = [f"{shape}/{kind}" for shape in SHAPES for kind in KINDS]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("header")
    pdf = shutil.which("soffice") is not None
    written = generate(write_cases(folder), folder / "out", pdf=pdf, workers=2).documents
    return {f"{p.parent.name}/{p.stem}": p for p in written}


def _header(doc: Docx) -> list[Paragraph]:
    return [p for p in doc.paragraphs() if p.cell is not None and p.cell[0] == 0]


@pytest.mark.parametrize("name", CASES)
def test_number_and_date_share_the_second_row_of_the_header(rendered: dict[str, Path],
                                                            name: str) -> None:
    header = _header(Docx(rendered[name].read_bytes()))
    by_style = {p.style: p for p in reversed(header)}
    names = [p for p in header if p.style in ("VBChuQuan", "VBCoQuan")]
    assert names and names[0].cell is not None
    first_row = names[0].cell[1]  # the reader counts a row by its place in the table
    row1, row2 = (0, first_row, 0), (0, first_row + 1, 0)
    assert all(p.cell == row1 for p in names)
    assert by_style["VBQuocHieu"].cell == by_style["VBTieuNgu"].cell == (*row1[:2], 1)
    assert by_style["VBSo"].cell == row2 and by_style["VBNgay"].cell == (*row2[:2], 1)
    # The lines stay under the last name and under the Tiêu ngữ, in row 1.
    line = header[header.index(names[-1]) + 1]
    assert line.border_top and line.cell == row1
    motto_line = header[header.index(by_style["VBTieuNgu"]) + 1]
    assert motto_line.border_top and motto_line.cell == (*row1[:2], 1)
    if name.endswith(("cv-nhieu", "cv-mot")):  # ô 5b under the number (Mẫu 1.5)
        assert by_style["VBVv"].cell == row2


@needs_office
@pytest.mark.parametrize("name", CASES)
def test_number_and_date_print_on_one_baseline(rendered: dict[str, Path], name: str) -> None:
    found = words(rendered[name].with_suffix(".pdf"))
    number, date = first(found, "Số:"), first(found, "ngày")
    assert abs(number.baseline - date.baseline) < 1.0, (number, date)
    assert number.x1 < date.x0  # left column, right column
    # The names take more lines than the Quốc hiệu and Tiêu ngữ, yet the row starts below both.
    lowest_name = max(w.y1 for w in found if w.page == 1 and w.y1 < number.y0 and w.x1 < date.x0)
    assert lowest_name > first(found, "Hạnh").y1  # the left column is the taller one


@pytest.mark.parametrize("shape", SHAPES)
def test_several_recipients_each_on_its_own_line_in_the_docx(rendered: dict[str, Path],
                                                             shape: str) -> None:
    for kind in ("cv-nhieu", "tt"):
        paragraphs = Docx(rendered[f"{shape}/{kind}"].read_bytes()).paragraphs()
        start = next(i for i, p in enumerate(paragraphs) if p.text == "Kính gửi:")
        expected = RECIPIENTS[:3 if kind == "cv-nhieu" else 2]
        listed = [p.text for p in paragraphs[start + 1:start + 2 + len(expected)]]
        assert listed[0] == ""  # nothing beside "Kính gửi:"
        assert listed[1:] == [f"- {r}{';' if i < len(expected) - 1 else '.'}"
                              for i, r in enumerate(expected)]


@needs_office
@pytest.mark.parametrize("shape", SHAPES)
def test_several_recipients_print_under_the_colon(rendered: dict[str, Path], shape: str) -> None:
    printed = lines(rendered[f"{shape}/cv-nhieu"].with_suffix(".pdf"))
    label = next(line for line in printed if line.text == "Kính gửi:")
    dashes = [line for line in printed if line.page == 1 and line.words[0].text == "-"
              and line.words[0].y0 > label.words[0].y0 and line.words[0].y0 < _body_top(printed)]
    assert len(dashes) == len(RECIPIENTS)
    assert [d.text.endswith(";") for d in dashes] == [True] * (len(RECIPIENTS) - 1) + [False]
    assert dashes[-1].text.endswith(".") or _continued(printed, dashes[-1]).endswith(".")
    colon = label.words[-1].x1
    assert all(abs(d.words[0].x0 - colon) < 6 for d in dashes)  # aligned under the colon
    assert all(d.words[0].y0 > label.words[-1].y1 - 1 for d in dashes)  # below the label


@needs_office
@pytest.mark.parametrize("shape", SHAPES)
def test_one_recipient_stays_on_the_kinh_gui_line(rendered: dict[str, Path], shape: str) -> None:
    found = words(rendered[f"{shape}/cv-mot"].with_suffix(".pdf"))
    label = first(found, "gửi:")
    recipient = first(found, RECIPIENTS[0].split()[0])
    assert abs(label.baseline - recipient.baseline) < 1.0 and recipient.x0 > label.x1
    assert not any(w.text == "-" and abs(w.y0 - label.y1) < 20 for w in found if w.page == 1)


def _body_top(printed: list[Line]) -> float:
    """The top of the content's first line ("Thực hiện …")."""
    return next(line.words[0].y0 for line in printed if line.words[0].text == "Thực")


def _continued(printed: list[Line], line: Line) -> str:
    """The text of the line printed after `line` in the same column (a wrapped recipient)."""
    after = printed[printed.index(line) + 1]
    return after.text
