"""Closing a year's register in the browser (the văn thư; engine/workflow/register_close)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from engine.accounts.roles import Role
from engine.decree.dates import vietnam_date
from engine.errors import AccessDenied, WorkflowError
from engine.web.access import account, bodies_of, engine, refuse
from engine.workflow.register_close import close_register, closed_at

blueprint = Blueprint("register_close", __name__)


def closure(body: str, year: int) -> dict[str, Any]:
    """What the register page says of `body`'s register of `year`: the day it was closed, or
    whether the account may close it now (its văn thư, once the year has ended)."""
    with engine().connect() as conn:
        at = closed_at(conn, body, year)
    ended = year < vietnam_date(datetime.now(UTC)).year
    closed_on: date | None = vietnam_date(at) if at else None
    return {"closed_on": closed_on,
            "can_close": at is None and ended and account().grant(Role.CLERK, body) is not None}


@blueprint.route("/so-dang-ky/dong-so", methods=["POST"])
@login_required
def close() -> Response:
    body, year = request.form.get("co_quan", ""), request.form.get("nam", "")
    if body not in bodies_of(account()) or not year.isdigit():
        refuse(404, "Không có sổ đăng ký này.")
    try:
        close_register(engine(), account(), body, int(year))
        flash(f"Đã đóng sổ đăng ký văn bản đi năm {year}.", "ok")
    except AccessDenied as exc:
        refuse(403, exc.message)
    except WorkflowError as exc:
        flash(exc.message, "error")
    return redirect(url_for("register.register_page", nam=year, co_quan=body), 303)
