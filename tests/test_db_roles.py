"""PostgreSQL roles: the owner of the tables migrates them, the application connects as a role
that does not own them and may only read, add and (outside the append-only tables) change rows.

Needs the roles of .ci/run ($VANBAN_TEST_PG_OWNER, $VANBAN_TEST_PG_APP): skipped without them,
except in CI ($CI set), where their absence fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy
from click.testing import CliRunner
from sqlalchemy import Engine, create_engine, event, insert, make_url, select

from engine.db.connect import database_url, open_engine, schema_revision, upgrade
from engine.db.privileges import PRIVILEGES, grant_application_role, grant_statements
from engine.db.tables import APPEND_ONLY, audit, documents, metadata, users
from engine.errors import BadValue, EngineError, WorkflowError
from tests.conftest import POSTGRES


def _head() -> str:
    """The newest migration, as Alembic reads the migrations folder."""
    from alembic.script import ScriptDirectory

    from engine.db.connect import MIGRATIONS

    return str(ScriptDirectory(str(MIGRATIONS)).get_current_head())


HEAD = _head()

OWNER = os.environ.get("VANBAN_TEST_PG_OWNER", "vanban_owner")
APP = os.environ.get("VANBAN_TEST_PG_APP", "vanban_app")
NOW = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


# -- the privilege table, without a database ---------------------------------------------------

def test_every_table_has_its_privileges() -> None:
    """A table added to engine/db/tables.py must get a line in engine/db/privileges.py."""
    assert set(PRIVILEGES) == set(metadata.tables) | {"alembic_version"}


def test_append_only_tables_are_only_read_and_added_to() -> None:
    assert {name: PRIVILEGES[name] for name in APPEND_ONLY} == \
        dict.fromkeys(APPEND_ONLY, ("SELECT", "INSERT"))


def test_no_table_may_lose_rows() -> None:
    granted = {p for privileges in PRIVILEGES.values() for p in privileges}
    assert granted == {"SELECT", "INSERT", "UPDATE"}


def test_names_are_quoted_in_the_statements() -> None:
    statements = grant_statements(create_engine("postgresql+psycopg://"), "s", "vanban_app")
    assert 'GRANT SELECT, INSERT ON TABLE "s"."audit" TO "vanban_app"' in statements
    assert statements[0].startswith('REVOKE ALL ON TABLE "s"."audit", "s"."versions"')


@pytest.mark.parametrize("role", ["", "App", "a-b", "x; DROP TABLE audit", "1abc", "a" * 64])
def test_a_bad_role_name_is_refused(role: str) -> None:
    engine = create_engine("sqlite://")
    with pytest.raises(BadValue, match="Tên vai trò"):
        grant_application_role(engine, role)
    engine.dispose()


def test_granting_is_refused_on_sqlite(tmp_path: Path) -> None:
    engine = open_engine(f"sqlite:///{tmp_path / 'vanban.db'}")
    with pytest.raises(BadValue, match="Chỉ PostgreSQL"):
        grant_application_role(engine, "vanban_app")
    engine.dispose()


# -- on PostgreSQL, as the two roles -----------------------------------------------------------

def _superuser() -> Engine:
    """The test PostgreSQL as its superuser; skip (fail in CI) without it or the two roles."""
    engine = create_engine(database_url(POSTGRES))
    try:
        with engine.connect() as conn:
            found = set(conn.execute(sqlalchemy.text(
                "SELECT rolname FROM pg_roles WHERE rolname IN (:owner, :app)"),
                {"owner": OWNER, "app": APP}).scalars())
    except sqlalchemy.exc.OperationalError as exc:
        engine.dispose()
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    if found != {OWNER, APP}:
        engine.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"roles {OWNER}, {APP} missing: .ci/run creates them")
        pytest.skip(f"roles {OWNER}, {APP} missing (create them as .ci/run does)")
    return engine


def _url(role: str, schema: str) -> str:
    base = make_url(database_url(POSTGRES)).set(username=role, password=None)
    return f"{base.render_as_string(hide_password=False)}?options=-csearch_path%3D{schema}"


class Schema:
    """A fresh schema owned by the owner role, the application role allowed to USE it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.owner = _url(OWNER, name)
        self.app = _url(APP, name)
        self.admin = _superuser()
        with self.admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
            conn.exec_driver_sql(f'CREATE SCHEMA "{name}" AUTHORIZATION "{OWNER}"')
            conn.exec_driver_sql(f'GRANT USAGE ON SCHEMA "{name}" TO "{APP}"')

    def drop(self) -> None:
        with self.admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{self.name}" CASCADE')
        self.admin.dispose()


def _schema_name(tag: str) -> str:
    return f"roles_{tag}_{os.getpid()}"


@pytest.fixture(scope="module")
def granted() -> Iterator[Schema]:
    """A schema migrated by the owner, the application role granted (once for the module)."""
    schema = Schema(_schema_name("granted"))
    try:
        engine = open_engine(schema.owner)
        try:
            grant_application_role(engine, APP)
        finally:
            engine.dispose()
        yield schema
    finally:
        schema.drop()


@pytest.fixture
def fresh() -> Iterator[Schema]:
    """A schema not migrated yet."""
    schema = Schema(_schema_name("fresh"))
    yield schema
    schema.drop()


@pytest.fixture
def app(granted: Schema) -> Iterator[Engine]:
    engine = open_engine(granted.app)
    yield engine
    engine.dispose()


def _document(doc_id: str) -> dict[str, Any]:
    return {"id": doc_id, "campaign": "/c.yaml", "campaign_id": "c", "ma": doc_id, "loai": "CV",
            "body": "ubnd", "series": "chung", "symbol": "UBND", "trich_yeu": "Về việc thử",
            "signer": "Nguyễn Văn A", "recipients": "[]", "archive": "VT", "state": "du_thao",
            "version": 1, "out_dir": "/out"}


