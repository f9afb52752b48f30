"""Issue 12, points 3 and 4: how the text flows onto pages and lines.

3. The last lines of the content, the signature block and Nơi nhận keep together: no page holds
   only the signature (the Cao Bằng Kế hoạch's page 8 did; so did the THƯ KÝ / CHỦ TỌA blocks
   of a Biên bản on page 2), whatever the length of the content.
4. No line breaks inside a số/ký hiệu ("117/2013/NĐ-CP"), a range ("2020 - 2025"), a short date
   span or a place name of the profile ("Sơn Nam", "Hà Tu", "Phước Long").

Checked in the DOCX (w:keepNext, w:noBreakHyphen, no-break spaces) and on the pages LibreOffice
renders (pdftotext word boxes).
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from engine.awards.dossier import make_dossiers
from engine.campaign.loader import load_campaign
from engine.campaign.yaml_writer import dump
from engine.output.generate import generate
from engine.pdf import convert_all
from engine.pdf.checks import pdf_fonts
from engine.word.reader import Docx
from tests.conftest import ROOT, SAMPLES
from tests.layout_cases import PROFILES
from tests.layout_pdf import Line, lines

needs_office = pytest.mark.skipif(shutil.which("soffice") is None or
                                  shutil.which("pdftotext") is None,
                                  reason="LibreOffice and poppler-utils are installed by .ci/run")
CAO_BANG = ROOT / "samples" / "cao-bang-kh-145-2022.yaml"
FILLER = ("Các cơ quan, đơn vị căn cứ chức năng, nhiệm vụ được giao chủ động xây dựng kế hoạch "
          "cụ thể, bố trí nguồn lực và báo cáo kết quả thực hiện theo định kỳ hằng quý.")
SPANS = "Nghị định số 117/2013/NĐ-CP tại tỉnh Sơn Nam, giai đoạn 2020 - 2025, ngày 23 tháng 7 năm"
LENGTHS = range(8, 24)  # content lengths (paragraphs) that put the signature at every height


def _campaign(folder: Path) -> Path:
    """A Chỉ thị per content length, and one whose paragraphs move the spans along the line."""
    profile = PROFILES["chu-quan"]
    (folder / "co-quan.yaml").write_text(dump(profile), "utf-8")
    shifted = [f"{'Đ ' * k}{SPANS} 2025 và Quyết định số 25/QĐ-UBND." for k in range(40)]
    docs = [{"ma": f"ct-{n:02d}", "loai": "chi_thi", "so": "5", "ngay": "2025-02-05",
             "trich_yeu": "Về tăng cường kỷ luật hành chính", "noi_dung": [FILLER] * n,
             "ky": {"nguoi_ky": "gd"}, "noi_nhan": ["Như trên", "Các phòng, ban"]}
            for n in LENGTHS]
    docs.append({**docs[0], "ma": "ct-spans", "noi_dung": shifted})
    path = folder / "flow.yaml"
    path.write_text(dump({"co_quan": "co-quan.yaml", "chien_dich": {"ten": "Kỷ luật"},
                          "van_ban": docs}), "utf-8")
    return path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("flow")
    pdf = shutil.which("soffice") is not None
    written = generate([_campaign(folder), *SAMPLES], folder / "out", pdf=pdf,
                       workers=2).documents
    return {f"{p.parent.name}/{p.stem}": p for p in written}


@pytest.fixture(scope="module")
def minutes(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("bien-ban")
    make_dossiers(CAO_BANG, out)
    docx = sorted(out.rglob("02-bien-ban-hop-xet.docx"))
    if shutil.which("soffice") is None:
        return docx
    return [result.pdf for result in convert_all(docx, workers=2)]


def _signature_pages_have_content(pdf: Path, label: str) -> None:
    printed = lines(pdf)
    heading = next(line for line in printed if line.text.startswith(label))
    above = [line for line in printed if line.page == heading.page
             and line.words[0].y1 < heading.words[0].y0 and not line.text.isdigit()]
    assert above, f"{pdf.name}: page {heading.page} starts with «{label}»"
    lowest = max(above, key=lambda line: line.words[0].y1)
    assert lowest.text.endswith("/."), f"{pdf.name}: {lowest.text}"  # the content's end


@needs_office
@pytest.mark.parametrize("n", LENGTHS)
def test_the_signature_never_starts_a_page(rendered: dict[str, Path], n: int) -> None:
    _signature_pages_have_content(rendered[f"flow/ct-{n:02d}"].with_suffix(".pdf"), "Nơi nhận:")


@needs_office
def test_the_cao_bang_plan_ends_with_text_above_its_signature(rendered: dict[str, Path]) -> None:
    _signature_pages_have_content(rendered["cao-bang-kh-145-2022/kh-145"].with_suffix(".pdf"),
                                  "Nơi nhận:")


@needs_office
def test_the_minutes_keep_thu_ky_and_chu_toa_with_the_content(minutes: list[Path]) -> None:
    assert minutes
    for pdf in minutes:
        _signature_pages_have_content(pdf, "THƯ KÝ")
        printed = lines(pdf)
        page = next(line.page for line in printed if line.text.startswith("THƯ KÝ"))
        assert any(line.page == page and line.text == "Nơi nhận:" for line in printed)


def test_the_docx_ties_the_last_paragraph_to_the_signature(rendered: dict[str, Path]) -> None:
    xml = Docx(rendered["flow/ct-08"].read_bytes()).document
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    table = next(t for t in xml.iter(f"{w}tbl") if "Nơi nhận:" in "".join(t.itertext()))
    spacer, last = table.getprevious(), table.getprevious().getprevious()
    for paragraph in (spacer, last):
        assert paragraph.find(f"{w}pPr/{w}keepNext") is not None
    assert "".join(last.itertext()).endswith("/.")
    assert all(row.find(f"{w}trPr/{w}cantSplit") is not None for row in table.iter(f"{w}tr"))


def test_symbols_and_names_are_written_unbreakable_in_the_docx(rendered: dict[str, Path]) -> None:
    doc = Docx(rendered["flow/ct-spans"].read_bytes())
    xml = doc.parts["word/document.xml"].decode("utf-8")
    assert "117/2013/NĐ</w:t><w:noBreakHyphen/><w:t xml:space=\"preserve\">CP" in xml
    assert "\u2011" not in xml  # Times New Roman has no U+2011 glyph: Word's own element
    assert "tỉnh Sơn\u00a0Nam" in xml and "2020\u00a0-\u00a02025" in xml
    assert "ngày\u00a023 tháng\u00a07 năm\u00a02025" in xml
    # Read back (check, diffs, seeds), it is the text as typed.
    assert "Nghị định số 117/2013/NĐ-CP tại tỉnh Sơn Nam, giai đoạn 2020 - 2025" in doc.text()


def _breaks(printed: list[Line], names: list[str]) -> list[str]:
    """Every line end that splits a symbol, a range or one of `names`."""
    found = []
    for line, after in zip(printed, printed[1:], strict=False):
        end = line.words[-1].text
        if re.search(r"[-–‑]$", end) and after.page == line.page:
            found.append(f"{line.text} / {after.text}")
        joined = f"{line.text} {after.words[0].text}"
        found += [f"{line.text} / {after.text}" for name in names
                  if joined.endswith(name) and not line.text.endswith(name)]
    return found


@needs_office
def test_no_line_ends_inside_a_symbol_range_or_place_name(rendered: dict[str, Path]) -> None:
    names = {PROFILES["chu-quan"]["dia_danh"]}
    for sample in SAMPLES:
        names |= {d.profile.dia_danh for d in load_campaign(sample).documents}
    spaced = sorted(n for n in names if " " in n)
    problems = {name: _breaks(lines(path.with_suffix(".pdf")), spaced)
                for name, path in rendered.items()}
    assert not {name: found for name, found in problems.items() if found}
    # The spans did reach the ends of lines: the test would have seen a break.
    spans = lines(rendered["flow/ct-spans"].with_suffix(".pdf"))
    assert any(line.text.endswith(("NĐ-CP", "2025,", "Nam,")) for line in spans)


@needs_office
def test_the_no_break_hyphen_prints_as_a_hyphen_of_the_body_font(rendered: dict[str, Path]) -> None:
    pdf = rendered["flow/ct-spans"].with_suffix(".pdf")
    printed = " ".join(line.text for line in lines(pdf))
    assert "117/2013/NĐ-CP" in printed and "25/QĐ-UBND" in printed
    assert {font.split("+")[-1] for font in pdf_fonts(pdf.read_bytes())} <= {
        "LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic",
        "LiberationSerif-BoldItalic"}


@needs_office
def test_check_render_sees_a_minutes_signature_alone(minutes: list[Path], tmp_path: Path) -> None:
    """`check --render` finds THƯ KÝ / CHỦ TỌA pushed alone onto a page, not only Nơi nhận."""
    from engine.check import Renderer, check_file

    source = minutes[0].with_suffix(".docx")
    xml = Docx(source.read_bytes()).parts["word/document.xml"].decode("utf-8")
    at = xml.rindex("<w:tbl>", 0, xml.index("THƯ KÝ"))
    pushed = xml[:at] + '<w:p><w:r><w:br w:type="page"/></w:r></w:p>' + xml[at:]
    broken = tmp_path / "bien-ban-tach-trang.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(broken, "w") as copy:
        for name in original.namelist():
            data = original.read(name)
            copy.writestr(name, pushed.encode("utf-8") if name == "word/document.xml" else data)
    with Renderer() as renderer:
        assert "signature-alone" not in {f.code for f in check_file(source, renderer)}
        found = [f for f in check_file(broken, renderer) if f.code == "signature-alone"]
    assert found and "THƯ" in found[0].paragraph
