"""The workflow's refusals at its edges, on SQLite and PostgreSQL: issuance asked of `act`, a
signature on a version that changed meanwhile, rows without a content version (as migration
0003 left the older ones) or whose approval no longer matches; who imports a body and sets its
self-approval policy; who stores signature and seal images; the register's counters.

Every refusal is a typed error with its English code and Vietnamese message, and leaves the
register, the accounts and the audit trail exactly as they were."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import pytest
from sqlalchemy import Engine, insert, select, update

from engine.accounts.roles import Role
from engine.accounts.users import Account, Grant, add_user, grant_roles, load_account
from engine.campaign.yaml_writer import dump
from engine.db.connect import open_engine
from engine.db.tables import audit, bodies, counters, documents, roles, users
from engine.errors import AccessDenied, ExitCode, SigningError, WorkflowError
from engine.workflow import act, audit_problems, draft, issue, rows
from engine.workflow.bodies import add_body, set_self_approval
from engine.workflow.esign_images import set_seal_image, set_signature_image
from engine.workflow.numbering import allocate, last_number
from engine.workflow.states import State
from tests.helpers import PROFILE, document, write_campaign
from tests.office import PASSWORD, Office, office
from tools.pki import seal_png, signature_png

Refusal = TypeVar("Refusal", bound=WorkflowError)
WHEN = datetime(2025, 3, 30, 3, tzinfo=UTC)
OTHER = dict(PROFILE, ma="ubnd-xa-an-lac", ten="Ủy ban nhân dân xã An Lạc",
             ten_in=["ỦY BAN NHÂN DÂN", "XÃ AN LẠC"], dia_danh="An Lạc",
             nguoi_ky=[{"ma": "ct-l", "ho_ten": "Đỗ Văn Lạc", "chuc_vu": "Chủ tịch"}])


class Setup(NamedTuple):
    engine: Engine
    campaign: Path
    out: Path
    staff: Office


@pytest.fixture
def setup(db_url: str, tmp_path: Path) -> Iterator[Setup]:
    doc = document()
    doc.pop("so")
    campaign = write_campaign(tmp_path, doc)
    engine = open_engine(db_url)
    try:
        yield Setup(engine, campaign, tmp_path / "out", office(engine, tmp_path / "co-quan.yaml"))
    finally:
        engine.dispose()


def _register(engine: Engine) -> tuple[list[dict[str, Any]], ...]:
    """Every row a refusal must leave alone: documents, bodies, accounts, roles, audit."""
    with engine.connect() as conn:
        return tuple([dict(r._mapping) for r in conn.execute(select(table).order_by(*key))]
                     for table, key in ((documents, [documents.c.id]), (bodies, [bodies.c.ma]),
                                        (users, [users.c.id]),
                                        (roles, [roles.c.user_id, roles.c.body, roles.c.role]),
                                        (audit, [audit.c.id]), (counters, [counters.c.body])))


def _row(engine: Engine, doc_id: str) -> Any:
    return next(rows(engine, doc_id))


def _drafted(setup: Setup) -> str:
    return draft(setup.engine, setup.campaign, setup.out, setup.staff.drafter).ids[0]


def _approved(setup: Setup) -> str:
    doc_id = _drafted(setup)
    act(setup.engine, doc_id, "trinh", setup.staff.drafter)
    act(setup.engine, doc_id, "duyet", setup.staff.reviewer)
    return doc_id


def _set(engine: Engine, doc_id: str, **values: Any) -> None:
    """Change a register row behind the application's back."""
    with engine.begin() as conn:
        conn.execute(update(documents).where(documents.c.id == doc_id).values(**values))


def _second_body(setup: Setup, tmp_path: Path) -> tuple[str, Account]:
    """Another body, imported by the first body's quản trị, and a quản trị of it alone."""
    profile = tmp_path / "an-lac.yaml"
    profile.write_text(dump(OTHER), "utf-8")
    body = add_body(setup.engine, profile, setup.staff.admin)
    with setup.engine.begin() as conn:
        admin = load_account(conn, setup.staff.admin.id)
        return body, add_user(conn, "lac-admin", "Đỗ Quản Trị", PASSWORD,
                              [Grant(body, Role.ADMIN)], admin)


