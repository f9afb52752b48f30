"""Build the deliberately wrong documents of tests/data/check/ (one departure each).

Each case starts from a correct document vanban generates from base.yaml, changes one thing in
its XML the way a careless edit in Word would, and records the finding `vanban check` must give
in expected.json. `hand-made.docx` is typed with python-docx from its default template, the way a
clerk would build a document without vanban, with a few typical mistakes.
Run: python tests/data/check/build.py
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from engine.output.generate import generate

HERE = Path(__file__).resolve().parent
Parts = dict[str, bytes]


def _doc(parts: Parts, old: str, new: str, part: str = "word/document.xml") -> None:
    text = parts[part].decode("utf-8")
    assert old in text, f"{old!r} not in {part}"
    parts[part] = text.replace(old, new, 1).encode("utf-8")


def _run_props(parts: Parts, text: str, props: str) -> None:
    """Give the run holding `text` the direct properties `props`."""
    xml = parts["word/document.xml"].decode("utf-8")
    at = xml.index(text)
    run = xml.rindex("<w:r>", 0, at) + len("<w:r>")
    if xml.startswith("<w:rPr>", run):
        run += len("<w:rPr>")
        xml = xml[:run] + props + xml[run:]
    else:
        xml = xml[:run] + f"<w:rPr>{props}</w:rPr>" + xml[run:]
    parts["word/document.xml"] = xml.encode("utf-8")


def _last_body_text(parts: Parts) -> str:
    xml = parts["word/document.xml"].decode("utf-8")
    return re.findall(r">([^<]*/\.)</w:t>", xml)[-1]


CASES: dict[str, tuple[str, list[str], Callable[[Parts], None]]] = {
    "margin-left": ("chi-thi", ["margin-left"],
                    lambda p: _doc(p, 'w:left="1701"', 'w:left="1134"')),
    "a5-paper": ("chi-thi", ["paper-size"],
                 lambda p: _doc(p, '<w:pgSz w:w="11906" w:h="16838"/>',
                                '<w:pgSz w:w="8391" w:h="11906"/>')),
    "font-arial": ("chi-thi", ["font"], lambda p: _run_props(
        p, "Trong thời gian qua", '<w:rFonts w:ascii="Arial" w:hAnsi="Arial"/>')),
    "body-size-12": ("chi-thi", ["body-size"], lambda p: _run_props(
        p, "Trong thời gian qua", '<w:sz w:val="24"/>')),
    "number-without-zero": ("chi-thi", ["number-padding"],
                            lambda p: _doc(p, "Số: 05/CT-UBND", "Số: 5/CT-UBND")),
    "month-with-zero": ("chi-thi", ["date-padding"],
                        lambda p: _doc(p, "ngày 05 tháng 5 năm", "ngày 05 tháng 05 năm")),
    "day-without-zero": ("chi-thi", ["date-padding"],
                         lambda p: _doc(p, "ngày 05 tháng 5 năm", "ngày 5 tháng 5 năm")),
    "wrong-abbreviation": ("chi-thi", ["symbol-type"],
                           lambda p: _doc(p, "Số: 05/CT-UBND", "Số: 05/QĐ-UBND")),
    "no-ending-mark": ("chi-thi", ["ending"], lambda p: _doc(
        p, _last_body_text(p), _last_body_text(p).removesuffix("/."))),
    "recipients-not-italic": ("chi-thi", ["recipients-heading-italic"],
                              lambda p: _run_props(p, "Nơi nhận:", '<w:i w:val="0"/>')),
    "page-number-on-page-1": ("chi-thi", ["page-number-first-page"],
                              lambda p: _doc(p, "<w:titlePg/>", "")),
    "nfd-text": ("chi-thi", ["not-nfc"], lambda p: _doc(
        p, "Trong thời gian qua", unicodedata.normalize("NFD", "Trong thời gian qua"))),
    "tieu-ngu-hyphens": ("chi-thi", ["tieu-ngu-text"],
                         lambda p: _doc(p, "Độc lập - Tự do - Hạnh phúc",
                                        "Độc lập-Tự do-Hạnh phúc")),
    "quoc-hieu-not-bold": ("chi-thi", ["quoc-hieu-bold"], lambda p: _run_props(
        p, "CỘNG HÒA XÃ HỘI", '<w:b w:val="0"/>')),
    "no-line-under-tieu-ngu": ("chi-thi", ["tieu-ngu-line"], lambda p: _doc(
        p, '<w:p><w:pPr><w:pStyle w:val="VBDuongKeDai"/>', '<w:p><w:pPr><w:pStyle w:val="VBX"/>')),
    "date-upright": ("chi-thi", ["date-italic"], lambda p: _run_props(
        p, "Kinh Môn, ngày", '<w:i w:val="0"/>')),
    "body-left-aligned": ("chi-thi", ["body-align"], lambda p: _doc(
        p, '<w:pStyle w:val="VBNoiDung"/>', '<w:pStyle w:val="VBNoiDung"/><w:jc w:val="left"/>')),
    "body-no-indent": ("chi-thi", ["body-indent"], lambda p: _doc(
        p, '<w:pStyle w:val="VBNoiDung"/>',
        '<w:pStyle w:val="VBNoiDung"/><w:ind w:firstLine="0"/>')),
    "signer-with-title": ("chi-thi", ["signer-title"],
                          lambda p: _doc(p, ">Trương Đức San<", ">TS. Trương Đức San<")),
    "no-archive-line": ("chi-thi", ["recipient-archive"],
                        lambda p: _doc(p, "- Lưu: VT, NV.", "- UBND thị xã.")),
    "signature-prefix-without-dot": ("quyet-dinh", ["signature-prefix"],
                                     lambda p: _doc(p, "TM. ỦY BAN", "TM ỦY BAN")),
    "last-basis-with-semicolon": ("quyet-dinh", ["basis-punctuation"], lambda p: _doc(
        p, "Theo đề nghị của Trưởng phòng Nội vụ.", "Theo đề nghị của Trưởng phòng Nội vụ;")),
}


def build_cases(base: dict[str, bytes]) -> dict[str, list[str]]:
    expected: dict[str, list[str]] = {}
    for name, (source, codes, spoil) in CASES.items():
        with zipfile.ZipFile(io.BytesIO(base[source])) as archive:
            parts = {n: archive.read(n) for n in archive.namelist()}
        spoil(parts)
        with zipfile.ZipFile(HERE / f"{name}.docx", "w", zipfile.ZIP_DEFLATED) as archive:
            for part, data in parts.items():
                archive.writestr(zipfile.ZipInfo(part, (1980, 1, 1, 0, 0, 0)), data)
        expected[f"{name}.docx"] = codes
    return expected


def build_unreadable() -> list[str]:
    (HERE / "not-a-docx.docx").write_text("Đây là văn bản thường, không phải DOCX.\n", "utf-8")
    with zipfile.ZipFile(HERE / "zip-bomb.docx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * 20_000_000)
    with zipfile.ZipFile(HERE / "macro.docx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", b"\0" * 64)
    return ["not-a-docx.docx", "zip-bomb.docx", "macro.docx"]


def build_hand_made() -> None:
    """A Kế hoạch typed with python-docx's default template, as a hurried clerk would."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)  # mistake: left must be 3–3.5 cm
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(14)
    table = doc.add_table(rows=2, cols=2)
    cells = [table.cell(0, 0), table.cell(0, 1), table.cell(1, 0), table.cell(1, 1)]
    texts = [("ỦY BAN NHÂN DÂN\nXÃ AN BÌNH", True), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                                                   "Độc lập - Tự do - Hạnh phúc", True),
             ("Số: 7/KH-UBND", False), ("An Bình, ngày 9 tháng 03 năm 2025", False)]
    for cell, (text, bold) in zip(cells, texts, strict=True):
        for i, line in enumerate(text.split("\n")):
            paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(line)
            run.bold, run.font.size = bold, Pt(12 if bold and i == 0 else 13)
    cells[3].paragraphs[0].runs[0].italic = True
    for text, size in (("KẾ HOẠCH", 14), ("Cải cách hành chính xã An Bình năm 2025", 14)):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.font.size = True, Pt(size)
    body = ["Thực hiện Kế hoạch của Ủy ban nhân dân huyện về cải cách hành chính năm 2025, "
            "Ủy ban nhân dân xã ban hành Kế hoạch như sau:",
            "I. MỤC ĐÍCH, YÊU CẦU",
            "Nâng cao chất lượng phục vụ người dân và doanh nghiệp.",
            "II. NHIỆM VỤ",
            "Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền của xã."]
    for text in body:
        paragraph = doc.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
    signature = doc.add_table(rows=1, cols=2)
    left, right = signature.cell(0, 0), signature.cell(0, 1)
    left.paragraphs[0].add_run("Nơi nhận:").bold = True  # mistake: not italic, size 14
    for line in ("- UBND huyện;", "- Lưu VT."):
        left.add_paragraph(line).runs[0].font.size = Pt(11)
    for i, line in enumerate(("TM. ỦY BAN NHÂN DÂN", "KT CHỦ TỊCH", "PHÓ CHỦ TỊCH", "",
                              "Nguyễn Văn Bình")):
        paragraph = right.paragraphs[0] if i == 0 else right.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if line:
            paragraph.add_run(line).bold = True
    doc.save(str(HERE / "hand-made.docx"))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        written = generate([HERE / "base.yaml"], Path(folder))
        base = {p.stem: p.read_bytes() for p in written if p.suffix == ".docx"}
    (HERE / "correct.docx").write_bytes(base["chi-thi"])
    (HERE / "correct-decision.docx").write_bytes(base["quyet-dinh"])
    expected = build_cases(base)
    expected.update({"correct.docx": [], "correct-decision.docx": []})
    data = {"findings": expected, "unreadable": build_unreadable()}
    (HERE / "expected.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n",
                                        "utf-8")
    build_hand_made()
    print(f"wrote {len(expected)} checked cases, 3 unreadable files and hand-made.docx")


if __name__ == "__main__":
    main()
