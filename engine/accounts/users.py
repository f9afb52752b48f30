"""Users and their roles per issuing body: add, grant, disable, list; the account of a session.

Only a quản trị of a body gives roles in it, and the first account of an empty database (which
must be a quản trị) is the only one made without being logged in. Every change is a row of the
body's audit chain (never the password or its hash).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from engine.accounts.passwords import hash_password
from engine.accounts.roles import Role
from engine.base.text import clean, name_key
from engine.db import chain
from engine.db.tables import bodies, roles, sessions, users
from engine.errors import AccessDenied, BadValue, WorkflowError

_LOGIN = re.compile(r"[a-z0-9][a-z0-9._-]{1,49}")
_UNIT = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")  # a unit's id: its nomination file's name
MAX_NAME = 50  # FullName, string(50): NĐ 30/2020, Phụ lục VI, Phần II


@dataclass(frozen=True)
class Grant:
    """One role of an account in one body (a signer also names the profile's signer entry, a
    unit head the unit of the body's award rounds it heads)."""

    body: str
    role: Role
    signer: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Account:
    """Who is logged in: the full name as given (NFC) and every role they hold."""

    id: int
    login: str
    name: str
    grants: tuple[Grant, ...]

    def grant(self, role: Role, body: str) -> Grant | None:
        """Return the account's grant of `role` in `body`, if it holds one."""
        return next((g for g in self.grants if g.role is role and g.body == body), None)


def full_name(value: str) -> str:
    """Return the name in NFC, refusing control characters, line breaks and overlong names."""
    text, problems = clean(value)
    if not text or len(text) > MAX_NAME:
        problems.append(f"họ tên phải có từ 1 đến {MAX_NAME} ký tự")
    if problems:
        raise BadValue("Họ tên không dùng được: " + "; ".join(problems) + ".")
    return text


def add_user(conn: Connection, login: str, name: str, password: str, grants: list[Grant],
             by: Account | None) -> Account:
    """Create an account with `grants`; `by` is the quản trị doing it (None: the first one)."""
    if not _LOGIN.fullmatch(login):
        raise BadValue(f"Tên đăng nhập «{login}» không hợp lệ: 2–50 ký tự a-z, 0-9, '.', '_', "
                       "'-', bắt đầu bằng chữ hoặc số.")
    name = full_name(name)
    _check_admin(conn, by, grants, first_needs_admin=True)
    for grant in grants:  # every grant is checked before anything is written
        _unit_of(grant)
    if conn.execute(select(users.c.id).where(users.c.login == login)).first():
        raise WorkflowError(f"Đã có tài khoản «{login}».", code="user-exists",
                            hint="Thêm vai trò: «vanban user grant».")
    user_id = conn.execute(insert(users).values(
        login=login, full_name=name, password_hash=hash_password(password, login),
        disabled=False, created_at=datetime.now(UTC)).returning(users.c.id)).scalar_one()
    account = Account(int(user_id), login, name, ())
    _add_grants(conn, account, grants, by or account, "tao_tai_khoan")
    return load_account(conn, account.id)


def grant_roles(conn: Connection, login: str, grants: list[Grant], by: Account) -> Account:
    """Give an existing account more roles (a quản trị of each body)."""
    _check_admin(conn, by, grants, first_needs_admin=False)
    account = account_of(conn, login)
    _add_grants(conn, account, grants, by, "cap_vai_tro")
    return load_account(conn, account.id)


def _add_grants(conn: Connection, account: Account, grants: list[Grant], by: Account,
                action: str) -> None:
    for body, items in _by_body(grants).items():
        signers = _signers(conn, body)
        for grant in items:
            signer = _signer_of(account, grant, signers) if grant.role is Role.SIGNER else None
            if account.grant(grant.role, body) is None:
                conn.execute(insert(roles).values(user_id=account.id, body=body,
                                                  role=grant.role.value, signer=signer,
                                                  unit=_unit_of(grant)))
        data: dict[str, Any] = {"login": account.login, "ho_ten": account.name,
                                "vai_tro": [g.role.value for g in items]}
        units = [unit for unit in map(_unit_of, items) if unit]
        if units:
            data["don_vi"] = units
        audit_admin(conn, by, body, action, data)


def _by_body(grants: Iterable[Grant]) -> dict[str, list[Grant]]:
    grouped: dict[str, list[Grant]] = {}
    for grant in grants:
        grouped.setdefault(grant.body, []).append(grant)
    return grouped


def _signers(conn: Connection, body: str) -> list[dict[str, str]]:
    row = conn.execute(select(bodies.c.signers).where(bodies.c.ma == body)).first()
    if row is None:
        raise WorkflowError(f"Cơ quan «{body}» chưa có trong hệ thống.", code="unknown-body",
                            hint="Nhập hồ sơ cơ quan trước: «vanban body add HO_SO.yaml».")
    return list(json.loads(row.signers))


def _unit_of(grant: Grant) -> str | None:
    """The unit a thủ trưởng đơn vị grant is held for (None for every other role)."""
    if grant.role is not Role.UNIT_HEAD:
        return None
    if grant.unit is None or not _UNIT.fullmatch(grant.unit):
        raise BadValue(f"Thủ trưởng đơn vị cần mã đơn vị hợp lệ (nhận «{grant.unit or ''}»): "
                       "chữ thường không dấu, chữ số và «-», tên tệp đề nghị của đơn vị, ví dụ "
                       "phong-noi-vu (--unit).")
    return grant.unit


def _signer_of(account: Account, grant: Grant, signers: list[dict[str, str]]) -> str:
    """Link a người ký account to its signer entry: the one named, or the one of the same name
    (old and new tone placement alike)."""
    if grant.signer is not None:
        found = [s for s in signers if s["ma"] == grant.signer]
    else:
        found = [s for s in signers if name_key(s["ho_ten"]) == name_key(account.name)]
    if len(found) != 1:
        names = ", ".join(f"{s['ma']} ({s['ho_ten']})" for s in signers) or "không có"
        raise WorkflowError(f"Không xác định được người ký của «{account.name}» trong cơ quan "
                            f"«{grant.body}» (người ký trong hồ sơ: {names}).",
                            code="unknown-signer", hint="Chỉ rõ bằng «--signer MÃ».")
    if name_key(found[0]["ho_ten"]) != name_key(account.name):
        raise WorkflowError(f"Người ký «{found[0]['ma']}» của cơ quan «{grant.body}» là "
                            f"«{found[0]['ho_ten']}», không phải «{account.name}».",
                            code="signer-name-mismatch",
                            hint="Tài khoản người ký phải mang đúng họ tên trong hồ sơ cơ quan; "
                                 "sửa hồ sơ («vanban body add») hoặc họ tên tài khoản.")
    return found[0]["ma"]


def require_bootstrap(conn: Connection) -> None:
    """Refuse to act without an account once the database has one (only the first account and
    the first bodies are made without logging in)."""
    if conn.execute(select(users.c.id)).first() is not None:
        raise AccessDenied("admin-required", "Cần đăng nhập bằng tài khoản quản trị",
                           hint="«vanban login TÊN_QUẢN_TRỊ» rồi chạy lại.")


def _check_admin(conn: Connection, by: Account | None, grants: list[Grant], *,
                 first_needs_admin: bool) -> None:
    if by is None:
        require_bootstrap(conn)
        if first_needs_admin and not any(g.role is Role.ADMIN for g in grants):
            raise AccessDenied("first-user-admin", "Tài khoản đầu tiên phải có vai trò "
                               "«quản trị» (--role quan_tri)")
        return
    for body in {g.body for g in grants}:
        if by.grant(Role.ADMIN, body) is None:
            raise AccessDenied("admin-required", f"«{by.login}» không phải quản trị của cơ quan "
                               f"«{body}»")


def disable_user(conn: Connection, login: str, by: Account) -> None:
    """Disable an account and end its sessions (a quản trị of a body where it has a role)."""
    account = account_of(conn, login)
    shared = {g.body for g in account.grants if by.grant(Role.ADMIN, g.body)}
    if not shared:
        raise AccessDenied("admin-required", f"«{by.login}» không quản trị cơ quan nào của "
                           f"«{login}»")
    conn.execute(update(users).where(users.c.id == account.id).values(disabled=True))
    conn.execute(update(sessions).where(sessions.c.user_id == account.id).values(revoked=True))
    for body in sorted(shared):
        audit_admin(conn, by, body, "khoa_tai_khoan", {"login": login})


def audit_admin(conn: Connection, by: Account, body: str, action: str,
                data: dict[str, Any]) -> None:
    """Append an account or policy change to the body's audit chain."""
    chain.append(conn, {"body": body, "document": None, "actor_id": by.id, "actor": by.name,
                        "role": Role.ADMIN.value, "action": action, "from_state": None,
                        "to_state": None, "comment": None, "content_hash": None,
                        "data": json.dumps(data, ensure_ascii=False, sort_keys=True)})


def account_of(conn: Connection, login: str) -> Account:
    """The account with login `login`, with its roles."""
    return load_account(conn, _user_id(conn, login))


def _user_id(conn: Connection, login: str) -> int:
    found = conn.execute(select(users.c.id).where(users.c.login == login)).scalar()
    if found is None:
        raise WorkflowError(f"Không có tài khoản «{login}».", code="unknown-user")
    return int(found)


def load_account(conn: Connection, user_id: int) -> Account:
    """Return the account with its roles."""
    user = conn.execute(select(users).where(users.c.id == user_id)).one()
    grants = tuple(Grant(r.body, Role(r.role), r.signer, r.unit) for r in conn.execute(
        select(roles).where(roles.c.user_id == user_id).order_by(roles.c.body, roles.c.role)))
    return Account(user.id, user.login, user.full_name, grants)


def list_users(conn: Connection, by: Account) -> list[tuple[Any, Account]]:
    """Return (user row, account) of every user with a role in a body `by` administers."""
    administered = {g.body for g in by.grants if g.role is Role.ADMIN}
    if not administered:
        raise AccessDenied("admin-required", f"«{by.login}» không phải quản trị")
    ids = conn.execute(select(roles.c.user_id).where(roles.c.body.in_(administered))
                       .distinct()).scalars()
    rows = conn.execute(select(users).where(users.c.id.in_(list(ids))).order_by(users.c.login))
    return [(row, load_account(conn, row.id)) for row in rows]
