"""Disable each rule of `vanban check` in turn; report every rule whose removal no test sees.

The expectations are those of tests/test_check.py (tests/data/check/expected.json) and of the
hand-made corpus (tests/check_corpus/expected.json). Each document is read once (and printed by
LibreOffice once, for the cases marked "render"); then each rule is patched out of its module's
RULES and every document is checked again, in this process. A rule survives when every document
still gives exactly its expected findings without it.

Usage: python tools/mutate_check.py [CORPUS_DIR]
CORPUS_DIR holds the corpus's documents (python -m tests.check_corpus.build CORPUS_DIR); without
it they are built in a temporary folder. Exit 0: every rule is caught; 1: a rule survives;
2: the expectations fail even with every rule in place.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.check import RULE_MODULES, check_layout  # noqa: E402
from engine.check.components import Layout  # noqa: E402
from engine.check.rendering import Renderer  # noqa: E402
from engine.word.reader import Docx  # noqa: E402

WRONG_DOCUMENTS = ROOT / "tests" / "data" / "check"
CORPUS_EXPECTED = ROOT / "tests" / "check_corpus" / "expected.json"


@dataclass(frozen=True)
class Expectation:
    """A document, read once, and the finding codes it must give."""

    name: str
    layout: Layout
    codes: list[str]


def expectations(corpus: Path) -> list[Expectation]:
    """Return every document with its expected codes; print the "render" cases once."""
    data = json.loads((WRONG_DOCUMENTS / "expected.json").read_text("utf-8"))
    cases = [Expectation(name, Layout(Docx((WRONG_DOCUMENTS / name).read_bytes())), codes)
             for name, codes in data["findings"].items()]
    expected = json.loads(CORPUS_EXPECTED.read_text("utf-8"))
    with Renderer() as renderer:
        for name, entry in expected.items():
            path = corpus / f"{name}.docx"
            rendering = renderer.render(path) if entry.get("render") else None
            cases.append(Expectation(name, Layout(Docx(path.read_bytes()), rendering),
                                     entry["codes"]))
    return cases


def failures(cases: list[Expectation]) -> list[str]:
    """Return the names of the documents that do not give exactly their codes."""
    return [c.name for c in cases if [f.code for f in check_layout(c.layout)] != c.codes]


def survivors(cases: list[Expectation]) -> list[str]:
    """Return the rules (module.function) whose removal leaves every expectation met."""
    alive = []
    for module in RULE_MODULES:
        rules = module.RULES
        for rule in rules:
            kept = tuple(r for r in rules if r is not rule)
            with mock.patch.object(module, "RULES", kept):
                if not failures(cases):
                    alive.append(f"{module.__name__}.{rule.__name__}")
    return alive


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="vanban-corpus-") as folder:
        corpus = Path(argv[0]) if argv else Path(folder)
        if not argv:
            subprocess.run([sys.executable, "-m", "tests.check_corpus.build", folder],
                           cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        cases = expectations(corpus)
    broken = failures(cases)
    if broken:
        print("Không đúng kết quả mong đợi ngay cả khi đủ mọi quy tắc: " + ", ".join(broken))
        return 2
    count = sum(len(module.RULES) for module in RULE_MODULES)
    alive = survivors(cases)
    for name in alive:
        print(f"quy tắc không kiểm thử nào phát hiện khi bị tắt: {name}")
    print(f"{count} quy tắc, {len(cases)} văn bản: "
          + ("mọi quy tắc đều được kiểm thử" if not alive else f"{len(alive)} quy tắc sống sót"))
    return 1 if alive else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
