"""Documents in the browser: "Việc của tôi", a document's page (state, versions, changes since
the previous version, history in Vietnam time, the actions this account may take), previews,
downloads, and the actions themselves (the engine decides who may do what)."""

from __future__ import annotations

import difflib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import login_required
from sqlalchemy import Row, select
from werkzeug.wrappers import Response

from engine.db.tables import versions
from engine.errors import AccessDenied, IntegrityError, SigningError, WorkflowError
from engine.esign.keys import MAX_PKCS12_BYTES, Pkcs12Key
from engine.jobs import office, preview
from engine.web import inbox as lists
from engine.web import jobs
from engine.web.access import account, engine, job_database_url, refuse, visible_document
from engine.workflow import act, history, reserve_number, verify
from engine.workflow.esigning import ready_to_sign, sign_electronically
from engine.workflow.states import TRANSITIONS, Role, State
from engine.workflow.store import document_row
from engine.workflow.versions import last_seen, mark_seen, text_lines

blueprint = Blueprint("documents", __name__)
_COMMENTED = {"tra_lai", "thu_hoi"}


@blueprint.route("/")
@blueprint.route("/viec-cua-toi")
@login_required
def inbox() -> str:
    who = account()
    waiting = lists.waiting(engine(), who)
    comments = lists.returned_comments(
        engine(), [r.id for r in waiting if r.state == State.RETURNED.value])
    return render_template("inbox.html", waiting=waiting, comments=comments,
                           latest=lists.latest(engine(), who))


def actions_for(row: Row[Any]) -> list[Any]:
    """The transitions the logged-in account may take on `row` now."""
    who = account()
    found = []
    for transition in TRANSITIONS:
        if transition.source.value != row.state or transition.action in (
                "thay_the", "dinh_chinh"):
            continue
        grant = who.grant(transition.role, row.body)
        if grant is None or (transition.action == "ky" and grant.signer != row.signer_ma):
            continue
        found.append(transition)
    return found


@blueprint.route("/van-ban/<path:doc_id>")
@login_required
def document_page(doc_id: str) -> str:
    row = visible_document(doc_id)
    with engine().begin() as conn:
        stored = list(conn.execute(select(versions).where(versions.c.document == doc_id)
                                   .order_by(versions.c.n)))
        seen = last_seen(conn, account().id, doc_id)
        since, changes = _changes(conn, stored, row.ma, seen)
        if row.current_version:
            mark_seen(conn, account().id, doc_id, row.current_version)
    return render_template(
        "document.html", row=row, state=State(row.state), versions=stored, changes=changes,
        since=since,
        entries=history(engine(), doc_id), actions=actions_for(row),
        problems=verify(row), job=jobs.status(f"ban-hanh:{doc_id}"),
        commented=_COMMENTED, editable=_editable(row))


def _changes(conn: Any, stored: list[Any], ma: str, seen: str | None
             ) -> tuple[Any, list[str]]:
    """The version compared with and the text diff to the current one: from the version this
    account last saw, else from the previous one."""
    if len(stored) < 2:
        return None, []
    earlier = [v for v in stored[:-1] if v.hash == seen]
    base = earlier[0] if earlier else stored[-2]
    before, after = text_lines(conn, base.hash, ma), text_lines(conn, stored[-1].hash, ma)
    return base, list(difflib.unified_diff(before, after, f"phiên bản {base.n}",
                                           f"phiên bản {stored[-1].n}", lineterm="", n=1))[2:]


def _editable(row: Row[Any]) -> bool:
    """A drafter of the body may edit a document written in the form, until it is approved."""
    form = Path(row.campaign).with_name("bieu-mau.json")
    return form.is_file() and account().grant(Role.DRAFTER, row.body) is not None and \
        row.state in (State.DRAFT.value, State.RETURNED.value)


@blueprint.route("/van-ban/<path:doc_id>/thao-tac", methods=["POST"])
@login_required
def action(doc_id: str) -> Response:
    visible_document(doc_id)
    name = request.form.get("action", "")
    comment = (request.form.get("comment") or "").strip() or None
    key = uploaded_key()
    try:
        if name in ("cap_so", "ban_hanh"):
            _start_issuance(doc_id, key)
        elif name == "ky" and key is not None:
            state = sign_electronically(engine(), doc_id, account(), key)
            flash(f"Đã ký số: {state.label}.", "ok")
        else:
            state = act(engine(), doc_id, name, account(), comment)
            flash(f"Đã thực hiện: {state.label}.", "ok")
    except AccessDenied as exc:
        refuse(403, exc.message)
    except (WorkflowError, SigningError, IntegrityError) as exc:
        flash(exc.message, "error")
        return redirect(url_for("documents.document_page", doc_id=doc_id), 303)
    return redirect(url_for("documents.document_page", doc_id=doc_id), 303)


