"""Sổ đăng ký văn bản đi in the browser: the numbered documents of the account's bodies with
filters (year, type, signer, text), and the printed register as DOCX, PDF or XLSX."""

from __future__ import annotations

import io
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Blueprint, render_template, request, send_file
from flask_login import login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from engine.db.tables import documents
from engine.decree.dates import VIETNAM
from engine.decree.doctypes import TYPE_NAMES
from engine.errors import BadValue
from engine.web.access import account, bodies_of, engine, refuse
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
    return render_template("register.html", rows=_rows(filters), filters=filters,
                           types=TYPE_NAMES, signers=signers, bodies=sorted(bodies_of(account())),
                           limit=LIMIT)


@blueprint.route("/so-dang-ky/xuat/<kind>")
@login_required
def register_export(kind: str) -> Response:
    """The printed register of one body and year."""
    filters = _filters()
    mine = sorted(bodies_of(account()))
    body = filters["co_quan"] if filters["co_quan"] in mine else (mine[0] if len(mine) == 1
                                                                   else None)
    if kind not in ("docx", "pdf", "xlsx") or body is None:
        refuse(400, "Chọn một cơ quan và một định dạng (docx, pdf, xlsx).")
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / f"so-dang-ky-{filters['nam']}.{'xlsx' if kind == 'xlsx' else 'docx'}"
        try:
            written = write_register(engine(), filters["nam"], out, body, pdf=kind == "pdf")
        except BadValue as exc:
            refuse(404, exc.message)
        data = written[-1].read_bytes()
    return send_file(io.BytesIO(data), as_attachment=True,
                     download_name=f"so-dang-ky-{body}-{filters['nam']}.{kind}")
