"""Login throttling: after 5 failed logins in 15 minutes, an account, and separately an
address, is locked for 15 minutes (even with the right password); every failure is kept (the
security log) and logged."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, func, insert, select

from engine.db.tables import login_failures
from engine.errors import WorkflowError

LIMIT = 5
WINDOW = timedelta(minutes=15)
_LOG = logging.getLogger("vanban.security")


def check_not_locked(conn: Connection, login: str, address: str) -> None:
    """Refuse a login attempt while the account or the address is locked."""
    since = datetime.now(UTC) - WINDOW
    for column, value, what in ((login_failures.c.login, login, "tài khoản"),
                                (login_failures.c.address, address, "địa chỉ")):
        count = conn.execute(select(func.count()).select_from(login_failures).where(
            column == value, login_failures.c.at > since)).scalar_one()
        if count >= LIMIT:
            raise WorkflowError(f"Đăng nhập sai quá {LIMIT} lần: {what} tạm khóa "
                                f"{int(WINDOW.total_seconds() // 60)} phút.", code="login-locked")


def record_failure(conn: Connection, login: str, address: str) -> None:
    """Keep one failed attempt (committed even though the login is refused)."""
    conn.execute(insert(login_failures).values(login=login[:50], address=address[:64],
                                               at=datetime.now(UTC)))
    _LOG.warning("đăng nhập sai: tài khoản %r từ %s", login[:50], address[:64])

