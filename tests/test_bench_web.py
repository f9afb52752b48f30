"""The web load test runs and prints its figures (a small register and three users; the real
run, 10,000 documents and 20 users, is by hand: bench/web_bench.py)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_the_web_benchmark_walks_without_an_error_and_prints_its_table() -> None:
    result = subprocess.run([sys.executable, "bench/web_bench.py", "--docs", "200",
                             "--requests", "10", "--users", "3"],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("machine: ")
    assert any(line.startswith("database: sqlite") and "200 documents of one body" in line
               for line in lines), result.stdout
    assert any(line.startswith("page / step") and "p95 ms" in line for line in lines)
    for label in ("Việc của tôi, soạn thảo", "Việc của tôi, lãnh đạo đơn vị", "sổ đăng ký, năm",
                  "trang văn bản (đã ban hành)"):
        rows = [line for line in lines if line.startswith(label)]
        assert rows and rows[0].split("|")[1].split()[0] == "10", result.stdout  # server side
    assert any(line.startswith("goal p95 < 150 ms") for line in lines)
    for step in ("đăng nhập", "tạo công văn", "trình", "duyệt", "ký"):
        assert any(line.startswith(f"  {step} ") for line in lines), result.stdout
    assert any(line.startswith("9 walks by 3 users at once") and
               "9 documents created and signed, 0 errors" in line for line in lines), result.stdout
    assert "audit verify: intact" in result.stdout
