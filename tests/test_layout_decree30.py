"""Every generated sample follows Decree 30/2020/NĐ-CP, Phụ lục I (values from legal-rules.md).

The expected values below are the decree's, not the templates': a template edited out of range
fails here.
"""

from __future__ import annotations

import re

import pytest

from engine.word.reader import Docx, Paragraph

DOCS = [
    "uong-bi-cv-2219-2023/cv-2219",
    "cao-bang-kh-145-2022/kh-145",
    "kinh-mon-ct-05-2023/ct-05",
    "ha-tu-qd-25-2025/qd-25",
    "ha-tu-qd-25-2025/kh-cchc-2025",
    "phuoc-long-nq-2020/nq-phuoc-long",
    "phuoc-long-nq-2020/kh-cchc-2020-2025",
]
ATTACHED = {"ha-tu-qd-25-2025/kh-cchc-2025"}
NUMBER = re.compile(r"^Số: ((0[1-9]|[1-9]\d+)| {5})/[A-ZĐ][A-Za-zĐđ]*(-[A-ZĐ][A-Za-zĐđ0-9]*)+$")
DATE = re.compile(  # or a draft's blanks when the source gives no date
    r"^[A-ZĐÂ][^,]*, ngày ((0[1-9]|[12]\d|3[01]) tháng (01|02|[3-9]|1[0-2]) năm \d{4}"
    r"| +tháng +năm +)$")
SIGN_PREFIX = re.compile(r"^(TM|KT|Q|TL|TUQ)\. ")


def _find(paragraphs: list[Paragraph], text: str) -> Paragraph:
    return next(p for p in paragraphs if p.text == text)


def _index(paragraphs: list[Paragraph], text: str) -> int:
    return next(i for i, p in enumerate(paragraphs) if p.text == text)


@pytest.mark.parametrize("name", DOCS)
def test_page_is_a4_with_the_decree_margins(opened: dict[str, Docx], name: str) -> None:
    page = opened[name].page()  # Phụ lục I, I.1–I.3
    assert (page.width, page.height) == (210.0, 297.0)
    assert 20 <= page.top <= 25 and 20 <= page.bottom <= 25
    assert 30 <= page.left <= 35 and 15 <= page.right <= 20


@pytest.mark.parametrize("name", DOCS)
def test_every_paragraph_is_times_new_roman(opened: dict[str, Docx], name: str) -> None:
    fonts = {p.font for p in opened[name].paragraphs() if p.text}
    assert fonts == {"Times New Roman"}  # Phụ lục I, I.4


