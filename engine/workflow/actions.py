"""Review, approval, signing and recall: one action moves one document, or nothing changes.

Approval binds to the document's current version, signature to the approved one: content that
changed in between has made a new version and sent the document back to review.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from engine.accounts.users import Account
from engine.errors import TransitionNotAllowed, WorkflowError
from engine.workflow.duties import authorize
from engine.workflow.states import State, allowed_actions, transition_for
from engine.workflow.store import document_row, move, record


def act(engine: Engine, doc_id: str, action: str, account: Account,
        comment: str | None = None, *, values: dict[str, Any] | None = None,
        version: str | None = None) -> State:
    """Do `action` on the document as `account`; refuse an illegal or unauthorised one,
    leaving the state unchanged and writing no audit row.

    `values`: more columns the action sets (the PDF a digital signature made); `version`: the
    content version the caller acted on, refused if it is no longer the current one."""
    if action in ("cap_so", "ban_hanh"):
        raise WorkflowError("Cấp số và ban hành dùng lệnh «vanban issue».")
    with engine.begin() as conn:
        row = document_row(conn, doc_id)
        state = State(row.state)
        transition = transition_for(state, action)
        actor = authorize(conn, account, row, transition)
        if action in ("tra_lai", "thu_hoi") and not (comment and comment.strip()):
            raise TransitionNotAllowed(action, state.label, allowed_actions(state),
                                       " khi không có ý kiến (lý do)")
        if version is not None and row.current_version != version:
            raise WorkflowError(f"«{doc_id}» đã có phiên bản nội dung mới trong lúc ký.",
                                code="version-not-approved")
        move(conn, row, transition.target, **_binding(row, action), **(values or {}))
        record(conn, doc_id, actor, action, row.state, transition.target, comment,
               row.current_version)
    return transition.target


def _binding(row: Any, action: str) -> dict[str, Any]:
    """Which version an approval or a signature binds to."""
    if action in ("duyet", "ky") and row.current_version is None:
        raise WorkflowError(f"«{row.id}» chưa có nội dung (chạy «vanban draft»).",
                            code="no-version")
    if action == "duyet":
        return {"approved_version": row.current_version}
    if action == "ky":
        if row.approved_version != row.current_version:
            raise WorkflowError(f"Phiên bản hiện tại của «{row.id}» chưa được duyệt.",
                                code="version-not-approved")
        return {"signed_version": row.current_version}
    return {}
