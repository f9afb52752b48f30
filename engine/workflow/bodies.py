"""Issuing bodies in the database: imported from their profile files by a quản trị (the first
one into an empty database by anyone: the bootstrap; a quản trị who adds a new body becomes its
quản trị), and their separation-of-duties policy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from engine.accounts.roles import Role
from engine.accounts.users import Account, audit_admin, require_bootstrap
from engine.campaign.loader import load_profile
from engine.campaign.models import Profile
from engine.db.tables import bodies, roles
from engine.errors import AccessDenied, WorkflowError


def remember_body(conn: Connection, profile: Profile, text: str | None = None) -> None:
    """Store (or refresh) the body's header lines and signers from its profile: the register
    prints them, and người ký accounts are linked to them (its duty policy is kept); `text`, the
    profile file as a quản trị imported it, is what documents made in the browser use."""
    values: dict[str, Any] = {
              "ten": profile.ten, "ten_in": json.dumps(list(profile.ten_in), ensure_ascii=False),
              "chu_quan": json.dumps(list(profile.chu_quan), ensure_ascii=False),
              "signers": json.dumps([{"ma": s.ma, "ho_ten": s.ho_ten, "chuc_vu": s.chuc_vu}
                                     for s in profile.nguoi_ky.values()], ensure_ascii=False)}
    if text is not None:
        values["profile"] = text
    if conn.execute(update(bodies).where(bodies.c.ma == profile.ma).values(**values)).rowcount:
        return
    conn.execute(insert(bodies).values(ma=profile.ma, self_approval=False, **values))


def add_body(engine: Engine, path: Path, by: Account | None) -> str:
    """Import (or refresh) the body of the profile at `path`; return its id."""
    profile = load_profile(path)
    with engine.begin() as conn:
        exists = conn.execute(select(bodies.c.ma).where(bodies.c.ma == profile.ma)).first()
        if by is None:
            require_bootstrap(conn)
        elif exists and by.grant(Role.ADMIN, profile.ma) is None:
            raise AccessDenied("admin-required", f"«{by.login}» không phải quản trị của cơ "
                               f"quan «{profile.ma}»")
        elif not exists and not any(g.role is Role.ADMIN for g in by.grants):
            raise AccessDenied("admin-required", f"«{by.login}» không phải quản trị")
        remember_body(conn, profile, path.read_text("utf-8-sig"))
        if by is not None:
            if not exists:  # who adds a body administers it
                conn.execute(insert(roles).values(user_id=by.id, body=profile.ma,
                                                  role=Role.ADMIN.value))
            audit_admin(conn, by, profile.ma, "nhap_co_quan", {"tep": str(path.resolve())})
    return profile.ma


def set_self_approval(engine: Engine, body: str, allowed: bool, by: Account) -> None:
    """Allow or forbid (the default) the author of a version to approve it, in `body`."""
    if by.grant(Role.ADMIN, body) is None:
        raise AccessDenied("admin-required", f"«{by.login}» không phải quản trị của cơ quan "
                           f"«{body}»")
    with engine.begin() as conn:
        if not conn.execute(update(bodies).where(bodies.c.ma == body)
                            .values(self_approval=allowed)).rowcount:
            raise WorkflowError(f"Không có cơ quan «{body}».", code="unknown-body")
        audit_admin(conn, by, body, "chinh_sach", {"tu_duyet": allowed})
