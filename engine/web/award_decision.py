"""The round's Quyết định khen thưởng into the workflow, from the browser: the decision campaign
the last build wrote (engine/awards/decision_file.py) is copied to the round's one stable place
and drafted there, so that building it again after a new upload gives the same document a new
version (back to review), never a second document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import select

from engine.awards.decision_file import campaign_id as decision_campaign
from engine.awards.documents import DECISION
from engine.awards.dossier import DECISION_FOLDER
from engine.base.files import write_atomic
from engine.db.tables import documents
from engine.errors import AccessDenied, WorkflowError
from engine.web.access import account, engine, refuse
from engine.web.award_round import State, round_folder
from engine.workflow import draft
from engine.workflow.duties import authorize_drafting

WORKFLOW_FOLDER = "quy-trinh"   # under the round's folder: the decision as drafted


def decision_id(state: State) -> str:
    """The decision's id in the register."""
    return f"{decision_campaign(state.campaign)}/{DECISION}"


def decision_row(state: State) -> Any:
    """The decision's register row, None before it is drafted."""
    with engine().connect() as conn:
        return conn.execute(select(documents).where(
            documents.c.id == decision_id(state))).first()


def take_into_workflow(campaign_id: str, built: Path, body: str) -> str:
    """Copy the decision campaign built into `built` to the round's stable folder and draft it
    as the logged-in account; return the document's id. A drafter of the awarding body `body`
    only: anyone else is refused before the stable copy is touched."""
    try:
        authorize_drafting(account(), {body})
    except AccessDenied as exc:
        refuse(403, f"Không đưa được Quyết định vào quy trình: {exc.message} (cần vai trò soạn "
               "thảo ở cơ quan khen thưởng).")
    source = built / DECISION_FOLDER
    files = [p for p in sorted(source.rglob("*.yaml")) if p.is_file() and not p.is_symlink()]
    if (source / f"{DECISION}.yaml") not in files:
        refuse(404, "Chưa có Quyết định lập từ các bảng đề nghị hiện tại.")
    target = round_folder(campaign_id) / WORKFLOW_FOLDER
    for file in files:
        write_atomic(target / file.relative_to(source), file.read_bytes())
    data: Path = current_app.config["VANBAN_SETTINGS"].data_dir
    try:
        drafted = draft(engine(), target / f"{DECISION}.yaml", data / "van-ban", account())
    except WorkflowError as exc:
        refuse(409, f"Không đưa được Quyết định vào quy trình: {exc.message}")
    return drafted.ids[0]
