"""What was approved is what gets issued, by people who are who they say (issue 10's
acceptance): content versions, campaign identities, separation of duties, the hash-chained
audit and `audit verify`, issued files under concurrency; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import multiprocessing
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy import Engine

from engine.accounts.roles import Role
from engine.accounts.users import Grant, add_user, load_account
from engine.db.connect import open_engine
from engine.db.tables import audit, documents
from engine.errors import AccessDenied, ContentChanged, TransitionNotAllowed, WorkflowError
from engine.output import manifest
from engine.output.generate import generate
from engine.word.archive import content_hash
from engine.word.reader import Docx
from engine.workflow import act, audit_problems, draft, issue, rows
from engine.workflow.bodies import add_body
from engine.workflow.states import State
from tests.crashes import SimulatedCrash, crash_at
from tests.helpers import PROFILE, copy_templates, document, dump, write_campaign
from tests.office import PASSWORD, Office, office

WHEN = datetime(2025, 3, 30, 3, tzinfo=UTC)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    opened = open_engine(db_url)
    yield opened
    opened.dispose()


def _campaign(folder: Path, count: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    docs = [document(ma=f"ct-{i}") for i in range(1, count + 1)]
    for doc in docs:
        doc.pop("so"), doc.pop("ngay")
    return write_campaign(folder, *docs)


def _signed(engine: Engine, staff: Office, doc_id: str) -> None:
    act(engine, doc_id, "trinh", staff.drafter)
    act(engine, doc_id, "duyet", staff.reviewer)
    act(engine, doc_id, "ky", staff.signer)


def _audit_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sqlalchemy.select(sqlalchemy.func.count()).select_from(audit))
                   .scalar_one())


def _state(engine: Engine, doc_id: str) -> State:
    return State(next(rows(engine, doc_id)).state)


# Why 1: the YAML edited after signing never reaches the issued document.
def test_issuance_renders_the_signed_version_not_the_edited_file(engine: Engine,
                                                                 tmp_path: Path) -> None:
    path = _campaign(tmp_path)
    staff = office(engine, tmp_path / "co-quan.yaml")
    doc_id = draft(engine, path, tmp_path / "out", staff.drafter).ids[0]
    _signed(engine, staff, doc_id)
    path.write_text(path.read_text("utf-8").replace("Về tăng cường cải cách hành chính",
                                                    "Chuyển 1 tỷ đồng cho ông X"), "utf-8")
    row = issue(engine, doc_id, staff.clerk, WHEN)
    text = Docx(Path(row.docx).read_bytes()).text()
    assert "Chuyển 1 tỷ đồng" not in text and "Về tăng cường cải cách hành chính" in text
    assert "Số: 01/CT-UBND" in text and row.trich_yeu == "Về tăng cường cải cách hành chính"
    assert audit_problems(engine) == []


def test_an_edit_drafted_after_signing_goes_back_to_review_and_cannot_be_issued(
        engine: Engine, tmp_path: Path) -> None:
    path = _campaign(tmp_path)
    staff = office(engine, tmp_path / "co-quan.yaml")
    doc_id = draft(engine, path, tmp_path / "out", staff.drafter).ids[0]
    _signed(engine, staff, doc_id)
    path.write_text(path.read_text("utf-8").replace("Đoạn mở đầu.", "Chuyển 1 tỷ đồng."),
                    "utf-8")
    draft(engine, path, tmp_path / "out", staff.drafter)
    assert _state(engine, doc_id) is State.IN_REVIEW
    with pytest.raises(TransitionNotAllowed):
        issue(engine, doc_id, staff.clerk, WHEN)
    assert next(rows(engine, doc_id)).number is None


def test_a_template_changed_after_signing_refuses_issuance_and_takes_no_number(
        engine: Engine, tmp_path: Path) -> None:
    path = _campaign(tmp_path)
    staff = office(engine, tmp_path / "co-quan.yaml")
    templates = copy_templates(tmp_path, "decisions/chi_thi.docx", b"N\xc6\xa1i nh\xe1\xba\xadn",
                               b"N\xc6\xa1i nh\xe1\xba\xadn")
    doc_id = draft(engine, path, tmp_path / "out", staff.drafter, templates).ids[0]
    _signed(engine, staff, doc_id)
    from tests.helpers import edit_template
    edit_template(templates / "decisions/chi_thi.docx", b"N\xc6\xa1i nh\xe1\xba\xadn",
                  b"N\xc6\xa1i g\xe1\xbb\xadi")
    before = _audit_count(engine)
    with pytest.raises(ContentChanged, match="decisions/chi_thi.docx"):
        issue(engine, doc_id, staff.clerk, WHEN, templates=templates)
    row = next(rows(engine, doc_id))
    assert (State(row.state), row.number, _audit_count(engine)) == (State.SIGNED, None, before)


# Why 2: two campaigns with one file name.
def test_two_campaigns_with_the_same_file_name_coexist(engine: Engine, tmp_path: Path) -> None:
    first, second = _campaign(tmp_path / "a"), _campaign(tmp_path / "b")
    second.write_text(second.read_text("utf-8").replace("Đoạn mở đầu.", "Văn bản B."), "utf-8")
    staff = office(engine, tmp_path / "a" / "co-quan.yaml")
    a = draft(engine, first, tmp_path / "out", staff.drafter)
    b = draft(engine, second, tmp_path / "out", staff.drafter)
    assert a.campaign != b.campaign and not set(a.ids) & set(b.ids)
    assert draft(engine, first, tmp_path / "out", staff.drafter).ids == a.ids  # stable
    texts = {doc_id: Docx((tmp_path / "out" / doc_id).with_suffix(".docx").read_bytes()).text()
             for doc_id in a.ids + b.ids}
    assert "Văn bản B." not in texts[a.ids[0]] and "Văn bản B." in texts[b.ids[0]]


def test_a_declared_campaign_id_is_not_taken_by_another_file(engine: Engine,
                                                             tmp_path: Path) -> None:
    first, second = _campaign(tmp_path / "a"), _campaign(tmp_path / "b")
    for path in (first, second):
        path.write_text("ma: cchc-2025\n" + path.read_text("utf-8"), "utf-8")
    staff = office(engine, tmp_path / "a" / "co-quan.yaml")
    assert draft(engine, first, tmp_path / "out", staff.drafter).ids == ["cchc-2025/ct-1"]
    with pytest.raises(WorkflowError) as refused:
        draft(engine, second, tmp_path / "out", staff.drafter)
    assert refused.value.code == "campaign-id-taken"


# Why 4: separation of duties.
def test_the_author_of_a_version_cannot_approve_it(engine: Engine, tmp_path: Path) -> None:
    path = _campaign(tmp_path)
    staff = office(engine, tmp_path / "co-quan.yaml")
    with engine.begin() as conn:
        both = add_user(conn, "ca-hai", "Lê Thị Hai Vai", PASSWORD,
                        [Grant(staff.body, Role.DRAFTER), Grant(staff.body, Role.REVIEWER)],
                        staff.admin)
    doc_id = draft(engine, path, tmp_path / "out", both).ids[0]
    act(engine, doc_id, "trinh", both)
    before = _audit_count(engine)
    with pytest.raises(AccessDenied) as refused:
        act(engine, doc_id, "duyet", both)
    assert refused.value.rule == "self-approval"
    assert (_state(engine, doc_id), _audit_count(engine)) == (State.IN_REVIEW, before)
    act(engine, doc_id, "duyet", staff.reviewer)  # another leader may


def test_only_the_documents_own_signer_signs(engine: Engine, tmp_path: Path) -> None:
    profile = dict(PROFILE, nguoi_ky=[*PROFILE["nguoi_ky"], {
        "ma": "pct-b", "ho_ten": "Đỗ Thị Hoà", "chuc_vu": "Phó Chủ tịch"}])
    path = _campaign(tmp_path)
    (tmp_path / "co-quan.yaml").write_text(dump(profile), "utf-8")
    staff = office(engine, tmp_path / "co-quan.yaml")
    with engine.begin() as conn:  # linked by name: "Hòa" and "Hoà" are one name
        other = add_user(conn, "hoa", "Đỗ Thị Hòa", PASSWORD,
                         [Grant(staff.body, Role.SIGNER)], staff.admin)
    assert other.grants[0].signer == "pct-b"
    doc_id = draft(engine, path, tmp_path / "out", staff.drafter).ids[0]
    act(engine, doc_id, "trinh", staff.drafter)
    act(engine, doc_id, "duyet", staff.reviewer)
    before = _audit_count(engine)
    with pytest.raises(AccessDenied) as refused:
        act(engine, doc_id, "ky", other)
    assert refused.value.rule == "not-the-signer"
    assert (_state(engine, doc_id), _audit_count(engine)) == (State.APPROVED, before)


def _second_body(engine: Engine, tmp_path: Path, staff: Office) -> tuple[Office, Path]:
    folder = tmp_path / "khac"
    folder.mkdir()
    profile = dict(PROFILE, ma="ubnd-xa-binh-minh", ten="Ủy ban nhân dân xã Bình Minh",
                   ten_in=["ỦY BAN NHÂN DÂN", "XÃ BÌNH MINH"], dia_danh="Bình Minh")
    path = write_campaign(folder, document(ma="ct-9"))
    (folder / "co-quan.yaml").write_text(dump(profile), "utf-8")
    return office(engine, folder / "co-quan.yaml", "bm-", admin=staff.admin), path


def test_nobody_acts_on_another_bodys_documents(engine: Engine, tmp_path: Path) -> None:
    path = _campaign(tmp_path, 2)
    staff = office(engine, tmp_path / "co-quan.yaml")
    other, other_path = _second_body(engine, tmp_path, staff)
    ids = draft(engine, path, tmp_path / "out", staff.drafter).ids
    act(engine, ids[0], "trinh", staff.drafter)
    before = _audit_count(engine)
    for action, account in (("duyet", other.reviewer), ("tra_lai", other.reviewer)):
        with pytest.raises(AccessDenied) as refused:
            act(engine, ids[0], action, account, "không")
        assert refused.value.rule == "role-required"
    with pytest.raises(AccessDenied):
        draft(engine, path, tmp_path / "out", other.drafter)
    assert (_state(engine, ids[0]), _audit_count(engine)) == (State.IN_REVIEW, before)
    # --replaces across bodies: B's văn thư cannot make B's document replace A's.
    _signed(engine, staff, ids[1])
    issue(engine, ids[1], staff.clerk, WHEN)
    theirs = draft(engine, other_path, tmp_path / "out", other.drafter).ids[0]
    _signed(engine, other, theirs)
    before = _audit_count(engine)
    with pytest.raises(AccessDenied) as refused:
        issue(engine, theirs, other.clerk, WHEN, related=ids[1], relation="thay_the")
    assert refused.value.rule == "other-body"
    assert (_state(engine, ids[1]), _state(engine, theirs)) == (State.ISSUED, State.SIGNED)
    assert _audit_count(engine) == before


def test_only_a_van_thu_of_the_body_issues(engine: Engine, tmp_path: Path) -> None:
    path = _campaign(tmp_path)
    staff = office(engine, tmp_path / "co-quan.yaml")
    doc_id = draft(engine, path, tmp_path / "out", staff.drafter).ids[0]
    _signed(engine, staff, doc_id)
    before = _audit_count(engine)
    for account in (staff.signer, staff.reviewer, staff.admin):
        with pytest.raises(AccessDenied):
            issue(engine, doc_id, account, WHEN)
    row = next(rows(engine, doc_id))
    assert (State(row.state), row.number, _audit_count(engine)) == (State.SIGNED, None, before)


# Why 5: the audit cannot be rewritten unnoticed.
def _issued(engine: Engine, tmp_path: Path) -> tuple[Office, str]:
    path = _campaign(tmp_path, 2)
    staff = office(engine, tmp_path / "co-quan.yaml")
    ids = draft(engine, path, tmp_path / "out", staff.drafter).ids
    _signed(engine, staff, ids[0])
    issue(engine, ids[0], staff.clerk, WHEN)
    act(engine, ids[1], "trinh", staff.drafter)
    assert audit_problems(engine) == []
    return staff, ids[0]


def _as_superuser(engine: Engine, *statements: str) -> None:
    """Tamper the way someone with the database's keys would: triggers off, then SQL."""
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            for name in ("audit_no_update", "audit_no_delete"):
                conn.exec_driver_sql(f"DROP TRIGGER {name}")
        else:
            conn.exec_driver_sql("ALTER TABLE audit DISABLE TRIGGER USER")
        for statement in statements:
            conn.exec_driver_sql(statement)


