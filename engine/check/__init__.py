"""`vanban check`: departures of a DOCX from Decree 30/2020/NĐ-CP, Phụ lục I and III.

Works on any DOCX (vanban's or typed by hand in Word): components are found by their text and
position, never by vanban's style names. The rules themselves come from engine.decree.
May import: errors, base, decree, db, campaign, document, word, pdf.
"""

from __future__ import annotations

from pathlib import Path

from engine.check.components import Layout
from engine.check.findings import Finding
from engine.check.rules_body import check_body
from engine.check.rules_header import check_header
from engine.check.rules_page import check_page
from engine.errors import UnreadableDocument
from engine.word.archive import package_problem
from engine.word.reader import Docx

__all__ = ["Finding", "UnreadableDocument", "check_bytes", "check_file"]


def check_bytes(data: bytes) -> list[Finding]:
    """Return every departure from Decree 30 found in the DOCX `data`."""
    layout = Layout(Docx(data))
    return [*check_page(layout), *check_header(layout), *check_body(layout)]


def check_file(path: Path) -> list[Finding]:
    """Check the DOCX at `path`; raise UnreadableDocument if it is not a safe, readable DOCX."""
    problem = package_problem(path)
    if problem:
        raise UnreadableDocument(path.name, problem)
    try:
        return check_bytes(path.read_bytes())
    except (KeyError, ValueError, SyntaxError) as exc:  # lxml's XMLSyntaxError is a SyntaxError
        raise UnreadableDocument(path.name, f"cấu trúc DOCX hỏng ({exc})") from None
