"""DOCX -> PDF through LibreOffice: same pages, same text, safe (reliability.md F1–F7)."""

from __future__ import annotations

import contextlib
import http.server
import io
import os
import re
import shutil
import subprocess
import sys
import threading
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.output.generate import generate
from engine.pdf import ConversionError, convert_all
from engine.pdf.checks import pdf_pages
from engine.pdf.converters import ColdConverter, UnoConverter, wait_gone
from engine.pdf.sanitize import sanitize
from engine.word.reader import Docx
from tests.conftest import SAMPLES

FAKES = Path(__file__).resolve().parent / "fakes"
HANGING = [sys.executable, str(FAKES / "hanging_worker.py")]
needs_office = pytest.mark.skipif(shutil.which("soffice") is None or
                                  shutil.which("pdftotext") is None,
                                  reason="LibreOffice and poppler-utils are installed by .ci/run")


@pytest.fixture(scope="module")
def with_pdfs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("pdf")
    return generate(SAMPLES, out, pdf=True, workers=2).documents


def _words(text: str) -> Counter[str]:
    # Split at hyphens too: pdftotext keeps "2021-" / "2025." apart at a line break.
    return Counter(w for w in re.split(r"[\s\-–]+", unicodedata.normalize("NFC", text)) if w)


@needs_office
def test_every_sample_pdf_has_libreoffice_pages_and_the_docx_text(with_pdfs: list[Path],
                                                                  tmp_path: Path) -> None:
    for docx in with_pdfs:
        pdf = docx.with_suffix(".pdf")
        assert pdf.read_bytes().startswith(b"%PDF-")
        # LibreOffice's own rendering: a cold soffice, its own profile.
        cold = ColdConverter().convert(docx, tmp_path / pdf.name)
        assert pdf_pages(pdf.read_bytes()) == cold.pages, docx.name
        text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
                              check=True, capture_output=True, text=True).stdout
        opened = Docx(docx.read_bytes())
        pdf_words, docx_words = _words(text), _words(opened.text())
        # Only page numbers and a table's header row repeated on the next page may be added.
        repeated = {w for p in opened.paragraphs() if p.style == "VBBangTieuDe"
                    for w in _words(p.text)}
        assert not docx_words - pdf_words, docx.name
        assert set(pdf_words - docx_words) <= {str(n) for n in range(1, 30)} | repeated
        assert unicodedata.is_normalized("NFC", text)


@needs_office
def test_parallel_conversions_all_succeed(with_pdfs: list[Path], tmp_path: Path) -> None:
    copies = []
    for i, docx in enumerate(with_pdfs[:6]):
        copy = tmp_path / f"{i}-{docx.name}"
        shutil.copy(docx, copy)
        copies.append(copy)
    results = convert_all(copies, workers=3)
    assert sorted(r.pdf.name for r in results) == sorted(c.with_suffix(".pdf").name
                                                          for c in copies)
    assert all(r.pdf.read_bytes().startswith(b"%PDF-") and r.pages > 0 for r in results)
    assert not list(tmp_path.glob(".tmp-vanban-*"))


def test_a_hanging_converter_is_killed_with_everything_it_started(tmp_path: Path) -> None:
    docx = tmp_path / "a.docx"
    docx.write_bytes(_docx_with(b""))
    converter = UnoConverter(timeout=1.0, command=HANGING)
    with pytest.raises(ConversionError, match="quá thời gian"):
        converter.convert(docx, tmp_path / "a.pdf")
    assert converter.pid is None
    assert not (tmp_path / "a.pdf").exists() and not list(tmp_path.glob(".tmp-vanban-*"))


def test_the_killed_group_leaves_no_process_behind(tmp_path: Path) -> None:
    docx = tmp_path / "a.docx"
    docx.write_bytes(_docx_with(b""))
    converter = UnoConverter(timeout=1.0, command=HANGING)
    converter._start()
    group = converter.pid
    assert group is not None
    with pytest.raises(ConversionError):
        converter.convert(docx, tmp_path / "a.pdf")
    assert wait_gone(group)  # the worker and the child it started are both gone


