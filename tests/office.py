"""An office for the workflow's tests: a body imported from its profile and one account per
role (quản trị, soạn thảo, lãnh đạo đơn vị, người ký, văn thư), made through the engine."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from engine.accounts.roles import Role
from engine.accounts.users import Account, Grant, add_user, load_account
from engine.workflow.bodies import add_body

PASSWORD = "mat-khau-thu-nghiem"


@dataclass(frozen=True)
class Office:
    """The accounts of one body."""

    body: str
    admin: Account
    drafter: Account
    reviewer: Account
    signer: Account
    clerk: Account


def office(engine: Engine, profile: Path, prefix: str = "", *, admin: Account | None = None,
           signer_name: str = "Nguyễn Văn An") -> Office:
    """Import the body of `profile` and make its accounts (logins start with `prefix`)."""
    body = add_body(engine, profile, admin)
    with engine.begin() as conn:
        if admin is None:
            admin = add_user(conn, f"{prefix}admin", "Trần Quản Trị", PASSWORD,
                             [Grant(body, Role.ADMIN)], None)
        else:
            admin = load_account(conn, admin.id)  # now also quản trị of `body`

        def one(login: str, name: str, role: Role) -> Account:
            return add_user(conn, prefix + login, name, PASSWORD, [Grant(body, role)], admin)

        return Office(body, admin, one("soan", "Lê Văn Soạn", Role.DRAFTER),
                      one("duyet", "Phạm Thị Duyệt", Role.REVIEWER),
                      one("ky", signer_name, Role.SIGNER), one("vanthu", "Hoàng Văn Thư",
                                                               Role.CLERK))
