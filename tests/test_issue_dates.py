"""An issue date more than a week ahead is refused unless its reason is given, and the reason
is in the audit with the number (issue 14: plausibility of issue dates, an audited override)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from engine.db.connect import open_engine
from engine.errors import WorkflowError
from engine.workflow import act, draft, history, issue, rows
from tests.helpers import document, write_campaign
from tests.office import Office, office


def _signed(engine: Engine, folder: Path) -> tuple[Office, str]:
    """An office and one unnumbered Chỉ thị drafted, approved and signed, ready to issue."""
    doc = document()
    doc.pop("so")
    path = write_campaign(folder, doc)
    staff = office(engine, folder / "co-quan.yaml")
    doc_id = draft(engine, path, folder / "out", staff.drafter).ids[0]
    for action, who in (("trinh", staff.drafter), ("duyet", staff.reviewer),
                        ("ky", staff.signer)):
        act(engine, doc_id, action, who)
    return staff, doc_id


def test_a_date_weeks_ahead_needs_its_reason_which_the_audit_keeps(tmp_path: Path,
                                                                   db_url: str) -> None:
    engine = open_engine(db_url)
    try:
        staff, doc_id = _signed(engine, tmp_path)
        ahead = datetime.now(UTC) + timedelta(days=40)
        with pytest.raises(WorkflowError) as caught:
            issue(engine, doc_id, staff.clerk, ahead)
        assert caught.value.code == "implausible-date" and "sau hôm nay hơn 7 ngày" in str(
            caught.value)
        assert next(rows(engine, doc_id)).state == "da_ky"  # no number was taken
        row = issue(engine, doc_id, staff.clerk, ahead,
                    date_reason="lịch ban hành của Thường trực")
        assert row.state == "da_ban_hanh" and row.number == 1
        notes = [e.comment or "" for e in history(engine, doc_id) if e.action == "cap_so"]
        assert len(notes) == 1 and notes[0].endswith("hơn 7 ngày: lịch ban hành của Thường trực")
    finally:
        engine.dispose()


def test_a_full_disk_during_issuance_is_an_error_and_the_same_number_resumes(
        tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 14, 2: "a full disk during `issue`": a typed error naming the file, the number kept
    for the resumed issuance, no torn file; once there is room, it finishes with that number."""
    import errno

    from engine.errors import OutputError
    from engine.output import build

    engine = open_engine(db_url)
    try:
        staff, doc_id = _signed(engine, tmp_path)

        def full(target: Path, data: bytes) -> None:
            raise OSError(errno.ENOSPC, "No space left on device", str(target))

        monkeypatch.setattr(build, "write_atomic", full)
        when = datetime(2025, 3, 3, 3, tzinfo=UTC)
        with pytest.raises(OutputError) as caught:
            issue(engine, doc_id, staff.clerk, when)
        assert "ct-01.docx" in str(caught.value)
        row = next(rows(engine, doc_id))
        assert (row.state, row.number) == ("dang_ban_hanh", 1)  # the number is kept
        monkeypatch.undo()
        done = issue(engine, doc_id, staff.clerk, when)
        assert (done.state, done.number) == ("da_ban_hanh", 1)
        assert not list((tmp_path / "out").rglob(".tmp-vanban-*"))
    finally:
        engine.dispose()
