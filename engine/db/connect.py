"""Open the database: SQLite (a file in the working folder) or PostgreSQL ($VANBAN_DATABASE_URL).

SQLite: WAL, synchronous=FULL (an acknowledged number survives a power cut, E7), a 30 s busy
timeout, and every transaction BEGIN IMMEDIATE (a deferred one fails with SQLITE_BUSY under
concurrent writers: reliability.md §2.2, D4). PostgreSQL: READ COMMITTED; numbers come from a
locked counter row either way. The schema is brought up to date by Alembic on opening; on a
schema already at the latest version Alembic only reads `alembic_version`, so the application's
role, which does not own the tables (engine/db/privileges.py), can open it too.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError

from engine.errors import WorkflowError

MIGRATIONS = Path(__file__).with_name("migrations")
DEFAULT_FILE = "vanban.db"
# SQLSTATEs of a role that may not change the schema: insufficient_privilege (not the owner, no
# CREATE on the schema) and invalid_schema_name (no USAGE on the schema: nowhere to create in).
_NO_PRIVILEGE = ("42501", "3F000")


def database_url(url: str | None = None) -> str:
    """Return the URL to use: the one given, $VANBAN_DATABASE_URL, or ./vanban.db."""
    url = url or os.environ.get("VANBAN_DATABASE_URL")
    if not url:
        return f"sqlite:///{Path(DEFAULT_FILE).resolve()}"
    if url.startswith(("postgres://", "postgresql://")):  # use psycopg 3, the maintained driver
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def open_engine(url: str | None = None, *, migrate: bool = True) -> Engine:
    """Return an Engine on the database, its schema migrated to the latest version."""
    target = database_url(url)
    if target.startswith("sqlite"):
        engine = create_engine(target, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
    else:
        engine = create_engine(target, isolation_level="READ COMMITTED", pool_pre_ping=True)
    if migrate:
        try:
            upgrade(engine)
        except Exception:
            engine.dispose()
            raise
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event issues BEGIN itself
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "busy_timeout=30000",
                   "foreign_keys=ON"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def upgrade(engine: Engine, target: str = "head") -> None:
    """Apply every Alembic migration not yet applied (up to `target`), in one transaction.

    A role that may not change the schema gets an error saying who must migrate, not a traceback.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, target)
    except DBAPIError as exc:
        if not insufficient_privilege(exc):
            raise
        raise not_migrated(engine) from exc


def schema_revision(engine: Engine) -> str | None:
    """Return the Alembic revision the schema is at (None: never migrated)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def insufficient_privilege(exc: DBAPIError) -> bool:
    """Whether PostgreSQL refused `exc`'s statement because the role lacks a privilege."""
    return getattr(exc.orig, "sqlstate", None) in _NO_PRIVILEGE


def not_migrated(engine: Engine) -> WorkflowError:
    """The error of a role that cannot bring the schema up to date (it does not own it)."""
    role = engine.url.username
    who = f"«{role}»" if role else "đang dùng"
    return WorkflowError(
        f"Cơ sở dữ liệu chưa ở phiên bản mới nhất của vanban và vai trò {who} không có quyền "
        "nâng cấp lược đồ (không sở hữu các bảng, hoặc chưa được cấp quyền).",
        hint=f"Người quản trị chạy «vanban db upgrade --db URL --app-role {role or 'VAI_TRÒ'}», "
             "với URL kết nối bằng vai trò sở hữu các bảng, rồi thử lại.",
        code="database-not-migrated")
