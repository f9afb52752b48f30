"""Open the database: SQLite (a file in the working folder) or PostgreSQL ($VANBAN_DATABASE_URL).

SQLite: WAL, synchronous=FULL (an acknowledged number survives a power cut, E7), a 30 s busy
timeout, and every transaction BEGIN IMMEDIATE (a deferred one fails with SQLITE_BUSY under
concurrent writers: reliability.md §2.2, D4). PostgreSQL: READ COMMITTED; numbers come from a
locked counter row either way. The schema is brought up to date by Alembic on opening.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event

MIGRATIONS = Path(__file__).with_name("migrations")
DEFAULT_FILE = "vanban.db"


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
        upgrade(engine)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event issues BEGIN itself
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "busy_timeout=30000",
                   "foreign_keys=ON"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def upgrade(engine: Engine) -> None:
    """Apply every Alembic migration not yet applied."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
