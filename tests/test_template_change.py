"""A quản trị replaces a template: what would change is shown first; applying it re-renders
the unissued documents that use it from their stored content; issued ones keep their bytes."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from engine.db.connect import open_engine
from engine.document.templates import default_templates
from engine.errors import AccessDenied, TemplateError
from engine.word.reader import Docx
from engine.workflow import act, audit_problems, draft, issue, rows
from engine.workflow.states import State
from engine.workflow.template_change import apply, preview
from tests.helpers import document, write_campaign
from tests.office import Office, office

NAME = "decisions/chi_thi.docx"
NOI_NHAN = "Nơi nhận".encode()


@pytest.fixture
def world(tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
          ) -> Iterator[tuple[Engine, Office, list[str]]]:
    shutil.copytree(default_templates(), tmp_path / "mau")
    monkeypatch.setenv("VANBAN_TEMPLATES", str(tmp_path / "mau"))
    docs = [document(ma=f"ct-{i}") for i in (1, 2)]
    for doc in docs:
        doc.pop("so"), doc.pop("ngay")
    letter = document(ma="cv-1", loai="cong_van", don_vi_soan_thao="VP", kinh_gui=["Các thôn"])
    letter.pop("so"), letter.pop("ngay")
    path = write_campaign(tmp_path, *docs, letter)
    engine = open_engine(db_url)
    staff = office(engine, tmp_path / "co-quan.yaml")
    ids = draft(engine, path, tmp_path / "out", staff.drafter).ids
    for doc_id in ids[:2]:
        act(engine, doc_id, "trinh", staff.drafter)
        act(engine, doc_id, "duyet", staff.reviewer)
        act(engine, doc_id, "ky", staff.signer)
    issue(engine, ids[1], staff.clerk, datetime(2025, 3, 3, 3, tzinfo=UTC))
    yield engine, staff, ids
    engine.dispose()


def _template(replace: bytes | None = None, level: int = 6) -> bytes:
    """The chi_thi template, its body edited (or only re-zipped at another level)."""
    with zipfile.ZipFile(default_templates() / NAME) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    if replace is not None:
        parts["word/document.xml"] = parts["word/document.xml"].replace(NOI_NHAN, replace)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _state(engine: Engine, doc_id: str) -> State:
    return State(next(rows(engine, doc_id)).state)


def test_a_visible_change_is_shown_then_sends_the_signed_document_back_to_review(
        world: tuple[Engine, Office, list[str]]) -> None:
    engine, staff, ids = world
    issued = next(rows(engine, ids[1]))
    issued_bytes = Path(issued.docx).read_bytes()
    new = _template("Nơi gửi".encode())
    shown = preview(engine, NAME, new, staff.admin)
    assert [(a.doc_id, a.state, a.changes) for a in shown] == [(ids[0], State.SIGNED, True)]
    assert _state(engine, ids[0]) is State.SIGNED  # a preview writes nothing
    apply(engine, NAME, new, staff.admin)
    assert (default_templates() / NAME).read_bytes() == new
    assert _state(engine, ids[0]) is State.IN_REVIEW
    draft_text = Docx((Path(issued.out_dir) / "ct-1.docx").read_bytes()).text()
    assert "Nơi gửi:" in draft_text
    assert Path(issued.docx).read_bytes() == issued_bytes and _state(engine, ids[1]) is \
        State.ISSUED
    assert _state(engine, ids[2]) is State.DRAFT  # a công văn: another template
    assert audit_problems(engine) == []


def test_a_template_that_prints_the_same_keeps_the_signature(
        world: tuple[Engine, Office, list[str]]) -> None:
    engine, staff, ids = world
    same = _template(level=1)
    assert same != (default_templates() / NAME).read_bytes()
    assert [a.changes for a in preview(engine, NAME, same, staff.admin)] == [False]
    apply(engine, NAME, same, staff.admin)
    row = next(rows(engine, ids[0]))
    assert State(row.state) is State.SIGNED and row.signed_version == row.current_version
    issue(engine, ids[0], staff.clerk, datetime(2025, 3, 4, 3, tzinfo=UTC))  # still issuable
    assert audit_problems(engine) == []


def test_only_an_administrator_of_the_bodies_concerned_replaces_it_and_only_a_safe_docx(
        world: tuple[Engine, Office, list[str]]) -> None:
    engine, staff, _ = world
    with pytest.raises(AccessDenied):
        preview(engine, NAME, _template(), staff.drafter)
    with pytest.raises(TemplateError):
        preview(engine, NAME, b"not a docx", staff.admin)
    broken = _template(b"{{ 1 + }}")
    with pytest.raises(TemplateError):
        apply(engine, NAME, broken, staff.admin)
    assert (default_templates() / NAME).read_bytes() != broken