def test_audit_verify_finds_a_deleted_row(engine: Engine, tmp_path: Path) -> None:
    _issued(engine, tmp_path)
    _as_superuser(engine, "DELETE FROM audit WHERE action = 'duyet'")
    assert any("bị xóa" in p or "không nối" in p for p in audit_problems(engine))


def test_audit_verify_finds_a_forged_row(engine: Engine, tmp_path: Path) -> None:
    staff, doc_id = _issued(engine, tmp_path)
    with engine.connect() as conn:
        last = conn.execute(sqlalchemy.select(audit).order_by(audit.c.seq.desc())).first()
    assert last is not None
    _as_superuser(engine, "INSERT INTO audit (body, seq, document, actor, role, action, "
                  "from_state, to_state, at, prev_hash, row_hash) VALUES "
                  f"('{staff.body}', {last.seq + 1}, '{doc_id}', 'Chủ tịch', 'nguoi_ky', 'ky',"
                  f" 'da_duyet', 'da_ky', '2025-03-30 03:00:00', '{last.row_hash}', "
                  f"'{'0' * 64}')")
    problems = audit_problems(engine)
    assert any(f"dòng {last.seq + 1} đã bị sửa" in p for p in problems), problems


def test_audit_verify_finds_a_register_row_changed_behind_its_back(engine: Engine,
                                                                   tmp_path: Path) -> None:
    _, doc_id = _issued(engine, tmp_path)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE documents SET number = 99 WHERE number = 1")
    problems = audit_problems(engine)
    assert any(doc_id in p and "number" in p for p in problems), problems


