"""The images electronic signatures show: each signer account's handwritten signature and each
body's seal (Phụ lục I, II.7.d and II.8.a), checked (engine/esign/images.py) and stored in the
database by a quản trị of the body; each change is a row of the body's audit chain with the
image's SHA-256."""

from __future__ import annotations

import hashlib

from sqlalchemy import Engine, select, update

from engine.accounts.users import Account, account_of, audit_admin
from engine.db.tables import bodies, users
from engine.errors import AccessDenied, WorkflowError
from engine.esign.images import seal_image, signature_image
from engine.workflow.states import Role


def set_signature_image(engine: Engine, login: str, data: bytes, by: Account,
                        name: str = "ảnh chữ ký") -> None:
    """Store `login`'s signature image (a quản trị of a body where it signs)."""
    signature_image(data, name)
    with engine.begin() as conn:
        account = account_of(conn, login)
        signing = sorted({g.body for g in account.grants if g.role is Role.SIGNER})
        if not signing:
            raise WorkflowError(f"«{login}» không có vai trò «người ký» ở cơ quan nào.",
                                code="not-a-signer")
        administered = [body for body in signing if by.grant(Role.ADMIN, body)]
        if not administered:
            raise AccessDenied("admin-required", f"«{by.login}» không quản trị cơ quan nào "
                               f"«{login}» ký văn bản")
        conn.execute(update(users).where(users.c.id == account.id).values(signature_png=data))
        for body in administered:
            audit_admin(conn, by, body, "anh_chu_ky", {
                "login": login, "sha256": hashlib.sha256(data).hexdigest()})


def set_seal_image(engine: Engine, body: str, data: bytes, by: Account,
                   name: str = "ảnh dấu") -> None:
    """Store `body`'s seal image (a quản trị of the body)."""
    seal = seal_image(data, name)
    if by.grant(Role.ADMIN, body) is None:
        raise AccessDenied("admin-required", f"«{by.login}» không phải quản trị của cơ quan "
                           f"«{body}»")
    with engine.begin() as conn:
        if conn.execute(select(bodies.c.ma).where(bodies.c.ma == body)).first() is None:
            raise WorkflowError(f"Không có cơ quan «{body}».", code="unknown-body")
        conn.execute(update(bodies).where(bodies.c.ma == body).values(seal_png=data))
        audit_admin(conn, body=body, by=by, action="anh_dau", data={
            "sha256": hashlib.sha256(data).hexdigest(),
            "mm": [round(v, 1) for v in seal.mm or ()]})
