"""An issue date more than a week ahead, or in a year whose register is closed, is refused
unless its reason is given, and the reason is in the audit with the number (issue 14:
plausibility of issue dates, an audited override)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from engine.cli import main
from engine.db.connect import open_engine
from engine.errors import AccessDenied, WorkflowError
from engine.workflow import act, audit_problems, draft, history, issue, rows
from engine.workflow.register_close import close_register, closed_at
from tests.helpers import document, write_campaign
from tests.office import PASSWORD, Office, office


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


def test_a_closed_year_takes_no_document_without_its_reason(tmp_path: Path, db_url: str) -> None:
    """Issue 14: "not into a closed year": once the văn thư has closed 2025's register
    (NĐ 30 Art. 16(2)), a document dated in 2025 is refused, numbers nothing, and goes in only
    with its reason, which the audit keeps beside the closure."""
    engine = open_engine(db_url)
    try:
        staff, doc_id = _signed(engine, tmp_path)
        closed = close_register(engine, staff.clerk, staff.body, 2025,
                                datetime(2026, 1, 9, 2, tzinfo=UTC))
        back_dated = datetime(2025, 12, 20, 3, tzinfo=UTC)
        with pytest.raises(WorkflowError) as caught:
            issue(engine, doc_id, staff.clerk, back_dated)
        assert caught.value.code == "closed-year"
        assert "sổ đăng ký năm 2025 đã đóng ngày 09/01/2026" in caught.value.message
        assert next(rows(engine, doc_id)).state == "da_ky"  # no number was taken
        with engine.connect() as conn:
            assert closed_at(conn, staff.body, 2025) == closed
            assert closed_at(conn, staff.body, 2024) is None
        row = issue(engine, doc_id, staff.clerk, back_dated, date_reason="ký ngày 20/12, sót")
        assert (row.state, row.number, row.year) == ("da_ban_hanh", 1, 2025)
        notes = [e.comment or "" for e in history(engine, doc_id) if e.action == "cap_so"]
        assert notes[0].endswith("(in lại sổ sau khi ban hành): ký ngày 20/12, sót")
        assert audit_problems(engine) == []  # the closure is a row of the body's chain
    finally:
        engine.dispose()


def test_only_the_clerk_closes_an_ended_year_once(tmp_path: Path, db_url: str) -> None:
    engine = open_engine(db_url)
    try:
        staff, _ = _signed(engine, tmp_path)
        january = datetime(2026, 1, 5, 2, tzinfo=UTC)
        with pytest.raises(AccessDenied):
            close_register(engine, staff.signer, staff.body, 2025, january)
        with pytest.raises(WorkflowError) as caught:
            close_register(engine, staff.clerk, staff.body, 2026, january)
        assert caught.value.code == "year-not-ended"
        close_register(engine, staff.clerk, staff.body, 2025, january)
        with pytest.raises(WorkflowError) as again:
            close_register(engine, staff.clerk, staff.body, 2025, january)
        assert again.value.code == "already-closed" and "05/01/2026" in again.value.message
    finally:
        engine.dispose()


def test_the_clerk_closes_a_year_from_the_command_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'vanban.db'}"
    engine = open_engine(db)
    try:
        staff, _ = _signed(engine, tmp_path)
    finally:
        engine.dispose()
    env = {"VANBAN_HOME": str(tmp_path / "home"), "VANBAN_PASSWORD": PASSWORD}
    runner = CliRunner(env=env)
    login = runner.invoke(main, ["login", staff.clerk.login, "--db", db])
    assert login.exit_code == 0, login.output
    done = runner.invoke(main, ["register-close", "--year", "2025", "--body", staff.body])
    assert done.exit_code == 0, done.output
    assert f"Đã đóng sổ đăng ký văn bản đi năm 2025 của «{staff.body}»" in done.output
    again = runner.invoke(main, ["register-close", "--year", "2025", "--body", staff.body])
    assert again.exit_code == 4 and "[already-closed]" in again.output


def _clerk_cli(tmp_path: Path) -> tuple[CliRunner, str]:
    """A signed Chỉ thị in a SQLite office, and a command line logged in as its văn thư."""
    db = f"sqlite:///{tmp_path / 'vanban.db'}"
    engine = open_engine(db)
    try:
        staff, doc_id = _signed(engine, tmp_path)
    finally:
        engine.dispose()
    runner = CliRunner(env={"VANBAN_HOME": str(tmp_path / "home"), "VANBAN_PASSWORD": PASSWORD})
    assert runner.invoke(main, ["login", staff.clerk.login, "--db", db]).exit_code == 0
    return runner, doc_id


@pytest.mark.parametrize(("day", "said"), [
    ("9999-12-31", "ngày ban hành 31/12/9999 sau hôm nay hơn 7 ngày"),
    ("1900-01-01", "ngày ban hành 01/01/1900 trước khi Nghị định 30/2020/NĐ-CP có hiệu lực "
                   "(05/3/2020, Điều 37)")])
def test_a_date_far_ahead_or_before_the_decree_is_refused_by_the_command_line(
        tmp_path: Path, day: str, said: str) -> None:
    """Issue 14, 8: 9999 and 1900 were given "Số 01"; now exit 4, no number, and the date goes
    in only with its reason, which the audit keeps."""
    runner, doc_id = _clerk_cli(tmp_path)
    refused = runner.invoke(main, ["issue", doc_id, "--date", day])
    assert refused.exit_code == 4, refused.output
    assert f"[implausible-date] Không ban hành: {said}." in refused.output
    assert "--allow-date" in refused.output and "Traceback" not in refused.output
    status = runner.invoke(main, ["status"]).output
    assert "Đã ký" in status and "/CT-" not in status      # no number was taken
    done = runner.invoke(main, ["issue", doc_id, "--date", day, "--allow-date",
                                "nhập lại văn bản cũ"])
    assert done.exit_code == 0 and "Số: 01/CT-" in done.output, done.output
    history_lines = runner.invoke(main, ["history", doc_id]).output
    assert f"{said}: nhập lại văn bản cũ" in history_lines


def test_a_full_disk_during_issue_is_exit_6_and_resume_finishes_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 14, 2: the full disk through the command line: exit 6 (OUTPUT) naming the file,
    no traceback; `vanban resume` finishes with the number kept."""
    import errno

    from engine.output import build

    runner, doc_id = _clerk_cli(tmp_path)

    def full(target: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(build, "write_atomic", full)
    failed = runner.invoke(main, ["issue", doc_id, "--date", "2025-03-03"])
    assert failed.exit_code == 6, failed.output
    assert "[output-error]" in failed.output and "ct-01.docx" in failed.output
    assert "Traceback" not in failed.output and "Đang ban hành" in runner.invoke(
        main, ["status"]).output
    monkeypatch.undo()
    resumed = runner.invoke(main, ["resume"])
    assert resumed.exit_code == 0 and "Số: 01/CT-" in resumed.output, resumed.output
