"""Fuzzing (hypothesis) of what strangers send: a campaign file mutated at random loads or is
refused with typed problems, and a DOCX whose parts are mutated at random is checked or refused
as unreadable; nothing else ever escapes (issue 14: "only typed errors, bounded time")."""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
import zipfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.campaign.loader import load_campaign
from engine.check import check_file
from engine.errors import EngineError
from tests.conftest import ROOT

SAMPLE = ROOT / "samples" / "kinh-mon-ct-05-2023.yaml"
GOLDEN = ROOT / "tests" / "golden" / "kinh-mon-ct-05-2023" / "ct-05.docx"
# Bounded time: each example must end within 20 s (a normal one takes well under 0.2 s; the
# generous bound fails a hang or a runaway, not a busy CI machine).
FUZZ = settings(max_examples=60, deadline=timedelta(seconds=20),
                suppress_health_check=[HealthCheck.too_slow])

# A mutation: at a position (a fraction of the length), delete some bytes and insert others.
MUTATION = st.tuples(st.floats(0, 1), st.integers(0, 40),
                     st.binary(max_size=24) | st.sampled_from(
                         [b":", b"- ", b"\t", b"{", b"[", b"'", b'"', b"&a", b"*a", b"!!python",
                          b"\x00", b"\xc3", b"\n  ", b"<", b"</w:p>", b"&#0;", b"w:val=\"1e999\""]))


def _mutated(data: bytes, mutations: list[tuple[float, int, bytes]]) -> bytes:
    for where, cut, inserted in mutations:
        at = int(where * len(data))
        data = data[:at] + inserted + data[at + cut:]
    return data


@FUZZ
@given(st.lists(MUTATION, min_size=1, max_size=6))
def test_a_mutated_campaign_loads_or_is_refused_with_typed_problems(
        mutations: list[tuple[float, int, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        shutil.copytree(ROOT / "samples" / "co-quan", Path(folder) / "co-quan")
        path = Path(folder) / "c.yaml"
        path.write_bytes(_mutated(SAMPLE.read_bytes(), mutations))
        with contextlib.suppress(EngineError):  # a refusal: one of vanban's typed errors
            load_campaign(path)


@FUZZ
@given(st.sampled_from(["word/document.xml", "word/styles.xml", "[Content_Types].xml",
                        "word/_rels/document.xml.rels"]),
       st.lists(MUTATION, min_size=1, max_size=6))
def test_a_mutated_docx_is_checked_or_unreadable(part: str,
                                                 mutations: list[tuple[float, int, bytes]]) -> None:
    with zipfile.ZipFile(GOLDEN) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts[part] = _mutated(parts[part], mutations)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.docx"
        path.write_bytes(buffer.getvalue())
        with contextlib.suppress(EngineError):  # UnreadableDocument, with its reason
            check_file(path)
