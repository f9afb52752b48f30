"""A quản trị replaces a DOCX template: the upload is checked and shows which unissued
documents would print differently; only a confirmation (the same account, the same upload)
writes it and re-renders them (engine.workflow.template_change)."""

from __future__ import annotations

import os
import secrets
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, session, url_for
from flask_login import login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from werkzeug.wrappers import Response
from wtforms import SelectField

from engine.accounts.roles import Role
from engine.base.files import write_atomic
from engine.document.templates import ATTACHED_TEMPLATE, TEMPLATES
from engine.errors import AccessDenied, TemplateError
from engine.web.access import account, engine, refuse
from engine.web.forms import choices
from engine.workflow import template_change

blueprint = Blueprint("template_upload", __name__)
NAMES = sorted({*TEMPLATES.values(), ATTACHED_TEMPLATE})


class TemplateForm(FlaskForm):  # type: ignore[misc]
    name = SelectField("Mẫu cần thay", choices=choices((n, n) for n in NAMES))
    tep = FileField("Tệp mẫu mới (DOCX)", validators=[
        FileRequired("Chọn tệp."), FileAllowed(["docx"], "Chỉ nhận tệp .docx.")])


def _pending_path(token: str) -> Any:
    return current_app.config["VANBAN_SETTINGS"].data_dir / "mau-cho" / f"{token}.docx"


def _writable_templates() -> None:
    if not any(g.role is Role.ADMIN for g in account().grants):
        refuse(403, "Trang này dành cho quản trị.")
    if not os.environ.get("VANBAN_TEMPLATES"):
        refuse(409, "Mẫu của bản cài đặt không sửa được từ trình duyệt: đặt VANBAN_TEMPLATES là "
               "một bản sao thư mục templates/ (ngoài thư mục cài đặt) rồi khởi động lại.")


@blueprint.route("/quan-tri/mau", methods=["GET", "POST"])
@login_required
def upload_template() -> Any:
    """Check an uploaded template and show what it would change (nothing is written yet)."""
    _writable_templates()
    form = TemplateForm()
    if not form.validate_on_submit():
        return render_template("template_upload.html", form=form, shown=None), \
            400 if form.errors else 200
    data = form.tep.data.read()
    try:
        shown = template_change.preview(engine(), form.name.data, data, account())
    except AccessDenied as exc:
        refuse(403, exc.message)
    except TemplateError as exc:
        form.tep.errors = [exc.message]
        return render_template("template_upload.html", form=form, shown=None), 400
    token = secrets.token_hex(16)
    write_atomic(_pending_path(token), data)
    session["mau_cho"] = {"token": token, "name": form.name.data}
    return render_template("template_upload.html", form=form, shown=shown,
                           name=form.name.data)


@blueprint.route("/quan-tri/mau/ap-dung", methods=["POST"])
@login_required
def apply_template() -> Response:
    """Write the template checked before and re-render the documents it changes."""
    _writable_templates()
    pending = session.pop("mau_cho", None)
    if not pending or not _pending_path(pending["token"]).is_file():
        refuse(409, "Không có mẫu nào đang chờ áp dụng: tải mẫu lên lại.")
    path = _pending_path(pending["token"])
    try:
        done = template_change.apply(engine(), pending["name"], path.read_bytes(), account())
    except AccessDenied as exc:
        refuse(403, exc.message)
    finally:
        path.unlink(missing_ok=True)
    flash(f"Đã thay mẫu «{pending['name']}»; {sum(a.changes for a in done)} văn bản chưa ban "
          "hành được tạo lại (văn bản đã duyệt hoặc đã ký có nội dung in ra thay đổi phải "
          "trình duyệt lại); văn bản đã ban hành giữ nguyên.", "ok")
    return redirect(url_for("admin.admin_page"), 303)
