"""What the application's PostgreSQL role may do on each table, and the GRANTs that say so.

On PostgreSQL the tables belong to an owner role that migrates them (`vanban db upgrade`); the
application connects as another role that may read and add rows, change rows only where the
workflow changes them, and never delete, truncate, alter, or drop a trigger: an owner can do all
of that whatever the privileges say, so the application must not be the owner (README: roles).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from engine.db.connect import insufficient_privilege
from engine.errors import BadValue, WorkflowError

_APPEND = ("SELECT", "INSERT")             # rows are never changed or removed (APPEND_ONLY)
_ROWS = ("SELECT", "INSERT", "UPDATE")     # rows change; none is ever deleted

# Every table of engine.db.tables.metadata, and Alembic's; tests/test_db_roles.py fails when a
# table has no line here.
PRIVILEGES: Mapping[str, tuple[str, ...]] = {
    "audit": _APPEND,
    "versions": _APPEND,
    "snapshots": _APPEND,
    "sessions": _ROWS,
    "documents": _ROWS,
    "counters": _ROWS,
    "bodies": _ROWS,
    "campaigns": _ROWS,
    "users": _ROWS,
    "roles": _ROWS,
    "chain_heads": _ROWS,
    "seen_versions": _ROWS,
    "batches": _ROWS,
    "batch_jobs": _ROWS,
    "tasks": _ROWS,
    "login_failures": _APPEND,                # kept: the security log of failed logins
    "alembic_version": ("SELECT",),
}
# On every sequence of the schema (audit.id and users.id are serial): nextval, currval.
SEQUENCE_PRIVILEGES = ("USAGE", "SELECT")
# The table privileges PostgreSQL knows (15); the role must have exactly those of PRIVILEGES.
_TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")
# A role name as written unquoted: lower case, so that it means the same quoted or not.
ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def grant_application_role(engine: Engine, role: str) -> None:
    """Give `role` exactly PRIVILEGES on the tables of the connected schema, USAGE on the schema
    and SEQUENCE_PRIVILEGES on its sequences; what it had on them before is revoked first, so
    running this again changes nothing. Run it as the owner of the tables, after migrating."""
    if not ROLE_NAME.fullmatch(role):
        raise BadValue(f"Tên vai trò «{role}» không hợp lệ.",
                       hint="Dùng chữ thường không dấu, chữ số và «_», tối đa 63 ký tự.")
    if engine.dialect.name != "postgresql":
        raise BadValue(f"Chỉ PostgreSQL mới có vai trò; cơ sở dữ liệu này là "
                       f"{engine.dialect.name}.", hint="Bỏ --app-role, hoặc dùng --db "
                       "postgresql://… .")
    with engine.begin() as connection:
        _check_ready(connection, role)
        schema = str(connection.exec_driver_sql("SELECT current_schema()").scalar_one())
        try:
            for statement in grant_statements(engine, schema, role):
                connection.exec_driver_sql(statement)
        except DBAPIError as exc:
            if not insufficient_privilege(exc):
                raise
            raise _not_owner(engine) from exc
        _check_granted(connection, engine, schema, role)


def grant_statements(engine: Engine, schema: str, role: str) -> list[str]:
    """The REVOKE and GRANT statements of grant_application_role, names quoted."""
    quote = engine.dialect.identifier_preparer.quote_identifier
    where, who = quote(schema), quote(role)
    tables = ", ".join(f"{where}.{quote(name)}" for name in PRIVILEGES)
    statements = [f"REVOKE ALL ON TABLE {tables} FROM {who}",
                  f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {where} FROM {who}",
                  f"REVOKE CREATE ON SCHEMA {where} FROM {who}",
                  f"GRANT USAGE ON SCHEMA {where} TO {who}"]
    statements += [f"GRANT {', '.join(granted)} ON TABLE {where}.{quote(name)} TO {who}"
                   for name, granted in PRIVILEGES.items()]
    statements.append(f"GRANT {', '.join(SEQUENCE_PRIVILEGES)} ON ALL SEQUENCES IN SCHEMA "
                      f"{where} TO {who}")
    return statements


def _check_ready(connection: Connection, role: str) -> None:
    """Refuse an unknown role, one that may act as the owner of the tables (a superuser, the
    owner or a member of it: revoking would strip the owner's own privileges), and a schema
    whose tables are not all there yet."""
    owner_like = connection.execute(text(
        "SELECT r.rolsuper OR EXISTS (SELECT FROM pg_tables t WHERE t.schemaname = "
        "current_schema() AND pg_has_role(r.rolname, t.tableowner, 'MEMBER')) "
        "FROM pg_roles r WHERE r.rolname = :role"), {"role": role}).scalar()
    if owner_like is None:
        raise BadValue(f"PostgreSQL không có vai trò «{role}».",
                       hint=f"Tạo vai trò trước: CREATE ROLE {role} LOGIN;")
    if owner_like:
        raise WorkflowError(f"Vai trò «{role}» là superuser hoặc sở hữu các bảng: không dùng "
                            "được làm vai trò của ứng dụng.",
                            hint="Tạo một vai trò riêng cho ứng dụng (README: PostgreSQL).",
                            code="database-privileges")
    missing = sorted(set(PRIVILEGES) - set(inspect(connection).get_table_names()))
    if missing:
        raise WorkflowError(f"Lược đồ chưa có các bảng: {', '.join(missing)}.",
                            hint="Chạy «vanban db upgrade» trước khi cấp quyền.",
                            code="database-not-migrated")


def _check_granted(connection: Connection, engine: Engine, schema: str, role: str) -> None:
    """Refuse when the role can do more or less than PRIVILEGES says: GRANT and REVOKE only
    warn when the one running them may not grant, and a superuser or a member of the owner
    role has every privilege whatever was granted."""
    held = connection.execute(
        text("SELECT t.name, p.name FROM unnest(CAST(:tables AS text[])) AS t(name) "
             "CROSS JOIN unnest(CAST(:privileges AS text[])) AS p(name) "
             "WHERE has_table_privilege(CAST(:role AS name), "
             "format('%I.%I', CAST(:schema AS text), t.name), p.name)"),
        {"tables": list(PRIVILEGES), "privileges": list(_TABLE_PRIVILEGES), "role": role,
         "schema": schema}).all()
    wanted = {(name, granted) for name, privileges in PRIVILEGES.items()
              for granted in privileges}
    wrong = sorted({(name, granted) for name, granted in held} ^ wanted)
    if wrong:
        listed = ", ".join(f"{name} {granted}" for name, granted in wrong)
        raise WorkflowError(
            f"Vai trò «{role}» không có đúng các quyền dự kiến trên lược đồ «{schema}» "
            f"(khác ở: {listed}).",
            hint="Chạy lệnh bằng vai trò sở hữu các bảng; vai trò ứng dụng không được là "
                 "superuser hay thành viên của vai trò sở hữu.",
            code="database-privileges")


def _not_owner(engine: Engine) -> WorkflowError:
    role = engine.url.username
    who = f"«{role}»" if role else "đang dùng"
    return WorkflowError(f"Vai trò {who} không được cấp quyền trên các bảng (không sở hữu chúng).",
                         hint="Chạy lệnh với URL của vai trò sở hữu các bảng.",
                         code="database-privileges")
