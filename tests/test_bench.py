"""The benchmark script runs and prints figures that are figures: each path's line holds the batch
size asked for, and its milliseconds per document and documents per second agree (the speed
itself is read by hand from a real run: README "Speed"; timed assertions would be flaky)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

FIGURES = re.compile(r"^(?P<label>.+?)\s+(?P<docs>\d+)\s+(?P<ms>\d+\.\d+)\s+(?P<rate>\d+\.\d+)$")


def test_the_benchmark_prints_consistent_figures_for_every_path() -> None:
    result = subprocess.run([sys.executable, "bench/bench.py", "--docs", "12", "--pdf-docs", "0"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300, check=True)
    rows = {m["label"].strip(): m for m in map(FIGURES.match, result.stdout.splitlines()) if m}
    for label in ("DOCX naive docxtpl (load, render, save)", "DOCX vanban, 1 worker(s)",
                  "DOCX vanban, 2 worker(s)"):
        row = rows[label]
        assert int(row["docs"]) == 12, result.stdout
        ms, rate = float(row["ms"]), float(row["rate"])
        assert ms > 0 and rate == pytest.approx(1000 / ms, rel=0.02), (label, ms, rate)
    assert re.search(r"^regenerate, nothing changed: 12 documents in \d+\.\d+ s \(0 re-rendered\)$",
                     result.stdout, re.MULTILINE), result.stdout
