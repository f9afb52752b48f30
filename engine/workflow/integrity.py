"""`audit verify`: the audit chains, the register rows and the issued files agree, or the first
break is named.

Three walks: every body's hash chain (a deleted, inserted or changed row); every register row
against the last audit row of its document, which recorded the row as it was left (a row
changed behind the application's back: a number, a trích yếu, a signer, a state); every issued
file against the hash its issuing audit row recorded (a file replaced together with the hash
stored in the register).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select

from engine.db import chain
from engine.db.chain import vouched
from engine.db.tables import audit, documents
from engine.word.archive import content_hash


def audit_problems(engine: Engine) -> list[str]:
    """Return every break found (empty: the register is what its audit trail says)."""
    with engine.connect() as conn:
        problems = [f"nhật ký của cơ quan «{b.body}»: {b.problem}" for b in chain.breaks(conn)]
        last, issued = _audit_by_document(conn)
        for row in conn.execute(select(documents).order_by(documents.c.id)):
            problems += _row_problems(row, last.pop(row.id, None), issued.get(row.id))
        problems += [f"«{doc_id}»: có trong nhật ký nhưng không còn trong sổ (dòng bị xóa)"
                     for doc_id in sorted(last)]
    return problems


def _audit_by_document(conn: Connection) -> tuple[dict[str, Any], dict[str, Any]]:
    """Each document's last audit row, and the row that issued it."""
    last: dict[str, Any] = {}
    issued: dict[str, Any] = {}
    query = select(audit).where(audit.c.document.is_not(None)).order_by(
        audit.c.body, audit.c.seq)
    for entry in conn.execute(query):
        last[entry.document] = entry
        if entry.action == "ban_hanh":
            issued[entry.document] = entry
    return last, issued


def _row_problems(row: Any, entry: Any, issuing: Any) -> list[str]:
    if entry is None:
        return [f"«{row.id}»: có trong sổ nhưng không có trong nhật ký (dòng bị chèn)"]
    recorded = json.loads(entry.data or "{}")
    now = vouched(row)
    differ = sorted(key for key in now if recorded.get(key) != now[key])
    problems = [f"«{row.id}»: sổ khác nhật ký ở {', '.join(differ)} (đã bị sửa ngoài ứng dụng: "
                f"nhật ký ghi {', '.join(f'{k}={recorded.get(k)!r}' for k in differ)})"
                ] if differ else []
    if issuing is not None:
        problems += _file_problems(row, issuing, recorded)
    return problems


def _file_problems(row: Any, issuing: Any, recorded: dict[str, Any]) -> list[str]:
    """The issued files against the hashes the audit trail recorded at issuance."""
    problems = []
    docx = Path(recorded.get("docx") or row.docx or "")
    if not docx.is_file():
        problems.append(f"«{row.id}»: thiếu tệp đã ban hành {docx}")
    elif content_hash(docx.read_bytes()) != issuing.content_hash:
        problems.append(f"«{row.id}»: tệp {docx} khác bản đã ban hành (mã băm trong nhật ký)")
    signed, signed_hash = recorded.get("signed_pdf"), recorded.get("signed_pdf_hash")
    if signed and signed_hash:
        path = Path(signed)
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != signed_hash:
            problems.append(f"«{row.id}»: bản PDF người ký đã ký số {path} thiếu hoặc đã đổi")
    pdf, pdf_hash = recorded.get("pdf"), recorded.get("pdf_hash")
    if pdf and pdf_hash:
        path = Path(pdf)
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != pdf_hash:
            problems.append(f"«{row.id}»: tệp {path} thiếu hoặc khác bản đã ban hành")
    return problems
