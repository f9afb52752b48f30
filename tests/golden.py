"""Golden DOCX comparison part by part (docxcompose's habit): pretty XML, a readable diff."""

from __future__ import annotations

import difflib
import io
import zipfile
from pathlib import Path

from lxml import etree

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"


def docx_parts(data: bytes) -> dict[str, str]:
    """Return every XML part of a DOCX pretty-printed; zip timestamps and order ignored."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name: etree.tostring(etree.fromstring(archive.read(name)), pretty_print=True,
                                 encoding="unicode")
            for name in sorted(archive.namelist()) if name.endswith((".xml", ".rels"))
        }


def assert_matches_golden(actual: bytes, name: str, *, update: bool = False) -> None:
    """Compare `actual` with tests/golden/`name`; keep a failing output in golden/_actual/."""
    golden = GOLDEN_DIR / name
    if update:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(actual)
        return
    assert golden.exists(), f"no golden copy {name}: review the output, then pytest --update-golden"
    want, got = docx_parts(golden.read_bytes()), docx_parts(actual)
    if want == got:
        return
    kept = GOLDEN_DIR / "_actual" / name
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_bytes(actual)
    diff = [line for part in sorted(want.keys() | got.keys())
            for line in difflib.unified_diff(want.get(part, "").splitlines(),
                                             got.get(part, "").splitlines(),
                                             f"golden/{part}", f"actual/{part}", lineterm="")]
    raise AssertionError(f"{name} differs from its golden copy (kept in {kept}; "
                         "run pytest --update-golden if the change is intended):\n"
                         + "\n".join(diff[:80]))
