"""LibreOffice never outlives vanban: the UNO worker watches its parent and, when the parent
dies (killed at any point: starting LibreOffice, converting, idle), kills its whole process
group, soffice with it (issue 14: "LibreOffice children die with their parent")."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.pdf.converters import uno_available, wait_gone
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not uno_available(), reason="LibreOffice: bash .ci/run")

# A parent that converts the same document forever, after telling its worker's group id. It
# first forks a child that keeps the worker's pipes open (as a forked server child would), so
# the worker never sees its stdin close: only its watchdog can notice the parent is gone.
PARENT = """
import os, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from engine.pdf.converters import UnoConverter
converter = UnoConverter(timeout=60)
converter._start()
if os.fork() == 0:
    os.setsid()
    time.sleep(40)
    os._exit(0)
print(converter.pid, flush=True)
source, target = Path(sys.argv[2]), Path(sys.argv[3])
while True:
    converter.convert(source, target)
"""


def _soffice_in(group: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[2]) == group:  # the fields after the name: state, ppid, pgrp
                found.append(int(entry.name))
    return found


def test_killing_the_parent_at_random_points_leaves_no_libreoffice(tmp_path: Path) -> None:
    source = next((ROOT / "tests" / "golden" / "kinh-mon-ct-05-2023").glob("*.docx"))
    chance = random.Random(2026)
    for attempt in range(20):
        parent = subprocess.Popen(
            [sys.executable, "-c", PARENT, str(ROOT), str(source), str(tmp_path / "a.pdf")],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert parent.stdout is not None
        with parent.stdout:
            group = int(parent.stdout.readline())
            time.sleep(chance.uniform(0.0, 2.5))  # converting or between documents
            os.kill(parent.pid, signal.SIGKILL)
            parent.wait()
        assert wait_gone(group, 15.0), f"attempt {attempt}: {_soffice_in(group)} still running"
