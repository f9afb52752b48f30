"""How long `vanban check` takes on a DOCX of many tables (issue 14, 1: it was quadratic, a
rescan of every table per paragraph: 1.8 / 5.1 / 23 s for 1,000 / 2,000 / 4,000 tables).

    .venv/bin/python bench/check_bench.py [--tables 1000 5000 20000]

Each table has one cell with its own text, so the file compresses like a real one (a file of
identical tables is refused as a zip bomb before it is read).
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.check import check_file  # noqa: E402


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


if __name__ == "__main__":
    main()
