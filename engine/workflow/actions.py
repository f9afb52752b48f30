"""Review, approval, signing and recall: one action moves one document, or nothing changes."""

from __future__ import annotations

from sqlalchemy import Engine

from engine.errors import TransitionNotAllowed, WorkflowError
from engine.workflow.states import State, allowed_actions, next_state
from engine.workflow.store import Actor, document_row, move, record


def act(engine: Engine, doc_id: str, action: str, actor: Actor,
        comment: str | None = None) -> State:
    """Do `action` on the document; refuse an illegal one, leaving the state unchanged."""
    if action in ("cap_so", "ban_hanh"):
        raise WorkflowError("Cấp số và ban hành dùng lệnh «vanban issue».")
    with engine.begin() as conn:
        row = document_row(conn, doc_id)
        state = State(row.state)
        target = next_state(state, action, actor.role)
        if action == "tra_lai" and not comment:
            raise TransitionNotAllowed(action, state.label, allowed_actions(state),
                                       " khi không có ý kiến trả lại")
        if action == "ky" and row.signer and actor.name != row.signer:
            raise TransitionNotAllowed(action, state.label, allowed_actions(state),
                                       f": văn bản do «{row.signer}» ký, không phải "
                                       f"«{actor.name}»")
        move(conn, row, target)
        record(conn, doc_id, actor, action, row.state, target, comment, row.content_hash)
    return target
