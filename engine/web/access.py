"""Who the browser is, and what they may see: every route authorizes on the server.

A document of a body where the account holds no role does not exist for them (404, never
403: its id tells nothing); an action their role does not allow is refused with 403 by the
engine's own rules (engine.workflow.duties).
"""

from __future__ import annotations

from typing import Any, NoReturn

from flask import current_app
from flask_login import UserMixin, current_user
from sqlalchemy import Engine, Row, select
from werkzeug.exceptions import HTTPException

from engine.accounts.users import Account
from engine.db.tables import documents


class WebUser(UserMixin):  # type: ignore[misc]
    """The logged-in account; its id is the session token (revocable, rotated at login)."""

    def __init__(self, account: Account, token: str) -> None:
        self.account = account
        self.token = token

    def get_id(self) -> str:
        return self.token


def engine() -> Engine:
    """The application's database engine."""
    found: Engine = current_app.extensions["vanban_engine"]
    return found


def job_database_url() -> str:
    """The database URL a job opens its own engine on (a job gets plain arguments only)."""
    return engine().url.render_as_string(hide_password=False)


def account() -> Account:
    """The logged-in account (routes are login_required)."""
    user: WebUser = current_user
    return user.account


def bodies_of(who: Account) -> set[str]:
    return {grant.body for grant in who.grants}


def refuse(code: int, message: str) -> NoReturn:
    """Stop the request with `code` and a Vietnamese message shown on the error page."""
    error = HTTPException(description=message)
    error.code = code
    error.vanban = True  # type: ignore[attr-defined]
    raise error


def visible_document(doc_id: str) -> Row[Any]:
    """Return the document if the logged-in account holds a role in its body; else 404."""
    with engine().connect() as conn:
        row = conn.execute(select(documents).where(documents.c.id == doc_id)).first()
    if row is None or row.body not in bodies_of(account()):
        refuse(404, "Không tìm thấy văn bản.")
    return row
