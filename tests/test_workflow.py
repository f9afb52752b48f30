"""Drafting to issuance with the register's numbers, on SQLite and PostgreSQL (D1–D12, E2–E8)."""

from __future__ import annotations

import io
import threading
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import pytest
import sqlalchemy
from sqlalchemy import Engine

from engine.accounts.roles import Role
from engine.accounts.users import Grant, add_user, grant_roles
from engine.db.connect import open_engine
from engine.db.tables import audit, documents
from engine.errors import AccessDenied, ConcurrentChange, TransitionNotAllowed, WorkflowError
from engine.word.reader import Docx
from engine.workflow import act, draft, history, issue, pending_issues, rows, verify
from engine.workflow.bodies import add_body
from engine.workflow.states import State
from tests.crashes import SimulatedCrash, crash_at
from tests.helpers import PROFILE, document, dump, write_campaign
from tests.office import PASSWORD, Office, office


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def ready(engine: Engine, staff: Office, doc_id: str) -> None:
    """Take a draft through review, approval and signature."""
    act(engine, doc_id, "trinh", staff.drafter)
    act(engine, doc_id, "duyet", staff.reviewer)
    act(engine, doc_id, "ky", staff.signer)


def state(engine: Engine, doc_id: str) -> State:
    return State(next(rows(engine, doc_id)).state)


def opened(engines: list[Engine], url: str) -> Engine:
    engine = open_engine(url)
    engines.append(engine)
    return engine


class Setup(NamedTuple):
    """A database with the office's body and accounts, and a campaign of four documents."""

    engine: Engine
    path: Path
    out: Path
    staff: Office


@pytest.fixture
def setup(tmp_path: Path, db_url: str, engines: list[Engine]) -> Setup:
    docs = [document(ma=f"ct-{i}", so=None) for i in range(1, 4)]
    for doc in docs:
        doc.pop("so")
    docs.append(document(ma="cv-1", loai="cong_van", don_vi_soan_thao="VP", kinh_gui=["Các xã"]))
    docs[-1].pop("so")
    path = write_campaign(tmp_path, *docs)
    engine = opened(engines, db_url)
    return Setup(engine, path, tmp_path / "out", office(engine, tmp_path / "co-quan.yaml"))


def test_a_document_goes_from_draft_to_issued_with_the_next_number(setup: Setup) -> None:
    engine, path, out, staff = setup
    drafted = draft(engine, path, out, staff.drafter)
    ids = drafted.ids
    assert drafted.campaign == "chien-dich"  # no `ma` in the file: named after it
    assert ids[0] == "chien-dich/ct-1" and state(engine, ids[0]) is State.DRAFT
    text = Docx((out / "chien-dich" / "ct-1.docx").read_bytes()).text()
    assert "Số:      /CT-UBND" in text  # a draft has no number yet
    act(engine, ids[0], "trinh", staff.drafter)
    act(engine, ids[0], "tra_lai", staff.reviewer, "Bổ sung căn cứ")
    ready(engine, staff, ids[0])
    row = issue(engine, ids[0], staff.clerk, at("2025-02-05T03:00:00"))
    assert (State(row.state), row.number, str(row.issued_on)) == (State.ISSUED, 1, "2025-02-05")
    text = Docx(Path(row.docx).read_bytes()).text()
    assert "Số: 01/CT-UBND" in text and "An Bình, ngày 05 tháng 02 năm 2025" in text
    assert [(h.action, h.to_state) for h in history(engine, ids[0])] == [
        ("tao", "du_thao"), ("phien_ban", "du_thao"), ("trinh", "cho_duyet"),
        ("tra_lai", "tra_lai"), ("trinh", "cho_duyet"), ("duyet", "da_duyet"), ("ky", "da_ky"),
        ("cap_so", "dang_ban_hanh"), ("ban_hanh", "da_ban_hanh")]
    assert [(h.actor_id, h.role) for h in history(engine, ids[0])][-3:] == [
        (staff.signer.id, "nguoi_ky"), (staff.clerk.id, "van_thu"), (staff.clerk.id, "van_thu")]
    ready(engine, staff, ids[1])
    assert issue(engine, ids[1], staff.clerk, at("2025-02-06T03:00:00")).number == 2


