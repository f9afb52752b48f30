"""The award round's tasks (engine.jobs.tasks), off the request: a unit's dossier and the Quyết
định khen thưởng, from copies of the round's files, refused when those files are not the ones
the page showed (their hash), written once into a folder named by that hash."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

from engine.awards.dossier import UnitSheet, read_round, write_decision, write_unit_dossier
from engine.awards.rules import evaluate
from engine.campaign.models import Campaign
from engine.campaign.yaml_reader import Sources
from engine.errors import InputError, WorkflowError
from engine.jobs.folders import finish, start

ZIP_NAME = "ho-so-docx.zip"


def digest(read: Mapping[str, bytes], files: Mapping[str, str]) -> str:
    """A hash of the campaign and profile files read and of each unit's file (by entry)."""
    total = hashlib.sha256()
    items = [*sorted(read.items()),
             *((ref, Path(p).read_bytes() if Path(p).is_file() else b"\0-")
               for ref, p in sorted(files.items()))]
    for key, data in items:
        total.update(f"{key}\0{len(data)}\0".encode())
        total.update(data)
    return total.hexdigest()[:32]


def _read_copies(campaign: str, files: Mapping[str, str], expected: str,
                 scratch: Path) -> tuple[Campaign, list[UnitSheet]]:
    """Read the round from copies of the units' files, refusing when what is read is not what
    the page showed (a sheet uploaded meanwhile)."""
    copies = {}
    for i, (ref, name) in enumerate(sorted(files.items())):
        copies[ref] = scratch / f"{i:03d}-{Path(name).name}"
        if Path(name).is_file():
            shutil.copyfile(name, copies[ref])
    sources = Sources()
    plan, sheets = read_round(Path(campaign), copies, sources)
    if digest(sources.read_files, {ref: str(p) for ref, p in copies.items()}) != expected:
        raise WorkflowError("Bảng đề nghị hoặc chiến dịch vừa thay đổi trong lúc lập; tải lại "
                            "trang rồi lập lại.", code="round-changed")
    return plan, sheets


def _once(target: str, campaign: str, files: Mapping[str, str], expected: str,
          build: Callable[[Path, Campaign, list[UnitSheet]], None]) -> None:
    """Run `build(work folder, campaign, sheets)` on copies of the round's files, unless
    `target` is done already; the folder becomes `target` only once it is complete."""
    done = Path(target)
    work = start(done)
    if work is None:
        return
    with tempfile.TemporaryDirectory() as scratch:
        plan, sheets = _read_copies(campaign, files, expected, Path(scratch))
        build(work, plan, sheets)
    finish(work, done)


def build_unit_dossier(campaign: str, files: dict[str, str], ref: str, digest_: str,
                       target: str) -> None:
    """The job: the dossier of the unit of `ref` (DOCX files, their merged PDF, a ZIP of the
    DOCX) from the round whose files hash to `digest_`, into `target`; once."""

    def build(work: Path, plan: Campaign, sheets: list[UnitSheet]) -> None:
        sheet = next((s for s in sheets if s.ref == ref), None)
        if sheet is None:
            raise WorkflowError("Đơn vị không còn trong đợt khen thưởng.", code="unknown-unit")
        if sheet.submission is None:
            raise InputError(sheet.problems)
        report = evaluate(plan, [s.submission for s in sheets if s.submission is not None])
        written = write_unit_dossier(plan, report, sheet.submission, work, pdf=True)
        with zipfile.ZipFile(work / ZIP_NAME, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in written:
                if path.suffix == ".docx":
                    archive.write(path, path.name)

    _once(target, campaign, files, digest_, build)


def build_decision(campaign: str, files: dict[str, str], digest_: str, target: str) -> None:
    """The job: the Quyết định khen thưởng (DOCX) of the round whose files hash to `digest_`,
    every unit's sheet without problem, into `target`; once."""

    def build(work: Path, plan: Campaign, sheets: list[UnitSheet]) -> None:
        problems = [problem for sheet in sheets for problem in sheet.problems]
        if problems:
            raise InputError(problems)
        write_decision(plan, evaluate(plan, [s.submission for s in sheets
                                             if s.submission is not None]), work)

    _once(target, campaign, files, digest_, build)
