"""Issued documents survive everything the output layer does: concurrent issuers lose no
`issued` flag, `generate` and `regenerate` never write over an issued file (marked so in the
manifest, or named by the caller in `protected`, whatever the manifest says)."""

from __future__ import annotations

import dataclasses
import multiprocessing
import random
import threading
import time
from multiprocessing.synchronize import Event
from pathlib import Path

import pytest

from engine.campaign.loader import load_campaign
from engine.document.templates import default_templates
from engine.output import manifest
from engine.output.build import Written, record, write_all
from engine.output.generate import generate
from engine.output.plan import plan
from engine.output.regenerate import plan_changes, regenerate
from engine.word.archive import content_hash
from engine.word.reader import Docx
from tests.helpers import document, write_campaign

ISSUERS = 8
PER_ISSUER = 4
MARK = "BẢN ĐÃ BAN HÀNH"


def _issue(campaign: str, out: str, mas: list[str], seed: int) -> None:
    """Issue `mas` one by one as the workflow does: render each with other data (here a marked
    title), write it through build.write_all(issued=True), then build.record."""
    rng = random.Random(seed)
    loaded = load_campaign(Path(campaign))
    for ma in mas:
        time.sleep(rng.uniform(0.0, 0.4))
        doc = dataclasses.replace(loaded.document(ma), trich_yeu=f"{MARK} {ma}")
        issued = dataclasses.replace(loaded, documents=tuple(
            doc if d.ma == ma else d for d in loaded.documents))
        items = [p for p in plan([issued], Path(out), default_templates()) if p.doc.ma == ma]
        result = Written()
        write_all(items, result, workers=1, issued=True)
        record(items, result)


def _generate_until(campaign: str, out: str, started: Event, stop: Event) -> None:
    """Run an ordinary `generate` over the campaign again and again until told to stop."""
    while True:
        generate([Path(campaign)], Path(out), workers=1)
        started.set()
        if stop.is_set():
            return


def _check_issued(folder: Path, mas: list[str]) -> None:
    entries = manifest.read(folder)
    lost = [ma for ma in mas if not entries[ma].issued]
    assert not lost, f"{len(lost)} of {len(mas)} issued flags lost: {lost}"
    for ma in mas:
        data = (folder / f"{ma}.docx").read_bytes()
        assert f"{MARK} {ma}" in Docx(data).text(), f"{ma}.docx was overwritten"
        assert entries[ma].content_hash == content_hash(data), ma


def test_concurrent_issuers_lose_nothing_while_generate_runs(tmp_path: Path) -> None:
    count = ISSUERS * PER_ISSUER
    path = write_campaign(tmp_path, *[document(ma=f"ct-{i:02d}", so=str(i + 1))
                                      for i in range(count + 4)])
    out = tmp_path / "out"
    generate([path], out, workers=1)
    context = multiprocessing.get_context("spawn")
    started, stop = context.Event(), context.Event()
    generator = context.Process(target=_generate_until, args=(str(path), str(out), started, stop))
    generator.start()
    assert started.wait(120), "the generating process did not start"
    mas = [f"ct-{i:02d}" for i in range(count)]
    issuers = [context.Process(target=_issue, args=(str(path), str(out),
                                                    mas[i::ISSUERS], i)) for i in range(ISSUERS)]
    for issuer in issuers:
        issuer.start()
    for issuer in issuers:
        issuer.join(300)
    stop.set()
    generator.join(300)
    assert [p.exitcode for p in issuers] == [0] * ISSUERS
    assert generator.exitcode == 0
    folder = out / "chien-dich"
    _check_issued(folder, mas)
    result = generate([path], out, workers=1)  # the next ordinary generate leaves them alone
    _check_issued(folder, mas)
    assert sorted(p.stem for p in result.issued) == mas
    assert not manifest.read(folder)[f"ct-{count:02d}"].issued


