"""Where granting the application role its privileges refuses (engine/db/privileges.py): a schema
not migrated yet, a connection that does not own the tables, a role that ends up with more or
fewer privileges than PRIVILEGES says (PostgreSQL only warns then), and a database error that
is no privilege problem. Each refusal is a typed error (exit code 4) that changes nothing.

Needs the test PostgreSQL and the roles of .ci/run, as tests/test_db_roles.py (its helpers)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import sqlalchemy
from click.testing import CliRunner
from sqlalchemy import Engine, create_engine, inspect

from engine.cli import main
from engine.db.connect import database_url, open_engine, upgrade
from engine.db.privileges import grant_application_role
from engine.errors import ExitCode, WorkflowError
from tests.test_db_roles import APP, OWNER, Schema, _url


def _held(schema: Schema, role: str, table: str) -> set[str]:
    """The privileges `role` has on `table` of the schema, as PostgreSQL answers."""
    with schema.admin.connect() as conn:
        return {privilege for privilege in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE")
                if conn.execute(sqlalchemy.text(
                    "SELECT has_table_privilege(CAST(:role AS name), :table, :privilege)"),
                    {"role": role, "table": f'"{schema.name}"."{table}"',
                     "privilege": privilege}).scalar_one()}


@pytest.fixture
def schema(request: pytest.FixtureRequest) -> Iterator[Schema]:
    made = Schema(f"priv_{request.node.name[5:25].replace('-', '_')}_{os.getpid()}".lower())
    yield made
    made.drop()


def _raw(url: str, engines: list[Engine]) -> Engine:
    """An engine on `url` that neither migrates nor checks the schema."""
    engines.append(engine := create_engine(database_url(url)))
    return engine


def test_granting_on_a_schema_not_migrated_yet_names_the_missing_tables(
        schema: Schema, engines: list[Engine]) -> None:
    owner = _raw(schema.owner, engines)
    with pytest.raises(WorkflowError) as caught:
        grant_application_role(owner, APP)
    assert caught.value.code == "database-not-migrated"
    assert caught.value.exit_code == ExitCode.REFUSED
    assert caught.value.hint == "Chạy «vanban db upgrade» trước khi cấp quyền."
    listed = caught.value.message.removeprefix("Lược đồ chưa có các bảng: ").rstrip(".")
    assert {"audit", "documents", "users", "alembic_version"} <= set(listed.split(", "))
    upgrade(owner, "0002")                             # half-way: only the newer tables miss
    with pytest.raises(WorkflowError) as caught:
        grant_application_role(owner, APP)
    missing = set(caught.value.message.removeprefix("Lược đồ chưa có các bảng: ").rstrip(".")
                  .split(", "))
    present = set(inspect(owner).get_table_names(schema=schema.name))
    assert missing and "audit" in present and not missing & present
    assert _held(schema, APP, "audit") == set()       # nothing was granted


def test_a_role_that_does_not_own_the_tables_is_told_to_use_the_owner(
        schema: Schema, engines: list[Engine]) -> None:
    engines.append(open_engine(schema.owner))         # migrated, the application not granted
    app = _raw(schema.app, engines)
    with pytest.raises(WorkflowError) as caught:
        grant_application_role(app, APP)
    assert caught.value.code == "database-privileges"
    assert caught.value.message == (f"Vai trò «{APP}» không được cấp quyền trên các bảng "
                                    "(không sở hữu chúng).")
    assert caught.value.hint == "Chạy lệnh với URL của vai trò sở hữu các bảng."
    assert _held(schema, APP, "documents") == set()


def test_a_privilege_leaking_through_public_is_found_after_granting(schema: Schema) -> None:
    """REVOKE takes back what was granted to the role, not what PUBLIC has: the check after the
    GRANTs sees the DELETE the application would have, and `db upgrade` refuses."""
    engine = open_engine(schema.owner)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("GRANT DELETE ON documents TO PUBLIC")
    finally:
        engine.dispose()
    result = CliRunner().invoke(main, ["db", "upgrade", "--db", schema.owner, "--app-role", APP])
    assert result.exit_code == ExitCode.REFUSED, result.output
    assert (f"Lỗi: [database-privileges] Vai trò «{APP}» không có đúng các quyền dự kiến trên "
            f"lược đồ «{schema.name}» (khác ở: documents DELETE).") in result.output
    assert f"Đã cấp quyền cho vai trò «{APP}»" not in result.output
    assert _held(schema, APP, "audit") == set()       # the GRANTs were rolled back with it


@pytest.fixture
def third_role(schema: Schema) -> Iterator[str]:
    """A role that is neither the owner nor the application (cluster-wide: dropped after)."""
    name = f"vanban_thu_{os.getpid()}"
    with schema.admin.begin() as conn:
        conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{name}"')
        conn.exec_driver_sql(f'CREATE ROLE "{name}"')
    yield name
    with schema.admin.begin() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema.name}" CASCADE')
        conn.exec_driver_sql(f'DROP OWNED BY "{name}"')
        conn.exec_driver_sql(f'DROP ROLE "{name}"')


def test_grants_that_postgresql_only_warns_about_are_refused(
        schema: Schema, third_role: str, engines: list[Engine]) -> None:
    """The application role holds its privileges without grant option: its GRANTs to another
    role are warnings, the other role gets nothing, and the check says which are missing."""
    engines.append(owner := open_engine(schema.owner))
    grant_application_role(owner, APP)
    app = _raw(schema.app, engines)
    with pytest.raises(WorkflowError) as caught:
        grant_application_role(app, third_role)
    assert caught.value.code == "database-privileges"
    assert caught.value.message.startswith(
        f"Vai trò «{third_role}» không có đúng các quyền dự kiến trên lược đồ «{schema.name}» "
        "(khác ở: alembic_version SELECT, audit INSERT, audit SELECT, ")
    assert "documents UPDATE" in caught.value.message
    assert _held(schema, third_role, "documents") == set()
    assert _held(schema, APP, "documents") == {"SELECT", "INSERT", "UPDATE"}   # untouched


def test_a_database_error_that_is_no_privilege_problem_is_not_disguised(
        schema: Schema, engines: list[Engine]) -> None:
    """On a read-only server (a standby) the REVOKE fails as read-only, not as a missing
    privilege: the error stays PostgreSQL's own."""
    engines.append(owner := open_engine(schema.owner))
    grant_application_role(owner, APP)
    read_only = _raw(_url(OWNER, schema.name) + "%20-cdefault_transaction_read_only%3Don",
                     engines)
    with pytest.raises(sqlalchemy.exc.DBAPIError) as caught:
        grant_application_role(read_only, APP)
    assert getattr(caught.value.orig, "sqlstate", None) == "25006"   # read_only_sql_transaction
    assert _held(schema, APP, "documents") == {"SELECT", "INSERT", "UPDATE"}
