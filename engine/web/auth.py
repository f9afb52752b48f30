"""Login and logout: Argon2id passwords, throttled (5 failures: 15 minutes locked per account
and per address), a new session token at every login (the cookie's content changes), revoked
at logout."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import LoginManager, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from engine.accounts.sessions import close_session, open_session, session_account
from engine.accounts.throttle import check_not_locked, record_failure
from engine.errors import NotLoggedIn, WorkflowError
from engine.web.access import WebUser, engine

blueprint = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Hãy đăng nhập để tiếp tục."
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(token: str) -> WebUser | None:
    try:
        with engine().connect() as conn:
            return WebUser(session_account(conn, token), token)
    except NotLoggedIn:
        return None


class LoginForm(FlaskForm):  # type: ignore[misc]
    login = StringField("Tên đăng nhập", validators=[
        DataRequired("Nhập tên đăng nhập."), Length(max=50)])
    password = PasswordField("Mật khẩu", validators=[
        DataRequired("Nhập mật khẩu."), Length(max=200)])


# A refused login's HTTP status: too many failures is 429, a locked account 403, else 401.
_LOGIN_STATUS = {"login-locked": 429, "user-disabled": 403}


@blueprint.route("/dang-nhap", methods=["GET", "POST"])
def login() -> Any:
    form = LoginForm()
    if form.validate_on_submit():
        address = request.remote_addr or "?"
        try:
            token, who = _open(form.login.data.strip(), form.password.data, address)
        except WorkflowError as exc:
            flash(exc.message, "error")
            return render_template("login.html", form=form), _LOGIN_STATUS.get(exc.code, 401)
        session.clear()  # nothing of the anonymous session survives the login
        login_user(WebUser(who, token))
        return redirect(url_for("documents.inbox"))
    return render_template("login.html", form=form)


def _open(login: str, password: str, address: str) -> tuple[str, Any]:
    with engine().begin() as conn:
        check_not_locked(conn, login, address)
    try:
        with engine().begin() as conn:
            return open_session(conn, login, password)
    except WorkflowError as exc:
        if exc.code == "login-failed":
            with engine().begin() as conn:
                record_failure(conn, login, address)
        raise


@blueprint.route("/dang-xuat", methods=["POST"])
@login_required
def logout() -> Response:
    from flask_login import current_user

    with engine().begin() as conn:
        close_session(conn, current_user.token)
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))