@pytest.mark.parametrize("mode", ["silent-success", "output-with-error"])
def test_exit_code_and_output_must_agree(tmp_path: Path, mode: str,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SOFFICE_MODE", mode)
    docx = tmp_path / "a.docx"
    docx.write_bytes(_docx_with(b""))
    converter = ColdConverter(command=[sys.executable, str(FAKES / "fake_soffice.py")])
    with pytest.raises(ConversionError):
        converter.convert(docx, tmp_path / "a.pdf")
    assert not (tmp_path / "a.pdf").exists()
    assert not list(tmp_path.glob(".tmp-vanban-*"))


EXTERNAL_IMAGE = (b'<Relationship Id="rIdImg" Type="http://schemas.openxmlformats.org/'
                  b'officeDocument/2006/relationships/image" Target="http://127.0.0.1:{port}/'
                  b'probe.png" TargetMode="External"/>')


def test_remote_content_is_stripped_before_conversion() -> None:
    data = _docx_with(EXTERNAL_IMAGE.replace(b"{port}", b"9"),
                      field=b'<w:fldSimple w:instr="INCLUDEPICTURE &quot;http://x/y.png&quot;"/>')
    clean, removed = sanitize(data)
    assert len(removed) == 2
    with zipfile.ZipFile(io.BytesIO(clean)) as archive:
        assert b"127.0.0.1" not in archive.read("word/_rels/document.xml.rels")
        assert b"INCLUDEPICTURE" not in archive.read("word/document.xml")


BLIP = (b'<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/'
        b'drawingml/2006/wordprocessingDrawing"><wp:extent cx="100000" cy="100000"/>'
        b'<wp:docPr id="1" name="p"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/'
        b'drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/'
        b'drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/'
        b'drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="1" name="p"/><pic:cNvPicPr/>'
        b'</pic:nvPicPr><pic:blipFill><a:blip r:link="rIdImg"/></pic:blipFill><pic:spPr>'
        b'<a:xfrm><a:off x="0" y="0"/><a:ext cx="100000" cy="100000"/></a:xfrm>'
        b'<a:prstGeom prst="rect"/></pic:spPr></pic:pic></a:graphicData></a:graphic>'
        b'</wp:inline></w:drawing></w:r>')


@contextlib.contextmanager
def probe_server() -> Iterator[tuple[bytes, list[str]]]:
    """A loopback HTTP server; yields its port and the paths requested from it."""
    hits: list[str] = []

    class Probe(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Probe)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield str(server.server_address[1]).encode(), hits
    finally:
        server.shutdown()
        server.server_close()


@needs_office
def test_the_probe_sees_libreoffice_fetch_an_unsanitized_image(tmp_path: Path) -> None:
    # The control for the next test: without vanban's sanitizer, LibreOffice does fetch.
    with probe_server() as (port, hits):
        docx = tmp_path / "remote.docx"
        docx.write_bytes(_docx_with(EXTERNAL_IMAGE.replace(b"{port}", port), field=BLIP))
        subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
                        "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                        str(docx)], capture_output=True, timeout=180, check=False)
        assert hits


@needs_office
def test_a_docx_with_an_external_image_makes_no_request(tmp_path: Path) -> None:
    with probe_server() as (port, hits):
        docx = tmp_path / "remote.docx"
        docx.write_bytes(_docx_with(EXTERNAL_IMAGE.replace(b"{port}", port), field=BLIP))
        result = convert_all([docx], workers=1)
        assert result[0].stripped and result[0].pdf.is_file()
        assert hits == []


def _docx_with(relationship: bytes, field: bytes = b"") -> bytes:
    """A minimal DOCX with an extra relationship and extra paragraph content."""
    body = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document '
            b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            + "<w:body><w:p><w:r><w:t>Xin chào</w:t></w:r>".encode() + field
            + b"</w:p></w:body></w:document>")
    parts = {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.'
        b'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType='
        b'"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        b'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
        b'"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        b"</Types>",
        "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.'
        b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        b'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        b'Target="word/document.xml"/></Relationships>',
        "word/_rels/document.xml.rels": b'<?xml version="1.0"?><Relationships xmlns="http://'
        b'schemas.openxmlformats.org/package/2006/relationships">' + relationship
        + b"</Relationships>",
        "word/document.xml": body,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


assert os.sep == "/"  # process groups and killpg: POSIX only


@needs_office
def test_libreoffice_runs_without_network_even_if_the_sanitizer_missed_something(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Defence in depth (issue 14): the converters start LibreOffice in an empty network
    namespace, so an external picture the sanitizer let through is still never fetched."""
    from engine.pdf import converters

    if not converters._offline_prefix():
        pytest.skip("this system allows no network namespace (unshare)")
    monkeypatch.setattr(converters, "sanitize", lambda data: (data, []))
    with probe_server() as (port, hits):
        docx = tmp_path / "remote.docx"
        docx.write_bytes(_docx_with(EXTERNAL_IMAGE.replace(b"{port}", port), field=BLIP))
        converter = converters.UnoConverter(timeout=120)
        try:
            converter.convert(docx, tmp_path / "remote.pdf")
        finally:
            converter.close()
        assert (tmp_path / "remote.pdf").is_file() and hits == []
