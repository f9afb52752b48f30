"""Shared fixtures: the samples generated once per test session, and helpers to reopen them."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.generate import generate
from engine.inspect import Docx

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))
SEEDS = ROOT.parent / "shared" / "seeds"
# Scripts run as programs by the tests (fake converters, the builder of tests/data/check).
collect_ignore = ["fakes", "data"]


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
