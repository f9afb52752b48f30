""""Việc của tôi": the documents that wait for the logged-in account, by role, and the latest
documents of their bodies (queries bounded: a body's register can hold tens of thousands)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, and_, or_, select

from engine.accounts.roles import Role
from engine.accounts.users import Account
from engine.db.tables import audit, documents
from engine.workflow.states import State

LIMIT = 200
# What each role does next, and from which states.
_WAITING = {Role.DRAFTER: (State.DRAFT, State.RETURNED), Role.REVIEWER: (State.IN_REVIEW,),
            Role.SIGNER: (State.APPROVED,), Role.CLERK: (State.SIGNED, State.ISSUING)}


def waiting(engine: Engine, who: Account) -> list[Any]:
    """The documents the account can act on now, oldest id first."""
    clauses = []
    for grant in who.grants:
        states = _WAITING.get(grant.role)
        if states is None:
            continue
        clause = and_(documents.c.body == grant.body,
                      documents.c.state.in_([s.value for s in states]),
                      documents.c.attached_to.is_(None))
        if grant.role is Role.SIGNER:
            clause = and_(clause, documents.c.signer_ma == grant.signer)
        clauses.append(clause)
    if not clauses:
        return []
    with engine.connect() as conn:
        return list(conn.execute(select(documents).where(or_(*clauses))
                                 .order_by(documents.c.id).limit(LIMIT)))


def returned_comments(engine: Engine, ids: list[str]) -> dict[str, str]:
    """The leader's comment of each returned document (its last return)."""
    if not ids:
        return {}
    with engine.connect() as conn:
        found = conn.execute(select(audit.c.document, audit.c.comment).where(
            audit.c.document.in_(ids), audit.c.action == "tra_lai").order_by(audit.c.seq))
        return {doc: comment for doc, comment in found}


def latest(engine: Engine, who: Account) -> list[Any]:
    """The most recent documents of the account's bodies."""
    bodies = sorted({grant.body for grant in who.grants})
    with engine.connect() as conn:
        return list(conn.execute(select(documents).where(documents.c.body.in_(bodies))
                                 .order_by(documents.c.id.desc()).limit(50)))
