"""Small modules at their edges: the version when the package was never installed, how a
finding prints, a Tiêu ngữ that draws its own line, crash-safe writes that fail, the sweep of
leftovers, and where signatures and blanks go on a printed page (engine/esign/placement)."""

from __future__ import annotations

import importlib
import importlib.metadata
import io
import os
import tomllib
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from engine.base import version
from engine.base.files import TEMP_PREFIX, file_hash, sweep, write_atomic
from engine.check import check_file
from engine.errors import ExitCode, SigningError
from engine.esign.placement import Blank, date_blanks, number_blank, signature_gap, top_right
from engine.esign.positions import Box, Line
from tests.conftest import ROOT

CASES = ROOT / "tests" / "data" / "check"


# engine/base/version.py

def _declared() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"])


def test_the_version_is_the_one_pyproject_declares() -> None:
    assert _declared() == version.VERSION and version.VERSION != "0+unknown"


def test_a_source_tree_that_was_never_installed_reports_0_unknown(
        monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def missing(name: str) -> str:
        asked.append(name)
        raise importlib.metadata.PackageNotFoundError(name)

    try:
        with monkeypatch.context() as patch:
            patch.setattr(importlib.metadata, "version", missing)
            reloaded = importlib.reload(version)
            assert reloaded.VERSION == "0+unknown"
            assert asked == ["vanban"]
    finally:
        importlib.reload(version)
    assert _declared() == version.VERSION  # the installed metadata again, once restored


# engine/check/findings.py

def test_a_finding_prints_its_code_the_decree_the_rule_the_paragraph_and_the_message() -> None:
    (finding,) = check_file(CASES / "month-with-zero.docx")
    assert str(finding) == (
        "[date-padding] NĐ 30/2020/NĐ-CP, Phụ lục I, II.4.b «Kinh Môn, ngày 05 tháng 05 năm "
        "2025»: ngày dưới 10 và tháng 1, 2 ghi thêm số 0, các tháng khác không (phải là «ngày "
        "05 tháng 5»)")


def test_a_finding_without_a_paragraph_prints_no_quotes() -> None:
    (finding,) = check_file(CASES / "margin-left.docx")
    assert finding.paragraph == ""
    assert str(finding) == ("[margin-left] NĐ 30/2020/NĐ-CP, Phụ lục I, I.3: lề trái 20 mm; "
                            "phải từ 30 đến 35 mm")


# engine/check/lines.py

def _tieu_ngu_drawn(tmp_path: Path, replacement: str) -> Path:
    """The case without a line under the Tiêu ngữ, its Tiêu ngữ paragraph given
    `replacement` (properties that may draw the line itself)."""
    with zipfile.ZipFile(CASES / "no-line-under-tieu-ngu.docx") as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    old = '<w:pStyle w:val="VBTieuNgu"/></w:pPr><w:r>'
    assert xml.count(old) == 1
    parts["word/document.xml"] = xml.replace(old, replacement).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    path = tmp_path / "tieu-ngu.docx"
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize(("replacement", "codes"), [
    ('<w:pStyle w:val="VBTieuNgu"/></w:pPr><w:r><w:rPr><w:u w:val="single"/></w:rPr>', []),
    ('<w:pStyle w:val="VBTieuNgu"/><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" '
     'w:color="auto"/></w:pBdr></w:pPr><w:r>', []),
    ('<w:pStyle w:val="VBTieuNgu"/></w:pPr><w:r><w:rPr><w:u w:val="none"/></w:rPr>',
     ["tieu-ngu-line"])], ids=["underlined", "bottom-border", "underline-none"])
def test_a_tieu_ngu_underlined_or_bordered_draws_its_own_line(
        tmp_path: Path, replacement: str, codes: list[str]) -> None:
    assert [f.code for f in check_file(CASES / "no-line-under-tieu-ngu.docx")] == [
        "tieu-ngu-line"]
    assert [f.code for f in check_file(_tieu_ngu_drawn(tmp_path, replacement))] == codes


# engine/base/files.py

def test_file_hash_is_the_sha256_and_follows_an_atomic_rewrite(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    write_atomic(path, b"abc")
    assert file_hash(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    write_atomic(path, b"abd")  # a new inode: never the cached hash of the old content
    assert file_hash(path) == "a52d159f262b2c6ddb724a61840befc36eb30c88877a4030b65cbe86298449c9"
    assert path.read_bytes() == b"abd"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_a_write_that_fails_leaves_the_old_content_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "cv.docx"
    target.mkdir()  # a folder where the file should go: the rename fails
    (target / "inside").write_bytes(b"old")
    with pytest.raises(IsADirectoryError):
        write_atomic(target, b"new")
    assert target.is_dir() and (target / "inside").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cv.docx"]


def test_a_write_interrupted_mid_way_removes_its_temp_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "so.xlsx"
    target.write_bytes(b"old")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["so.xlsx"]


def test_sweep_removes_temp_folders_and_links_without_following_them(tmp_path: Path) -> None:
    keep = tmp_path / "keep"
    keep.mkdir()
    (keep / "precious.docx").write_bytes(b"x")
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{TEMP_PREFIX}link").symlink_to(keep, target_is_directory=True)
    (out / f"{TEMP_PREFIX}file-link").symlink_to(keep / "precious.docx")
    (out / "cv.docx").write_bytes(b"y")
    work = out / "sub" / f"{TEMP_PREFIX}work"  # a killed conversion's work folder, below
    work.mkdir(parents=True)
    (work / "cv.pdf").write_bytes(b"%PDF-")
    assert [p.relative_to(out).as_posix() for p in sweep(out)] == [
        f"{TEMP_PREFIX}file-link", f"{TEMP_PREFIX}link", f"sub/{TEMP_PREFIX}work"]
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["cv.docx", "sub"]
    assert (keep / "precious.docx").read_bytes() == b"x"


def test_sweep_of_a_link_or_a_missing_folder_removes_nothing(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / f"{TEMP_PREFIX}1-cv.docx").write_bytes(b"")
    link = tmp_path / "link"
    os.symlink(real, link)
    assert sweep(link) == [] and sweep(tmp_path / "missing") == []
    assert sweep(real / f"{TEMP_PREFIX}1-cv.docx") == []  # a file is no folder
    assert [p.name for p in real.iterdir()] == [f"{TEMP_PREFIX}1-cv.docx"]


# engine/esign/placement.py: lines as pdftotext gives them (PDF user space, from the bottom)

def _line(page: int, *words: tuple[str, float, float, float, float]) -> Line:
    return Line(page, tuple((text, Box(page, *box)) for text, *box in words))


def _refused(call: Callable[[], object], code: str, message: str) -> None:
    with pytest.raises(SigningError) as caught:
        call()
    assert (caught.value.code, caught.value.message) == (code, message)
    assert caught.value.exit_code is ExitCode.SIGNING


SIGNATURE = [
    _line(0, ("Nơi", 60, 300, 80, 314)),
    _line(0, ("CHỦ", 380, 300, 410, 314), ("TỊCH", 412, 300, 450, 314)),
    _line(0, ("Nguyễn", 370, 200, 410, 214), ("Văn", 412, 200, 430, 214),
          ("An", 432, 200, 450, 214)),
    _line(1, ("Nguyễn", 370, 500, 410, 514), ("Văn", 412, 500, 430, 514)),
]


def test_the_signature_goes_between_the_title_and_the_name() -> None:
    name, gap = signature_gap(SIGNATURE, "Nguyễn Văn An")
    assert name == Box(0, 370, 200, 450, 214)
    assert gap == Box(0, 370, 214, 450, 300)


def test_a_page_without_the_signers_name_or_title_is_refused() -> None:
    _refused(lambda: signature_gap(SIGNATURE, "Trần Thị Bình"), "signature-block-missing",
             "Không thấy họ tên người ký «Trần Thị Bình» trên văn bản đã in.")
    alone = [line for line in SIGNATURE if "TỊCH" not in line.text]
    _refused(lambda: signature_gap(alone, "Nguyễn Văn An"), "signature-block-missing",
             "Không thấy chức vụ người ký phía trên họ tên trên văn bản đã in.")


def test_the_number_blank_is_between_so_and_the_symbol_on_page_one() -> None:
    lines = [_line(0, ("Số:", 100, 700, 117.34, 716.9), ("/CT-UBND", 160, 700, 220, 716.9))]
    assert number_blank(lines) == Blank("so", Box(0, 117.34, 700, 160, 716.9), 13.0)
    assert number_blank(lines).baseline == pytest.approx(704.55)  # descent 0.35 of 13 pt


@pytest.mark.parametrize("lines", [
    [_line(1, ("Số:", 100, 700, 117.34, 716.9), ("/CT-UBND", 160, 700, 220, 716))],
    [_line(0, ("Số:", 100, 700, 117.34, 716.9)), _line(0, ("/CT-UBND", 160, 680, 220, 696.9))],
    [_line(0, ("/CT-UBND", 60, 700, 90, 716.9), ("Số:", 100, 700, 117.34, 716))]],
    ids=["page-two", "other-line", "symbol-first"])
def test_a_number_blank_elsewhere_than_page_one_or_another_line_is_refused(
        lines: list[Line]) -> None:
    _refused(lambda: number_blank(lines), "number-blank-missing",
             "Không thấy chỗ trống của số văn bản («Số:      /…») ở trang 1.")


def test_the_date_blanks_are_after_ngay_thang_and_an_empty_year() -> None:
    lines = [_line(0, ("An", 300, 700, 315, 715.5), ("Bình,", 317, 700, 345, 715.5),
                   ("ngày", 350, 700, 377.216, 715.498), ("tháng", 400, 700, 435, 715.498),
                   ("năm", 460, 700, 485, 715.498))]
    assert date_blanks(lines) == [
        Blank("ngay", Box(0, 377.216, 700, 400, 715.498), 14.0, True),
        Blank("thang", Box(0, 435, 700, 460, 715.498), 14.0, True),
        Blank("nam", Box(0, 485, 700, 520, 715.498), 14.0, True)]
    assert date_blanks(lines)[0].baseline == pytest.approx(703.024)  # Liberation: 0.216


def test_a_year_already_printed_is_no_blank() -> None:
    lines = [_line(0, ("ngày", 350, 700, 377.216, 715.498), ("tháng", 400, 700, 435, 715.498),
                   ("năm", 460, 700, 485, 715.498), ("2025", 487, 700, 515, 715.498))]
    assert [b.name for b in date_blanks(lines)] == ["ngay", "thang"]


def test_a_page_one_without_the_date_line_is_refused() -> None:
    lines = [_line(0, ("trong", 60, 500, 90, 514), ("ngày", 92, 500, 120, 514),
                   ("làm", 122, 500, 140, 514), ("việc", 142, 500, 165, 514)),
             _line(1, ("ngày", 350, 700, 377, 715), ("tháng", 400, 700, 435, 715),
                   ("năm", 460, 700, 485, 715))]
    _refused(lambda: date_blanks(lines), "date-blank-missing",
             "Không thấy chỗ trống của ngày ban hành («ngày   tháng   năm») ở trang 1.")


def test_the_attachment_signature_sits_above_page_ones_text_flush_right() -> None:
    lines = [_line(0, ("ỦY", 60, 780, 80, 794), ("BAN", 82, 780, 110, 794)),
             _line(0, ("CỘNG", 300, 780, 340, 794), ("NAM", 500, 781, 535.5, 796)),
             _line(1, ("Trang", 100, 900, 560, 910))]
    assert top_right(lines, 200, 40) == Box(0, 335.5, 800, 535.5, 840)


def test_an_attachment_whose_page_one_has_no_text_is_refused() -> None:
    _refused(lambda: top_right([_line(1, ("Phụ", 60, 700, 80, 714))], 200, 40),
             "unreadable-pdf", "Trang 1 không có chữ nào.")