@pytest.fixture
def campaign(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A generated two-document campaign whose data then changed; return (campaign, folder,
    a symlinked spelling of ct-01.docx's path, to show that paths are compared resolved)."""
    path = write_campaign(tmp_path, document(), document(ma="ct-02", so="6"))
    out = tmp_path / "out"
    generate([path], out, workers=1)
    write_campaign(tmp_path, document(trich_yeu="Về nội dung đã đổi"),
                   document(ma="ct-02", so="6", trich_yeu="Về nội dung đã đổi"))
    (tmp_path / "link").symlink_to(out, target_is_directory=True)
    return path, out / "chien-dich", tmp_path / "link" / "chien-dich" / "ct-01.docx"


def _forget(folder: Path, how: str) -> None:
    """Make the manifest not know that ct-01 is issued: delete it, or leave it saying no."""
    if how == "missing":
        (folder / manifest.MANIFEST).unlink()
    else:
        assert not manifest.read(folder)["ct-01"].issued


@pytest.mark.parametrize("how", ["missing", "says-not-issued"])
def test_generate_never_writes_a_protected_document(campaign: tuple[Path, Path, Path],
                                                     how: str) -> None:
    path, folder, protected = campaign
    issued = folder / "ct-01.docx"
    before = issued.read_bytes()
    _forget(folder, how)
    result = generate([path], folder.parent, workers=1, protected=frozenset({protected}))
    assert issued.read_bytes() == before
    assert [p.resolve() for p in result.issued] == [issued.resolve()]
    assert issued not in result.files
    assert "Về nội dung đã đổi" in Docx((folder / "ct-02.docx").read_bytes()).text()
    assert manifest.read(folder)["ct-01"].issued  # recorded, so a plain run keeps it too
    generate([path], folder.parent, workers=1)
    assert issued.read_bytes() == before


@pytest.mark.parametrize("how", ["missing", "says-not-issued"])
def test_regenerate_never_writes_a_protected_document(campaign: tuple[Path, Path, Path],
                                                       how: str) -> None:
    path, folder, protected = campaign
    issued = folder / "ct-01.docx"
    before = issued.read_bytes()
    _forget(folder, how)
    planned = plan_changes([path], folder.parent, protected=frozenset({protected}))
    assert [c.item.doc.ma for c in planned.changes] == ["ct-02"]
    report = regenerate([path], folder.parent, workers=1, protected=frozenset({protected}))
    assert issued.read_bytes() == before
    assert [c.item.doc.ma for c in report.changes] == ["ct-02"]
    frozen = [i.doc.ma for i in report.issued_current] + [
        i.doc.ma for i, _ in report.issued_outdated]
    assert frozen == ["ct-01"]
    assert [p.resolve() for p in report.written.issued] == [issued.resolve()]
    assert "Về nội dung đã đổi" in Docx((folder / "ct-02.docx").read_bytes()).text()
    assert manifest.read(folder)["ct-01"].issued
    assert plan_changes([path], folder.parent).changes == []


def test_regenerate_rechecks_right_before_writing(campaign: tuple[Path, Path, Path]) -> None:
    """A document issued after the plan was made (or with a plan made without `protected`) is
    still left alone: the check is made again under the lock, right before each write."""
    path, folder, protected = campaign
    report = plan_changes([path], folder.parent)
    assert [c.item.doc.ma for c in report.changes] == ["ct-01", "ct-02"]
    before = (folder / "ct-01.docx").read_bytes()
    _issue(str(path), str(folder.parent), ["ct-02"], 0)  # an issuer commits ct-02 meanwhile
    data = (folder / "ct-02.docx").read_bytes()
    assert f"{MARK} ct-02" in Docx(data).text()
    regenerate([path], folder.parent, workers=1, report=report,
               protected=frozenset({protected}))
    assert (folder / "ct-02.docx").read_bytes() == data
    assert (folder / "ct-01.docx").read_bytes() == before  # protected
    assert report.changes == []
    assert sorted(p.name for p in report.written.issued) == ["ct-01.docx", "ct-02.docx"]
    entries = manifest.read(folder)
    assert entries["ct-01"].issued and entries["ct-02"].issued


@pytest.mark.parametrize("text", ['{"documents": [', "", "[]", '{"documents": 5}'])
@pytest.mark.parametrize("command", ["generate", "regenerate"])
def test_a_corrupt_or_empty_manifest_stops_the_command_before_any_write(
        campaign: tuple[Path, Path, Path], command: str, text: str) -> None:
    """Issue 14, 2: a corrupt or empty manifest.json was a traceback; now exit 6 naming the
    file, and no document is touched."""
    from click.testing import CliRunner

    from engine.cli import main

    path, folder, _ = campaign
    (folder / manifest.MANIFEST).write_text(text, "utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    result = CliRunner().invoke(main, [command, str(path), "--out", str(folder.parent)])
    assert result.exit_code == 6, result.output
    assert "manifest.json" in result.output and "[output-error]" in result.output
    assert "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


def test_a_journal_line_never_unsets_an_issued_flag(campaign: tuple[Path, Path, Path]) -> None:
    _, folder, _ = campaign
    entries = manifest.read(folder)
    issued = dataclasses.replace(entries["ct-01"], issued=True)
    manifest.write(folder, "chien-dich.yaml", {}, [issued, entries["ct-02"]])
    manifest.journal(folder, entries["ct-01"])  # a killed regeneration's line, not issued
    assert manifest.read(folder)["ct-01"].issued


def test_the_lock_is_reentrant_within_a_thread(tmp_path: Path) -> None:
    """Writing a file under the lock and then merging its entry (which takes the lock too)
    must not deadlock; another thread still waits for the lock."""
    order: list[str] = []

    def other() -> None:
        with manifest.locked(tmp_path):
            order.append("other")

    def nested() -> None:
        with manifest.locked(tmp_path), manifest.locked(tmp_path):
            thread = threading.Thread(target=other, daemon=True)
            thread.start()
            time.sleep(0.2)
            order.append("nested")
        thread.join(10)

    runner = threading.Thread(target=nested, daemon=True)
    runner.start()
    runner.join(10)
    assert not runner.is_alive(), "the nested lock deadlocked"
    assert order == ["nested", "other"]
