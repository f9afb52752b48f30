"""The README's workflow walk-through, run as printed through the real command line (issue 14,
9: the workflow CLI was never run by a test): every line's exit code is 0 and the issuance line
prints what the README promises."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT
from tests.golden import assert_matches_golden

VANBAN = ROOT / ".venv" / "bin" / "vanban"


def _walkthrough() -> tuple[dict[str, str], list[list[str]], dict[str, str]]:
    """The walk-through's environment, commands and promised outputs (command → comment)."""
    readme = (ROOT / "README.md").read_text("utf-8")
    block = readme.split("A walk through, on the Kinh Môn sample", 1)[1].split("\n\n", 2)[1]
    env: dict[str, str] = {}
    commands: list[list[str]] = []
    promised: dict[str, str] = {}
    for line in (raw.strip() for raw in block.splitlines()):
        if line.startswith("export "):
            key, value = line.removeprefix("export ").split("=", 1)
            env[key] = shlex.split(value)[0]
        elif line.startswith("#") and commands:
            promised[" ".join(commands[-1])] = line.lstrip("# ").strip()
        elif line:
            commands += [shlex.split(part) for part in line.split(" && ")]
    return env, commands, promised


def test_the_readme_walkthrough_runs_as_printed(tmp_path: Path, update_golden: bool) -> None:
    env, commands, promised = _walkthrough()
    assert len(commands) >= 20 and env.get("VANBAN_PASSWORD")
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    environment = {**os.environ, **env, "VANBAN_HOME": str(tmp_path / "home")}
    environment.pop("VANBAN_DATABASE_URL", None)
    for command in commands:
        assert command[0] == "bin/vanban", command
        if "--pdf" in command and shutil.which("soffice") is None:
            continue  # LibreOffice: bash .ci/run installs it
        result = subprocess.run([str(VANBAN), *command[1:]], cwd=tmp_path, env=environment,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
        said = promised.get(" ".join(command))
        if said:
            assert said in result.stdout, (command, result.stdout)
    assert re.search(r"Số: 05/CT-UBND", promised[" ".join(next(
        c for c in commands if c[1] == "issue"))])
    assert (tmp_path / "so-dang-ky-2025.xlsx").is_file()
    # The register's template has its golden copy: the book of this walk-through's one issue.
    book = tmp_path / "so-2025.docx"
    subprocess.run([str(VANBAN), "register", "--year", "2025", "--out", str(book)], cwd=tmp_path,
                   env=environment, check=True, capture_output=True, timeout=120)
    assert_matches_golden(book.read_bytes(), "mau/registers/so-dang-ky-kinh-mon-2025.docx",
                          update=update_golden)
