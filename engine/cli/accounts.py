"""Accounts on the command line: bodies, users and roles, login and logout."""

from __future__ import annotations

import os
from pathlib import Path

import click
from sqlalchemy import Engine

from engine.accounts.roles import Role
from engine.accounts.sessions import close_session, open_session, session_account
from engine.accounts.users import (
    Account,
    Grant,
    add_user,
    disable_user,
    grant_roles,
    list_users,
)
from engine.base.text import printable
from engine.cli import session_file
from engine.db.connect import DEFAULT_FILE, database_url, open_engine
from engine.errors import NotLoggedIn
from engine.workflow.bodies import add_body, set_self_approval
from engine.workflow.store import issued_files

DB = click.option("--db", "db", default=None, metavar="URL",
                  help="Cơ sở dữ liệu (mặc định: $VANBAN_DATABASE_URL, cơ sở của lần đăng nhập, "
                       "hoặc ./vanban.db).")
_ROLES = click.Choice([r.value for r in Role])


def _configured(db: str | None) -> str | None:
    """--db, else $VANBAN_DATABASE_URL, else the database logged in to (None: ./vanban.db)."""
    saved = session_file.read()
    return db or os.environ.get("VANBAN_DATABASE_URL") or (saved.db if saved else None)


def engine_for(db: str | None) -> Engine:
    """Open the database: --db, $VANBAN_DATABASE_URL, the one logged in to, or ./vanban.db."""
    return open_engine(_configured(db))


def register_protection() -> frozenset[Path]:
    """The files the register (if there is one: $VANBAN_DATABASE_URL, the database logged in
    to, or an existing ./vanban.db; none is created) lists as issued."""
    url = _configured(None)
    if url is None and not Path(DEFAULT_FILE).is_file():
        return frozenset()
    engine = open_engine(url)
    try:
        return issued_files(engine)
    finally:
        engine.dispose()


def logged_in(engine: Engine) -> Account:
    """Return the account of the command line's session on `engine`; refuse without one."""
    saved = session_file.read()
    with engine.connect() as conn:
        return session_account(conn, saved.token if saved else None)


def maybe_logged_in(engine: Engine) -> Account | None:
    """The session's account, or None when nobody is logged in (the bootstrap)."""
    try:
        return logged_in(engine)
    except NotLoggedIn:
        return None


def _password(confirm: bool) -> str:
    return os.environ.get("VANBAN_PASSWORD") or click.prompt(
        "Mật khẩu", hide_input=True, confirmation_prompt=confirm)


@click.group("body")
def body_group() -> None:
    """Cơ quan ban hành: nhập hồ sơ, chính sách phân tách nhiệm vụ (quản trị)."""


