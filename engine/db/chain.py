"""The audit trail's hash chain: one chain per issuing body, each row's hash covering the row
and the previous row's hash (reliability.md §2.4), so a deleted, inserted or changed row breaks
it where it happened.

`append` writes a row at the head of its body's chain, serialised by the chain-head row (locked
until commit, like the number counters); `breaks` walks every chain and returns the first break
of each. A superuser who rewrites a whole chain from the break onwards is not detected by this
alone: compare the heads `heads` prints with a copy kept elsewhere (the README says how).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from engine.db.tables import audit, chain_heads

GENESIS = "0" * 64
# The columns a row's hash covers, in this order (`id` is the database's, not part of it).
HASHED = ("body", "seq", "document", "actor_id", "actor", "role", "action", "from_state",
          "to_state", "comment", "at", "content_hash", "data", "prev_hash")


# The columns of a register row that its audit rows vouch for (`audit verify` compares them).
VOUCHED = ("ma", "loai", "body", "series", "symbol", "trich_yeu", "signer", "signer_ma",
           "recipients", "archive", "state", "version", "current_version", "approved_version",
           "signed_version", "year", "number", "issued_on", "docx", "pdf", "content_hash",
           "pdf_hash", "attached_to", "related", "relation", "signed_pdf", "signed_pdf_hash")


def vouched(row: Any) -> dict[str, Any]:
    """Return the columns of a register row that its audit rows record, JSON-ready."""
    values = row._asdict() if hasattr(row, "_asdict") else dict(row)
    # .get: a migration that chains rows made before a column existed (0003) records it empty
    return {key: values[key].isoformat() if isinstance(values.get(key), date)
            else values.get(key) for key in VOUCHED}


@dataclass(frozen=True)
class Break:
    """Where a body's chain stops being what was written."""

    body: str
    seq: int
    problem: str


def moment(value: datetime) -> str:
    """Return `value` as the chain hashes it: UTC, microseconds (naive values are UTC).

    >>> moment(datetime(2025, 3, 30, 10, 0, tzinfo=UTC))
    '2025-03-30T10:00:00.000000'
    """
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds")


def row_hash(row: dict[str, Any]) -> str:
    """Return the SHA-256 of the row's hashed columns in canonical JSON."""
    values = {key: moment(row[key]) if key == "at" else row.get(key) for key in HASHED}
    canonical = json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def append(conn: Connection, values: dict[str, Any]) -> dict[str, Any]:
    """Write `values` as the next row of its body's chain, in the caller's transaction."""
    seq, prev = _advance(conn, values["body"])
    row = {**values, "seq": seq, "prev_hash": prev,
           "at": (values.get("at") or datetime.now(UTC)).astimezone(UTC)}
    row["row_hash"] = row_hash(row)
    conn.execute(insert(audit).values(**row))
    conn.execute(update(chain_heads).where(chain_heads.c.body == values["body"])
                 .values(hash=row["row_hash"]))
    return row


def lock(conn: Connection, body: str) -> None:
    """Lock the body's chain head until the transaction ends (PostgreSQL; SQLite's BEGIN
    IMMEDIATE already serialises writers). Taken before any document row, it gives every
    writing transaction of a body the same lock order, so two of them never deadlock."""
    if conn.dialect.name != "postgresql":
        return
    conn.execute(postgresql.insert(chain_heads).values(body=body, seq=0, hash=GENESIS)
                 .on_conflict_do_nothing(index_elements=["body"]))
    conn.execute(select(chain_heads.c.body).where(chain_heads.c.body == body).with_for_update())


def _advance(conn: Connection, body: str) -> tuple[int, str]:
    """Move the body's chain head one row on and return (its new seq, the previous hash);
    the head row stays locked until the transaction ends."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(chain_heads).values(body=body, seq=1, hash=GENESIS)
    statement = statement.on_conflict_do_update(
        index_elements=["body"], set_={"seq": chain_heads.c.seq + 1}).returning(
        chain_heads.c.seq, chain_heads.c.hash)
    seq, prev = conn.execute(statement).one()
    return int(seq), str(prev)


def breaks(conn: Connection) -> list[Break]:
    """Return the first break of every body's chain (empty: every chain is intact)."""
    found = []
    heads = {row.body: row for row in conn.execute(select(chain_heads))}
    bodies = set(heads) | set(conn.execute(select(audit.c.body).distinct()).scalars())
    for body in sorted(b for b in bodies if b is not None):
        problem = next(_walk(conn, body, heads.get(body)), None)
        if problem is not None:
            found.append(problem)
    if conn.execute(select(audit.c.id).where(audit.c.body.is_(None))).first():
        found.append(Break("", 0, "có dòng nhật ký không thuộc chuỗi nào (dòng bị chèn)"))
    return found


def _walk(conn: Connection, body: str, head: Any) -> Iterator[Break]:
    expected_seq, expected_prev = 1, GENESIS
    query = select(audit).where(audit.c.body == body).order_by(audit.c.seq, audit.c.id)
    for row in conn.execute(query):
        values = row._asdict()
        if row.seq != expected_seq:
            what = "bị xóa" if row.seq > expected_seq else "bị chèn hoặc lặp lại"
            yield Break(body, expected_seq, f"dòng {expected_seq} {what}")
            return
        if row.prev_hash != expected_prev:
            yield Break(body, row.seq, f"dòng {row.seq} không nối với dòng trước "
                                       "(dòng trước bị xóa, chèn hoặc sửa)")
            return
        if row_hash(values) != row.row_hash:
            yield Break(body, row.seq, f"dòng {row.seq} đã bị sửa sau khi ghi")
            return
        expected_seq, expected_prev = row.seq + 1, row.row_hash
    if head is None or head.seq != expected_seq - 1 or head.hash != expected_prev:
        yield Break(body, expected_seq, f"cuối chuỗi không khớp đầu chuỗi đã ghi: dòng cuối "
                                        f"là {expected_seq - 1}, đầu chuỗi ghi "
                                        f"{head.seq if head is not None else 'không có'} "
                                        "(dòng cuối bị xóa hoặc đầu chuỗi bị sửa)")


def heads(conn: Connection) -> dict[str, tuple[int, str]]:
    """Return each body's chain head (its last seq and hash): a copy kept outside the database
    shows a chain rewritten from the start."""
    return {row.body: (row.seq, row.hash) for row in
            conn.execute(select(chain_heads).order_by(chain_heads.c.body))}
