"""`vanban check` reads files strangers send: a broken or hostile DOCX is a typed error with
exit code 3 and a Vietnamese message, never a traceback (issue 14, 1-2). How long a check of
many tables takes is a benchmark: `python bench/check_bench.py`."""

from __future__ import annotations

import io
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.check_bench import bomb
from engine.cli import main
from tests.conftest import ROOT
from tests.helpers import patched_headers

TEMPLATE = ROOT / "templates" / "plans" / "ke_hoach.docx"
DOCUMENT = b"word/document.xml"


def _parts() -> dict[str, bytes]:
    with zipfile.ZipFile(TEMPLATE) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _docx(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()




def _body(xml: bytes) -> dict[str, bytes]:
    parts = _parts()
    parts["word/document.xml"] = xml
    return parts


HOSTILE = {
    # a member whose size understates what it holds: zipfile stops at the size, the CRC fails
    "kich-thuoc-sai": lambda: patched_headers(_docx(_body(_parts()["word/document.xml"].replace(
        b"<w:body>", b"<w:body>" + b"<w:p/>" * 200_000, 1))), 22, 24, "<I", 5000),
    "ma-hoa": lambda: patched_headers(_docx(_parts()), 6, 8, "<H", 1),         # encrypted flag
    "kieu-nen-99": lambda: patched_headers(_docx(_parts()), 8, 10, "<H", 99),  # compression 99
    "firstline-1e999": lambda: _docx(_body(_parts()["word/document.xml"].replace(
        b"<w:body>", b'<w:body><w:p><w:pPr><w:ind w:firstLine="1e999"/></w:pPr></w:p>', 1))),
    "khong-co-body": lambda: _docx(_body(
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_broken_docx_is_unreadable_exit_3_never_a_traceback(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.docx"
    path.write_bytes(HOSTILE[name]())
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 3, result.output
    assert f"Không đọc được «{name}.docx»" in result.output
    assert "Traceback" not in result.output and "internal-error" not in result.output



RELS = "word/_rels/document.xml.rels"
HIDDEN = {  # how a remote picture hides from a regular expression, but not from an XML parser
    "nhay-don": b"<Relationship Id='rIdX' Type='http://schemas.openxmlformats.org/"
                b"officeDocument/2006/relationships/image' Target='http://127.0.0.1:9/a.png' "
                b"TargetMode='External'/>",
    "tham-chieu-ky-tu": b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/'
                        b'officeDocument/2006/relationships/image" Target="http://127.0.0.1:9/a'
                        b'.png" TargetMode="&#69;xternal"/>',
    "chu-thuong": b'<Relationship TargetMode="external" Id="rIdX" Target="http://127.0.0.1:9/a'
                  b'.png" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                  b'relationships/image"/>',
}
VML = (b'<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" style="width:10pt">'
       b'<v:imagedata src="http://127.0.0.1:9/b.png"/></v:shape></w:pict></w:r></w:p>')


def _with_rels(extra: bytes) -> dict[str, bytes]:
    parts = _parts()
    parts[RELS] = parts[RELS].replace(b"</Relationships>", extra + b"</Relationships>")
    return parts


@pytest.mark.parametrize("name", sorted(HIDDEN))
def test_an_external_relationship_however_written_is_found(tmp_path: Path, name: str) -> None:
    from engine.pdf.sanitize import sanitize

    data = _docx(_with_rels(HIDDEN[name]))
    path = tmp_path / f"{name}.docx"
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 3 and "nội dung bên ngoài" in result.output, result.output
    clean, removed = sanitize(data)  # before LibreOffice sees it
    assert removed and b"127.0.0.1:9" not in zipfile.ZipFile(io.BytesIO(clean)).read(RELS)


def test_a_vml_picture_named_by_url_is_found_and_stripped(tmp_path: Path) -> None:
    from engine.pdf.sanitize import sanitize

    data = _docx(_body(_parts()["word/document.xml"].replace(b"<w:body>", b"<w:body>" + VML, 1)))
    path = tmp_path / "vml.docx"
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 3 and "http://127.0.0.1:9/b.png" in result.output
    clean, removed = sanitize(data)
    assert removed == ["word/document.xml: VML http://127.0.0.1:9/b.png"]
    assert b"127.0.0.1" not in zipfile.ZipFile(io.BytesIO(clean)).read("word/document.xml")


def test_a_zip_bomb_that_understates_its_size_is_refused_in_bounded_memory(
        tmp_path: Path) -> None:
    """Issue 14, 1: a 1 MB DOCX whose document part inflates to 1 GB while its headers claim
    2,000 bytes took 2 GB of memory before its CRC failed; now each member is inflated in
    chunks first: `check` under a 1.2 GB address-space limit refuses it with exit 3."""
    path = tmp_path / "bom.docx"
    path.write_bytes(bomb(1024, understated=True))
    assert path.stat().st_size < 1_500_000

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1_200_000_000, 1_200_000_000))

    result = subprocess.run([sys.executable, "-m", "engine", "check", str(path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, preexec_fn=limited)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "Không đọc được «bom.docx»: không phải tệp DOCX hợp lệ" in result.stdout
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