@pytest.mark.parametrize(("steps", "action", "who", "refusal"), [
    ([], "ky", "signer", TransitionNotAllowed),
    (["trinh"], "ky", "signer", TransitionNotAllowed),
    (["trinh", "duyet"], "trinh", "drafter", TransitionNotAllowed),
    (["trinh"], "duyet", "drafter", AccessDenied),   # a soạn thảo is no reviewer
    (["trinh"], "duyet", "clerk", AccessDenied),
    (["trinh", "duyet"], "ky", "admin", AccessDenied)])
def test_illegal_transitions_are_refused_and_change_nothing(
        setup: Setup, steps: list[str], action: str, who: str,
        refusal: type[WorkflowError]) -> None:
    engine, path, out, staff = setup
    doc_id = draft(engine, path, out, staff.drafter).ids[0]
    actors = {"trinh": staff.drafter, "duyet": staff.reviewer}
    for step in steps:
        act(engine, doc_id, step, actors[step])
    before, audit_rows = state(engine, doc_id), len(history(engine, doc_id))
    with pytest.raises(refusal) as caught:
        act(engine, doc_id, action, getattr(staff, who))
    if isinstance(caught.value, AccessDenied):
        assert caught.value.rule == "role-required"
    else:
        assert f"«{action}»" in caught.value.message and before.label in caught.value.message
    assert state(engine, doc_id) is before and len(history(engine, doc_id)) == audit_rows


def test_drafts_and_the_unsigned_cannot_be_issued_and_issued_cannot_be_reissued(
        setup: Setup) -> None:
    engine, path, out, staff = setup
    doc_id = draft(engine, path, out, staff.drafter).ids[0]
    with pytest.raises(TransitionNotAllowed):
        issue(engine, doc_id, staff.clerk, at("2025-03-01T03:00:00"))
    ready(engine, staff, doc_id)
    with pytest.raises(AccessDenied) as caught:  # only the văn thư issues
        issue(engine, doc_id, staff.signer, at("2025-03-01T03:00:00"))
    assert caught.value.rule == "role-required" and state(engine, doc_id) is State.SIGNED
    issue(engine, doc_id, staff.clerk, at("2025-03-01T03:00:00"))
    with pytest.raises(TransitionNotAllowed):
        issue(engine, doc_id, staff.clerk, at("2025-03-02T03:00:00"))
    with pytest.raises(TransitionNotAllowed):
        act(engine, doc_id, "trinh", staff.drafter)


def test_only_the_documents_signer_signs_and_a_return_needs_a_comment(
        setup: Setup) -> None:
    engine, path, out, staff = setup
    profile = path.parent / "co-quan.yaml"
    profile.write_text(dump(dict(PROFILE, nguoi_ky=[*PROFILE["nguoi_ky"], {
        "ma": "pct-b", "ho_ten": "Trần Thị Bình", "chuc_vu": "Phó Chủ tịch"}])), "utf-8")
    add_body(engine, profile, staff.admin)
    with engine.begin() as conn:
        other = add_user(conn, "pct", "Trần Thị Bình", PASSWORD,
                         [Grant(staff.body, Role.SIGNER)], staff.admin)
    assert other.grant(Role.SIGNER, staff.body).signer == "pct-b"  # linked by name
    doc_id = draft(engine, path, out, staff.drafter).ids[0]
    act(engine, doc_id, "trinh", staff.drafter)
    with pytest.raises(TransitionNotAllowed, match="ý kiến"):
        act(engine, doc_id, "tra_lai", staff.reviewer)
    with pytest.raises(TransitionNotAllowed, match="ý kiến"):
        act(engine, doc_id, "tra_lai", staff.reviewer, "   ")
    act(engine, doc_id, "duyet", staff.reviewer)
    with pytest.raises(AccessDenied, match="Nguyễn Văn An") as caught:
        act(engine, doc_id, "ky", other)
    assert caught.value.rule == "not-the-signer" and state(engine, doc_id) is State.APPROVED
    act(engine, doc_id, "sua", staff.drafter)  # content changed after approval: back to review
    assert state(engine, doc_id) is State.IN_REVIEW


