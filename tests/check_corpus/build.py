"""The hand-made corpus of `vanban check`: documents typed as clerks do, each with the exact
findings it must give (expected.json).

Every case is a Spec of tests/check_corpus/clerk.py (the header's shape, how lines are drawn,
what is typed), then the clicks a clerk makes afterwards (`touch`: bold, size, alignment …) and
text replaced in document.xml. Cases marked render are checked with `check --render` (their
finding is visible only on the page). Run `python -m tests.check_corpus.build OUT` to write the
documents to OUT and open them in Word.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tests.check_corpus.clerk import Spec, touch, type_document

HERE = Path(__file__).resolve().parent
EXPECTED: dict[str, dict[str, Any]] = json.loads((HERE / "expected.json").read_text("utf-8"))

CHU_QUAN = (("ỦY BAN NHÂN DÂN TỈNH AN HÀ", False), ("SỞ NỘI VỤ", True))
TWO_LINE_UBND = (("ỦY BAN NHÂN DÂN", True), ("THÀNH PHỐ AN HÀ", True))
CONG_VAN = Spec(kind="", number="Số: 15/UBND-VP", subject="V/v triển khai thi đua năm 2025",
                kinh_gui=("Kính gửi: Ủy ban nhân dân huyện An Hà.",),
                recipients=("- Như trên;", "- Lưu: VT, VP."))
DECISION = Spec(kind="QUYẾT ĐỊNH", summary="Về việc khen thưởng năm 2025",
                number="Số: 20/QĐ-UBND",
                bases=("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2025;",
                       "Xét đề nghị của Trưởng phòng Văn hóa - Xã hội."),
                command="QUYẾT ĐỊNH:",
                body=("Điều 1. Tặng Giấy khen cho các tập thể, cá nhân có thành tích xuất sắc.",
                      "Điều 2. Quyết định này có hiệu lực kể từ ngày ký."),
                authority=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"))
TASKS = (("STT", "Nhiệm vụ", "Thời gian"), ("1", "Tổng kết phong trào thi đua", "Quý IV"))
LONG = tuple(f"{i}. {text}" for i in range(1, 11) for text in Spec().body)


def _attached(parent_date: str) -> tuple[tuple[str, str], ...]:
    """The edit that turns the Kế hoạch into one issued with a decision: its "(Kèm theo …)"
    line typed under the trích yếu (no Số, no date of its own)."""
    line = ('<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:i/><w:sz w:val="28"/>'
            f"</w:rPr><w:t>(Kèm theo Quyết định số 20/QĐ-UBND {parent_date} của Ủy ban nhân dân "
            "xã An Hà)</w:t></w:r></w:p>")
    end = "Tổ chức phong trào thi đua năm 2025</w:t></w:r></w:p>"
    return ((end, end + line),)


@dataclass(frozen=True)
class Case:
    """A document of the corpus: what is typed, the clicks after, the text replaced."""

    spec: Spec
    touches: tuple[tuple[str, dict[str, Any]], ...] = ()
    edits: tuple[tuple[str, str], ...] = ()


CASES: dict[str, Case] = {
    # Correct documents, one of each shape: no finding.
    "correct-one-row-table": Case(Spec()),
    "correct-two-row-table": Case(Spec(header="rows", issuer=CHU_QUAN, number="Số: 12/KH-SNV")),
    "correct-tab-stops": Case(Spec(header="tabs", line="underscore")),
    "correct-underscore-lines": Case(Spec(line="underscore")),
    "correct-shape-lines": Case(Spec(line="shape")),
    "correct-two-line-name": Case(Spec(header="rows", line="underscore", issuer=TWO_LINE_UBND)),
    "correct-uncached-page-field": Case(Spec(page_number="uncached")),
    "correct-cong-van-one-recipient": Case(CONG_VAN),
    "correct-cong-van-recipients": Case(replace(CONG_VAN, kinh_gui=(
        "Kính gửi:", "- Phòng Nội vụ;", "- Phòng Tài chính - Kế hoạch."))),
    "correct-decision": Case(DECISION),
    "correct-table-at-the-end": Case(Spec(table=TASKS)),
    "correct-end-mark-after-table": Case(Spec(table=TASKS, mark_after_table=True)),
    # Item 10: a wrong document for each rule the earlier tests missed.
    "place-in-lower-case": Case(Spec(date="an Hà, ngày 05 tháng 3 năm 2025")),
    "symbol-in-lower-case": Case(Spec(number="Số: 12/KH-ubnd")),
    "type-name-left": Case(Spec(kind_align="left")),
    # Item 9: what check used to miss.
    "correct-attached-plan": Case(Spec(number="", date=""),
                                  edits=_attached("ngày 05 tháng 3 năm 2025")),
    "attached-date-in-figures": Case(Spec(number="", date=""), edits=_attached("ngày 05/3/2025")),
    "vv-twice": Case(replace(CONG_VAN, subject="V/v V/v triển khai thi đua năm 2025")),
    "first-recipient-on-kinh-gui-line": Case(replace(CONG_VAN, kinh_gui=(
        "Kính gửi: - Phòng Nội vụ;", "- Phòng Tài chính - Kế hoạch."))),
    "one-recipient-under-kinh-gui": Case(replace(CONG_VAN, kinh_gui=(
        "Kính gửi:", "- Phòng Nội vụ."))),
    "kinh-gui-recipients-with-commas": Case(replace(CONG_VAN, kinh_gui=(
        "Kính gửi:", "- Phòng Nội vụ,", "- Phòng Tài chính - Kế hoạch,"))),
    "tm-repeats-the-body-name": Case(Spec(authority=(
        "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ AN HÀ"))),
    "deputy-under-tm-without-kt": Case(Spec(authority=("TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH"))),
    "head-signs-kt": Case(Spec(authority=("KT. CHỦ TỊCH", "CHỦ TỊCH"))),
    "end-mark-before-table": Case(Spec(table=TASKS, mark_before_table=True)),
    # Other rules, one wrong document each.
    "quoc-hieu-misspelt": Case(Spec(), edits=(("CỘNG HÒA XÃ HỘI", "CỘNG HÒA DÂN CHỦ"),)),
    "tieu-ngu-missing": Case(Spec(), edits=(("Độc lập - Tự do - Hạnh phúc", "Độc lập"),)),
    "tieu-ngu-not-bold": Case(Spec(), touches=(("Độc lập", {"bold": False}),)),
    "tieu-ngu-line-too-short": Case(Spec(tieu_ngu_line=0.6)),
    "no-lines-at-all": Case(Spec(line="none")),
    "issuer-missing": Case(Spec(issuer=(("", False),))),
    "issuing-body-not-bold": Case(Spec(issuer=(("ỦY BAN NHÂN DÂN TỈNH AN HÀ", False),
                                               ("SỞ NỘI VỤ", False)), number="Số: 12/KH-SNV")),
    "two-line-name-half-bold": Case(Spec(issuer=(("ỦY BAN NHÂN DÂN", False),
                                                 ("XÃ AN HÀ", True)))),
    "issuer-size-14": Case(Spec(issuer_size=14)),
    "number-missing": Case(Spec(number="")),
    "number-bold": Case(Spec(), touches=(("Số: 12", {"bold": True}),)),
    "number-without-colon": Case(Spec(number="Số 12/KH-UBND")),
    "date-missing": Case(Spec(date="")),
    "date-with-comma-before-year": Case(Spec(date="An Hà, ngày 05 tháng 3, năm 2025")),
    "type-name-missing": Case(Spec(kind="")),
    "type-name-lower-case": Case(Spec(kind="Kế hoạch")),
    "summary-not-bold": Case(Spec(), touches=(("Tổ chức phong trào", {"bold": False}),)),
    "vv-bold": Case(CONG_VAN, touches=(("V/v", {"bold": True}),)),
    "bases-upright": Case(DECISION, touches=(("Căn cứ", {"italic": False}),
                                             ("Xét đề nghị", {"italic": False}))),
    "body-without-spacing": Case(Spec(), touches=(("Các cơ quan, đơn vị căn cứ",
                                                   {"space_before": 0}),)),
    "body-double-spaced": Case(Spec(), touches=(("Thực hiện chương trình",
                                                 {"line_spacing": 2.0}),)),
    "long-without-page-numbers": Case(Spec(body=LONG, page_number="none")),
    "page-number-in-footer": Case(Spec(page_number="footer")),
    "page-number-left": Case(Spec(page_number_align="left")),
    "page-number-12": Case(Spec(page_number_size=12)),
    "signature-not-bold": Case(Spec(), touches=(("CHỦ TỊCH", {"bold": False}),)),
    "signer-italic": Case(Spec(), touches=(("Lê Văn Minh", {"italic": True}),)),
    "recipients-heading-without-colon": Case(Spec(recipients_heading="Nơi nhận")),
    "recipients-size-13": Case(Spec(), touches=(("- Ủy ban nhân dân huyện;", {"size": 13}),)),
    "recipient-without-dash": Case(Spec(recipients=("Ủy ban nhân dân huyện;", "- Lưu: VT, VP."))),
    "recipient-without-semicolon": Case(Spec(recipients=("- Ủy ban nhân dân huyện",
                                                         "- Lưu: VT, VP."))),
    "title-in-word-title-style": Case(Spec(heading_style_title=True)),
    # Facts only the page shows (check --render).
    "render-correct-one-row-table": Case(Spec()),
    "render-correct-two-row-table": Case(Spec(header="rows", issuer=(
        ("ỦY BAN NHÂN DÂN TỈNH AN HÀ", False), ("BAN QUẢN LÝ DỰ ÁN", True),
        ("ĐẦU TƯ XÂY DỰNG", True)), number="Số: 12/KH-BQLDA")),
    "render-correct-tab-stops": Case(Spec(header="tabs", line="underscore")),
    "render-number-below-the-date": Case(Spec(issuer=(
        ("ỦY BAN NHÂN DÂN TỈNH AN HÀ", False), ("BAN QUẢN LÝ DỰ ÁN", True),
        ("ĐẦU TƯ XÂY DỰNG", True)), number="Số: 12/KH-BQLDA")),
    "render-symbol-broken": Case(Spec(table=(
        ("STT", "Căn cứ"), ("1", "Nghị định 117/2013/NĐ-CP"), ("2", "Luật")),
        narrow_column_cm=3.3)),
    "render-signature-alone": Case(Spec(break_before_signature=True)),
    "render-place-name-broken": Case(Spec(table=(("STT", "Đơn vị"), ("1", "Ban chỉ đạo An Hà")),
                                          narrow_column_cm=2.2)),
}


def document(case: Case) -> bytes:
    """Return the DOCX of `case`."""
    doc = type_document(case.spec)
    for fragment, changes in case.touches:
        touch(doc, fragment, changes)
    out = io.BytesIO()
    doc.save(out)
    if not case.edits:
        return out.getvalue()
    with zipfile.ZipFile(out) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    for old, new in case.edits:
        if old not in xml:
            raise LookupError(old)
        xml = xml.replace(old, new, 1)
    parts["word/document.xml"] = xml.encode("utf-8")
    edited = io.BytesIO()
    with zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return edited.getvalue()


def build(folder: Path) -> dict[str, Path]:
    """Write every document of the corpus to `folder`; return {name: path}."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, case in CASES.items():
        path = folder / f"{name}.docx"
        path.write_bytes(document(case))
        written[name] = path
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1])).values():
        print(path)
