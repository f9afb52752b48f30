"""How long `vanban check` takes on a DOCX of many tables (issue 14, 1: it was quadratic, a
rescan of every table per paragraph: 1.8 / 5.1 / 23 s for 1,000 / 2,000 / 4,000 tables).

    .venv/bin/python bench/check_bench.py [--tables 1000 5000 20000]

Each table has one cell with its own text, so the file compresses like a real one (a file of
identical tables is refused as a zip bomb before it is read). Each zip bomb is checked in a
fresh child process, whose own peak memory is reported (this one's is raised by the tables).
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.check import check_file  # noqa: E402
from engine.errors import UnreadableDocument  # noqa: E402


def docx(tables: int) -> bytes:
    """A DOCX of `tables` one-cell tables, from the plan template's parts."""
    with zipfile.ZipFile(ROOT / "templates" / "plans" / "ke_hoach.docx") as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    cells = b"".join(
        b'<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="100"/></w:tblGrid><w:tr><w:tc><w:p><w:r>'
        b"<w:t>" + f"Bảng {i}: {i * 7919 % 100003}".encode() + b"</w:t></w:r></w:p></w:tc></w:tr>"
        b"</w:tbl><w:p/>" for i in range(tables))
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"<w:body>",
                                                                    b"<w:body>" + cells, 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return buffer.getvalue()


def bomb(expanded_mb: int, understated: bool = False) -> bytes:
    """A DOCX whose document part expands to `expanded_mb` MB of one repeated byte (about 1 MB
    zipped per GB); `understated`: its headers claim 2,000 bytes, as a hostile file's would."""
    with zipfile.ZipFile(ROOT / "templates" / "plans" / "ke_hoach.docx") as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            if name != "word/document.xml":
                out.writestr(name, data)
        with out.open("word/document.xml", "w") as member:
            chunk = b" " * (1 << 20)
            for _ in range(expanded_mb):
                member.write(chunk)
    data = bytearray(buffer.getvalue())
    if understated:  # the uncompressed size in the local header and in the directory entry
        for signature, name_at, size_at in ((b"PK\x03\x04", 30, 22), (b"PK\x01\x02", 46, 24)):
            start = _header(data, signature, name_at)
            data[start + size_at:start + size_at + 4] = struct.pack("<I", 2000)
    return bytes(data)


def _header(data: bytearray, signature: bytes, name_at: int) -> int:
    """The offset of the zip header with `signature` naming word/document.xml."""
    name, at = b"word/document.xml", data.find(signature)
    while data[at + name_at:at + name_at + len(name)] != name:
        at = data.find(signature, at + 1)
    return at


# The check of one zip bomb, run in a fresh interpreter: this process's peak memory is already
# raised by the 20,000-table run, so its growth would read too low.
CHILD = """
import sys
sys.path.insert(0, sys.argv[1])
from bench.check_bench import measure
measure(sys.argv[2])
"""


def measure(path: str) -> None:
    """Check `path` and print, as JSON, the verdict, the seconds and this process's peak RSS
    before and after the check (in KB): run alone in a child by bomb_line."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    try:
        check_file(Path(path))
        verdict = "ACCEPTED (should be refused)"
    except UnreadableDocument as exc:
        verdict = f"refused [{exc.code}]"
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"verdict": verdict, "seconds": seconds, "before": before, "peak": peak}))


def bomb_line(folder: Path, expanded_mb: int, understated: bool) -> None:
    """Print how fast and in how much memory `check` refuses a zip bomb, measured in a fresh
    child process: its own peak RSS minus its own RSS once the engine is imported."""
    path = Path(folder) / "bomb.docx"
    path.write_bytes(bomb(expanded_mb, understated))
    child = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), str(path)],
                           capture_output=True, text=True, check=True)
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    grown = (figures["peak"] - figures["before"]) / 1024
    claim = ", its size understated" if understated else ""
    print(f"zip bomb: {path.stat().st_size / 1e6:.1f} MB expanding to {expanded_mb} MB{claim}: "
          f"{figures['verdict']} in {figures['seconds']:.2f} s, peak memory +{grown:.0f} MB "
          f"(child process: {figures['before'] / 1024:.0f} MB before the check, "
          f"{figures['peak'] / 1024:.0f} MB at its peak; goal: under 1 s and 200 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tables", type=int, nargs="+", default=[1000, 5000, 20000])
    counts = parser.parse_args().tables
    print(f"{'tables':>8} {'file KB':>8} {'seconds':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for count in counts:
            path = Path(folder) / f"{count}.docx"
            path.write_bytes(docx(count))
            start = time.perf_counter()
            check_file(path)
            print(f"{count:>8} {path.stat().st_size // 1024:>8} "
                  f"{time.perf_counter() - start:>8.2f}")
        bomb_line(Path(folder), 1024, understated=False)
        bomb_line(Path(folder), 1024, understated=True)


if __name__ == "__main__":
    main()
