"""An award round as the logged-in account may see it, and as read now: the round of a campaign
(its name and units, from the campaign file), the units the account may see, the sheets uploaded
in the browser, and the round read with those sheets and evaluated.

A round is the `khen_thuong` of a campaign in the database; its units are its `de_nghi` files,
named by their file names (`de-nghi/cao-bang/phong-noi-vu.yaml` is unit «phong-noi-vu»).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import select

from engine.accounts.roles import Role
from engine.awards.documents import slug
from engine.awards.dossier import UnitSheet, read_round
from engine.awards.rules import Report, evaluate
from engine.campaign import yaml_reader
from engine.campaign.models import Campaign
from engine.campaign.yaml_reader import Sources
from engine.db.tables import documents
from engine.errors import InputError
from engine.jobs.dossiers import digest
from engine.web.access import account, engine, refuse

AWARD_ROLES = (Role.UNIT_HEAD, Role.COUNCIL_SECRETARY)
NOT_FOUND = "Không tìm thấy đợt khen thưởng."
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


@dataclass(frozen=True)
class Round:
    """A campaign's award round, as the logged-in account may see it."""

    campaign_id: str
    path: Path                   # the campaign file (documents.campaign)
    name: str
    units: dict[str, str]        # unit id → its `de_nghi` entry
    secretary: bool              # the account is thường trực hội đồng of the campaign's body
    mine: frozenset[str]         # the units it heads in this round


@dataclass(frozen=True)
class State:
    """The round as read now: every unit's sheet and the evaluation of those without problem."""

    campaign: Campaign
    sheets: dict[str, UnitSheet]   # by unit id
    uploaded: dict[str, Path]      # unit id → the sheet uploaded in the browser
    report: Report
    digest: str                    # of everything read: keys the dossiers built from it
    files: dict[str, str]          # `de_nghi` entry → the file read (plain, for a job)


def round_folder(campaign_id: str) -> Path:
    """The round's folder under the data folder (uploads, dossiers, decisions)."""
    name = campaign_id if _SAFE_ID.fullmatch(campaign_id) and ".." not in campaign_id else \
        hashlib.sha256(campaign_id.encode()).hexdigest()[:24]
    root: Path = current_app.config["VANBAN_SETTINGS"].data_dir
    return root / "khen-thuong" / name


def round_plan(path: Path) -> tuple[str, dict[str, str]] | None:
    """The round's name and units, from the campaign file (None: it has no round); a round
    naming a file outside the campaign's folder is refused."""
    doc = yaml_reader.load(path)
    data = doc.data if isinstance(doc.data, dict) and not doc.problems else {}
    round_ = data.get("khen_thuong")
    if not isinstance(round_, dict):
        return None
    refs = round_.get("de_nghi")
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        return None
    if any(Path(r).is_absolute() or ".." in Path(r).parts for r in refs):
        refuse(409, "Đợt khen thưởng có tệp đề nghị nằm ngoài thư mục của chiến dịch: sửa "
               "«khen_thuong.de_nghi» (đường dẫn tương đối, không có «..»).")
    units: dict[str, str] = {}
    for ref in refs:
        base = slug(Path(ref).stem) or "don-vi"
        unit, n = base, 1
        while unit in units:
            n += 1
            unit = f"{base}-{n}"
        units[unit] = ref
    return str(round_.get("ten") or "Đợt khen thưởng"), units


def award_grants() -> list[Any]:
    """The logged-in account's grants of an award role (unit head, council secretary)."""
    return [g for g in account().grants if g.role in AWARD_ROLES]


def visible_round(campaign_id: str) -> Round:
    """The round of the campaign, if the account holds an award role in its body; else 404."""
    with engine().connect() as conn:
        found = list(conn.execute(select(documents.c.campaign, documents.c.body).where(
            documents.c.campaign_id == campaign_id).order_by(documents.c.id)))
    grants = [g for g in award_grants() if g.body in {row.body for row in found}]
    plan = round_plan(Path(found[0].campaign)) if grants else None
    if plan is None:
        refuse(404, NOT_FOUND)
    name, units = plan
    return Round(campaign_id, Path(found[0].campaign), name, units,
                 any(g.role is Role.COUNCIL_SECRETARY for g in grants),
                 frozenset(g.unit for g in grants if g.role is Role.UNIT_HEAD and g.unit in units))


def visible_unit(found: Round, unit: str) -> str:
    """The unit's `de_nghi` entry, if the account may see it (its head, or the secretary)."""
    if unit not in found.units or not (found.secretary or unit in found.mine):
        refuse(404, "Không tìm thấy đơn vị này trong đợt khen thưởng.")
    return found.units[unit]


def uploaded_sheets(found: Round) -> dict[str, Path]:
    """The sheets uploaded for the round's units (the newest when a unit changed format)."""
    folder = round_folder(found.campaign_id)
    uploaded = {}
    for unit in found.units:
        stored = [p for p in (folder / f"{unit}.xlsx", folder / f"{unit}.yaml") if p.is_file()]
        if stored:
            uploaded[unit] = max(stored, key=lambda p: p.stat().st_mtime)
    return uploaded


def read_state(found: Round) -> State:
    """Read the round, uploaded sheets in place of the units' files, and evaluate it with the
    sheets that have no problem."""
    uploaded = uploaded_sheets(found)
    sources = Sources()
    try:
        campaign, sheets = read_round(found.path, {found.units[u]: p for u, p in
                                                   uploaded.items()}, sources)
    except InputError as exc:
        listed = "; ".join(str(p) for p in exc.problems[:5])
        refuse(409, f"Tệp chiến dịch của đợt khen thưởng có lỗi, chưa xét được: {listed}.")
    by_ref = {sheet.ref: sheet for sheet in sheets}
    if set(found.units.values()) - set(by_ref):
        refuse(409, "Tệp chiến dịch vừa thay đổi; tải lại trang.")
    by_unit = {unit: by_ref[ref] for unit, ref in found.units.items()}
    report = evaluate(campaign, [s.submission for s in sheets if s.submission is not None])
    files = {sheet.ref: str(sheet.file) for sheet in sheets}
    return State(campaign, by_unit, uploaded, report, digest(sources.read_files, files), files)