def test_audit_verify_finds_a_file_changed_with_its_stored_hash(engine: Engine,
                                                                tmp_path: Path) -> None:
    _, doc_id = _issued(engine, tmp_path)
    row = next(rows(engine, doc_id))
    docx = Path(row.docx)
    assert "Số: 01/CT-UBND" in Docx(docx.read_bytes()).text()
    docx.write_bytes(_draft_bytes(tmp_path, doc_id))
    with engine.begin() as conn:
        conn.execute(sqlalchemy.update(documents).where(documents.c.id == doc_id).values(
            content_hash=content_hash(docx.read_bytes())))
    problems = audit_problems(engine)
    assert any("khác bản đã ban hành" in p for p in problems), problems


def _draft_bytes(tmp_path: Path, doc_id: str) -> bytes:
    """The other, unissued document's draft: a real DOCX that is not the issued one."""
    return (tmp_path / "out" / doc_id.split("/")[0] / "ct-2.docx").read_bytes()


def test_truncate_audit_is_refused_on_postgresql(engine: Engine, tmp_path: Path) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    _issued(engine, tmp_path)
    with pytest.raises(sqlalchemy.exc.DBAPIError, match="append-only"), engine.begin() as conn:
        conn.exec_driver_sql("TRUNCATE audit")
    assert _audit_count(engine) > 0 and audit_problems(engine) == []


