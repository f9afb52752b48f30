"""The DOCX -> PDF converters where they refuse or give up (engine/pdf/converters.py), and what
the sanitizer strips or leaves alone (engine/pdf/sanitize.py).

Each refusal is a ConversionError (exit code 7, code pdf-error) naming the document; no PDF is
written, no work folder and no worker process is left behind. The workers and soffice programs
here are stand-ins written by each test, speaking the UNO worker's protocol (one JSON line in,
one out) or soffice's command line; the PDFs they hand back are made with pypdf.
"""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfWriter

from engine.errors import ConversionError, ExitCode
from engine.pdf import converters
from engine.pdf.converters import ColdConverter, UnoConverter, offline, uno_available, wait_gone
from engine.pdf.sanitize import sanitize

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# A UNO worker as engine/pdf/uno_worker.py talks: argv = MODE PDF profile pipe; it says whether
# it is ready, then answers each request {"in", "out"} with {"ok", "pages"} or {"ok", "error"}.
WORKER = r'''
import json, os, shutil, sys
mode, pdf = sys.argv[1], sys.argv[2]
if mode == "exit":
    sys.exit(3)
if mode == "not-ready":
    print(json.dumps({"ready": False, "error": "soffice không chạy"}), flush=True)
    sys.exit(0)
if mode == "deaf":
    os.close(0)
    print(json.dumps({"ready": True}), flush=True)
    import time
    time.sleep(3600)
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    request = json.loads(line)
    if mode == "crash":
        sys.exit(1)
    if "hong" in os.path.basename(request["in"]):
        reply = {"ok": False, "error": "General Error: tệp hỏng"}
    else:
        shutil.copy(pdf, request["out"])
        reply = {"ok": True, "pages": int(mode)}
    print(json.dumps(reply), flush=True)
'''

# soffice --convert-to pdf as the cold converter calls it: MODE decides what it leaves in
# --outdir; "hang" writes its pid and its child's, then never ends.
SOFFICE = r'''
import os, subprocess, sys, time
mode, pdf, pids = sys.argv[1], sys.argv[2], sys.argv[3]
args = sys.argv[4:]
outdir, source = args[args.index("--outdir") + 1], args[-1]
target = os.path.join(outdir, os.path.splitext(os.path.basename(source))[0] + ".pdf")
if mode == "html":
    with open(target, "wb") as out:
        out.write("<html>Lỗi chuyển đổi</html>".encode())
elif mode == "copy":
    with open(pdf, "rb") as src, open(target, "wb") as out:
        out.write(src.read())
elif mode == "hang":
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
    with open(pids, "w") as out:
        out.write(f"{os.getpid()} {child.pid}")
    time.sleep(3600)
'''


def _pdf(path: Path, pages: int) -> Path:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    with path.open("wb") as out:
        writer.write(out)
    return path


