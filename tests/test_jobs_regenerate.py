"""`vanban regenerate --batch` / `--broker`: what changed is re-rendered by the jobs a
generation runs (in this process or on a Celery worker), with the same files and text diffs as
the plain regeneration; issued documents are left alone, also one issued after the plan."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from engine.db.connect import open_engine
from engine.db.tables import batches
from engine.jobs import records, regeneration
from engine.jobs.regeneration import regenerate_batch
from engine.output import manifest
from engine.output.generate import generate
from engine.output.regenerate import regenerate
from tests.helpers import document, write_campaign
from tests.test_jobs import BROKER, needs_broker, start_workers, stop_workers, wait_for_workers

VANBAN = [sys.executable, "-m", "engine"]
CHANGED = "Về nội dung đã đổi của chỉ thị thứ hai"


def _three(folder: Path, second: str = "Về tăng cường cải cách hành chính") -> Path:
    return write_campaign(folder, document(), document(ma="ct-02", so="6", trich_yeu=second),
                          document(ma="ct-03", so="7"))


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.docx"))}


def _first_issued(folder: Path, path: Path) -> None:
    entries = manifest.read(folder)
    entries["ct-01"].issued = True
    manifest.write(folder, str(path), {}, list(entries.values()))


def _prepared(tmp_path: Path, name: str) -> tuple[Path, Path]:
    """A generated campaign of three Chỉ thị, the first issued, the second then changed (and
    the first's data too, so that it is outdated); return (campaign, output folder)."""
    root = tmp_path / name
    root.mkdir()
    path = _three(root)
    generate([path], root / "out", workers=1)
    _first_issued(root / "out" / "chien-dich", path)
    write_campaign(root, document(trich_yeu="Về nội dung mới của văn bản đã ban hành"),
                   document(ma="ct-02", so="6", trich_yeu=CHANGED), document(ma="ct-03", so="7"))
    return path, root / "out"


def test_a_batch_regeneration_writes_what_the_plain_one_writes(tmp_path: Path) -> None:
    plain_path, plain_out = _prepared(tmp_path, "plain")
    plain = regenerate([plain_path], plain_out, workers=1)
    path, out = _prepared(tmp_path, "lo")
    folder = out / "chien-dich"
    before = _files(folder)
    db = f"sqlite:///{tmp_path / 'b.db'}"
    report, status = regenerate_batch([path], out, db=db, workers=1)
    assert _files(folder) == _files(plain_out / "chien-dich")
    assert _files(folder)["ct-01.docx"] == before["ct-01.docx"]       # issued: untouched
    assert _files(folder)["ct-03.docx"] == before["ct-03.docx"]       # unchanged
    assert [c.item.doc.ma for c in report.changes] == ["ct-02"]
    assert report.changes[0].diff == plain.changes[0].diff
    assert any(CHANGED in line and line.startswith("+") for line in report.changes[0].diff)
    assert [item.doc.ma for item, _ in report.issued_outdated] == ["ct-01"]
    assert status.kind == "regenerate" and status.total == 1 and status.finished
    assert status.states == {"chien-dich/ct-02": records.DONE}
    assert manifest.read(folder) == manifest.read(plain_out / "chien-dich")
    assert not (folder / manifest.JOURNAL).exists()


def test_a_document_issued_after_the_plan_is_left_alone_and_reported_issued(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, out = _prepared(tmp_path, "lo")
    folder = out / "chien-dich"
    before = _files(folder)
    planned = regeneration.plan_changes

    def plan_then_issue(*args: Any, **kwargs: Any) -> Any:
        report = planned(*args, **kwargs)
        entries = manifest.read(folder)  # the văn thư issues ct-02 while the batch starts
        entries["ct-02"].issued = True
        manifest.write(folder, str(path), {}, list(entries.values()))
        return report

    monkeypatch.setattr(regeneration, "plan_changes", plan_then_issue)
    report, status = regenerate_batch([path], out, db=f"sqlite:///{tmp_path / 'b.db'}",
                                      workers=1)
    assert status.states == {"chien-dich/ct-02": records.ISSUED}
    assert report.changes == [] and _files(folder) == before
    assert sorted(item.doc.ma for item, _ in report.issued_outdated) == ["ct-01", "ct-02"]
    assert manifest.read(folder)["ct-02"].issued


def test_the_command_runs_a_regeneration_as_a_batch_and_prints_the_diff(tmp_path: Path) -> None:
    path, out = _prepared(tmp_path, "lo")
    db = f"sqlite:///{tmp_path / 'b.db'}"
    run = subprocess.run([*VANBAN, "regenerate", "--batch", "--workers", "1", "--db", db,
                          "--out", str(out), str(path)], capture_output=True, text=True,
                         cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == f"{out / 'chien-dich' / 'ct-02.docx'}: dữ liệu chiến dịch hoặc hồ sơ " \
                       "cơ quan đã sửa"
    assert any(line.startswith("    +") and CHANGED in line for line in lines)
    assert f"{out / 'chien-dich' / 'ct-01.docx'}: đã ban hành với mẫu/dữ liệu cũ" in run.stdout
    assert "1 văn bản tạo lại, 1 không đổi, 1 đã ban hành giữ nguyên" in run.stdout
    assert lines[-1].endswith("(regenerate, in-process): 1 việc: 1 xong")
    engine = open_engine(db)
    with engine.connect() as conn:
        assert conn.execute(select(batches.c.kind, batches.c.total)).all() == [("regenerate", 1)]
    engine.dispose()
    again = subprocess.run([*VANBAN, "regenerate", "--batch", "--db", db, "--out", str(out),
                            str(path)], capture_output=True, text=True, cwd=tmp_path)
    assert again.returncode == 0 and again.stdout.splitlines()[-1].endswith(
        "(regenerate, in-process): 0 việc")


@needs_broker
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by .ci/run")
def test_a_regeneration_with_pdf_runs_on_a_celery_worker(tmp_path: Path) -> None:
    path, out = _prepared(tmp_path, "lo")
    folder = out / "chien-dich"
    queue = f"vanban-test-{uuid.uuid4().hex[:8]}"
    workers = start_workers(1, queue, tmp_path)
    try:
        wait_for_workers(queue, 1)
        run = subprocess.run([*VANBAN, "regenerate", "--pdf", "--broker", BROKER, "--db",
                              f"sqlite:///{tmp_path / 'b.db'}", "--out", str(out), str(path)],
                             capture_output=True, text=True, cwd=tmp_path,
                             env={**os.environ, "VANBAN_QUEUE": queue})
    finally:
        stop_workers(workers)
    assert run.returncode == 0, run.stderr
    # The changed document and the unchanged one lacking its PDF; the issued one has none.
    assert run.stdout.splitlines()[-1].endswith("(regenerate, celery): 2 việc: 2 xong")
    assert sorted(p.name for p in folder.glob("*.pdf")) == ["ct-02.pdf", "ct-03.pdf"]
    entries = manifest.read(folder)
    assert entries["ct-02"].pdf == "ct-02.pdf" and entries["ct-03"].pdf == "ct-03.pdf"
    assert entries["ct-01"].issued and entries["ct-01"].pdf is None
