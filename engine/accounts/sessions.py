"""Sessions: a login gives a random token (only its SHA-256 is stored) that expires; every
command of the workflow acts as the account of a valid token."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, insert, select, update

from engine.accounts.passwords import password_matches
from engine.accounts.users import Account, load_account
from engine.db.tables import sessions, users
from engine.errors import NotLoggedIn, WorkflowError

DEFAULT_HOURS = 12.0


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(conn: Connection, login: str, password: str,
                 hours: float = DEFAULT_HOURS) -> tuple[str, Account]:
    """Check the password and return a new session token and its account."""
    user = conn.execute(select(users).where(users.c.login == login)).first()
    matches = password_matches(user.password_hash if user else None, password)
    if user is None or not matches:
        raise WorkflowError("Sai tên đăng nhập hoặc mật khẩu.", code="login-failed")
    if user.disabled:
        raise WorkflowError(f"Tài khoản «{login}» đã bị khóa.", code="user-disabled")
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    conn.execute(insert(sessions).values(token_hash=_digest(token), user_id=user.id,
                                         created_at=now, expires_at=now + timedelta(hours=hours),
                                         revoked=False))
    return token, load_account(conn, user.id)


def session_account(conn: Connection, token: str | None) -> Account:
    """Return the account of a valid session token; refuse a missing, ended or expired one."""
    if not token:
        raise NotLoggedIn("Chưa đăng nhập.")
    row = conn.execute(select(sessions).where(sessions.c.token_hash == _digest(token))).first()
    if row is None or row.revoked:
        raise NotLoggedIn("Phiên đăng nhập không còn hiệu lực.")
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=UTC)
    if expires <= datetime.now(UTC):
        raise NotLoggedIn("Phiên đăng nhập đã hết hạn.")
    disabled = conn.execute(select(users.c.disabled).where(users.c.id == row.user_id)).scalar()
    if disabled is None or disabled:
        raise NotLoggedIn("Tài khoản đã bị khóa.")
    return load_account(conn, row.user_id)


def close_session(conn: Connection, token: str) -> None:
    """End a session (logout)."""
    conn.execute(update(sessions).where(sessions.c.token_hash == _digest(token))
                 .values(revoked=True))
