"""Generate every document of one or more campaigns: validate all, render all, then write all."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine import __version__
from engine.campaign import load_campaign
from engine.context import build, template_for
from engine.errors import InputError, OutputError, Problem
from engine.files import sweep, write_atomic
from engine.models import Campaign
from engine.package import content_hash
from engine.render import render_docx

MANIFEST = "manifest.json"


def default_templates() -> Path:
    """Return the templates folder: $VANBAN_TEMPLATES, or templates/ beside the engine."""
    env = os.environ.get("VANBAN_TEMPLATES")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class Output:
    """One rendered document, before or after it is written."""

    campaign: Campaign
    ma: str
    loai: str
    template: str
    template_hash: str
    data: bytes

    @property
    def content_hash(self) -> str:
        return content_hash(self.data)


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


def render_all(campaigns: list[Campaign], templates: Path) -> list[Output]:
    """Render every document in memory; nothing is written if any of them fails."""
    outputs = []
    for campaign in campaigns:
        for doc in campaign.documents:
            name = template_for(doc)
            path = templates / name
            if not path.is_file():
                raise InputError([Problem(campaign.file, None, f"van_ban[{doc.ma}]",
                                          "missing-template",
                                          f"không tìm thấy mẫu «{name}» trong {templates}")])
            data = render_docx(path, build(campaign, doc), title=doc.trich_yeu)
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            outputs.append(Output(campaign, doc.ma, doc.loai, name, digest, data))
    return outputs


def write_all(outputs: list[Output], out_dir: Path) -> list[Path]:
    """Write the documents and one manifest per campaign, each file atomically."""
    sweep(out_dir)
    written: list[Path] = []
    by_campaign: dict[str, list[Output]] = {}
    for output in outputs:
        by_campaign.setdefault(output.campaign.file, []).append(output)
    try:
        for file, items in by_campaign.items():
            folder = out_dir / Path(file).stem
            for item in items:
                target = folder / f"{item.ma}.docx"
                write_atomic(target, item.data)
                written.append(target)
            manifest = _manifest(items[0].campaign, items)
            write_atomic(folder / MANIFEST, manifest.encode("utf-8"))
            written.append(folder / MANIFEST)
    except OSError as exc:
        raise OutputError(f"Không ghi được tệp kết quả vào «{out_dir}»: {exc.strerror}. "
                          "Các tệp đã ghi vẫn nguyên vẹn; chạy lại sau khi khắc phục.") from exc
    return written


def _manifest(campaign: Campaign, items: list[Output]) -> str:
    data: dict[str, Any] = {
        "vanban": __version__,
        "campaign": campaign.file,
        "inputs": campaign.inputs,
        "documents": [
            {"ma": item.ma, "loai": item.loai, "template": item.template,
             "template_hash": item.template_hash, "output": f"{item.ma}.docx",
             "content_hash": item.content_hash}
            for item in items
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def generate(paths: list[Path], out_dir: Path, templates: Path | None = None) -> list[Path]:
    """Validate, render and write every document of the campaigns at `paths`."""
    campaigns = load_all(paths)
    outputs = render_all(campaigns, templates or default_templates())
    return write_all(outputs, out_dir)
