"""A template from outside the installation renders in a worker bounded in time and memory:
a loop that would run for hours or an expression that fills memory stops with a typed error
naming the template, nothing is written and no worker is left behind (issue 14, 1)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

SAMPLE = ROOT / "samples" / "uong-bi-cv-2219-2023.yaml"
SPINS = ("{% set s = 'x' * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}")
GROWS = ("{% set ns = namespace(a=[]) %}{% set s = 'x' * 100000 %}"
         "{% for i in range(100000) %}{% set _ = ns.a.append(s ~ i) %}{% endfor %}")


def _templates(tmp_path: Path, expression: str) -> Path:
    folder = tmp_path / "mau"
    shutil.copytree(ROOT / "templates", folder)
    path = folder / "letters" / "cong_van.docx"
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:body>", b"<w:body><w:p><w:r><w:t>" + expression.encode() + b"</w:t></w:r></w:p>", 1)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return folder


def _generate(tmp_path: Path, templates: Path, **env: str) -> subprocess.CompletedProcess[str]:
    campaign = tmp_path / "chien-dich"
    shutil.copytree(ROOT / "samples" / "co-quan", campaign / "co-quan")
    shutil.copy(SAMPLE, campaign / SAMPLE.name)
    command = [sys.executable, "-m", "engine", "generate", str(campaign / SAMPLE.name),
               "--out", str(tmp_path / "out"), "--templates", str(templates)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, **env})


def _processes_naming(marker: str) -> list[str]:
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if proc.name.isdigit() and marker in cmdline:
            found.append(proc.name)
    return found


@pytest.mark.parametrize(("expression", "said"), [
    (SPINS, "dựng văn bản quá 2 giây nên đã dừng"),
    (GROWS, "dựng văn bản cần quá 256 MiB bộ nhớ"),
])
def test_a_template_that_runs_away_is_stopped_by_its_limits(
        tmp_path: Path, expression: str, said: str) -> None:
    templates = _templates(tmp_path, expression)
    started = time.monotonic()
    result = _generate(tmp_path, templates, VANBAN_RENDER_SECONDS="2",
                       VANBAN_RENDER_MEMORY_MB="256")
    assert time.monotonic() - started < 60  # stopped by its limit, not by the test's timeout
    assert result.returncode == 5, result.stdout + result.stderr
    assert "[template-limit]" in result.stderr and "«cong_van.docx»" in result.stderr
    assert said in result.stderr and "Traceback" not in result.stderr
    assert not list((tmp_path / "out").rglob("*.docx")) if (tmp_path / "out").exists() else True
    assert _processes_naming(str(tmp_path)) == []  # no worker outlives the command


def test_the_same_template_within_its_limits_renders(tmp_path: Path) -> None:
    templates = _templates(tmp_path, "{% for i in range(1000) %}{% endfor %}")
    result = _generate(tmp_path, templates, VANBAN_RENDER_SECONDS="30")
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(list((tmp_path / "out").rglob("*.docx"))) == 1


@pytest.mark.parametrize("value", ["0", "ba", "-1", "7200"])
def test_a_limit_that_cannot_be_used_is_a_clear_error(tmp_path: Path, value: str) -> None:
    templates = _templates(tmp_path, "")
    result = _generate(tmp_path, templates, VANBAN_RENDER_SECONDS=value)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "[bad-value] VANBAN_RENDER_SECONDS phải từ 0 đến 3600" in result.stderr
