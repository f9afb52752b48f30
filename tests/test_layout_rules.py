"""The lines under the Tiêu ngữ, the issuing body's name and the trích yếu, measured where a
reader sees them: drawn on the rendered page (its raster), against the printed text above them
(word boxes), however the text wrapped (Phụ lục I, II.1.c, II.2.b, II.5.b; issue 14, 9).

A line as long as the Tiêu ngữ; 1/3 to 1/2 of the text line for the others. A name or trích yếu
that wraps is measured against its widest printed line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.output.generate import generate
from engine.word.reader import Docx
from engine.word.rule_lines import STYLE_FONTS, text_width_pt
from tests.conftest import ROOT
from tests.layout_cases import write_cases
from tests.layout_pdf import Line, Rule, lines, rules, width

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None or
                                shutil.which("pdftoppm") is None,
                                reason="LibreOffice and poppler-utils are installed by .ci/run")
CAMPAIGNS = ["uong-bi-cv-2219-2023", "cao-bang-kh-145-2022", "kinh-mon-ct-05-2023",
             "ha-tu-qd-25-2025", "phuoc-long-nq-2020", "trieu-phong-cv-2024",
             "phu-yen-sgtvt-kh-cds"]
RATIOS = {"VBTieuNgu": (0.97, 1.03), "VBCoQuan": (1 / 3, 1 / 2), "VBTrichYeu": (1 / 3, 1 / 2),
          "VBKemTheo": (1 / 3, 1 / 2)}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("rules")
    sources = write_cases(folder) + [ROOT / "samples" / f"{name}.yaml" for name in CAMPAIGNS]
    return generate(sources, folder / "out", pdf=True, workers=2).documents


def _printed(found: list[Line], text: str) -> list[Line]:
    """The consecutive printed lines that together read `text` (on one page)."""
    wanted = " ".join(text.split())
    for start in range(len(found)):
        joined = ""
        for end in range(start, len(found)):
            joined = f"{joined} {found[end].text}".strip()
            if joined == wanted:
                return found[start:end + 1]
            if not wanted.startswith(joined):
                break
    raise AssertionError(f"«{text}» is not printed")


def _rule_under(drawn: list[Rule], block: list[Line]) -> Rule:
    assert len({line.page for line in block}) == 1
    bottom = max(word.y1 for line in block for word in line.words)
    left = min(line.words[0].x0 for line in block)
    right = max(line.words[-1].x1 for line in block)
    below = [r for r in drawn if bottom - 1 <= r.y <= bottom + 20
             and left - 2 <= (r.x0 + r.x1) / 2 <= right + 2]
    assert below, f"no line under «{block[-1].text}»"
    return min(below, key=lambda r: r.y)


def _checked(path: Path) -> list[tuple[str, float]]:
    paragraphs = Docx(path.read_bytes()).paragraphs()
    pdf = path.with_suffix(".pdf")
    found, drawn = lines(pdf), {}
    measured = []
    for index, paragraph in enumerate(paragraphs[:-1]):
        if paragraph.style in RATIOS and paragraphs[index + 1].border_top and paragraph.text:
            block = _printed(found, paragraph.text)
            page = block[0].page
            rule = _rule_under(drawn.setdefault(page, rules(pdf, page)), block)
            assert abs((rule.x0 + rule.x1) / 2 - (block[0].words[0].x0 + block[0].words[-1].x1)
                       / 2) < 3 or len(block) > 1  # centred under its text
            measured.append((paragraph.style, rule.length / max(width(b) for b in block)))
            size, bold = STYLE_FONTS[paragraph.style]
            upright = paragraph.style != "VBKemTheo"  # italic, measured with upright widths
            for line in block if upright else []:  # the engine's metrics are the printed ones
                assert text_width_pt(line.text, size, bold) == pytest.approx(width(line), rel=0.02)
    return measured


def test_every_line_has_the_decree_length_against_the_printed_text(
        rendered: list[Path]) -> None:
    wrong, seen = [], set()
    for path in rendered:
        for style, ratio in _checked(path):
            seen.add(style)
            low, high = RATIOS[style]
            if not low <= ratio <= high:
                wrong.append(f"{path.parent.name}/{path.stem} {style}: {ratio:.3f}")
    assert seen >= {"VBTieuNgu", "VBCoQuan", "VBTrichYeu", "VBKemTheo"}
    assert not wrong, "\n".join(wrong)
