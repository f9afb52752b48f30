"""A template replaced by a quản trị: which unissued documents it changes (rendered in memory
with the new template, compared with what their current version prints), then the template
written and those documents re-rendered from their own stored content, as new versions.

Issued documents are never touched. A document whose print changes goes back to review if it
was approved or signed; one that prints the same bytes keeps its approval (drafting's rule).
The template is shared by every body: only a quản trị of every body it affects may replace it.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from engine.accounts.roles import Role
from engine.accounts.users import Account
from engine.base.files import write_atomic
from engine.db.tables import documents, versions
from engine.document.templates import default_templates
from engine.errors import AccessDenied, TemplateError, WorkflowError
from engine.word.archive import check_template
from engine.word.render import compiled
from engine.workflow.drafting import draft_loaded
from engine.workflow.rendering import issued_with
from engine.workflow.states import FROZEN, State
from engine.workflow.store import Actor
from engine.workflow.versions import (
    campaign_of,
    fingerprint_with,
    latest_snapshot,
    snapshot_campaign,
    version_row,
)


@dataclass(frozen=True)
class Affected:
    """An unissued document that uses the template, and whether its print would change."""

    doc_id: str
    state: State
    changes: bool


def _users_of(engine: Engine, name: str) -> list[Any]:
    """Unissued documents whose current version was rendered with template `name`."""
    kept = [s.value for s in FROZEN | {State.ISSUING}]
    with engine.connect() as conn:
        found = conn.execute(select(documents, versions.c.templates.label("used")).join(
            versions, versions.c.hash == documents.c.current_version).where(
            documents.c.state.not_in(kept)).order_by(documents.c.id))
        return [row for row in found if name in json.loads(row.used)]


def _checked(name: str, data: bytes, account: Account, rows: list[Any]) -> None:
    if not (default_templates() / name).is_file():
        raise TemplateError(name, "không có mẫu này để thay")
    missing = sorted({r.body for r in rows} - {g.body for g in account.grants
                                               if g.role is Role.ADMIN})
    if missing or not any(g.role is Role.ADMIN for g in account.grants):
        raise AccessDenied("admin-required", "Mẫu dùng chung: cần là quản trị của mọi cơ quan "
                           f"có văn bản dùng nó ({', '.join(missing) or 'không có'})")
    with tempfile.TemporaryDirectory() as work:
        trial = Path(work) / Path(name).name
        trial.write_bytes(data)
        check_template(trial)
        compiled(trial)  # a tag that does not parse is refused here, not at the next render


def preview(engine: Engine, name: str, data: bytes, account: Account) -> list[Affected]:
    """What replacing template `name` by `data` would change; nothing is written."""
    rows = _users_of(engine, name)
    _checked(name, data, account, rows)
    with tempfile.TemporaryDirectory() as work:
        trial = Path(work) / "mau"
        shutil.copytree(default_templates(), trial)
        (trial / name).write_bytes(data)
        return [Affected(row.id, State(row.state), _prints_differently(engine, row, trial))
                for row in rows]


def _prints_differently(engine: Engine, row: Any, templates: Path) -> bool:
    with engine.connect() as conn:
        version = version_row(conn, row.current_version)
        campaign = campaign_of(conn, version)
    now = fingerprint_with(campaign, issued_with(campaign, row.ma), Path(row.out_dir),
                           templates).draft_hash
    return bool(now != version.draft_hash)


def apply(engine: Engine, name: str, data: bytes, account: Account) -> list[Affected]:
    """Replace template `name` by `data` and re-render every unissued document using it, each
    campaign once, from the newest content stored for it."""
    affected = preview(engine, name, data, account)
    write_atomic(default_templates() / name, data)
    actor = Actor(account, Role.ADMIN)
    for campaign_id, out_dir in sorted({(r.campaign_id, r.out_dir)
                                        for r in _users_of(engine, name)}):
        with engine.connect() as conn:
            snap = latest_snapshot(conn, campaign_id)
        if snap is None:
            raise WorkflowError(f"Chiến dịch «{campaign_id}» chưa có nội dung lưu.",
                                code="unknown-campaign")
        campaign, sources = snapshot_campaign(snap)
        draft_loaded(engine, campaign, Path(snap.campaign), sources, Path(out_dir).parent,
                     actor)
    return affected
