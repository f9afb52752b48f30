"""Load an award round: the campaign and every unit's nominations, all problems at once."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.awards.decision_file import write_decision_campaign
from engine.awards.nominees import Submission, load_xlsx, load_yaml
from engine.awards.rules import Report, evaluate
from engine.campaign.loader import load_campaign
from engine.campaign.models import Campaign, Document
from engine.campaign.yaml_reader import Sources
from engine.decree.numerals import so_dem
from engine.errors import BadValue, InputError, Problem


@dataclass(frozen=True)
class UnitSheet:
    """One entry of the round's `de_nghi`: the file read for it and what it gave (a submission,
    or the problems found in it)."""

    ref: str                        # the entry as the campaign file writes it
    file: Path                      # the file read: the campaign's, or the one replacing it
    submission: Submission | None
    problems: list[Problem]


def read_round(path: Path, replaced: Mapping[str, Path] | None = None,
               sources: Sources | None = None) -> tuple[Campaign, list[UnitSheet]]:
    """Return the campaign at `path` and what each unit's nomination file gives, unit by unit.

    `replaced` reads another file for a `de_nghi` entry (a sheet a unit uploaded in the browser),
    so the campaign's own files are never rewritten; `sources` records the campaign and profile
    files read. The campaign's own problems raise InputError; a unit's are in its UnitSheet."""
    campaign = load_campaign(path, sources)
    if not campaign.khen_thuong:
        raise InputError([Problem(str(path), None, "khen_thuong", "missing-field",
                                  "chiến dịch chưa có mục «khen_thuong» (đợt khen thưởng)")])
    sheets = []
    for ref in campaign.khen_thuong["de_nghi"]:
        file = (replaced or {}).get(ref) or path.parent / ref
        loader = load_xlsx if file.suffix.lower() == ".xlsx" else load_yaml
        submission, found = loader(file, str(file))
        sheets.append(UnitSheet(ref, file, submission, found))
    return campaign, sheets


def load_round(path: Path, replaced: Mapping[str, Path] | None = None
               ) -> tuple[Campaign, list[Submission]]:
    """Return the campaign at `path` and its units' submissions; raise InputError otherwise."""
    campaign, sheets = read_round(path, replaced)
    problems = [problem for sheet in sheets for problem in sheet.problems]
    if problems:
        raise InputError(problems)
    return campaign, [sheet.submission for sheet in sheets if sheet.submission is not None]


def check_round(path: Path) -> Report:
    """Evaluate the campaign's award round."""
    campaign, submissions = load_round(path)
    return evaluate(campaign, submissions)


# The folder of the decision's own campaign, beside the dossiers (`vanban draft` it).
DECISION_FOLDER = "quyet-dinh"

# A document to write: its template, its context, its file and its title. Every document of a
# command is built first, so a missing fact or a date outside the legal tables stops it before
# any file is written.
Pending = tuple[str, dict[str, Any], Path, str]


@dataclass(frozen=True)
class Dossiers:
    """What `make_dossiers` wrote, the round's warnings, and the decision's own campaign."""

    files: list[Path]
    warnings: list[str]
    decision: Path        # `vanban draft` it to take the decision through the workflow


def make_dossiers(path: Path, out_dir: Path, unit: str | None = None, *,
                  pdf: bool = False) -> Dossiers:
    """Write each unit's dossier (one folder each) and the awarding body's decision; nothing
    is written when one of them cannot be made."""
    from engine.awards import documents as docs

    campaign, submissions = load_round(path)
    report = evaluate(campaign, submissions)
    base = out_dir / Path(campaign.file).stem / "ho-so"
    chosen = [s for s in submissions if unit is None or unit in (s.unit, docs.unit_slug(s.unit))]
    if not chosen:
        names = ", ".join(docs.unit_slug(s.unit) for s in submissions)
        raise BadValue(f"Không có đơn vị «{unit}» trong đợt khen thưởng.",
                          hint=f"Các đơn vị: {names}.")
    groups, decided = _built(campaign, report, chosen, base)
    written: list[Path] = []
    for group, merged in zip(groups, [*(base / docs.unit_slug(s.unit) / "ho-so.pdf"
                                        for s in chosen),
                                      base / "quyet-dinh-khen-thuong.pdf"], strict=True):
        written += _write(group, merged if pdf else None)
    decision = write_decision_campaign(campaign, decided, base / DECISION_FOLDER)
    return Dossiers(written + decision, list(report.warnings), decision[0])


