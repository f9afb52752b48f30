"""Who may do what to a document: roles per issuing body and the separation of duties.

Always: an action needs the role the transition names, held in the document's own body (so
nobody acts on another body's documents, nor replaces or corrects them); only the document's
own signer signs. By default (a body may allow it: `vanban body policy BODY --self-approval`):
the author of a version does not approve it. A refusal names the rule and changes nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, select

from engine.accounts.users import Account
from engine.db.tables import bodies, versions
from engine.errors import AccessDenied
from engine.workflow.states import Role, Transition
from engine.workflow.store import Actor


def authorize(conn: Connection, account: Account, row: Row[Any],
              transition: Transition) -> Actor:
    """Return the account acting in the transition's role on `row`, or refuse."""
    grant = account.grant(transition.role, row.body)
    if grant is None:
        raise AccessDenied(
            "role-required", f"«{account.login}» ({account.name}) không có vai trò "
            f"«{transition.role.label}» của cơ quan «{row.body}», cần để «{transition.label}» "
            f"văn bản «{row.id}»")
    if transition.action == "ky" and grant.signer != row.signer_ma:
        raise AccessDenied(
            "not-the-signer", f"Văn bản «{row.id}» do «{row.signer}» ký; «{account.name}» "
            "không phải người ký của văn bản này")
    if transition.action == "duyet" and not _self_approval(conn, row.body):
        author = conn.execute(select(versions.c.author_id).where(
            versions.c.hash == row.current_version)).scalar()
        if author == account.id:
            raise AccessDenied(
                "self-approval", f"«{account.name}» là người soạn phiên bản này của "
                f"«{row.id}» nên không tự duyệt được",
                hint="Một lãnh đạo khác của đơn vị duyệt văn bản.")
    return Actor(account, transition.role)


def authorize_drafting(account: Account, body_ids: set[str]) -> Actor:
    """Return the account acting as soạn thảo of every body of a campaign, or refuse."""
    missing = sorted(b for b in body_ids if account.grant(Role.DRAFTER, b) is None)
    if missing:
        raise AccessDenied("role-required", f"«{account.login}» không có vai trò «soạn thảo» "
                           f"của cơ quan {', '.join(f'«{b}»' for b in missing)}")
    return Actor(account, Role.DRAFTER)


def same_body(row: Row[Any], original: Row[Any]) -> None:
    """Refuse to replace or correct a document of another body."""
    if original.body != row.body:
        raise AccessDenied("other-body", f"«{original.id}» là văn bản của cơ quan "
                           f"«{original.body}»; «{row.id}» của «{row.body}» không thay thế "
                           "hay đính chính được nó")


def _self_approval(conn: Connection, body: str) -> bool:
    return bool(conn.execute(select(bodies.c.self_approval).where(bodies.c.ma == body))
                .scalar())
