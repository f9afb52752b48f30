"""The quản trị's pages: the users and roles of the bodies they administer, the body profiles
(import or refresh), the separation-of-duties policy; the same engine services as the
command line's `user`, `body` commands, with the same rules (only a quản trị of a body gives
roles in it)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from werkzeug.wrappers import Response
from wtforms import BooleanField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length

from engine.accounts.roles import Role
from engine.accounts.users import Grant, add_user, disable_user, grant_roles, list_users
from engine.errors import AccessDenied, BadValue, InputError, WorkflowError
from engine.web.access import account, engine, refuse
from engine.web.forms import choices
from engine.workflow.bodies import add_body, set_self_approval

blueprint = Blueprint("admin", __name__)


class UserForm(FlaskForm):  # type: ignore[misc]
    login = StringField("Tên đăng nhập", validators=[DataRequired("Nhập tên đăng nhập."),
                                                     Length(max=50)])
    full_name = StringField("Họ tên", validators=[DataRequired("Nhập họ tên."), Length(max=50)])
    password = PasswordField("Mật khẩu (ít nhất 10 ký tự)",
                             validators=[DataRequired("Nhập mật khẩu.")])
    body = SelectField("Cơ quan", validators=[DataRequired("Chọn cơ quan.")])
    roles = SelectMultipleField("Vai trò", validators=[DataRequired("Chọn ít nhất một vai trò.")],
                                choices=choices((r.value, r.label) for r in Role))
    signer = StringField("Mã người ký trong hồ sơ (vai trò người ký; bỏ trống: theo họ tên)",
                         validators=[Length(max=100)])
    unit = StringField("Mã đơn vị (vai trò thủ trưởng đơn vị: tên tệp đề nghị, ví dụ "
                       "phong-noi-vu)", validators=[Length(max=100)])


class ProfileForm(FlaskForm):  # type: ignore[misc]
    tep = FileField("Hồ sơ cơ quan (YAML)", validators=[
        FileRequired("Chọn tệp."), FileAllowed(["yaml", "yml"], "Chỉ nhận tệp .yaml/.yml.")])


class PolicyForm(FlaskForm):  # type: ignore[misc]
    body = SelectField("Cơ quan", validators=[DataRequired()])
    self_approval = BooleanField("Cho phép người soạn tự duyệt phiên bản của mình")


def _administered() -> list[str]:
    mine = sorted(g.body for g in account().grants if g.role is Role.ADMIN)
    if not mine:
        refuse(403, "Trang này dành cho quản trị.")
    return mine


def _forms(bodies: list[str]) -> dict[str, Any]:
    user_form, policy_form = UserForm(prefix="tk"), PolicyForm(prefix="cs")
    user_form.body.choices = policy_form.body.choices = choices((b, b) for b in bodies)
    return {"user_form": user_form, "profile_form": ProfileForm(prefix="hs"),
            "policy_form": policy_form}


def _page(forms: dict[str, Any], status: int = 200) -> tuple[str, int]:
    with engine().connect() as conn:
        people = list_users(conn, account())
    return render_template("admin.html", people=people, **forms), status


@blueprint.route("/quan-tri")
@login_required
def admin_page() -> tuple[str, int]:
    return _page(_forms(_administered()))


@blueprint.route("/quan-tri/tai-khoan", methods=["POST"])
@login_required
def add_account() -> Any:
    forms = _forms(_administered())
    form = forms["user_form"]
    if not form.validate_on_submit():
        return _page(forms, 400)
    grants = [Grant(form.body.data, Role(r),
                    (form.signer.data or None) if Role(r) is Role.SIGNER else None,
                    (form.unit.data or None) if Role(r) is Role.UNIT_HEAD else None)
              for r in form.roles.data]
    try:
        with engine().begin() as conn:
            made = add_user(conn, form.login.data.strip(), form.full_name.data,
                            form.password.data, grants, account())
    except AccessDenied as exc:
        refuse(403, exc.message)
    except (BadValue, WorkflowError) as exc:
        form.form_errors.append(exc.message)
        return _page(forms, 400)
    flash(f"Đã tạo tài khoản «{made.login}» ({made.name}).", "ok")
    return redirect(url_for("admin.admin_page"), 303)


@blueprint.route("/quan-tri/tai-khoan/<login>/vai-tro", methods=["POST"])
@login_required
def add_roles(login: str) -> Response:
    forms = _forms(_administered())
    form = forms["user_form"]
    roles = [Role(r) for r in form.roles.data or [] if r in {x.value for x in Role}]
    try:
        with engine().begin() as conn:
            grant_roles(conn, login, [Grant(form.body.data, r, form.signer.data or None,
                                            form.unit.data or None) for r in roles], account())
    except AccessDenied as exc:
        refuse(403, exc.message)
    except (BadValue, WorkflowError) as exc:
        flash(exc.message, "error")
    return redirect(url_for("admin.admin_page"), 303)


@blueprint.route("/quan-tri/tai-khoan/<login>/khoa", methods=["POST"])
@login_required
def disable_account(login: str) -> Response:
    _administered()
    try:
        with engine().begin() as conn:
            disable_user(conn, login, account())
    except AccessDenied as exc:
        refuse(403, exc.message)
    except WorkflowError as exc:
        refuse(404, exc.message)
    flash(f"Đã khóa tài khoản «{login}»; các phiên đăng nhập của nó đã kết thúc.", "ok")
    return redirect(url_for("admin.admin_page"), 303)


@blueprint.route("/quan-tri/ho-so", methods=["POST"])
@login_required
def upload_profile() -> Any:
    forms = _forms(_administered())
    form = forms["profile_form"]
    if not form.validate_on_submit():
        return _page(forms, 400)
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "co-quan.yaml"
        form.tep.data.save(path)
        try:
            body = add_body(engine(), path, account())
        except AccessDenied as exc:
            refuse(403, exc.message)
        except InputError as exc:
            form.tep.errors = [str(p).replace(str(path), "co-quan.yaml") for p in exc.problems]
            return _page(forms, 400)
    flash(f"Đã nhập hồ sơ cơ quan «{body}».", "ok")
    return redirect(url_for("admin.admin_page"), 303)


@blueprint.route("/quan-tri/chinh-sach", methods=["POST"])
@login_required
def policy() -> Response:
    forms = _forms(_administered())
    form = forms["policy_form"]
    if form.validate_on_submit():
        try:
            set_self_approval(engine(), form.body.data, form.self_approval.data, account())
        except AccessDenied as exc:
            refuse(403, exc.message)
        flash("Đã lưu chính sách phân tách nhiệm vụ.", "ok")
    return redirect(url_for("admin.admin_page"), 303)
