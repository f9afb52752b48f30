"""Sổ đăng ký văn bản đi in the browser: the numbered documents of the account's bodies with
filters (year, type, signer, text), and the printed register as DOCX, PDF or XLSX."""

from __future__ import annotations

import hashlib
import io
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, render_template, request, send_file
from flask_login import login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from engine.db.tables import documents
from engine.decree.dates import VIETNAM
from engine.decree.doctypes import TYPE_NAMES
from engine.errors import BadValue
from engine.jobs import office
from engine.web import jobs
from engine.web.access import account, bodies_of, engine, job_database_url, refuse
from engine.web.register_close import closure
from engine.workflow.register_book import write_register

blueprint = Blueprint("register", __name__)
LIMIT = 500


def _filters() -> dict[str, Any]:
    year = request.args.get("nam", "")
    return {"nam": int(year) if year.isdigit() else datetime.now(UTC).astimezone(VIETNAM).year,
            "loai": request.args.get("loai", ""), "nguoi_ky": request.args.get("nguoi_ky", ""),
            "q": request.args.get("q", "").strip()[:200],
            "co_quan": request.args.get("co_quan", "")}


def _rows(filters: dict[str, Any]) -> list[Any]:
    mine = sorted(bodies_of(account()))
    chosen = [filters["co_quan"]] if filters["co_quan"] in mine else mine
    query = select(documents).where(
        documents.c.body.in_(chosen), documents.c.year == filters["nam"],
        documents.c.number.is_not(None), documents.c.series != "mat")
    if filters["loai"]:
        query = query.where(documents.c.loai == filters["loai"])
    if filters["nguoi_ky"]:
        query = query.where(documents.c.signer == filters["nguoi_ky"])
    if filters["q"]:
        query = query.where(documents.c.trich_yeu.contains(filters["q"], autoescape=True))
    with engine().connect() as conn:
        return list(conn.execute(query.order_by(documents.c.body, documents.c.series,
                                                documents.c.number).limit(LIMIT)))


@blueprint.route("/so-dang-ky")
@login_required
def register_page() -> str:
    filters = _filters()
    with engine().connect() as conn:  # DISTINCT: a name per signer, not a row per document
        signers = sorted(conn.execute(select(documents.c.signer).where(
            documents.c.body.in_(sorted(bodies_of(account()))),
            documents.c.number.is_not(None)).distinct()).scalars())
    mine = sorted(bodies_of(account()))
    body = filters["co_quan"] if filters["co_quan"] in mine else (mine[0] if len(mine) == 1
                                                                   else None)
    ready, job = (_pdf_target(body, filters["nam"]).is_file(),
                  jobs.status(_pdf_key(body, filters["nam"]))) if body else (False, None)
    return render_template("register.html", rows=_rows(filters), filters=filters,
                           types=TYPE_NAMES, signers=signers, bodies=mine, limit=LIMIT,
                           body=body, ready=ready, job=job,
                           closure=closure(body, filters["nam"]) if body else None)


def _export_body(filters: dict[str, Any]) -> str:
    mine = sorted(bodies_of(account()))
    body = filters["co_quan"] if filters["co_quan"] in mine else (mine[0] if len(mine) == 1
                                                                   else None)
    if body is None:  # several bodies: the register is printed per body
        refuse(400, "Chọn một cơ quan để xuất sổ.")
    return body


@blueprint.route("/so-dang-ky/xuat/<kind>")
@login_required
def register_export(kind: str) -> Response:
    """The printed register of one body and year, as DOCX or XLSX (the PDF: a job, below)."""
    filters = _filters()
    body = _export_body(filters)
    if kind not in ("docx", "xlsx"):
        refuse(404, "Định dạng xuất là docx, xlsx hoặc pdf.")
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / f"so-dang-ky-{filters['nam']}.{kind}"
        try:
            written = write_register(engine(), filters["nam"], out, body)
        except BadValue as exc:
            refuse(404, exc.message)
        data = written[-1].read_bytes()
    return send_file(io.BytesIO(data), as_attachment=True,
                     download_name=f"so-dang-ky-{body}-{filters['nam']}.{kind}")


def _pdf_key(body: str, year: int) -> str:
    """The register's PDF is made once per state of that year's register (its rows' versions)."""
    with engine().connect() as conn:
        state = [tuple(r) for r in conn.execute(select(documents.c.id, documents.c.version).where(
            documents.c.body == body, documents.c.year == year,
            documents.c.number.is_not(None)).order_by(documents.c.id))]
    digest = hashlib.sha256(repr((body, year, state)).encode("utf-8")).hexdigest()[:24]
    return f"so-dang-ky-{digest}"


def _pdf_target(body: str, year: int) -> Path:
    folder: Path = current_app.config["VANBAN_SETTINGS"].data_dir
    return folder / "so-dang-ky" / f"{_pdf_key(body, year)}.pdf"


@blueprint.route("/so-dang-ky/pdf", methods=["GET", "POST"])
@login_required
def register_pdf() -> str:
    """Start (POST) or follow (GET, polled by htmx) the register's PDF: LibreOffice runs off
    the request."""
    filters = _filters()
    body = _export_body(filters)
    key = _pdf_key(body, filters["nam"])
    target = _pdf_target(body, filters["nam"])
    if request.method == "POST" and not target.is_file():
        jobs.submit(key, office.register_pdf, job_database_url(), body, filters["nam"],
                    str(target))
    return render_template("_register_pdf.html", ready=target.is_file(), job=jobs.status(key),
                           body=body, filters=filters)


@blueprint.route("/so-dang-ky/pdf/tai")
@login_required
def register_pdf_file() -> Response:
    filters = _filters()
    body = _export_body(filters)
    target = _pdf_target(body, filters["nam"])
    if not target.is_file():
        refuse(404, "Bản PDF của sổ chưa được tạo (hoặc sổ vừa thay đổi): tạo lại.")
    return send_file(target, as_attachment=True,
                     download_name=f"so-dang-ky-{body}-{filters['nam']}.pdf")
