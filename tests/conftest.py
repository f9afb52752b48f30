"""Shared fixtures: the samples generated once per test session, and helpers to reopen them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from engine.db.connect import database_url
from engine.output.generate import generate
from engine.word.reader import Docx

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))
SEEDS = ROOT.parent / "shared" / "seeds"
# Scripts run as programs by the tests (fake converters, the builder of tests/data/check).
collect_ignore = ["fakes", "data"]
pytest_plugins = ["tests.browser"]  # browser fixtures: page, phone_page, new_page, browser


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Generate every sample; return {"<campaign>/<doc>": path of its DOCX}."""
    out = tmp_path_factory.mktemp("out")
    written = generate(SAMPLES, out)
    return {f"{p.parent.name}/{p.stem}": p for p in written if p.suffix == ".docx"}


@pytest.fixture(scope="session")
def opened(generated: dict[str, Path]) -> dict[str, Docx]:
    """Every generated sample document, reopened for reading."""
    return {name: Docx(path.read_bytes()) for name, path in generated.items()}


POSTGRES = os.environ.get("VANBAN_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def postgres_url(schema: str) -> str:
    """Return a URL on the test PostgreSQL whose tables live in a fresh schema `schema`.

    In CI ($CI set) PostgreSQL must be there; elsewhere a test needing it is skipped.
    """
    import sqlalchemy

    base = database_url(POSTGRES)
    try:
        engine = sqlalchemy.create_engine(base)
        with engine.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        engine.dispose()
    except sqlalchemy.exc.OperationalError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    return f"{base}?options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: a SQLite file, or a schema of the test PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'vanban.db'}"
    return postgres_url(f"t_{os.getpid()}_{abs(hash(str(tmp_path))) % 10**8}")


@pytest.fixture(autouse=True)
def _fast_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id with a small cost in tests (the parameters travel in each hash, so checking
    still works); production keeps argon2-cffi's default profile."""
    from argon2 import PasswordHasher

    from engine.accounts import passwords

    monkeypatch.setattr(passwords, "_HASHER",
                        PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(autouse=True)
def _own_login(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's login or database: each has its own $VANBAN_HOME."""
    monkeypatch.setenv("VANBAN_HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.delenv("VANBAN_DATABASE_URL", raising=False)


@pytest.fixture
def engines() -> Iterator[list[Engine]]:
    """Engines a test opens, disposed at its end whatever happened (psycopg warns about
    unclosed connections)."""
    opened: list[Engine] = []
    yield opened
    for engine in opened:
        engine.dispose()