def uploaded_key() -> Pkcs12Key | None:
    """The PKCS#12 file and passphrase the form sent (the signer's or the body's), kept in
    memory for this request only; None when no file was sent."""
    upload = request.files.get("chung_thu")
    if upload is None or not upload.filename:
        return None
    data = upload.read(MAX_PKCS12_BYTES + 1)
    if len(data) > MAX_PKCS12_BYTES:
        raise SigningError("Tệp chứng thư số quá lớn.", code="bad-key-file")
    return Pkcs12Key(data, request.form.get("mat_khau", ""), upload.filename)


def _start_issuance(doc_id: str, key: Pkcs12Key | None) -> None:
    """Take the number now (one transaction); render, convert and freeze off the request. A
    digitally signed document is checked first for what the body's signature needs."""
    with engine().connect() as conn:
        current = document_row(conn, doc_id)
    if current.signed_pdf:
        ready_to_sign(engine(), current, key)
    row, _ = reserve_number(engine(), doc_id, account(), datetime.now(UTC), pdf=True)
    jobs.submit(f"ban-hanh:{doc_id}", office.finish_issuance, job_database_url(), doc_id,
                account().id, key)
    flash(f"Đã cấp số {row.number:02d}; đang ban hành (tạo tệp DOCX và PDF)…", "ok")


@blueprint.route("/van-ban/<path:doc_id>/tien-do")
@login_required
def progress(doc_id: str) -> Response:
    """The issuance's progress (htmx polls it while it runs; once issued, the page reloads)."""
    row = visible_document(doc_id)
    response = Response(render_template("_progress.html", row=row, state=State(row.state),
                                        job=jobs.status(f"ban-hanh:{doc_id}")))
    if row.state == State.ISSUED.value:
        response.headers["HX-Refresh"] = "true"
    return response


def _document_file(row: Row[Any], suffix: str) -> Path:
    """The file of a document, from the register row (never from the request)."""
    if suffix == ".pdf":
        if not row.pdf:
            refuse(404, "Văn bản chưa có bản PDF.")
        return Path(row.pdf)
    return Path(row.docx) if row.docx else Path(row.out_dir) / f"{row.ma}.docx"


@blueprint.route("/van-ban/<path:doc_id>/tai/<kind>")
@login_required
def download(doc_id: str, kind: str) -> Response:
    row = visible_document(doc_id)
    if kind not in ("docx", "pdf"):
        refuse(404, "Không có tệp này.")
    if verify(row):
        refuse(409, "Tệp đã ban hành không còn khớp mã băm đã lưu: không tải xuống được; "
               "báo cho văn thư.")
    path = _document_file(row, f".{kind}")
    if not path.is_file():
        refuse(404, "Chưa có tệp của văn bản này.")
    return send_file(path, as_attachment=True, download_name=f"{row.ma}.{kind}")


def _preview_key(row: Row[Any]) -> str:
    return str(row.content_hash if row.docx else row.current_version)


@blueprint.route("/van-ban/<path:doc_id>/xem-truoc", methods=["GET", "POST"])
@login_required
def preview_panel(doc_id: str) -> str:
    """Start (POST) or show (GET, polled by htmx) the page images of the document."""
    row = visible_document(doc_id)
    key = _preview_key(row)
    data_dir = current_app.config["VANBAN_SETTINGS"].data_dir
    if request.method == "POST" and not preview.pages(data_dir, key):
        jobs.submit(f"xem-truoc:{key}", office.make_preview,
                    str(_document_file(row, ".docx")), str(data_dir), key)
    return render_template("_preview.html", row=row, pages=preview.pages(data_dir, key),
                           job=jobs.status(f"xem-truoc:{key}"))


@blueprint.route("/van-ban/<path:doc_id>/trang/<int:number>")
@login_required
def page_image(doc_id: str, number: int) -> Response:
    row = visible_document(doc_id)
    images = preview.pages(current_app.config["VANBAN_SETTINGS"].data_dir, _preview_key(row))
    if not 1 <= number <= len(images):
        refuse(404, "Không có trang này.")
    return send_file(images[number - 1], mimetype="image/png")