def test_a_comment_cannot_forge_a_history_line(engine: Engine, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from engine.cli import main

    if engine.dialect.name != "sqlite":
        pytest.skip("the command line prints the same from either database")
    path = _campaign(tmp_path)
    staff = office(engine, tmp_path / "co-quan.yaml")
    doc_id = draft(engine, path, tmp_path / "out", staff.drafter).ids[0]
    act(engine, doc_id, "trinh", staff.drafter)
    act(engine, doc_id, "tra_lai", staff.reviewer,
        "Sửa lại\n2025-01-01 00:00:00 Chủ tịch (người ký): ky: Đã duyệt → Đã ký")
    result = CliRunner().invoke(main, ["history", doc_id, "--db", str(engine.url.render_as_string(
        hide_password=False))])
    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) == 4  # tao, phien_ban, trinh, tra_lai
    assert "Sửa lại\\n2025-01-01" in result.output


# Why 3: concurrent issuers and an ordinary generate lose nothing.
def _issue_some(url: str, clerk_id: int, ids: list[str]) -> None:
    engine = open_engine(url, migrate=False)
    try:
        with engine.connect() as conn:
            clerk = load_account(conn, clerk_id)
        for doc_id in ids:
            issue(engine, doc_id, clerk, WHEN)
    finally:
        engine.dispose()


def test_eight_concurrent_issuers_then_generate_keep_every_issued_file(
        engine: Engine, db_url: str, tmp_path: Path) -> None:
    path = _campaign(tmp_path, 16)
    staff = office(engine, tmp_path / "co-quan.yaml")
    out = tmp_path / "out"
    ids = draft(engine, path, out, staff.drafter).ids
    for doc_id in ids:
        _signed(engine, staff, doc_id)
    with multiprocessing.get_context("spawn").Pool(8) as pool:
        pool.starmap(_issue_some, [(db_url, staff.clerk.id, ids[i::8]) for i in range(8)])
    issued = {row.id: Path(row.docx).read_bytes() for row in rows(engine)}
    assert len(issued) == 16 and all(b"Chuy" not in data for data in issued.values())
    entries = manifest.read(out / "chien-dich")
    assert sorted(e.ma for e in entries.values() if e.issued) == sorted(
        doc_id.split("/")[1] for doc_id in ids)
    protected = frozenset(Path(row.docx) for row in rows(engine))
    generate([path], out, protected=protected)
    assert {row.id: Path(row.docx).read_bytes() for row in rows(engine)} == issued
    assert all(e.issued for e in manifest.read(out / "chien-dich").values())
    numbers = sorted(row.number for row in rows(engine))
    assert numbers == list(range(1, 17)) and audit_problems(engine) == []


