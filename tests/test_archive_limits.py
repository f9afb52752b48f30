"""The DOCX package checks that run before any XML parser (engine/word/archive.py): a zip that
is no Word document, a part that declares a DOCTYPE, a member that cannot be inflated. Each is
a typed error with its Vietnamese reason: exit code 3 for `vanban check`, 5 (template-error)
for a template, and nothing is written."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.base.zips import zip_problem
from engine.cli import main
from engine.errors import ExitCode, TemplateError
from engine.word.archive import check_template, package_problem
from engine.word.render import render_docx
from tests.conftest import ROOT
from tests.helpers import copy_templates, document, patched_headers, write_campaign

TEMPLATE = ROOT / "templates" / "decisions" / "chi_thi.docx"
DOCUMENT = "word/document.xml"


def _parts() -> dict[str, bytes]:
    with zipfile.ZipFile(TEMPLATE) as source:
        return {name: source.read(name) for name in source.namelist()}


def _zip(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def _check(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", str(path)])
    return result.exit_code, result.output


# -- not a Word document -------------------------------------------------------------------

@pytest.mark.parametrize("missing", [DOCUMENT, "[Content_Types].xml"])
def test_a_zip_without_the_parts_of_a_word_document_is_refused(tmp_path: Path,
                                                               missing: str) -> None:
    parts = _parts()
    del parts[missing]
    path = tmp_path / "bang-tinh.docx"
    path.write_bytes(_zip(parts))
    assert package_problem(path) == "không phải tài liệu Word (.docx)"
    code, said = _check(path)
    assert code == ExitCode.UNREADABLE
    assert "Không đọc được «bang-tinh.docx»: không phải tài liệu Word (.docx)" in said
    assert "Traceback" not in said
    with pytest.raises(TemplateError) as caught:
        check_template(path)
    assert caught.value.exit_code == ExitCode.TEMPLATE and caught.value.code == "template-error"
    assert caught.value.message == ("Không dùng được mẫu «bang-tinh.docx»: không phải tài liệu "
                                    "Word (.docx)")


def test_a_package_with_macros_is_refused(tmp_path: Path) -> None:
    parts = _parts()
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macro"
    path = tmp_path / "co-macro.docx"
    path.write_bytes(_zip(parts))
    code, said = _check(path)
    assert code == ExitCode.UNREADABLE
    assert "Không đọc được «co-macro.docx»: tệp có macro (.docm); chỉ dùng .docx" in said


@pytest.mark.parametrize(("part", "data"), [
    ("word/_rels/document.xml.rels", b"<Relationships><Relationship"),
    ("word/header1.xml", b'<w:hdr xmlns:w="urn:w" xmlns:v="urn:schemas-microsoft-com:vml">'
                         b"<v:shape>"),
])
def test_a_part_that_does_not_parse_is_left_to_the_reader_to_report(tmp_path: Path, part: str,
                                                                   data: bytes) -> None:
    """The package check looks for remote content with an XML parser; a part it cannot parse
    names nothing to fetch, and the reader then refuses the file as a broken DOCX."""
    parts = _parts()
    parts[part] = data
    path = tmp_path / "hong.docx"
    path.write_bytes(_zip(parts))
    assert package_problem(path) is None
    code, said = _check(path)
    assert code == ExitCode.UNREADABLE, said
    assert "Không đọc được «hong.docx»: cấu trúc DOCX hỏng (" in said
    assert "Traceback" not in said


# -- DOCTYPE declarations ----------------------------------------------------------------------

XXE = b'<!DOCTYPE w:document [<!ENTITY doc SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize("part", [DOCUMENT, "word/_rels/document.xml.rels", "word/styles.xml"])
def test_a_part_declaring_a_doctype_is_refused_before_any_parser(tmp_path: Path,
                                                                 part: str) -> None:
    parts = _parts()
    declaration, rest = parts[part].split(b"?>", 1)
    parts[part] = declaration + b"?>" + XXE + rest.replace(b"<w:t>", b"<w:t>&doc;", 1)
    path = tmp_path / "thuc-the.docx"
    path.write_bytes(_zip(parts))
    code, said = _check(path)
    assert code == ExitCode.UNREADABLE, said
    assert f"Không đọc được «thuc-the.docx»: phần {part} có khai báo DOCTYPE (bị cấm)" in said
    assert "root:" not in said
    with pytest.raises(TemplateError, match="có khai báo DOCTYPE"):
        render_docx(path, {})


def test_a_template_with_a_doctype_stops_generate_before_anything_is_written(
        tmp_path: Path) -> None:
    templates = copy_templates(tmp_path, "decisions/chi_thi.docx", b"<w:document ",
                               XXE + b"<w:document ")
    campaign = write_campaign(tmp_path, document())
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["generate", str(campaign), "--out", str(out),
                                       "--templates", str(templates)])
    assert result.exit_code == ExitCode.TEMPLATE, result.output
    assert "Lỗi: [template-error] Không dùng được mẫu «chi_thi.docx»" in result.output
    assert "có khai báo DOCTYPE (bị cấm)" in result.output
    assert not list(tmp_path.rglob("ct-01.docx")) and not list(tmp_path.rglob("manifest.json"))


def test_a_doctype_after_a_long_comment_is_refused_too(tmp_path: Path) -> None:
    parts = _parts()
    declaration, rest = parts[DOCUMENT].split(b"?>", 1)
    parts[DOCUMENT] = declaration + b"?><!--" + b" " * 3000 + b"-->" + XXE + rest
    path = tmp_path / "chu-thich-dai.docx"
    path.write_bytes(_zip(parts))
    assert package_problem(path) == f"phần {DOCUMENT} có khai báo DOCTYPE (bị cấm)"


# -- members that cannot be inflated -----------------------------------------------------------



def _bad_crc() -> bytes:
    """The document part stored (not deflated) with one byte of its text changed."""
    data = bytearray(_zip(_parts(), zipfile.ZIP_STORED))
    at = data.index(b"<w:body>")
    data[at + 1] = ord("W")
    return bytes(data)


BROKEN: dict[str, tuple[Callable[[], bytes], str]] = {
    "crc-sai": (_bad_crc, "dữ liệu nén hỏng"),
    "ma-hoa": (lambda: patched_headers(_zip(_parts()), 6, 8, "<H", 1), "có mật khẩu"),
    "kieu-nen-99": (lambda: patched_headers(_zip(_parts()), 8, 10, "<H", 99),
                    "kiểu nén không hỗ trợ"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_member_that_cannot_be_inflated_is_refused_by_the_bound_check(tmp_path: Path,
                                                                        name: str) -> None:
    path = tmp_path / f"{name}.docx"
    path.write_bytes(BROKEN[name][0]())
    problem = package_problem(path)
    assert problem is not None and problem.startswith("không phải tệp DOCX hợp lệ (")


@pytest.mark.parametrize("name", [
    "crc-sai", "ma-hoa",
    "kieu-nen-99"])
def test_a_file_replaced_after_the_bound_check_is_still_refused_with_the_members_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The bound check (engine/base/zips.py) inflates every member first; a file swapped for a
    broken one right after it passed is refused by the package check itself, naming the part
    and why, never with zipfile's exception."""
    make, reason = BROKEN[name]
    path = tmp_path / f"{name}.docx"
    good = _zip(_parts())
    broken = make()

    def swapped_after(checked: Path, kind: str) -> str | None:
        found = zip_problem(checked, kind)
        checked.write_bytes(broken)
        return found

    monkeypatch.setattr("engine.word.archive.zip_problem", swapped_after)
    path.write_bytes(good)
    assert package_problem(path) == f"phần {DOCUMENT} không giải nén được ({reason})"
    path.write_bytes(good)
    code, said = _check(path)
    assert code == ExitCode.UNREADABLE, said
    assert f"Không đọc được «{name}.docx»: phần {DOCUMENT} không giải nén được ({reason})" in said
    assert "Traceback" not in said and "internal-error" not in said
    path.write_bytes(good)
    with pytest.raises(TemplateError) as caught:
        check_template(path)
    assert caught.value.exit_code == ExitCode.TEMPLATE
    assert caught.value.reason == f"phần {DOCUMENT} không giải nén được ({reason})"
