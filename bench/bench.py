"""Benchmark vanban on a batch of documents built from the Uông Bí sample, side by side.

    python bench/bench.py [--docs 1000] [--pdf-docs 200] [--cold-docs 10]

Prints, in one run on this machine:
- DOCX: naive docxtpl (load, render, save per document) against vanban's compiled templates in
  1 and 2 worker processes, in ms per document and documents per second;
- PDF: cold `soffice --convert-to pdf` per document against vanban's warm LibreOffice workers;
- the time of a `regenerate` of the whole batch when nothing changed.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bench.naive_docxtpl import render_docx_naive  # noqa: E402
from engine.base.files import write_atomic  # noqa: E402
from engine.campaign.yaml_writer import dump  # noqa: E402
from engine.document.templates import default_templates  # noqa: E402
from engine.output.generate import generate  # noqa: E402
from engine.output.plan import load_all, plan  # noqa: E402
from engine.output.regenerate import regenerate  # noqa: E402
from engine.output.render_pool import render_stream  # noqa: E402
from engine.pdf import convert_all  # noqa: E402
from engine.pdf.converters import ColdConverter  # noqa: E402

SAMPLE = ROOT / "samples" / "uong-bi-cv-2219-2023.yaml"


def batch(folder: Path, count: int) -> Path:
    """Write a campaign of `count` guidance letters, one per commune, from the Uông Bí sample."""
    data = yaml.safe_load(SAMPLE.read_text("utf-8"))
    letter = data["van_ban"][0]
    profile = ROOT / "samples" / data["co_quan"]
    shutil.copy(profile, folder / "co-quan.yaml")
    data["co_quan"] = "co-quan.yaml"
    data["van_ban"] = []
    for i in range(count):
        doc = dict(letter, ma=f"cv-{i + 1:04d}", so=str(2219 + i),
                   kinh_gui=[f"Ủy ban nhân dân xã số {i + 1}"])
        data["van_ban"].append(doc)
    path = folder / "lo-cong-van.yaml"
    path.write_text(dump(data), "utf-8")
    return path


def timed(label: str, count: int, seconds: float) -> str:
    per = 1000 * seconds / max(count, 1)
    return f"{label:<46} {count:>6} {per:>10.2f} {count / seconds:>10.1f}"


def bench_docx(path: Path, out: Path, docs: int) -> list[str]:
    """Both paths render the same contexts and write each file the same plain way (the fsync
    of vanban's crash-safe writes is timed apart: it is a property of the disk, not of the
    rendering)."""
    items = plan(load_all([path]), out, default_templates())[:docs]
    for folder in ("naive", "vanban-1", "vanban-2", "atomic"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    lines = []
    start = time.perf_counter()
    for item in items:
        data = render_docx_naive(item.template_path, item.context, title=item.doc.trich_yeu)
        (out / "naive" / item.output.name).write_bytes(data)
    lines.append(timed("DOCX naive docxtpl (load, render, save)", len(items),
                       time.perf_counter() - start))
    for workers in (1, 2):
        start = time.perf_counter()
        for item, data in render_stream(items, workers):
            (out / f"vanban-{workers}" / item.output.name).write_bytes(data)
        lines.append(timed(f"DOCX vanban, {workers} worker(s)", len(items),
                           time.perf_counter() - start))
    start = time.perf_counter()
    for source in sorted((out / "vanban-1").glob("*.docx")):
        write_atomic(out / "atomic" / source.name, source.read_bytes())
    lines.append(timed("  (crash-safe write alone: temp, fsync, rename)", len(items),
                       time.perf_counter() - start))
    return lines


def bench_pdf(out: Path, pdf_docs: int, cold_docs: int) -> list[str]:
    if shutil.which("soffice") is None:
        return ["PDF: LibreOffice is not installed (bash .ci/run installs it)"]
    sources = sorted((out / "vanban-2").glob("*.docx"))
    lines = []
    cold = ColdConverter()
    start = time.perf_counter()
    for source in sources[:cold_docs]:
        cold.convert(source, source.with_suffix(".cold.pdf"))
    lines.append(timed("PDF cold soffice per document", min(cold_docs, len(sources)),
                       time.perf_counter() - start))
    start = time.perf_counter()
    converted = convert_all(sources[:pdf_docs], workers=2)
    lines.append(timed("PDF vanban, 2 warm workers (incl. start-up)", len(converted),
                       time.perf_counter() - start))
    return lines


def bench_regenerate(path: Path, out: Path) -> list[str]:
    generate([path], out)
    start = time.perf_counter()
    report = regenerate([path], out)
    seconds = time.perf_counter() - start
    unchanged = len(report.unchanged) + len(report.current)
    return [f"regenerate, nothing changed: {unchanged} documents in "
            f"{seconds:.2f} s ({len(report.changes)} re-rendered)"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--pdf-docs", type=int, default=200)
    parser.add_argument("--cold-docs", type=int, default=10)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.platform()}")
    with tempfile.TemporaryDirectory() as folder:
        path = batch(Path(folder), args.docs)
        print(f"{'path':<46} {'docs':>6} {'ms/doc':>10} {'docs/s':>10}")
        for line in bench_docx(path, Path(folder) / "docx", args.docs):
            print(line, flush=True)
        if args.pdf_docs:
            for line in bench_pdf(Path(folder) / "docx", args.pdf_docs, args.cold_docs):
                print(line, flush=True)
        for line in bench_regenerate(path, Path(folder) / "out"):
            print(line)


if __name__ == "__main__":
    main()
