"""`vanban check`: departures of a DOCX from Decree 30/2020/NĐ-CP, Phụ lục I and III.

Works on any DOCX (vanban's or typed by hand in Word): components are found by their text and
position, never by vanban's style names. The rules themselves come from engine.decree. Each
rule is one function of a `RULES` tuple in the rules_*.py modules; rules_render.py's look at the
page LibreOffice prints and run only with a rendering (`check --render`).
May import: errors, base, decree, db, campaign, document, word, pdf.
"""

from __future__ import annotations

from pathlib import Path

from engine.check import (
    rules_body,
    rules_header,
    rules_page,
    rules_render,
    rules_signature,
    rules_title,
)
from engine.check.components import Layout
from engine.check.findings import Finding, Rule
from engine.check.rendering import Renderer, Rendering
from engine.errors import UnreadableDocument
from engine.word.archive import package_problem
from engine.word.reader import Docx

__all__ = ["Finding", "Renderer", "UnreadableDocument", "check_bytes", "check_file",
           "check_layout", "rules"]

RULE_MODULES = (rules_page, rules_header, rules_title, rules_body, rules_signature, rules_render)


def rules() -> list[Rule]:
    """Return every rule of `check`, in the order of its report."""
    return [rule for module in RULE_MODULES for rule in module.RULES]


def check_layout(layout: Layout) -> list[Finding]:
    """Return every departure found in a document's components."""
    return [finding for rule in rules() for finding in rule(layout)]


def check_bytes(data: bytes, rendering: Rendering | None = None) -> list[Finding]:
    """Return every departure from Decree 30 found in the DOCX `data` (and on its pages, given
    how LibreOffice prints it)."""
    return check_layout(Layout(Docx(data), rendering))


def check_file(path: Path, renderer: Renderer | None = None) -> list[Finding]:
    """Check the DOCX at `path` (its pages too, given a renderer); raise UnreadableDocument if
    it is not a safe, readable DOCX, ConversionError if it cannot be printed."""
    problem = package_problem(path)
    if problem:
        raise UnreadableDocument(path.name, problem)
    try:
        layout = Layout(Docx(path.read_bytes()))
    except (KeyError, ValueError, SyntaxError) as exc:  # lxml's XMLSyntaxError is a SyntaxError
        raise UnreadableDocument(path.name, f"cấu trúc DOCX hỏng ({exc})") from None
    if renderer is not None:
        layout.rendering = renderer.render(path)
    try:
        return check_layout(layout)
    except (KeyError, ValueError, SyntaxError) as exc:  # a part read only by a rule (headers)
        raise UnreadableDocument(path.name, f"cấu trúc DOCX hỏng ({exc})") from None
