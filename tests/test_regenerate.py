"""`vanban regenerate`: exactly what depends on a change, never an issued document, resumable."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli import main
from engine.document.templates import default_templates
from engine.output.generate import generate
from engine.output.regenerate import plan_changes, regenerate
from engine.word.reader import Docx
from tests.conftest import ROOT, SAMPLES
from tests.helpers import PROFILE, document, dump, edit_template, write_campaign


def _edit_template(templates: Path, name: str, old: bytes, new: bytes) -> None:
    edit_template(templates / name, old, new)


def _snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.glob("*/*.docx"))}


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    copy = tmp_path / "templates"
    shutil.copytree(default_templates(), copy)
    return copy


def test_a_template_change_rerenders_exactly_its_documents(tmp_path: Path,
                                                          templates: Path) -> None:
    out = tmp_path / "out"
    generate(SAMPLES, out, templates)
    before = _snapshot(out)
    _edit_template(templates, "decisions/quyet_dinh.docx", "Nơi nhận:".encode(),
                   "Nơi nhận (đã sửa):".encode())
    report = regenerate(SAMPLES, out, templates, workers=1)
    after = _snapshot(out)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"ha-tu-qd-25-2025/qd-25.docx", "hoang-hoa-tham-qd-2025/qd-xa.docx"}
    assert sorted(c.item.doc.ma for c in report.changes) == ["qd-25", "qd-xa"]
    assert report.changes[0].diff == ["-Nơi nhận:", "+Nơi nhận (đã sửa):"]
    assert len(report.unchanged) + len(report.current) == 11
    again = plan_changes(SAMPLES, out, templates)
    assert again.changes == [] and len(again.current) == 13
    assert again.items == []  # nothing changed: no campaign even had to be parsed


def test_a_profile_change_rerenders_that_bodys_documents(tmp_path: Path) -> None:
    path = write_campaign(tmp_path, document(), document(ma="ct-02", so="6"))
    out = tmp_path / "out"
    generate([path], out)
    profile = dict(PROFILE, dia_danh="Xã An Bình")
    (tmp_path / "co-quan.yaml").write_text(dump(profile), "utf-8")
    report = regenerate([path], out, workers=1)
    assert sorted(c.item.doc.ma for c in report.changes) == ["ct-01", "ct-02"]
    assert all("dữ liệu" in c.reason for c in report.changes)


def test_a_campaign_change_rerenders_only_the_documents_it_touches(tmp_path: Path) -> None:
    out = tmp_path / "out"
    path = write_campaign(tmp_path, document(), document(ma="ct-02", so="6"))
    generate([path], out)
    keep = (out / "chien-dich" / "ct-01.docx").stat().st_mtime_ns
    write_campaign(tmp_path, document(), document(ma="ct-02", so="7"))
    report = regenerate([path], out, workers=1)
    assert [c.item.doc.ma for c in report.changes] == ["ct-02"]
    assert (out / "chien-dich" / "ct-01.docx").stat().st_mtime_ns == keep
    assert any("Số: 07/CT-UBND" in line for line in report.changes[0].diff)


def test_issued_documents_are_never_rewritten(tmp_path: Path, templates: Path) -> None:
    out = tmp_path / "out"
    generate(SAMPLES, out, templates)
    manifest = out / "kinh-mon-ct-05-2023" / "manifest.json"
    data = json.loads(manifest.read_text("utf-8"))
    data["documents"][0]["issued"] = True
    manifest.write_text(json.dumps(data), "utf-8")
    issued = (out / "kinh-mon-ct-05-2023" / "ct-05.docx").read_bytes()
    _edit_template(templates, "decisions/chi_thi.docx", "Nơi nhận:".encode(),
                   "Nơi gửi:".encode())
    report = regenerate(SAMPLES, out, templates, workers=1)
    assert (out / "kinh-mon-ct-05-2023" / "ct-05.docx").read_bytes() == issued
    assert [(i.doc.ma, r) for i, r in report.issued_outdated] == [
        ("ct-05", "mẫu decisions/chi_thi.docx đã sửa")]
    assert report.changes == []
    assert json.loads(manifest.read_text("utf-8"))["documents"][0]["issued"] is True
    generate(SAMPLES, out, templates)  # a full generate leaves it alone too
    assert (out / "kinh-mon-ct-05-2023" / "ct-05.docx").read_bytes() == issued


def test_dry_run_writes_nothing(tmp_path: Path, templates: Path) -> None:
    out = tmp_path / "out"
    generate(SAMPLES, out, templates)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    _edit_template(templates, "letters/cong_van.docx", "Kính gửi:".encode(), "Gửi:".encode())
    result = CliRunner().invoke(main, ["regenerate", *map(str, SAMPLES), "--out", str(out),
                                       "--templates", str(templates), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "sẽ tạo lại" in result.output and "cv-2219.docx" in result.output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_the_command_prints_each_change_and_a_summary(tmp_path: Path, templates: Path) -> None:
    out = tmp_path / "out"
    generate(SAMPLES, out, templates)
    _edit_template(templates, "letters/cong_van.docx", "Kính gửi:".encode(), "Gửi:".encode())
    result = CliRunner().invoke(main, ["regenerate", *map(str, SAMPLES), "--out", str(out),
                                       "--templates", str(templates)])
    assert result.exit_code == 0, result.output
    assert "-Kính gửi:" in result.output and "+Gửi:" in result.output
    assert result.output.strip().endswith(
        "3 văn bản tạo lại, 10 không đổi, 0 đã ban hành giữ nguyên (0 theo mẫu hoặc dữ liệu cũ)")


# Runs `vanban ARGS…` and SIGKILLs itself right after the 20th journal line is durable: the
# kill lands at a known point, not after a sleep that races with the run.
_KILLED_AFTER_20 = """
import os, signal, sys
from engine.cli import main
from engine.output import manifest
written, journal = [0], manifest.journal
def killing(folder, entry):
    journal(folder, entry)
    written[0] += 1
    if written[0] == 20:
        os.kill(os.getpid(), signal.SIGKILL)
