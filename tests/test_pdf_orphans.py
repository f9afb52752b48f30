"""LibreOffice never outlives vanban: the UNO worker watches its parent and, when the parent
dies (killed at any point: before LibreOffice, while it starts, converting, idle), kills its
whole process group, soffice with it (issue 14: "LibreOffice children die with their parent";
the report: `kill -9` of vanban while LibreOffice starts left soffice running).

Each run's processes are told apart from any other LibreOffice on the machine by a marker in
their environment (inherited by the worker, oosplash and soffice.bin), not by a process group
the parent would have to tell before it is killed: the kill may fall before it exists."""

from __future__ import annotations

import contextlib
import os
import random
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.pdf.converters import uno_available
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not uno_available(), reason="LibreOffice: bash .ci/run")

MARK = "VANBAN_ORPHAN_RUN"
LIBREOFFICE = (b"soffice", b"oosplash", b"uno_worker")
GONE_SECONDS = 15.0
NUL = bytes(1)

# A parent that converts the same document forever. Right after it starts the UNO worker (before
# LibreOffice is up), it forks a child that keeps the worker's pipes open (as a forked server
# child would), so the worker never sees its pipes close: only its watchdog can notice the
# parent is gone. The holder writes its pid to argv[4] so that the test can stop it.
PARENT = """
import os, subprocess, sys, time, types
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import engine.pdf.converters as converters

class Holding(subprocess.Popen):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if os.fork() == 0:
            os.setsid()
            with open(sys.argv[4], "a") as pids:
                pids.write(f"{os.getpid()}\\n")
            time.sleep(60)
            os._exit(0)

converters.subprocess = types.SimpleNamespace(**{**vars(subprocess), "Popen": Holding})
converter = converters.UnoConverter(timeout=60)
source, target = Path(sys.argv[2]), Path(sys.argv[3])
while True:
    converter.convert(source, target)
"""


def _libreoffice_of(marker: str) -> list[str]:
    """The soffice, oosplash and UNO worker processes whose environment carries `marker`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes().split(NUL)
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if marker.encode() in environ and any(name in cmdline for name in LIBREOFFICE):
            found.append(f"{entry.name} {cmdline.replace(NUL, b' ').decode()[:120]}")
    return found


def _survivors(marker: str, seconds: float = GONE_SECONDS) -> list[str]:
    """The processes of `marker`'s run still there after up to `seconds` (none: [])."""
    deadline = time.monotonic() + seconds
    while (found := _libreoffice_of(marker)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def _kill_after(command: list[str], env: dict[str, str], seconds: float) -> int | None:
    """Start `command`, SIGKILL it `seconds` after its launch; its exit code if it ended first."""
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        return process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        return None


def _spread(count: int, horizon: float, seed: int) -> list[float]:
    """`count` random kill offsets from launch, one in each of `count` equal slices of
    [0, horizon): the kills cover the whole run, LibreOffice's start-up included."""
    chance = random.Random(seed)
    step = horizon / count
    return [chance.uniform(i * step, (i + 1) * step) for i in range(count)]


def _run_env(tmp: Path) -> tuple[dict[str, str], str]:
    """An environment marked for one run (its temporary files, the profile too, under `tmp`)."""
    marker = f"{MARK}={secrets.token_hex(8)}"
    tmp.mkdir(parents=True)
    return {**os.environ, MARK: marker.split("=", 1)[1], "TMPDIR": str(tmp)}, marker


def _stop_holders(pids: Path) -> None:
    for pid in pids.read_text().split() if pids.exists() else []:
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(pid), signal.SIGKILL)


def test_killing_the_parent_at_random_points_leaves_no_libreoffice(tmp_path: Path) -> None:
    # The parent imports the engine in ~0.2 s, has LibreOffice ready at ~1.4 s, then converts
    # a document every ~0.15 s: 20 kills spread over 3 s fall in every phase.
    source = next((ROOT / "tests" / "golden" / "kinh-mon-ct-05-2023").glob("*.docx"))
    holders = tmp_path / "holders"
    try:
        for attempt, offset in enumerate(_spread(20, 3.0, seed=2026)):
            env, marker = _run_env(tmp_path / f"run-{attempt}")
            code = _kill_after([sys.executable, "-c", PARENT, str(ROOT), str(source),
                                str(tmp_path / "a.pdf"), str(holders)], env, offset)
            assert code is None, f"attempt {attempt}: the parent ended by itself ({code})"
            left = _survivors(marker)
            assert not left, f"attempt {attempt}, killed at {offset:.2f} s: {left}"
    finally:
        _stop_holders(holders)


def test_kill_9_of_vanban_generate_pdf_leaves_no_libreoffice(tmp_path: Path) -> None:
    # The report's case through the real CLI: `vanban generate SAMPLE --out DIR --pdf` starts
    # its UNO worker at ~0.5 s, LibreOffice is up at ~1.7 s, the run ends at ~4.5 s.
    sample = ROOT / "samples" / "kinh-mon-ct-05-2023.yaml"
    killed = 0
    for attempt, offset in enumerate(_spread(6, 4.2, seed=14)):
        env, marker = _run_env(tmp_path / f"run-{attempt}")
        command = [sys.executable, "-m", "engine", "generate", str(sample),
                   "--out", str(tmp_path / f"out-{attempt}"), "--pdf"]
        code = _kill_after(command, env, offset)
        assert code in (None, 0), f"attempt {attempt}: vanban failed ({code})"
        killed += code is None
        left = _survivors(marker)
        assert not left, f"attempt {attempt}, killed at {offset:.2f} s: {left}"
    assert killed >= 5, f"only {killed} of 6 runs were killed before they ended"