def _refused(call: Callable[[], object], error: type[Refusal], code: str,
             message: str) -> Refusal:
    with pytest.raises(error) as caught:
        call()
    assert type(caught.value) is error
    assert (caught.value.code, caught.value.message) == (code, message)
    assert caught.value.exit_code is ExitCode.REFUSED
    return caught.value


# engine/workflow/actions.py

@pytest.mark.parametrize("action", ["cap_so", "ban_hanh"])
def test_numbering_and_issuing_are_refused_through_act(setup: Setup, action: str) -> None:
    engine, _, _, staff = setup
    doc_id = _approved(setup)
    act(engine, doc_id, "ky", staff.signer)
    before = _register(engine)
    _refused(lambda: act(engine, doc_id, action, staff.clerk), WorkflowError, "workflow-error",
             "Cấp số và ban hành dùng lệnh «vanban issue».")
    assert _register(engine) == before
    with engine.connect() as conn:  # no number was taken
        assert last_number(conn, staff.body, 2025, "chung") == 0
    row = issue(engine, doc_id, staff.clerk, WHEN)
    assert (row.state, row.number) == (State.ISSUED.value, 1)
    with engine.connect() as conn:
        assert last_number(conn, staff.body, 2025, "chung") == 1


def test_a_signature_on_a_version_replaced_meanwhile_is_refused(setup: Setup) -> None:
    engine, campaign, _, staff = setup
    doc_id = _drafted(setup)
    first = _row(engine, doc_id).current_version
    act(engine, doc_id, "trinh", staff.drafter)
    act(engine, doc_id, "tra_lai", staff.reviewer, "Sửa trích yếu")
    campaign.write_text(campaign.read_text("utf-8").replace(
        "Về tăng cường cải cách hành chính", "Về tăng cường kỷ cương hành chính"), "utf-8")
    _drafted(setup)
    second = _row(engine, doc_id).current_version
    assert second not in (None, first)
    act(engine, doc_id, "trinh", staff.drafter)
    act(engine, doc_id, "duyet", staff.reviewer)
    before = _register(engine)
    _refused(lambda: act(engine, doc_id, "ky", staff.signer, version=first), WorkflowError,
             "version-not-approved", f"«{doc_id}» đã có phiên bản nội dung mới trong lúc ký.")
    assert _register(engine) == before
    assert act(engine, doc_id, "ky", staff.signer, version=second) is State.SIGNED
    assert _row(engine, doc_id).signed_version == second


@pytest.mark.parametrize(("steps", "action", "who", "stays"), [
    (["trinh"], "duyet", "reviewer", State.IN_REVIEW),
    (["trinh", "duyet"], "ky", "signer", State.APPROVED)])
def test_a_row_without_a_content_version_is_neither_approved_nor_signed(
        setup: Setup, steps: list[str], action: str, who: str, stays: State) -> None:
    engine, _, _, staff = setup
    doc_id = _drafted(setup)
    for step in steps:
        act(engine, doc_id, step, staff.drafter if step == "trinh" else staff.reviewer)
    # A register row older than content versions: migration 0003 left its columns empty.
    _set(engine, doc_id, current_version=None, approved_version=None)
    before = _register(engine)
    _refused(lambda: act(engine, doc_id, action, getattr(staff, who)), WorkflowError,
             "no-version", f"«{doc_id}» chưa có nội dung (chạy «vanban draft»).")
    assert _register(engine) == before and State(_row(engine, doc_id).state) is stays


def test_a_signature_needs_the_current_version_to_be_the_approved_one(setup: Setup) -> None:
    engine, _, _, staff = setup
    doc_id = _approved(setup)
    _set(engine, doc_id, approved_version=None)  # an approval lost behind the app's back
    before = _register(engine)
    _refused(lambda: act(engine, doc_id, "ky", staff.signer), WorkflowError,
             "version-not-approved", f"Phiên bản hiện tại của «{doc_id}» chưa được duyệt.")
    assert _register(engine) == before and State(_row(engine, doc_id).state) is State.APPROVED