def test_the_owner_migrated_and_the_tables_are_the_owners(granted: Schema) -> None:
    with granted.admin.connect() as conn:
        owners = set(conn.execute(sqlalchemy.text(
            "SELECT tableowner FROM pg_tables WHERE schemaname = :s"), {"s": granted.name})
            .scalars())
    assert owners == {OWNER}


def test_the_application_opens_a_migrated_schema_without_changing_it(granted: Schema) -> None:
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", seen)
    try:
        engine = open_engine(granted.app)
    finally:
        event.remove(Engine, "before_cursor_execute", seen)
    try:
        assert schema_revision(engine) == HEAD
    finally:
        engine.dispose()
    changing = [s for s in statements if s.lstrip().split()[0].upper() not in ("SELECT", "SHOW")]
    assert statements and not changing, changing


def test_the_application_reads_and_adds_rows(app: Engine) -> None:
    with app.begin() as conn:
        conn.execute(insert(documents).values(_document("c/1")))
        conn.execute(insert(audit).values(actor="A", role="drafter", action="draft", at=NOW))
        conn.execute(insert(users).values(login="a", full_name="A", password_hash="x",
                                          created_at=NOW))
        conn.execute(documents.update().where(documents.c.id == "c/1").values(version=2))
    with app.connect() as conn:
        assert conn.execute(select(documents.c.version).where(documents.c.id == "c/1")) \
            .scalar_one() == 2
        assert conn.execute(select(audit.c.actor)).scalars().all() == ["A"]


@pytest.mark.parametrize("statement", [
    "TRUNCATE audit",
    "TRUNCATE documents",
    "UPDATE audit SET actor = 'B'",
    "DELETE FROM audit",
    "UPDATE versions SET author = 'B'",
    "DELETE FROM documents",
    "DROP TRIGGER audit_no_truncate ON audit",
    "ALTER TABLE audit DISABLE TRIGGER ALL",
    "DROP TABLE audit",
    "CREATE TABLE extra (n integer)",
    "UPDATE alembic_version SET version_num = '0001'",
])
def test_the_application_may_not(app: Engine, statement: str) -> None:
    with pytest.raises(sqlalchemy.exc.ProgrammingError) as caught, app.begin() as conn:
        conn.exec_driver_sql(statement)
    assert getattr(caught.value.orig, "sqlstate", None) == "42501", caught.value


def test_the_owner_may_not_truncate_the_audit_either(granted: Schema,
                                                   engines: list[Engine]) -> None:
    engines.append(owner := create_engine(database_url(granted.owner)))
    with pytest.raises(sqlalchemy.exc.DBAPIError, match="audit is append-only"), \
            owner.begin() as conn:
        conn.exec_driver_sql("TRUNCATE audit")


def test_granting_again_changes_nothing(granted: Schema, engines: list[Engine]) -> None:
    engines.append(owner := open_engine(granted.owner))
    grant_application_role(owner, APP)
    test_the_application_opens_a_migrated_schema_without_changing_it(granted)


def test_the_owner_role_is_refused_as_the_application_role(granted: Schema,
                                                           engines: list[Engine]) -> None:
    """Revoking would strip the owner of its own privileges on its tables."""
    engines.append(owner := open_engine(granted.owner))
    with pytest.raises(WorkflowError) as caught:
        grant_application_role(owner, OWNER)
    assert caught.value.code == "database-privileges"
    with owner.begin() as conn:  # the owner still has every privilege
        conn.exec_driver_sql("DELETE FROM counters")


def test_an_unknown_role_is_refused(granted: Schema, engines: list[Engine]) -> None:
    engines.append(owner := open_engine(granted.owner))
    with pytest.raises(BadValue, match="không có vai trò «nobody_here»"):
        grant_application_role(owner, "nobody_here")


def test_the_application_cannot_migrate_a_new_schema(fresh: Schema) -> None:
    with pytest.raises(WorkflowError) as caught:
        open_engine(fresh.app)
    assert caught.value.code == "database-not-migrated"
    assert "vanban db upgrade" in str(caught.value) and APP in str(caught.value)


def test_the_application_cannot_migrate_an_old_schema(fresh: Schema,
                                                      engines: list[Engine]) -> None:
    engines.append(owner := open_engine(fresh.owner, migrate=False))
    upgrade(owner, "0002")
    with pytest.raises(EngineError) as caught:
        open_engine(fresh.app)
    assert caught.value.code == "database-not-migrated"
    assert schema_revision(owner) == "0002"  # nothing half-done


def _vanban(*args: str) -> Any:
    from engine.cli.commands import main

    return CliRunner().invoke(main, list(args))


def test_the_db_upgrade_command_migrates_and_grants(fresh: Schema,
                                                   engines: list[Engine]) -> None:
    result = _vanban("db", "upgrade", "--db", fresh.owner, "--app-role", APP)
    assert result.exit_code == 0, result.output
    assert HEAD in result.output and f"«{APP}»" in result.output
    engines.append(app := open_engine(fresh.app))
    with app.begin() as conn:
        conn.execute(insert(documents).values(_document("c/2")))
    again = _vanban("db", "upgrade", "--db", fresh.owner, "--app-role", APP)
    assert again.exit_code == 0, again.output


def test_the_db_upgrade_command_as_the_application_says_who_must_run_it(fresh: Schema) -> None:
    result = _vanban("db", "upgrade", "--db", fresh.app)
    assert result.exit_code == WorkflowError.exit_code, result.output
    assert "[database-not-migrated]" in result.output and "Traceback" not in result.output
