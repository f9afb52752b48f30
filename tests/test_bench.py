"""The benchmark script runs and prints its figures (a tiny batch; the real run is by hand)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_the_benchmark_prints_every_figure() -> None:
    result = subprocess.run([sys.executable, "bench/bench.py", "--docs", "12", "--pdf-docs", "0"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300, check=True)
    lines = result.stdout.splitlines()
    for label in ("DOCX naive docxtpl", "DOCX vanban, 1 worker", "DOCX vanban, 2 worker",
                  "regenerate, nothing changed: 12 documents"):
        assert any(line.startswith(label) for line in lines), result.stdout