def test_the_author_of_a_version_does_not_approve_it(setup: Setup) -> None:
    engine, path, out, staff = setup
    with engine.begin() as conn:  # a soạn thảo who is also lãnh đạo đơn vị
        author = grant_roles(conn, staff.drafter.login, [Grant(staff.body, Role.REVIEWER)],
                             staff.admin)
    doc_id = draft(engine, path, out, author).ids[0]
    act(engine, doc_id, "trinh", author)
    audit_rows = len(history(engine, doc_id))
    with pytest.raises(AccessDenied) as caught:
        act(engine, doc_id, "duyet", author)
    assert caught.value.rule == "self-approval" and state(engine, doc_id) is State.IN_REVIEW
    assert len(history(engine, doc_id)) == audit_rows
    act(engine, doc_id, "duyet", staff.reviewer)
    assert state(engine, doc_id) is State.APPROVED


def test_the_year_comes_from_the_issue_date_in_vietnam_time(setup: Setup) -> None:
    engine, path, out, staff = setup
    first, second, third = draft(engine, path, out, staff.drafter).ids[:3]
    for doc_id in (first, second, third):
        ready(engine, staff, doc_id)
    a = issue(engine, first, staff.clerk, at("2025-12-30T03:00:00"))
    b = issue(engine, second, staff.clerk, at("2025-12-31T16:59:59"))  # 23:59:59 in Vietnam
    c = issue(engine, third, staff.clerk, at("2025-12-31T17:00:00"))   # 00:00:00 on 1 January
    assert [(r.year, r.number) for r in (a, b, c)] == [(2025, 1), (2025, 2), (2026, 1)]
    assert "ngày 01 tháng 01 năm 2026" in Docx(Path(c.docx).read_bytes()).text()


def test_a_letter_and_a_directive_share_the_body_sequence_unless_the_profile_splits_them(
        tmp_path: Path, db_url: str, engines: list[Engine]) -> None:
    for policy, expected in (("chung", [1, 2]), ("theo_loai", [1, 1])):
        folder = tmp_path / policy
        folder.mkdir()
        docs = [document(ma="ct-1"), document(ma="cv-1", loai="cong_van", don_vi_soan_thao="VP",
                                               kinh_gui=["Các xã"])]
        for doc in docs:
            doc.pop("so")  # a campaign's `so` would open the register at 05
        path = write_campaign(folder, *docs)
        (folder / "co-quan.yaml").write_text(dump(dict(PROFILE, danh_so=policy)), "utf-8")
        engine = opened(engines, db_url if policy == "chung" else f"sqlite:///{folder / 'v.db'}")
        staff = office(engine, folder / "co-quan.yaml")
        numbers = []
        for doc_id in draft(engine, path, folder / "out", staff.drafter).ids:
            ready(engine, staff, doc_id)
            numbers.append(issue(engine, doc_id, staff.clerk, at("2025-04-01T03:00:00")).number)
        assert numbers == expected, policy


def test_secret_documents_and_councils_have_their_own_sequences(
        tmp_path: Path, engines: list[Engine]) -> None:
    docs = [document(ma="a"), document(ma="b", do_mat="mat"),
            document(ma="c", hoi_dong="hd-tdkt"), document(ma="d")]
    for doc in docs:
        doc.pop("so")  # a campaign's `so` would open the register at 05
    path = write_campaign(tmp_path, *docs)
    engine = opened(engines, f"sqlite:///{tmp_path / 'v.db'}")
    staff = office(engine, tmp_path / "co-quan.yaml")
    numbers = {}
    for doc_id in draft(engine, path, tmp_path / "out", staff.drafter).ids:
        ready(engine, staff, doc_id)
        row = issue(engine, doc_id, staff.clerk, at("2025-04-01T03:00:00"))
        numbers[row.ma] = (row.series, row.number)
    assert numbers == {"a": ("chung", 1), "b": ("mat", 1), "c": ("hoi-dong:hd-tdkt", 1),
                       "d": ("chung", 2)}


def test_the_database_refuses_a_duplicate_number(setup: Setup) -> None:
    engine, path, out, staff = setup
    first, second = draft(engine, path, out, staff.drafter).ids[:2]
    ready(engine, staff, first)
    issue(engine, first, staff.clerk, at("2025-04-01T03:00:00"))
    with pytest.raises(sqlalchemy.exc.IntegrityError), engine.begin() as conn:
        conn.execute(sqlalchemy.update(documents).where(documents.c.id == second).values(
            year=2025, number=1))