@pytest.mark.parametrize("name", DOCS)
def test_quoc_hieu_and_tieu_ngu(opened: dict[str, Docx], name: str) -> None:
    paragraphs = opened[name].paragraphs()
    quoc_hieu = _find(paragraphs, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert 12 <= quoc_hieu.size <= 13 and quoc_hieu.bold and not quoc_hieu.italic  # V row 1
    i = _index(paragraphs, "Độc lập - Tự do - Hạnh phúc")
    tieu_ngu, line = paragraphs[i], paragraphs[i + 1]
    assert 13 <= tieu_ngu.size <= 14 and tieu_ngu.bold and tieu_ngu.in_table
    assert tieu_ngu.align == "center" and quoc_hieu.align == "center"
    # II.1.c: a solid line under the Tiêu ngữ (its printed length: test_layout_rules.py).
    assert line.border_top and not line.text


@pytest.mark.parametrize("name", DOCS)
def test_issuing_body_is_bold_capitals_with_a_short_line(opened: dict[str, Docx],
                                                         name: str) -> None:
    paragraphs = opened[name].paragraphs()
    body = [p for p in paragraphs if p.style == "VBCoQuan"]
    assert body and all(p.text.isupper() and p.bold and 12 <= p.size <= 13 for p in body)
    line = paragraphs[paragraphs.index(body[-1]) + 1]
    assert line.border_top  # II.2.b: its printed length is measured in test_layout_rules.py


@pytest.mark.parametrize("name", [d for d in DOCS if d not in ATTACHED])
def test_number_and_date_lines(opened: dict[str, Docx], name: str) -> None:
    paragraphs = opened[name].paragraphs()
    number = next(p for p in paragraphs if p.text.startswith("Số:"))
    assert NUMBER.match(number.text), number.text  # II.3.c
    assert number.size == 13 and not number.bold
    date = next(p for p in paragraphs if ", ngày " in p.text and p.in_table)
    assert DATE.match(date.text), date.text  # II.4.b
    assert date.italic and 13 <= date.size <= 14 and date.align == "center"


@pytest.mark.parametrize("name", sorted(ATTACHED))
def test_attached_documents_have_no_number_and_cite_their_decision(opened: dict[str, Docx],
                                                                   name: str) -> None:
    paragraphs = opened[name].paragraphs()
    assert not any(p.text.startswith("Số:") for p in paragraphs[:12])
    cite = next(p for p in paragraphs if p.text.startswith("(Kèm theo "))
    assert cite.italic and cite.align == "center"  # Phụ lục III, attached-document sample
    assert re.search(r"(Quyết định|Nghị quyết) số (\d{2,}| {5})/(QĐ|NQ)-", cite.text)


@pytest.mark.parametrize("name", DOCS)
def test_type_name_and_summary(opened: dict[str, Docx], name: str) -> None:
    paragraphs = opened[name].paragraphs()
    kind = next((p for p in paragraphs if p.style == "VBTenLoai"), None)
    if name.endswith("cv-2219"):  # công văn: "V/v …" under the number (II.5.b, ô 5b)
        vv = next(p for p in paragraphs if p.text.startswith("V/v "))
        assert 12 <= vv.size <= 13 and not vv.bold and vv.in_table
        return
    assert kind is not None and kind.text.isupper() and kind.bold and 13 <= kind.size <= 14
    summary = paragraphs[paragraphs.index(kind) + 1]
    assert summary.bold and 13 <= summary.size <= 14 and summary.align == "center"
    line = next(p for p in paragraphs[paragraphs.index(summary):] if p.border_top)
    assert paragraphs.index(line) - paragraphs.index(summary) <= 2  # II.5.b, right under it


@pytest.mark.parametrize("name", DOCS)
def test_body_paragraphs(opened: dict[str, Docx], name: str) -> None:
    body = [p for p in opened[name].paragraphs()
            if p.style in ("VBNoiDung", "VBTieuDe", "VBTieuDeNghieng") and p.text]
    assert len(body) >= 3  # the shortest, the NQ: Điều 1, Điều 2, the passage sentence
    for p in body:  # II.6.e
        assert p.align == "both", p.text
        assert p.first_line in (567, 720), p.text  # 1 cm or 1.27 cm
        assert p.after >= 120, p.text  # at least 6 pt between paragraphs
        assert p.line_rule == "auto" and 240 <= p.line <= 360, p.text  # single to 1.5 lines
        assert 13 <= p.size <= 14 and not p.italic or p.style == "VBTieuDeNghieng"
    assert body[-1].text.endswith("/."), body[-1].text  # Phụ lục III: content ends with "/."


@pytest.mark.parametrize("name", ["ha-tu-qd-25-2025/qd-25", "phuoc-long-nq-2020/nq-phuoc-long"])
def test_legal_bases_and_command(opened: dict[str, Docx], name: str) -> None:
    paragraphs = opened[name].paragraphs()
    bases = [p for p in paragraphs if p.style == "VBCanCu"]
    assert bases and all(p.italic and 13 <= p.size <= 14 for p in bases)  # II.6.a
    assert all(p.text.endswith(";") for p in bases[:-1]) and bases[-1].text.endswith(".")
    command = "QUYẾT ĐỊNH:" if "qd" in name else "QUYẾT NGHỊ:"
    line = _find(paragraphs, command)
    assert line.bold and line.align == "center"
    articles = [p for p in paragraphs if p.text.startswith("Điều ")]
    assert [int(p.text.split()[1].rstrip(".")) for p in articles] == list(
        range(1, len(articles) + 1))


@pytest.mark.parametrize("name", [d for d in DOCS if d not in {"ha-tu-qd-25-2025/kh-cchc-2025"}])
def test_signature_and_recipients(opened: dict[str, Docx], name: str) -> None:
    paragraphs = opened[name].paragraphs()
    titles = [p for p in paragraphs if p.style == "VBChucVu"]
    assert titles and all(p.bold and p.text.isupper() and 13 <= p.size <= 14 for p in titles)
    assert all(SIGN_PREFIX.match(p.text) for p in titles[:-1])  # II.7.b
    signer = next(p for p in paragraphs if p.style == "VBHoTen")
    # II.7.đ; a name the source does not give is printed as marked, never invented
    assert signer.bold and 13 <= signer.size <= 14 and (
        signer.text.istitle() or signer.text == "[chưa xác định]")
    heading = _find(paragraphs, "Nơi nhận:")
    assert heading.size == 12 and heading.bold and heading.italic  # II.9.d
    entries = [p for p in paragraphs if p.style == "VBNoiNhan"]
    assert all(p.size == 11 and p.text.startswith("- ") for p in entries)
    assert all(p.text.endswith(";") for p in entries[:-1])
    assert re.match(r"^- Lưu: VT(, .+)?\.$", entries[-1].text), entries[-1].text


@pytest.mark.parametrize("name", DOCS)
def test_page_numbers_top_centre_from_page_two(opened: dict[str, Docx], name: str) -> None:
    doc = opened[name]
    assert doc.page().title_page  # I.7: no number on the first page
    default = doc.headers("default")
    assert any(p.page_field and p.align == "center" and 13 <= p.size <= 14 for p in default)
    assert not any(p.page_field for p in doc.headers("first"))


def test_cong_van_greeting_lists_recipients_under_the_colon(opened: dict[str, Docx]) -> None:
    paragraphs = opened["uong-bi-cv-2219-2023/cv-2219"].paragraphs()
    start = _index(paragraphs, "Kính gửi:")
    # II.9.d: with several recipients "Kính gửi:" stands alone (its line's other cell is
    # empty) and each recipient has its own line under it.
    lines = [p.text for p in paragraphs[start + 1:start + 4]]
    assert lines == ["", "- Các phòng, ban, đơn vị trực thuộc UBND thành phố;",
                     "- Ủy ban nhân dân các xã, phường."]