def _docx(path: Path, sections: int = 1, extra: bytes = b"") -> Path:
    body = b"".join(b'<w:p><w:pPr><w:sectPr/></w:pPr></w:p>' for _ in range(sections - 1))
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}" '
           f'xmlns:r="{R}"><w:body>'.encode() + body
           + "<w:p><w:r><w:t>Xin chào</w:t></w:r></w:p>".encode() + extra
           + b"<w:sectPr/></w:body></w:document>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", xml)
    return path


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder for the test's files; the workers' profiles go to its tmp/ (checked empty)."""
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "worker.py").write_text(WORKER, "utf-8")
    (tmp_path / "soffice.py").write_text(SOFFICE, "utf-8")
    _pdf(tmp_path / "one.pdf", 1)
    _pdf(tmp_path / "two.pdf", 2)
    yield tmp_path


def _worker(work: Path, mode: str, pdf: str = "one.pdf") -> list[str]:
    return [sys.executable, str(work / "worker.py"), mode, str(work / pdf)]


def _soffice(work: Path, mode: str, pdf: str = "one.pdf") -> list[str]:
    return [sys.executable, str(work / "soffice.py"), mode, str(work / pdf), str(work / "pids")]


def _left(work: Path) -> list[Path]:
    """Work folders and worker profiles still on disk."""
    return [*work.glob(".tmp-vanban-*"), *(work / "tmp").iterdir()]


# -- the warm UNO converter --------------------------------------------------------------------

def test_a_warm_worker_converts_and_is_recycled_after_its_quota(work: Path) -> None:
    converter = UnoConverter(command=_worker(work, "1"), recycle=2)
    first = converter.convert(_docx(work / "a.docx"), work / "a.pdf")
    group = converter.pid
    assert first.pages == 1 and first.stripped == [] and first.pdf == work / "a.pdf"
    assert (work / "a.pdf").read_bytes() == (work / "one.pdf").read_bytes()
    assert group is not None and len(list((work / "tmp").iterdir())) == 1   # its profile
    converter.convert(_docx(work / "b.docx"), work / "b.pdf")
    assert converter.pid is None and wait_gone(group)                      # recycled
    assert _left(work) == []
    converter.convert(_docx(work / "c.docx"), work / "c.pdf")              # a new worker
    assert converter.pid not in (None, group)
    converter.close()
    assert _left(work) == [] and (work / "c.pdf").is_file()


def test_a_document_the_worker_refuses_costs_only_that_document(work: Path) -> None:
    converter = UnoConverter(command=_worker(work, "1"))
    try:
        with pytest.raises(ConversionError) as caught:
            converter.convert(_docx(work / "hong.docx"), work / "hong.pdf")
        assert caught.value.exit_code == ExitCode.PDF and caught.value.code == "pdf-error"
        assert caught.value.message == ("Không chuyển được «hong.docx» sang PDF: General Error: "
                                        "tệp hỏng")
        assert not (work / "hong.pdf").exists() and not list(work.glob(".tmp-vanban-*"))
        group = converter.pid
        assert converter.convert(_docx(work / "tot.docx"), work / "tot.pdf").pages == 1
        assert converter.pid == group                       # the same warm worker
    finally:
        converter.close()
    assert _left(work) == []


@pytest.mark.parametrize(("mode", "said"), [
    ("exit", "Không chuyển được «khởi động LibreOffice» sang PDF: tiến trình LibreOffice dừng "
             "đột ngột"),
    ("not-ready", "Không chuyển được «LibreOffice» sang PDF: không khởi động được ({'ready': "
                  "False, 'error': 'soffice không chạy'})"),
    ("crash", "Không chuyển được «a.docx» sang PDF: tiến trình LibreOffice dừng đột ngột"),
])
def test_a_worker_that_fails_to_start_or_dies_is_a_conversion_error(work: Path, mode: str,
                                                                   said: str) -> None:
    converter = UnoConverter(command=_worker(work, mode))
    with pytest.raises(ConversionError) as caught:
        converter.convert(_docx(work / "a.docx"), work / "a.pdf")
    assert caught.value.message == said and caught.value.exit_code == ExitCode.PDF
    assert converter.pid is None                                 # stopped, profile removed
    assert not (work / "a.pdf").exists() and _left(work) == []


@pytest.mark.parametrize(("reported", "pdf", "sections", "accepted"), [
    (1, "one.pdf", 1, True),
    (3, "one.pdf", 1, False),   # pages missing from the PDF
    (1, "two.pdf", 1, False),   # more pages than LibreOffice laid out
    (2, "one.pdf", 2, True),    # the blank page before a Phụ lục numbered from 1
    (3, "one.pdf", 2, False),   # one section break excuses one page, not two
])
def test_the_pdf_must_have_the_pages_libreoffice_counted(work: Path, reported: int, pdf: str,
                                                        sections: int, accepted: bool) -> None:
    converter = UnoConverter(command=_worker(work, str(reported), pdf))
    source = _docx(work / "a.docx", sections)
    try:
        if accepted:
            assert converter.convert(source, work / "a.pdf").pages == reported
            assert (work / "a.pdf").read_bytes() == (work / pdf).read_bytes()
        else:
            with pytest.raises(ConversionError) as caught:
                converter.convert(source, work / "a.pdf")
            found = 2 if pdf == "two.pdf" else 1
            assert caught.value.message == (f"Không chuyển được «a.docx» sang PDF: PDF có {found} "
                                            f"trang, LibreOffice tính {reported}")
            assert not (work / "a.pdf").exists()
    finally:
        converter.close()
    assert _left(work) == []


def test_a_converter_that_is_not_running_has_no_pipes() -> None:
    with pytest.raises(ConversionError, match="tiến trình chuyển đổi không chạy"):
        UnoConverter()._pipes()


def test_a_worker_that_stopped_reading_is_still_ended_by_close(work: Path) -> None:
    """Its stdin is closed: the request cannot be written, and close() cannot flush it either;
    the worker and its process group are killed anyway, its profile removed."""
    converter = UnoConverter(command=_worker(work, "deaf"))
    with pytest.raises((ConversionError, BrokenPipeError)):
        converter.convert(_docx(work / "a.docx"), work / "a.pdf")
    group = converter.pid
    converter.close()
    assert group is None or wait_gone(group)
    assert converter.pid is None and not (work / "a.pdf").exists() and _left(work) == []


def test_a_worker_that_stopped_reading_is_a_conversion_error(work: Path) -> None:
    converter = UnoConverter(command=_worker(work, "deaf"))
    try:
        with pytest.raises(ConversionError) as caught:
            converter.convert(_docx(work / "a.docx"), work / "a.pdf")
        assert "không nhận yêu cầu" in caught.value.message and converter.pid is None
        assert not (work / "a.pdf").exists() and _left(work) == []
    finally:
        converter.close()


# -- the cold soffice converter ----------------------------------------------------------------

def test_a_cold_conversion_counts_the_pages_of_the_pdf(work: Path) -> None:
    result = ColdConverter(command=_soffice(work, "copy", "two.pdf")).convert(
        _docx(work / "a.docx"), work / "a.pdf")
    assert result.pages == 2 and (work / "a.pdf").read_bytes() == (work / "two.pdf").read_bytes()
    assert not list(work.glob(".tmp-vanban-*"))


def test_a_cold_result_that_is_not_a_pdf_is_refused(work: Path) -> None:
    with pytest.raises(ConversionError) as caught:
        ColdConverter(command=_soffice(work, "html")).convert(_docx(work / "a.docx"),
                                                               work / "a.pdf")
    assert caught.value.message == "Không chuyển được «a.docx» sang PDF: tệp kết quả không phải PDF"
    assert not (work / "a.pdf").exists() and not list(work.glob(".tmp-vanban-*"))


def test_a_hanging_soffice_is_killed_with_its_children_at_the_timeout(work: Path) -> None:
    converter = ColdConverter(timeout=3, command=_soffice(work, "hang"))
    with pytest.raises(ConversionError) as caught:
        converter.convert(_docx(work / "a.docx"), work / "a.pdf")
    assert caught.value.message == ("Không chuyển được «a.docx» sang PDF: quá thời gian 3 giây; "
                                    "đã dừng tiến trình")
    leader, child = map(int, (work / "pids").read_text().split())
    assert wait_gone(leader)                         # the whole group: soffice and its child
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)
    assert not (work / "a.pdf").exists() and not list(work.glob(".tmp-vanban-*"))


# -- which LibreOffice and which network -------------------------------------------------------

def _program(folder: Path, name: str, script: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n" + script + "\n", "utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_uno_is_available_only_with_soffice_and_a_python_that_imports_uno(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "bin"
    _program(bin_dir, "soffice", "exit 0")
    good = _program(tmp_path / "py", "with-uno", '[ "$2" = "import uno" ] && exit 0; exit 1')
    bad = _program(tmp_path / "py", "without-uno", "exit 1")
    monkeypatch.setenv("PATH", str(bin_dir))
    assert uno_available(str(good))
    assert not uno_available(str(bad))
    assert not uno_available(str(tmp_path / "py" / "khong-co"))
    monkeypatch.setenv("PATH", str(tmp_path / "py"))          # no soffice on the PATH
    assert not uno_available(str(good))


@pytest.fixture
def fresh_prefix() -> Iterator[None]:
    """_offline_prefix is asked once per process: forget it before and after the test."""
    converters._offline_prefix.cache_clear()
    yield
    converters._offline_prefix.cache_clear()


@pytest.mark.usefixtures("fresh_prefix")
def test_without_unshare_libreoffice_runs_as_it_is(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert offline(["soffice", "--headless"]) == ["soffice", "--headless"]


@pytest.mark.usefixtures("fresh_prefix")
@pytest.mark.parametrize(("script", "prefix"), [
    ("exit 1", ()),                                              # namespaces not allowed
    ('[ "$2" = "--map-root-user" ] && exec "$3"; exit 1', ("--net", "--map-root-user")),
    ('[ "$1" = "--net" ] && [ "$2" = "true" ] && exit 0; exit 1', ("--net",)),
])
def test_the_first_unshare_form_the_system_allows_is_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str,
        prefix: tuple[str, ...]) -> None:
    unshare = _program(tmp_path / "bin", "unshare", script)
    _program(tmp_path / "bin", "true", "exit 0")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    expected = [str(unshare), *prefix] if prefix else []
    assert offline(["soffice"]) == [*expected, "soffice"]


def test_wait_gone_says_whether_a_process_group_is_still_there() -> None:
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"],
                               start_new_session=True)
    try:
        assert not wait_gone(process.pid, 0.2)
    finally:
        process.kill()
        process.wait()
    assert wait_gone(process.pid)


# -- the sanitizer ---------------------------------------------------------------------------

def _package(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _read(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _document(body: bytes) -> bytes:
    return (f'<?xml version="1.0"?><w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>'.encode()
            + body + b"</w:body></w:document>")


def _field(instruction: bytes) -> bytes:
    return (b'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
            b'xml:space="preserve">' + instruction + b'</w:instrText></w:r><w:r><w:fldChar '
            b'w:fldCharType="end"/></w:r></w:p>')


def test_include_and_link_fields_lose_their_instruction_others_keep_it() -> None:
    body = (_field(b' INCLUDEPICTURE "http://127.0.0.1:9/a.png" \\d ')
            + _field(b' includetext "\\\\\\\\may-chu\\\\chia-se\\\\b.docx" ')
            + _field(b' LINK Excel.Sheet.8 "http://127.0.0.1:9/c.xls" ')
            + _field(b" PAGE ")
            + b'<w:p><w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>2</w:t></w:r></w:fldSimple>'
            b'<w:fldSimple w:instr="INCLUDETEXT &quot;http://127.0.0.1:9/d.docx&quot;"/></w:p>')
    data = _package({"word/document.xml": _document(body)})
    clean, removed = sanitize(data)
    assert removed == [
        'word/document.xml: field <w:fldSimple w:instr="INCLUDETEXT &quot;http://127.0.0.1:9/d.'
        'docx&quot;"/>',
        'word/document.xml: field  INCLUDEPICTURE "http://127.0.0.1:9/a.png" \\d ',
        'word/document.xml: field  includetext "\\\\\\\\may-chu\\\\chia-se\\\\b.docx" ',
        'word/document.xml: field  LINK Excel.Sheet.8 "http://127.0.0.1:9/c.xls" ']
    document = _read(clean)["word/document.xml"]
    assert b"127.0.0.1" not in document and b"may-chu" not in document
    assert document.count(b'<w:instrText xml:space="preserve"></w:instrText>') == 3
    assert b'<w:instrText xml:space="preserve"> PAGE </w:instrText>' in document
    assert b'<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>2</w:t></w:r></w:fldSimple>' in document


def test_an_attached_template_and_an_alt_chunk_are_removed() -> None:
    settings = (f'<?xml version="1.0"?><w:settings xmlns:w="{W}" xmlns:r="{R}">'
                '<w:attachedTemplate r:id="rId1"/><w:zoom w:percent="100"/></w:settings>')
    data = _package({
        "word/document.xml": _document(b'<w:p/><w:altChunk r:id="rIdChunk"/><w:p/>'),
        "word/settings.xml": settings.encode()})
    clean, removed = sanitize(data)
    assert removed == ['word/document.xml: <w:altChunk r:id="rIdChunk"/>',
                       'word/settings.xml: <w:attachedTemplate r:id="rId1"/>']
    parts = _read(clean)
    assert b"altChunk" not in parts["word/document.xml"]
    assert parts["word/document.xml"].count(b"<w:p/>") == 2
    assert b"attachedTemplate" not in parts["word/settings.xml"]
    assert b'<w:zoom w:percent="100"/>' in parts["word/settings.xml"]


@pytest.mark.parametrize(("name", "part"), [
    ("word/_rels/document.xml.rels",
     b'<Relationships><Relationship Id="rId9" Target="http://127.0.0.1:9/x.png" '
     b'TargetMode="External"></Relationships'),
    ("word/document.xml",
     _document(b'<w:p><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml">'
               b'<v:imagedata src="http://127.0.0.1:9/y.png"/></w:pict></w:p>')),
])
def test_a_part_no_xml_parser_can_read_is_left_as_it_is(name: str, part: bytes) -> None:
    """Neither can LibreOffice's: what it cannot parse it cannot follow."""
    data = _package({name: part})
    clean, removed = sanitize(data)
    assert removed == [] and clean == data