def test_an_issue_date_earlier_than_the_last_number_is_refused(setup: Setup) -> None:
    engine, path, out, staff = setup
    first, second = draft(engine, path, out, staff.drafter).ids[:2]
    ready(engine, staff, first)
    ready(engine, staff, second)
    issue(engine, first, staff.clerk, at("2025-05-10T03:00:00"))
    with pytest.raises(WorkflowError, match="thứ tự thời gian"):
        issue(engine, second, staff.clerk, at("2025-05-09T03:00:00"))
    assert state(engine, second) is State.SIGNED


@pytest.mark.parametrize("crash", ["before-files", "before-issued"])
def test_a_crash_after_the_number_resumes_with_the_same_number(setup: Setup, crash: str) -> None:
    engine, path, out, staff = setup
    first, second = draft(engine, path, out, staff.drafter).ids[:2]
    ready(engine, staff, first)
    ready(engine, staff, second)
    with pytest.raises(SimulatedCrash), crash_at(crash):
        issue(engine, first, staff.clerk, at("2025-06-01T03:00:00"))
    assert pending_issues(engine) == [first]
    resumed = issue(engine, first, staff.clerk, at("2025-06-02T03:00:00"))
    assert (resumed.number, str(resumed.issued_on)) == (1, "2025-06-01")
    assert issue(engine, second, staff.clerk, at("2025-06-03T03:00:00")).number == 2
    assert [h.action for h in history(engine, first)].count("cap_so") == 1


def test_a_rollback_after_taking_a_number_gives_it_back(setup: Setup) -> None:
    engine, path, out, staff = setup
    doc_id = draft(engine, path, out, staff.drafter).ids[0]
    ready(engine, staff, doc_id)
    with pytest.raises(SimulatedCrash), crash_at("after-number"):
        issue(engine, doc_id, staff.clerk, at("2025-06-01T03:00:00"))
    assert state(engine, doc_id) is State.SIGNED and pending_issues(engine) == []
    assert issue(engine, doc_id, staff.clerk, at("2025-06-01T03:00:00")).number == 1


def test_replacement_correction_and_recall(setup: Setup) -> None:
    engine, path, out, staff = setup
    first, second, third, letter = draft(engine, path, out, staff.drafter).ids
    for doc_id in (first, second, third, letter):
        ready(engine, staff, doc_id)
    original = issue(engine, first, staff.clerk, at("2025-07-01T03:00:00"))
    frozen = Path(original.docx).read_bytes()
    with pytest.raises(WorkflowError, match="hình thức tương đương"):
        issue(engine, letter, staff.clerk, at("2025-07-02T03:00:00"), related=first,
              relation="thay_the")
    new = issue(engine, second, staff.clerk, at("2025-07-02T03:00:00"), related=first,
                relation="thay_the")
    assert (new.number, new.related, state(engine, first)) == (2, first, State.REPLACED)
    assert Path(original.docx).read_bytes() == frozen
    with pytest.raises(WorkflowError, match="công văn"):
        issue(engine, third, staff.clerk, at("2025-07-03T03:00:00"), related=second,
              relation="dinh_chinh")
    corrected = issue(engine, third, staff.clerk, at("2025-07-03T03:00:00"))
    fix = issue(engine, letter, staff.clerk, at("2025-07-04T03:00:00"), related=corrected.id,
                relation="dinh_chinh")
    assert (fix.number, state(engine, third)) == (4, State.CORRECTED)
    act(engine, second, "thu_hoi", staff.clerk, "Thu hồi theo chỉ đạo")
    assert state(engine, second) is State.RECALLED
    with pytest.raises(TransitionNotAllowed):
        act(engine, second, "thu_hoi", staff.clerk, "lần hai")


def test_a_tampered_issued_file_is_reported(setup: Setup) -> None:
    engine, path, out, staff = setup
    doc_id = draft(engine, path, out, staff.drafter).ids[0]
    ready(engine, staff, doc_id)
    row = issue(engine, doc_id, staff.clerk, at("2025-08-01T03:00:00"))
    assert verify(row) == []
    with zipfile.ZipFile(io.BytesIO(Path(row.docx).read_bytes())) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"01/CT", b"02/CT")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, part in parts.items():
            archive.writestr(name, part)
    Path(row.docx).write_bytes(buffer.getvalue())
    assert verify(next(rows(engine, doc_id))) == [f"tệp {row.docx} đã bị sửa sau khi ban hành"]