# engine/workflow/bodies.py

def test_an_account_that_administers_no_body_cannot_import_one(setup: Setup,
                                                               tmp_path: Path) -> None:
    engine, _, _, staff = setup
    profile = tmp_path / "an-lac.yaml"
    profile.write_text(dump(OTHER), "utf-8")
    before = _register(engine)
    error = _refused(lambda: add_body(engine, profile, staff.drafter), AccessDenied,
                     "access-denied", "«soan» không phải quản trị (quy tắc: admin-required).")
    assert error.rule == "admin-required" and _register(engine) == before


def test_a_body_is_refreshed_only_by_its_own_admin_and_a_new_one_is_administered_by_its_importer(
        setup: Setup, tmp_path: Path) -> None:
    engine, _, _, staff = setup
    body, other_admin = _second_body(setup, tmp_path)
    with engine.connect() as conn:
        assert load_account(conn, staff.admin.id).grant(Role.ADMIN, body) is not None
        assert [r.action for r in conn.execute(
            select(audit).where(audit.c.body == body).order_by(audit.c.seq))] == [
            "nhap_co_quan", "tao_tai_khoan"]
    before = _register(engine)
    error = _refused(lambda: add_body(engine, setup.campaign.parent / "co-quan.yaml",
                                      other_admin), AccessDenied, "access-denied",
                     f"«lac-admin» không phải quản trị của cơ quan «{staff.body}» "
                     "(quy tắc: admin-required).")
    assert error.rule == "admin-required" and _register(engine) == before


def test_a_body_that_allows_self_approval_lets_the_author_approve(setup: Setup) -> None:
    engine, _, _, staff = setup
    with engine.begin() as conn:  # a soạn thảo who is also lãnh đạo đơn vị
        author = grant_roles(conn, staff.drafter.login, [Grant(staff.body, Role.REVIEWER)],
                             staff.admin)
    doc_id = draft(engine, setup.campaign, setup.out, author).ids[0]
    act(engine, doc_id, "trinh", author)
    with pytest.raises(AccessDenied) as caught:
        act(engine, doc_id, "duyet", author)
    assert caught.value.rule == "self-approval"
    set_self_approval(engine, staff.body, True, staff.admin)
    with engine.connect() as conn:
        assert conn.execute(select(bodies.c.self_approval).where(
            bodies.c.ma == staff.body)).scalar() is True
        last = conn.execute(select(audit).order_by(audit.c.id.desc())).first()
    assert last is not None
    assert (last.action, last.actor_id, last.role, last.document) == (
        "chinh_sach", staff.admin.id, "quan_tri", None)
    assert json.loads(last.data) == {"tu_duyet": True}
    assert act(engine, doc_id, "duyet", author) is State.APPROVED
    set_self_approval(engine, staff.body, False, staff.admin)
    with engine.connect() as conn:
        assert conn.execute(select(bodies.c.self_approval).where(
            bodies.c.ma == staff.body)).scalar() is False


def test_only_a_quan_tri_of_the_body_sets_its_policy(setup: Setup, tmp_path: Path) -> None:
    engine, _, _, staff = setup
    _, other_admin = _second_body(setup, tmp_path)
    before = _register(engine)
    for who, login in ((staff.reviewer, "duyet"), (other_admin, "lac-admin")):
        def enable(who: Account = who) -> None:
            set_self_approval(engine, staff.body, True, who)

        error = _refused(enable, AccessDenied, "access-denied",
                         f"«{login}» không phải quản trị của cơ quan «{staff.body}» "
                         "(quy tắc: admin-required).")
        assert error.rule == "admin-required"
    assert _register(engine) == before


def _admin_of_nowhere(staff: Office) -> Account:
    """The quản trị's account as a caller may still hold it for a body the register does not
    have (roles cannot be granted in an unknown body: this is the guard behind that)."""
    return Account(staff.admin.id, staff.admin.login, staff.admin.name,
                   (*staff.admin.grants, Grant("ubnd-khong-co", Role.ADMIN)))


