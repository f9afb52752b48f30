"""Closing a year's Sổ đăng ký văn bản đi ("đóng sổ", NĐ 30/2020 Art. 16(2)).

A register kept in the system is printed with all its fields, bound and closed. The văn thư
closes a body's register of a year that has ended; the closure is a row of the body's audit
chain (who, when, which year), so it cannot be removed without breaking the chain. Issuing a
document into a closed year afterwards is refused unless its reason is given
(engine/workflow/issue_dates).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, select

from engine.accounts.roles import Role
from engine.accounts.users import Account
from engine.db import chain
from engine.db.tables import audit
from engine.decree.dates import vietnam_date
from engine.errors import AccessDenied, WorkflowError

ACTION = "dong_so"


def closed_at(conn: Connection, body: str, year: int) -> datetime | None:
    """When `body`'s register of `year` was closed (UTC), None while it is open."""
    rows = conn.execute(select(audit.c.at, audit.c.data).where(
        audit.c.body == body, audit.c.action == ACTION, audit.c.document.is_(None)))
    for at, data in rows:
        if json.loads(data or "{}").get("year") == year:
            moment: datetime = at if at.tzinfo else at.replace(tzinfo=UTC)
            return moment
    return None


def close_register(engine: Engine, account: Account, body: str, year: int,
                   when: datetime | None = None) -> datetime:
    """Close `body`'s register of `year` (a year already ended) for the văn thư `account`;
    return the closing time. Raise AccessDenied or WorkflowError."""
    when = when or datetime.now(UTC)
    if account.grant(Role.CLERK, body) is None:
        raise AccessDenied("role-required",
                           f"Chỉ văn thư của cơ quan «{body}» đóng sổ đăng ký của cơ quan đó.")
    if year >= vietnam_date(when).year:
        raise WorkflowError(f"Năm {year} chưa kết thúc: sổ chỉ đóng sau ngày 31/12/{year}.",
                            code="year-not-ended")
    with engine.begin() as conn:
        chain.lock(conn, body)
        earlier = closed_at(conn, body, year)
        if earlier is not None:
            raise WorkflowError(f"Sổ đăng ký năm {year} của «{body}» đã đóng ngày "
                                f"{vietnam_date(earlier):%d/%m/%Y}.", code="already-closed")
        chain.append(conn, {"body": body, "document": None, "actor_id": account.id,
                            "actor": account.name, "role": Role.CLERK.value, "action": ACTION,
                            "from_state": None, "to_state": None,
                            "comment": f"đóng sổ đăng ký văn bản đi năm {year}",
                            "content_hash": None, "at": when,
                            "data": json.dumps({"year": year}, sort_keys=True)})
    return when
