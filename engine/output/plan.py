"""What a batch will build: each document with its template, context and fingerprints."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.base.files import file_hash
from engine.campaign.loader import load_campaign
from engine.campaign.models import Campaign, Document
from engine.document.context import build
from engine.document.templates import template_for
from engine.errors import InputError, Problem
from engine.output.manifest import input_hash


@dataclass(frozen=True)
class Planned:
    """A document to build: where from, with what, and where to."""

    campaign: Campaign
    doc: Document
    template: str          # path under the templates folder
    template_path: Path
    template_hash: str
    context: dict[str, Any]
    input_hash: str
    folder: Path

    @property
    def output(self) -> Path:
        return self.folder / f"{self.doc.ma}.docx"


def load_all(paths: list[Path]) -> list[Campaign]:
    """Load every campaign; raise one InputError listing the problems of all files."""
    campaigns, problems = [], []
    for path in paths:
        try:
            campaigns.append(load_campaign(path))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    stems = [Path(c.file).stem for c in campaigns]
    clashes = {stem for stem in stems if stems.count(stem) > 1}
    if clashes:
        raise InputError(Problem(c.file, None, "", "duplicate-campaign",
                                 "hai tệp chiến dịch cùng tên sẽ ghi đè thư mục kết quả của nhau")
                         for c in campaigns if Path(c.file).stem in clashes)
    return campaigns


def plan(campaigns: list[Campaign], out_dir: Path, templates: Path) -> list[Planned]:
    """Return every document of `campaigns` with its template and fingerprints."""
    missing = []
    planned = []
    for campaign in campaigns:
        for doc in campaign.documents:
            item = plan_document(campaign, doc, out_dir, templates)
            if isinstance(item, Problem):
                missing.append(item)
            else:
                planned.append(item)
    if missing:
        raise InputError(missing)
    return planned


def plan_document(campaign: Campaign, doc: Document, out_dir: Path,
                  templates: Path) -> Planned | Problem:
    """Return one document of `campaign` planned, or the problem of its missing template."""
    name = template_for(doc)
    path = templates / name
    if not path.is_file():
        return Problem(campaign.file, None, f"van_ban[{doc.ma}]", "missing-template",
                       f"không tìm thấy mẫu «{name}» trong {templates}")
    context = build(campaign, doc)
    return Planned(campaign, doc, name, path, file_hash(path), context,
                   input_hash(name, context), out_dir / Path(campaign.file).stem)