def test_the_audit_trail_is_append_only(setup: Setup) -> None:
    engine, path, out, staff = setup
    draft(engine, path, out, staff.drafter)
    for statement in (sqlalchemy.update(audit).values(actor="someone else"),
                      sqlalchemy.delete(audit)):
        with pytest.raises(sqlalchemy.exc.DBAPIError, match="append-only"), \
                engine.begin() as conn:
            conn.execute(statement)
    assert [h.action for h in history(engine, "chien-dich/ct-1")] == ["tao", "phien_ban"]


def test_sqlite_registers_with_synchronous_full(tmp_path: Path) -> None:
    engine = open_engine(f"sqlite:///{tmp_path / 'v.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL (E7)
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_two_reviewers_approving_at_once_exactly_one_wins(setup: Setup) -> None:
    engine, path, out, staff = setup
    doc_id = draft(engine, path, out, staff.drafter).ids[0]
    act(engine, doc_id, "trinh", staff.drafter)
    outcomes: list[str] = []

    def approve() -> None:
        try:
            act(engine, doc_id, "duyet", staff.reviewer)
            outcomes.append("won")
        except (TransitionNotAllowed, ConcurrentChange):
            outcomes.append("refused")

    threads = [threading.Thread(target=approve) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused"] * 3 + ["won"]
    assert [h.action for h in history(engine, doc_id)].count("duyet") == 1


def test_the_register_prints_the_ten_columns_as_docx_and_xlsx(setup: Setup,
                                                              tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from engine.workflow.register_book import COLUMNS, write_register

    engine, path, out, staff = setup
    first, second = draft(engine, path, out, staff.drafter).ids[:2]
    for doc_id in (first, second):
        ready(engine, staff, doc_id)
    issue(engine, first, staff.clerk, at("2025-09-01T03:00:00"))
    issue(engine, second, staff.clerk, at("2025-09-02T03:00:00"), related=first,
          relation="thay_the")
    path.unlink()  # the register prints from the database, not from the campaign file
    (path.parent / "co-quan.yaml").unlink()
    docx = write_register(engine, 2025, tmp_path / "so.docx")[0]
    paragraphs = [p.text for p in Docx(docx.read_bytes()).paragraphs()]
    assert paragraphs[:2] == ["ỦY BAN NHÂN DÂN", "XÃ AN BÌNH"]
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in paragraphs and "Năm: 2025" in paragraphs
    assert "Từ số 01 đến số 02" in paragraphs and "Từ ngày 01/9/2025 đến ngày 02/9/2025" \
        in paragraphs
    assert all(column in paragraphs for column in COLUMNS)
    assert paragraphs[paragraphs.index("01/CT-UBND"):][:2] == ["01/CT-UBND", "01/9/2025"]
    assert "Thay thế văn bản số 01/CT-UBND" in paragraphs and "Bị thay thế" in paragraphs
    sheet = load_workbook(write_register(engine, 2025, tmp_path / "so.xlsx")[0]).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert COLUMNS in values and next(
        row for row in values if row[0] == "01/CT-UBND")[:2] == ["01/CT-UBND", "01/9/2025"]


def test_content_changed_after_approval_goes_back_to_review(setup: Setup) -> None:
    engine, path, out, staff = setup
    doc_id = draft(engine, path, out, staff.drafter).ids[0]
    act(engine, doc_id, "trinh", staff.drafter)
    act(engine, doc_id, "duyet", staff.reviewer)
    draft(engine, path, out, staff.drafter)  # nothing changed: stays approved
    assert state(engine, doc_id) is State.APPROVED
    text = path.read_text("utf-8").replace("Về tăng cường cải cách hành chính",
                                           "Về tăng cường kỷ cương hành chính", 1)
    path.write_text(text, "utf-8")
    draft(engine, path, out, staff.drafter)
    assert state(engine, doc_id) is State.IN_REVIEW
    last = history(engine, doc_id)[-1]
    assert (last.action, last.from_state, last.to_state) == ("sua", "da_duyet", "cho_duyet")
    assert last.actor_id == staff.drafter.id and next(rows(engine, doc_id)).approved_version is None
