"""Rows of the register: read one for update, change it, write its audit row; queries.

Every change of a document goes through `move` (or `change`: an optimistic lock on the row's
version, D8) and is followed by one `record` in the same transaction: a row of the body's hash
chain that holds who did what, the content hash acted on and the register row as it now is,
which `audit verify` compares with the documents table.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Row, Select, select, update

from engine.accounts.users import Account
from engine.db import chain
from engine.db.chain import vouched
from engine.db.tables import audit, documents
from engine.errors import ConcurrentChange, UnknownDocument
from engine.word.archive import content_hash
from engine.workflow.states import FROZEN, Role, State


@dataclass(frozen=True)
class Actor:
    """Who acts (a logged-in account), and in which of their roles."""

    account: Account
    role: Role

    @property
    def name(self) -> str:
        return self.account.name


def document_row(conn: Connection, doc_id: str) -> Row[Any]:
    """Return the register row of `doc_id`, locked for update on PostgreSQL (after its body's
    chain head: one lock order for every writer)."""
    query = select(documents).where(documents.c.id == doc_id)
    if conn.dialect.name == "postgresql":
        body = conn.execute(select(documents.c.body).where(documents.c.id == doc_id)).scalar()
        if body is not None:
            chain.lock(conn, body)
        query = query.with_for_update()
    row = conn.execute(query).first()
    if row is None:
        raise UnknownDocument(f"Không có văn bản «{doc_id}» trong sổ.",
                              hint="Chạy «vanban draft <tệp chiến dịch>» để đưa vào quy trình; "
                                   "«vanban status» liệt kê các văn bản.")
    return row


def record(conn: Connection, doc_id: str, actor: Actor, action: str, source: str | None,
           target: State, comment: str | None = None, digest: str | None = None) -> None:
    """Append one audit row to the body's chain: who, in which role, did what, from which
    state to which, on which content, and the register row as it is after the action."""
    row = document_row(conn, doc_id)
    chain.append(conn, {
        "body": row.body, "document": doc_id, "actor_id": actor.account.id,
        "actor": actor.name, "role": actor.role.value, "action": action, "from_state": source,
        "to_state": target.value, "comment": comment, "content_hash": digest,
        "data": json.dumps(vouched(row), ensure_ascii=False, sort_keys=True)})


def move(conn: Connection, row: Row[Any], target: State, **values: Any) -> None:
    """Set the document's state, checking nobody changed it since it was read."""
    change(conn, row, state=target.value, **values)


def change(conn: Connection, row: Row[Any], **values: Any) -> None:
    """Change the document's row, checking nobody changed it since it was read."""
    changed = conn.execute(update(documents).where(
        documents.c.id == row.id, documents.c.version == row.version).values(
        version=row.version + 1, **values)).rowcount
    if changed != 1:
        raise ConcurrentChange(f"Văn bản «{row.id}» đã thay đổi bởi người khác.",
                               hint="Xem lại trạng thái («vanban status») rồi thao tác lại.")


def pending_issues(engine: Engine) -> list[str]:
    """Return the documents whose issuance stopped after their number was taken."""
    with engine.connect() as conn:
        return list(conn.execute(select(documents.c.id).where(
            documents.c.state == State.ISSUING.value).order_by(documents.c.id)).scalars())


def issued_files(engine: Engine) -> frozenset[Path]:
    """Return the DOCX files the register lists as issued or being issued: never rewritten."""
    kept = [state.value for state in FROZEN | {State.ISSUING}]
    with engine.connect() as conn:
        return frozenset(Path(path) for path in conn.execute(select(documents.c.docx).where(
            documents.c.state.in_(kept), documents.c.docx.is_not(None))).scalars())


def issued_file(path: Path) -> Select[Any]:
    """The query that finds the register's row issuing (or having issued) the DOCX at `path`."""
    kept = [state.value for state in FROZEN | {State.ISSUING}]
    return select(documents.c.id).where(
        documents.c.state.in_(kept),
        documents.c.docx.in_({str(path), str(path.resolve())})).limit(1)


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
                                 .order_by(audit.c.seq, audit.c.id)))