# Why 6: any folder, and resume keeps --pdf.
def test_commands_work_from_another_folder(engine: Engine, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = _campaign(tmp_path / "c")
    staff = office(engine, tmp_path / "c" / "co-quan.yaml")
    monkeypatch.chdir(tmp_path / "c")
    doc_id = draft(engine, Path("chien-dich.yaml"), Path("out"), staff.drafter).ids[0]
    _signed(engine, staff, doc_id)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    row = issue(engine, doc_id, staff.clerk, WHEN)
    assert Path(row.docx).is_absolute() and Path(row.docx).is_file()
    assert path.parent / "out" / "chien-dich" / "ct-1.docx" == Path(row.docx)
    assert audit_problems(engine) == []


def test_resume_keeps_the_pdf_choice(engine: Engine, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is installed by .ci/run")
    path = _campaign(tmp_path)
    staff = office(engine, tmp_path / "co-quan.yaml")
    doc_id = draft(engine, path, tmp_path / "out", staff.drafter).ids[0]
    _signed(engine, staff, doc_id)
    with crash_at("before-files"), pytest.raises(SimulatedCrash):
        issue(engine, doc_id, staff.clerk, WHEN, pdf=True)
    row = issue(engine, doc_id, staff.clerk, WHEN)  # what `vanban resume` does: no --pdf
    assert row.pdf and Path(row.pdf).read_bytes().startswith(b"%PDF-")
    assert json.loads(json.dumps(audit_problems(engine))) == []


def test_a_second_body_added_by_an_admin_is_administered_by_them(engine: Engine,
                                                                 tmp_path: Path) -> None:
    _campaign(tmp_path)
    staff = office(engine, tmp_path / "co-quan.yaml")
    other, _ = _second_body(engine, tmp_path, staff)
    with engine.connect() as conn:
        admin = load_account(conn, staff.admin.id)
    assert {g.body for g in admin.grants if g.role is Role.ADMIN} == {staff.body, other.body}
    with pytest.raises(AccessDenied):
        add_body(engine, tmp_path / "co-quan.yaml", staff.drafter)


def test_a_campaign_exports_as_the_yaml_the_database_holds(engine: Engine,
                                                           tmp_path: Path) -> None:
    path = _campaign(tmp_path / "c")
    staff = office(engine, tmp_path / "c" / "co-quan.yaml")
    drafted = draft(engine, path, tmp_path / "out", staff.drafter)
    stored = path.read_bytes()
    path.write_text(path.read_text("utf-8").replace("Đoạn mở đầu.", "Chưa nhập."), "utf-8")
    from engine.workflow.export import export_campaign

    written = export_campaign(engine, drafted.campaign, tmp_path / "xuat", staff.drafter)
    assert sorted(p.name for p in written) == ["chien-dich.yaml", "co-quan.yaml"]
    assert (tmp_path / "xuat" / "chien-dich.yaml").read_bytes() == stored
    other, _ = _second_body(engine, tmp_path, staff)
    with pytest.raises(AccessDenied):
        export_campaign(engine, drafted.campaign, tmp_path / "x2", other.drafter)
    # Drafted again (another file, so another campaign), it prints the same document.
    again = draft(engine, tmp_path / "xuat" / "chien-dich.yaml", tmp_path / "out2",
                  staff.drafter)
    assert again.campaign != drafted.campaign
    assert (tmp_path / "out2" / again.ids[0]).with_suffix(".docx").read_bytes() == \
        (tmp_path / "out" / drafted.ids[0]).with_suffix(".docx").read_bytes()


def test_a_signer_account_carries_the_name_of_its_signer_entry(engine: Engine,
                                                               tmp_path: Path) -> None:
    _campaign(tmp_path)
    staff = office(engine, tmp_path / "co-quan.yaml")
    with pytest.raises(WorkflowError) as refused, engine.begin() as conn:
        add_user(conn, "gia", "Người Mạo Danh", PASSWORD,
                 [Grant(staff.body, Role.SIGNER, "ct-a")], staff.admin)
    assert refused.value.code == "signer-name-mismatch"
    with engine.connect() as conn:
        assert conn.execute(sqlalchemy.text("SELECT count(*) FROM users WHERE login = 'gia'")
                            ).scalar_one() == 0