def test_the_policy_of_a_body_not_in_the_register_is_refused(setup: Setup) -> None:
    engine, _, _, staff = setup
    before = _register(engine)
    _refused(lambda: set_self_approval(engine, "ubnd-khong-co", True, _admin_of_nowhere(staff)),
             WorkflowError, "unknown-body", "Không có cơ quan «ubnd-khong-co».")
    assert _register(engine) == before


# engine/workflow/esign_images.py

def test_a_signers_image_is_stored_with_its_hash_in_the_bodys_audit(setup: Setup,
                                                                   tmp_path: Path) -> None:
    engine, _, _, staff = setup
    data = signature_png(tmp_path / "ky.png").read_bytes()
    set_signature_image(engine, "ky", data, staff.admin)
    with engine.connect() as conn:
        assert conn.execute(select(users.c.signature_png).where(
            users.c.login == "ky")).scalar() == data
        last = conn.execute(select(audit).order_by(audit.c.id.desc())).first()
    assert last is not None and (last.body, last.action, last.actor_id) == (
        staff.body, "anh_chu_ky", staff.admin.id)
    assert json.loads(last.data) == {"login": "ky", "sha256": hashlib.sha256(data).hexdigest()}


def test_a_signature_image_for_an_account_that_signs_nowhere_is_refused(
        setup: Setup, tmp_path: Path) -> None:
    engine, _, _, staff = setup
    data = signature_png(tmp_path / "ky.png").read_bytes()
    before = _register(engine)
    _refused(lambda: set_signature_image(engine, "soan", data, staff.admin), WorkflowError,
             "not-a-signer", "«soan» không có vai trò «người ký» ở cơ quan nào.")
    assert _register(engine) == before


def test_only_a_quan_tri_where_the_account_signs_stores_its_image(setup: Setup,
                                                                 tmp_path: Path) -> None:
    engine, _, _, staff = setup
    _, other_admin = _second_body(setup, tmp_path)
    data = signature_png(tmp_path / "ky.png").read_bytes()
    before = _register(engine)
    error = _refused(lambda: set_signature_image(engine, "ky", data, other_admin),
                     AccessDenied, "access-denied",
                     "«lac-admin» không quản trị cơ quan nào «ky» ký văn bản "
                     "(quy tắc: admin-required).")
    assert error.rule == "admin-required" and _register(engine) == before


def test_a_bodys_seal_is_stored_by_its_quan_tri_with_its_size(setup: Setup,
                                                              tmp_path: Path) -> None:
    engine, _, _, staff = setup
    data = seal_png(tmp_path / "dau.png", diameter_mm=36).read_bytes()
    set_seal_image(engine, staff.body, data, staff.admin)
    with engine.connect() as conn:
        assert conn.execute(select(bodies.c.seal_png).where(
            bodies.c.ma == staff.body)).scalar() == data
        last = conn.execute(select(audit).order_by(audit.c.id.desc())).first()
    assert last is not None and (last.body, last.action) == (staff.body, "anh_dau")
    assert json.loads(last.data) == {"sha256": hashlib.sha256(data).hexdigest(),
                                     "mm": [36.0, 36.0]}


def test_a_seal_is_refused_from_a_non_admin_an_unknown_body_or_a_bad_image(
        setup: Setup, tmp_path: Path) -> None:
    engine, _, _, staff = setup
    seal = seal_png(tmp_path / "dau.png").read_bytes()
    before = _register(engine)
    error = _refused(lambda: set_seal_image(engine, staff.body, seal, staff.clerk),
                     AccessDenied, "access-denied",
                     f"«vanthu» không phải quản trị của cơ quan «{staff.body}» "
                     "(quy tắc: admin-required).")
    assert error.rule == "admin-required"
    _refused(lambda: set_seal_image(engine, "ubnd-khong-co", seal, _admin_of_nowhere(staff)),
             WorkflowError, "unknown-body", "Không có cơ quan «ubnd-khong-co».")
    blue = signature_png(tmp_path / "ky.png").read_bytes()  # a signature is not a red seal
    with pytest.raises(SigningError) as caught:
        set_seal_image(engine, staff.body, blue, staff.admin)
    assert caught.value.code == "bad-signature-image" and "«ảnh dấu»" in caught.value.message
    assert _register(engine) == before


