"""Export a campaign from the database as YAML: the campaign and profile files of its latest
content snapshot, byte for byte, in their relative layout (profiles where `co_quan:` finds
them), so that the export drafts again exactly what the database holds."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, select

from engine.accounts.users import Account
from engine.base.files import write_atomic
from engine.db.tables import documents
from engine.errors import AccessDenied, WorkflowError
from engine.workflow.versions import latest_snapshot, stored_files


def export_campaign(engine: Engine, campaign_id: str, out_dir: Path,
                    account: Account) -> list[Path]:
    """Write the campaign's latest snapshot under `out_dir`; return the files written."""
    with engine.connect() as conn:
        bodies = set(conn.execute(select(documents.c.body).where(
            documents.c.campaign_id == campaign_id)).scalars())
        if not bodies:
            raise WorkflowError(f"Không có chiến dịch «{campaign_id}» trong cơ sở dữ liệu.",
                                code="unknown-campaign")
        if not {g.body for g in account.grants} & bodies:
            raise AccessDenied("other-body", f"«{account.login}» không có vai trò nào ở cơ quan "
                               f"của chiến dịch «{campaign_id}»")
        latest = latest_snapshot(conn, campaign_id)
    if latest is None:
        raise WorkflowError(f"Chiến dịch «{campaign_id}» chưa có nội dung lưu.",
                            code="unknown-campaign")
    files = stored_files(latest)
    root = os.path.commonpath([os.path.dirname(path) for path in files])
    written = []
    for path, data in sorted(files.items()):
        target = out_dir / os.path.relpath(path, root)  # inside out_dir: root is an ancestor
        write_atomic(target, data)
        written.append(target)
    return written
