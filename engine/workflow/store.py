"""Rows of the register: read one for update, move its state, write its audit row; queries.

Every state change goes through `move` (an optimistic lock on the row's version, D8) and is
followed by one `record` (the append-only audit trail), in the same transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Row, insert, select, update

from engine.db.tables import audit, documents
from engine.errors import ConcurrentChange, UnknownDocument
from engine.word.archive import content_hash
from engine.workflow.states import Role, State


@dataclass(frozen=True)
class Actor:
    """Who acts, and in which role."""

    name: str
    role: Role


def document_row(conn: Connection, doc_id: str) -> Row[Any]:
    """Return the register row of `doc_id`, locked for update on PostgreSQL."""
    query = select(documents).where(documents.c.id == doc_id)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    row = conn.execute(query).first()
    if row is None:
        raise UnknownDocument(f"Không có văn bản «{doc_id}» trong sổ.",
                              hint="Chạy «vanban draft <tệp chiến dịch>» để đưa vào quy trình.")
    return row


def record(conn: Connection, doc_id: str, actor: Actor, action: str, source: str | None,
           target: State, comment: str | None = None, digest: str | None = None) -> None:
    """Append one audit row: who, in which role, did what, from which state to which."""
    conn.execute(insert(audit).values(
        document=doc_id, actor=actor.name, role=actor.role.value, action=action,
        from_state=source, to_state=target.value, comment=comment,
        at=datetime.now(UTC), content_hash=digest))


def move(conn: Connection, row: Row[Any], target: State, **values: Any) -> None:
    """Set the document's state, checking nobody changed it since it was read."""
    changed = conn.execute(update(documents).where(
        documents.c.id == row.id, documents.c.version == row.version).values(
        state=target.value, version=row.version + 1, **values)).rowcount
    if changed != 1:
        raise ConcurrentChange(f"Văn bản «{row.id}» đã thay đổi bởi người khác.",
                               hint="Xem lại trạng thái («vanban status») rồi thao tác lại.")


def pending_issues(engine: Engine) -> list[str]:
    """Return the documents whose issuance stopped after their number was taken."""
    with engine.connect() as conn:
        return list(conn.execute(select(documents.c.id).where(
            documents.c.state == State.ISSUING.value)).scalars())


def verify(row: Row[Any]) -> list[str]:
    """Return what no longer matches in an issued document's files (empty: intact)."""
    problems = []
    if row.docx and row.content_hash:
        path = Path(row.docx)
        if not path.is_file():
            problems.append(f"thiếu tệp {path}")
        elif content_hash(path.read_bytes()) != row.content_hash:
            problems.append(f"tệp {path} đã bị sửa sau khi ban hành")
    if row.pdf and row.pdf_hash:
        path = Path(row.pdf)
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != row.pdf_hash:
            problems.append(f"tệp {path} thiếu hoặc đã bị sửa sau khi ban hành")
    return problems


def rows(engine: Engine, doc_id: str | None = None) -> Iterator[Row[Any]]:
    """Yield the documents of the register (one, or all in id order)."""
    query = select(documents).order_by(documents.c.id)
    if doc_id:
        query = query.where(documents.c.id == doc_id)
    with engine.connect() as conn:
        yield from conn.execute(query)


def history(engine: Engine, doc_id: str) -> list[Row[Any]]:
    """Return the audit rows of a document, oldest first."""
    with engine.connect() as conn:
        return list(conn.execute(select(audit).where(audit.c.document == doc_id)
                                 .order_by(audit.c.id)))