# engine/workflow/integrity.py

def test_audit_verify_names_a_register_row_no_audit_row_vouches_for(setup: Setup) -> None:
    engine = setup.engine
    doc_id = _drafted(setup)
    assert audit_problems(engine) == []
    with engine.begin() as conn:  # a row slipped into the register with SQL
        copied = dict(conn.execute(select(documents).where(documents.c.id == doc_id))
                      .one()._mapping)
        conn.execute(insert(documents).values({**copied, "id": "chien-dich/ct-gia",
                                               "ma": "ct-gia"}))
    assert audit_problems(engine) == [
        "«chien-dich/ct-gia»: có trong sổ nhưng không có trong nhật ký (dòng bị chèn)"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice: bash .ci/run")
def test_audit_verify_names_an_issued_pdf_changed_and_an_issued_docx_gone(
        tmp_path: Path) -> None:
    doc = document()
    doc.pop("so")
    campaign = write_campaign(tmp_path, doc)
    engine = open_engine(f"sqlite:///{tmp_path / 'v.db'}")
    try:
        staff = office(engine, tmp_path / "co-quan.yaml")
        setup = Setup(engine, campaign, tmp_path / "out", staff)
        doc_id = _approved(setup)
        act(engine, doc_id, "ky", staff.signer)
        row = issue(engine, doc_id, staff.clerk, WHEN, pdf=True)
        pdf, docx = Path(row.pdf), Path(row.docx)
        assert pdf.read_bytes().startswith(b"%PDF-") and audit_problems(engine) == []
        pdf.write_bytes(pdf.read_bytes() + b"\n% appended after issuance\n")
        assert audit_problems(engine) == [
            f"«{doc_id}»: tệp {pdf} thiếu hoặc khác bản đã ban hành"]
        docx.unlink()
        pdf.unlink()
        assert audit_problems(engine) == [f"«{doc_id}»: thiếu tệp đã ban hành {docx}",
                                          f"«{doc_id}»: tệp {pdf} thiếu hoặc khác bản đã ban hành"]
    finally:
        engine.dispose()


# engine/workflow/numbering.py

def test_last_number_is_zero_until_one_is_given_then_the_last_given(setup: Setup) -> None:
    engine, _, _, staff = setup
    with engine.begin() as conn:
        assert last_number(conn, staff.body, 2025, "chung") == 0
        assert [allocate(conn, staff.body, 2025, "chung") for _ in range(3)] == [1, 2, 3]
        assert last_number(conn, staff.body, 2025, "chung") == 3
        assert allocate(conn, staff.body, 2025, "mat", first=41) == 41  # opened elsewhere
    with engine.connect() as conn:
        assert [last_number(conn, *key) for key in (
            (staff.body, 2025, "chung"), (staff.body, 2025, "mat"), (staff.body, 2026, "chung"),
            (staff.body, 2025, "theo-loai:cong_van"), ("ubnd-xa-an-lac", 2025, "chung"))] == [
            3, 41, 0, 0, 0]


class _Crash(Exception):
    pass


def test_a_rolled_back_number_is_given_back(setup: Setup) -> None:
    engine, _, _, staff = setup
    with engine.begin() as conn:
        allocate(conn, staff.body, 2025, "chung")
    with pytest.raises(_Crash), engine.begin() as conn:
        assert allocate(conn, staff.body, 2025, "chung") == 2
        raise _Crash  # the issuance fails after taking its number: the transaction rolls back
    with engine.begin() as conn:
        assert last_number(conn, staff.body, 2025, "chung") == 1
        assert allocate(conn, staff.body, 2025, "chung") == 2