manifest.journal = killing
main(sys.argv[1:])
"""


def test_a_killed_regeneration_resumes_without_redoing_or_tearing(tmp_path: Path) -> None:
    docs = [document(ma=f"ct-{i:03d}", so=str(i + 1)) for i in range(120)]
    path = write_campaign(tmp_path, *docs)
    out = tmp_path / "out"
    generate([path], out)
    templates = tmp_path / "templates"
    shutil.copytree(default_templates(), templates)
    _edit_template(templates, "decisions/chi_thi.docx", "Nơi nhận:".encode(),
                   "Nơi gửi đến:".encode())
    journal = out / "chien-dich" / ".journal.jsonl"
    args = ["regenerate", str(path), "--out", str(out), "--templates", str(templates),
            "--workers", "1"]
    process = subprocess.run([sys.executable, "-c", _KILLED_AFTER_20, *args], cwd=ROOT,
                             capture_output=True, timeout=300)
    assert process.returncode == -signal.SIGKILL, process.stderr
    finished = len([line for line in journal.read_text("utf-8").splitlines()
                    if line.endswith("}")])
    assert finished == 20  # killed right after its 20th journal line
    for docx in (out / "chien-dich").glob("*.docx"):  # nothing torn
        Docx(docx.read_bytes())
    report = regenerate([path], out, templates, workers=1)
    assert len(report.changes) == 120 - finished  # finished work is not redone
    assert not list(out.rglob(".tmp-vanban-*")) and not journal.exists()
    texts = [Docx(p.read_bytes()).text() for p in sorted((out / "chien-dich").glob("*.docx"))]
    assert len(texts) == 120 and all("Nơi gửi đến:" in text for text in texts)
    assert plan_changes([path], out, templates).changes == []
