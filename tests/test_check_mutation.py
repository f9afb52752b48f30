"""Every rule of `vanban check` is needed: tools/mutate_check.py disables each in turn and a
test must fail (a wrong document that only that rule catches)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.check_corpus.build import build

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice and poppler-utils are installed by .ci/run")
def test_removing_any_rule_of_check_fails_an_expectation(tmp_path: Path) -> None:
    build(tmp_path)
    done = subprocess.run([sys.executable, "-W", "error::FutureWarning",
                           str(ROOT / "tools" / "mutate_check.py"), str(tmp_path)],
                          capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "mọi quy tắc đều được kiểm thử" in done.stdout
