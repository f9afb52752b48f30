"""docxtpl used the usual way (load, render, save for every document): the baseline of the
benchmark, and what the equivalence test compares vanban's compiled rendering with."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate

from engine.word.archive import check_template, write_zip
from engine.word.flow import finish
from engine.word.render import sandboxed_environment, template_errors
from engine.word.tables import with_tables


def render_docx_naive(template: Path, context: Mapping[str, Any], *, title: str = "") -> bytes:
    """Render the way docxtpl is usually used: load, render, save, for every document."""
    check_template(template)
    tpl = DocxTemplate(str(template))
    with template_errors(template.name):
        tpl.render(with_tables(context), jinja_env=sandboxed_environment(), autoescape=True)
    finish(tpl.docx.element.body)
    props = tpl.docx.core_properties
    props.title, props.author, props.comments = title, "vanban", ""
    buffer = io.BytesIO()
    tpl.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return write_zip({n: archive.read(n) for n in archive.namelist()})