def _built(campaign: Campaign, report: Report, chosen: list[Submission],
           base: Path) -> tuple[list[list[Pending]], Document]:
    """Build every unit's dossier and the decision (and return the decision document); raise
    InputError with the problems of all of them at once (a unit's missing place name, the
    body's missing proposer …)."""
    from engine.awards import documents as docs
    from engine.awards import facts

    problems = [p for s in chosen for p in facts.unit_problems(campaign, s)]
    try:
        decision, decided = decision_documents(campaign, report, base)
    except InputError as error:
        problems += error.problems
    if problems:
        raise InputError(problems)
    return [*(unit_documents(campaign, report, s, base / docs.unit_slug(s.unit))
              for s in chosen), decision], decided


def unit_documents(campaign: Campaign, report: Report, submission: Submission,
                   folder: Path) -> list[Pending]:
    """Return one unit's dossier, built: the Tờ trình (when the check left anyone to propose)
    and its Báo cáo thành tích of each proposed nominee, the Biên bản, the Giấy khen."""
    from engine.awards import documents as docs

    proposed = report.proposed(submission.unit)
    pending: list[Pending] = []
    if proposed:
        pending.append((*docs.to_trinh(campaign, report, submission),
                        folder / "01-to-trinh.docx", "Tờ trình đề nghị khen thưởng"))
    pending.append((*docs.bien_ban(campaign, report, submission),
                    folder / "02-bien-ban-hop-xet.docx", "Biên bản họp xét"))
    for i, outcome in enumerate(proposed, start=1):
        nominee = outcome.nominee
        pending.append((*docs.bao_cao(campaign, report, submission, nominee),
                        folder / f"03-bao-cao-{so_dem(i)}-{docs.slug(nominee.name)}.docx",
                        f"Báo cáo thành tích {nominee.name}"))
    if any(d.selected for d in report.of(submission.unit)):
        pending.append((*docs.giay_khen(campaign, report, submission.unit),
                        folder / "04-giay-khen.docx", "Giấy khen"))
    return pending


def decision_documents(campaign: Campaign, report: Report,
                       folder: Path) -> tuple[list[Pending], Document]:
    """Return the awarding body's Quyết định khen thưởng, built, and the document itself (its
    own campaign, for the workflow, is written from it: built once)."""
    from engine.awards import documents as docs

    doc = docs.decision_document(campaign, report)
    return [(*docs.decision_render(campaign, doc), folder / "quyet-dinh-khen-thuong.docx",
             "Quyết định khen thưởng")], doc


def write_unit_dossier(campaign: Campaign, report: Report, submission: Submission,
                       folder: Path, *, pdf: bool = False) -> list[Path]:
    """Write one unit's dossier into `folder` (and its merged PDF, with `pdf`)."""
    return _write(unit_documents(campaign, report, submission, folder),
                  folder / "ho-so.pdf" if pdf else None)


def write_decision(campaign: Campaign, report: Report, folder: Path, *,
                   pdf: bool = False) -> list[Path]:
    """Write the awarding body's Quyết định khen thưởng into `folder` (and its PDF), and the
    campaign that takes it through the workflow (`folder/quyet-dinh/`)."""
    pending, decided = decision_documents(campaign, report, folder)
    return _write(pending, folder / "quyet-dinh-khen-thuong.pdf" if pdf else None) + \
        write_decision_campaign(campaign, decided, folder / DECISION_FOLDER)


def _write(pending: list[Pending], merged: Path | None) -> list[Path]:
    from engine.awards import documents as docs

    files = [docs.write(template, context, target, title)
             for template, context, target, title in pending]
    return files + ([_merged(files, merged)] if merged is not None else [])


def _merged(files: list[Path], target: Path) -> Path:
    """Convert `files` to PDF and write them, in order, as one PDF."""
    from pypdf import PdfWriter

    from engine.base.files import write_atomic
    from engine.pdf import convert_all

    pdfs = {c.pdf.with_suffix(".docx"): c.pdf for c in convert_all(files)}
    if len(files) == 1:
        pdfs[files[0]].replace(target)
        return target
    merger = PdfWriter()
    for file in files:
        merger.append(str(pdfs[file]))
    buffer = io.BytesIO()
    merger.write(buffer)
    merger.close()
    write_atomic(target, buffer.getvalue())
    for pdf in pdfs.values():
        pdf.unlink(missing_ok=True)
    return target