@body_group.command("add")
@click.argument("profile", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@DB
def body_add(profile: Path, db: str | None) -> None:
    """Nhập (hoặc cập nhật) hồ sơ cơ quan PROFILE (YAML)."""
    engine = engine_for(db)
    click.echo(add_body(engine, profile, maybe_logged_in(engine)))


@body_group.command("policy")
@click.argument("body")
@click.option("--self-approval/--no-self-approval", required=True,
              help="Cho phép người soạn tự duyệt phiên bản của mình (mặc định: không).")
@DB
def body_policy(body: str, self_approval: bool, db: str | None) -> None:
    """Đặt chính sách phân tách nhiệm vụ của cơ quan BODY."""
    engine = engine_for(db)
    set_self_approval(engine, body, self_approval, logged_in(engine))
    click.echo(f"{body}: {'cho phép' if self_approval else 'không cho phép'} tự duyệt")


@click.group("user")
def user_group() -> None:
    """Tài khoản và vai trò (quản trị)."""


@user_group.command("add")
@click.argument("login")
@click.option("--name", required=True, help="Họ tên đầy đủ.")
@click.option("--body", required=True, help="Mã cơ quan.")
@click.option("--role", "roles", type=_ROLES, multiple=True, required=True, help="Vai trò.")
@click.option("--signer", default=None, help="Mã người ký trong hồ sơ cơ quan (vai trò nguoi_ky).")
@click.option("--unit", default=None, help="Mã đơn vị (vai trò thu_truong_don_vi): tên tệp đề "
              "nghị của đơn vị trong đợt khen thưởng, ví dụ phong-noi-vu.")
@DB
def user_add(login: str, name: str, body: str, roles: tuple[str, ...], signer: str | None,
             unit: str | None, db: str | None) -> None:
    """Tạo tài khoản LOGIN (mật khẩu: hỏi, hoặc $VANBAN_PASSWORD)."""
    engine = engine_for(db)
    by = maybe_logged_in(engine)
    password = _password(confirm=True)
    grants = _grants(body, roles, signer, unit)
    with engine.begin() as conn:
        account = add_user(conn, login, name, password, grants, by)
    click.echo(_describe(account))


@user_group.command("grant")
@click.argument("login")
@click.option("--body", required=True, help="Mã cơ quan.")
@click.option("--role", "roles", type=_ROLES, multiple=True, required=True, help="Vai trò.")
@click.option("--signer", default=None, help="Mã người ký trong hồ sơ cơ quan (vai trò nguoi_ky).")
@click.option("--unit", default=None, help="Mã đơn vị (vai trò thu_truong_don_vi).")
@DB
def user_grant(login: str, body: str, roles: tuple[str, ...], signer: str | None,
               unit: str | None, db: str | None) -> None:
    """Thêm vai trò cho tài khoản LOGIN."""
    engine = engine_for(db)
    by = logged_in(engine)  # before the write transaction: SQLite has one writer at a time
    grants = _grants(body, roles, signer, unit)
    with engine.begin() as conn:
        account = grant_roles(conn, login, grants, by)
    click.echo(_describe(account))


@user_group.command("list")
@DB
def user_list(db: str | None) -> None:
    """Liệt kê tài khoản của các cơ quan mình quản trị."""
    engine = engine_for(db)
    by = logged_in(engine)
    with engine.connect() as conn:
        for row, account in list_users(conn, by):
            flag = "  (đã khóa)" if row.disabled else ""
            click.echo(_describe(account) + flag)


@user_group.command("disable")
@click.argument("login")
@DB
def user_disable(login: str, db: str | None) -> None:
    """Khóa tài khoản LOGIN và kết thúc các phiên đăng nhập của nó."""
    engine = engine_for(db)
    by = logged_in(engine)
    with engine.begin() as conn:
        disable_user(conn, login, by)
    click.echo(f"{login}: đã khóa")


def _grants(body: str, roles: tuple[str, ...], signer: str | None,
            unit: str | None) -> list[Grant]:
    """The roles asked for; a signer's entry and a unit head's unit go with their role only."""
    return [Grant(body, Role(r), signer if Role(r) is Role.SIGNER else None,
                  unit if Role(r) is Role.UNIT_HEAD else None) for r in roles]


def _describe(account: Account) -> str:
    roles = ", ".join(f"{g.body}:{g.role.value}" + (f"({g.signer or g.unit})"
                                                     if g.signer or g.unit else "")
                      for g in account.grants)
    return f"{account.login:<20} {printable(account.name):<30} {roles}"


@click.command("login")
@click.argument("login")
@click.option("--hours", type=click.FloatRange(0.1, 24 * 7), default=12.0, show_default=True,
              help="Thời hạn của phiên đăng nhập (giờ).")
@DB
def login_command(login: str, hours: float, db: str | None) -> None:
    """Đăng nhập (mật khẩu: hỏi, hoặc $VANBAN_PASSWORD); các lệnh sau thực hiện với tài khoản
    này."""
    url = database_url(db or os.environ.get("VANBAN_DATABASE_URL"))
    engine = open_engine(url)
    with engine.begin() as conn:
        token, account = open_session(conn, login, _password(confirm=False), hours)
    session_file.save(session_file.Saved(url, token, login))
    click.echo(f"Đã đăng nhập: {_describe(account)}")


@click.command("logout")
def logout_command() -> None:
    """Đăng xuất."""
    saved = session_file.read()
    if saved is not None:
        engine = open_engine(saved.db)
        with engine.begin() as conn:
            close_session(conn, saved.token)
    session_file.forget()
    click.echo("Đã đăng xuất.")


@click.command("whoami")
@DB
def whoami_command(db: str | None) -> None:
    """Tài khoản đang đăng nhập và vai trò."""
    click.echo(_describe(logged_in(engine_for(db))))


def register_account_commands(main: click.Group) -> None:
    """Add the account commands to the `vanban` group."""
    for command in (body_group, user_group, login_command, logout_command, whoami_command):
        main.add_command(command)
