"""The database commands of `vanban`: migrate the schema as the owner of the tables, and grant
the application's role what it may do (engine/db/privileges.py)."""

from __future__ import annotations

import click

from engine.db.connect import open_engine, schema_revision
from engine.db.privileges import grant_application_role


@click.group("db")
def db_group() -> None:
    """Cơ sở dữ liệu: nâng cấp lược đồ, cấp quyền cho vai trò của ứng dụng."""


@db_group.command("upgrade")
@click.option("--db", "db", default=None, metavar="URL",
              help="Cơ sở dữ liệu, kết nối bằng vai trò sở hữu các bảng (mặc định: "
                   "$VANBAN_DATABASE_URL hoặc ./vanban.db).")
@click.option("--app-role", "app_role", default=None, metavar="ROLE",
              help="Vai trò PostgreSQL mà ứng dụng dùng để kết nối: cấp đúng các quyền nó cần "
                   "(đọc, thêm, sửa dòng; không xóa, không TRUNCATE).")
def upgrade_command(db: str | None, app_role: str | None) -> None:
    """Nâng cấp lược đồ lên phiên bản mới nhất; chạy lại sau mỗi lần cập nhật vanban."""
    engine = open_engine(db)
    try:
        click.echo(f"Lược đồ ở phiên bản {schema_revision(engine)}.")
        if app_role:
            grant_application_role(engine, app_role)
            click.echo(f"Đã cấp quyền cho vai trò «{app_role}».")
    finally:
        engine.dispose()
