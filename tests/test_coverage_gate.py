"""tools/coverage_gate.py: which runs it gates, and that a module under the minimum fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools.coverage_gate import selects_tests

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("args", "partial"), [
    ([], False),
    (["-q", "-p", "no:cacheprovider"], False),
    (["-q", "--tb", "short"], False),
    (["tests/test_cli.py"], True),
    (["-k", "jobs"], True),
    (["-x"], True),
    (["--lf"], True),
    (["--deselect=tests/test_cli.py::test_x"], True),
])
def test_only_a_whole_suite_run_is_gated(args: list[str], partial: bool) -> None:
    assert selects_tests(args) is partial


def test_modules_never_run_are_named_and_fail_the_gate(tmp_path: Path) -> None:
    """With no data at all, every module is at 0 %: the gate lists them and exits 1; a partial
    run's report exits 0."""
    env = {**os.environ, "COVERAGE_FILE": str(tmp_path / "coverage")}
    env.pop("COVERAGE_PROCESS_START", None)
    gated = subprocess.run([sys.executable, "tools/coverage_gate.py", "--min", "90"], cwd=ROOT,
                           env=env, capture_output=True, text=True)
    assert gated.returncode == 1, gated.stdout[-500:]
    assert "0.0 %" in gated.stdout and "engine/jobs/batch.py  << under the minimum" in \
        gated.stdout
    assert "under 90 %: " in gated.stderr and "engine/errors.py" in gated.stderr
    partial = subprocess.run([sys.executable, "tools/coverage_gate.py", "--", "tests/x.py"],
                             cwd=ROOT, env=env, capture_output=True, text=True)
    assert partial.returncode == 0 and "a partial run" in partial.stdout
