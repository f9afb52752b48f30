"""Award rounds in the browser: a thủ trưởng đơn vị downloads the blank nomination sheet,
uploads the unit's filled one (XLSX or YAML), sees each nominee's verdict with its reasons (or
every problem of the sheet with its row and field), builds the unit's dossier (a job: the DOCX
files and one merged PDF) and downloads it; the thường trực hội đồng sees every unit, the quotas
and the ties, and builds the Quyết định khen thưởng (DOCX, a job).

A round is the `khen_thuong` of a campaign in the database; its units are its `de_nghi` files,
named by their file names (`de-nghi/cao-bang/phong-noi-vu.yaml` is unit «phong-noi-vu»), the
unit a thủ trưởng đơn vị grant names. The campaign's files are never written from here: an
uploaded sheet is checked, then kept under the data folder (`khen-thuong/<campaign>/<unit>.xlsx`
or `.yaml`) and read in place of the unit's file (engine.awards.dossier.read_round).
"""

from __future__ import annotations

import hashlib
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from engine.accounts.roles import Role
from engine.awards.documents import slug
from engine.awards.dossier import UnitSheet, read_round
from engine.awards.nominees import INFO_SHEET, LIST_SHEET, Submission, load_xlsx, load_yaml
from engine.awards.rules import Decision, Report, describe, evaluate
from engine.base.files import write_atomic
from engine.campaign import yaml_reader
from engine.campaign.models import Campaign
from engine.campaign.yaml_reader import Sources
from engine.db.tables import documents
from engine.decree.numerals import so_tien
from engine.document.templates import default_templates
from engine.errors import InputError, Problem
from engine.web import jobs
from engine.web.access import account, engine, refuse
from engine.web.award_jobs import DONE, ZIP_NAME, build_decision, build_unit_dossier, digest

blueprint = Blueprint("awards", __name__)
AWARD_ROLES = (Role.UNIT_HEAD, Role.COUNCIL_SECRETARY)
INFLATED_LIMIT = 50 * 1024 * 1024   # a workbook unpacking to more is not opened (zip bomb)
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_NOT_FOUND = "Không tìm thấy đợt khen thưởng."
LIMIT = 500   # campaigns looked at for the list of rounds


class SheetForm(FlaskForm):  # type: ignore[misc]
    """A unit's nomination sheet: the XLSX of the template, or the same as YAML."""

    tep = FileField("Bảng đề nghị đã điền (XLSX hoặc YAML)", validators=[
        FileRequired("Chọn tệp."),
        FileAllowed(["xlsx", "yaml", "yml"], "Chỉ nhận tệp .xlsx, .yaml hoặc .yml.")])


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


@dataclass(frozen=True)
class Panel:
    """A job's panel (htmx): a button, its progress, its failure, or the downloads."""

    id: str
    url: str
    label: str
    running: str
    job: jobs.Status | None
    done: bool
    downloads: list[tuple[str, str]] = field(default_factory=list)
    blocked: str = ""


def _folder(campaign_id: str) -> Path:
    """The round's folder under the data folder (uploads, dossiers, decisions)."""
    name = campaign_id if _SAFE_ID.fullmatch(campaign_id) and ".." not in campaign_id else \
        hashlib.sha256(campaign_id.encode()).hexdigest()[:24]
    root: Path = current_app.config["VANBAN_SETTINGS"].data_dir
    return root / "khen-thuong" / name


def _plan(path: Path) -> tuple[str, dict[str, str]] | None:
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


def _award_grants() -> list[Any]:
    return [g for g in account().grants if g.role in AWARD_ROLES]


def _round(campaign_id: str) -> Round:
    """The round of the campaign, if the account holds an award role in its body; else 404."""
    with engine().connect() as conn:
        found = list(conn.execute(select(documents.c.campaign, documents.c.body).where(
            documents.c.campaign_id == campaign_id).order_by(documents.c.id)))
    grants = [g for g in _award_grants() if g.body in {row.body for row in found}]
    plan = _plan(Path(found[0].campaign)) if grants else None
    if plan is None:
        refuse(404, _NOT_FOUND)
    name, units = plan
    return Round(campaign_id, Path(found[0].campaign), name, units,
                 any(g.role is Role.COUNCIL_SECRETARY for g in grants),
                 frozenset(g.unit for g in grants if g.role is Role.UNIT_HEAD and g.unit in units))


def _unit(found: Round, unit: str) -> str:
    """The unit's `de_nghi` entry, if the account may see it (its head, or the secretary)."""
    if unit not in found.units or not (found.secretary or unit in found.mine):
        refuse(404, "Không tìm thấy đơn vị này trong đợt khen thưởng.")
    return found.units[unit]


def _uploads(found: Round) -> dict[str, Path]:
    """The sheets uploaded for the round's units (the newest when a unit changed format)."""
    folder = _folder(found.campaign_id)
    uploaded = {}
    for unit in found.units:
        stored = [p for p in (folder / f"{unit}.xlsx", folder / f"{unit}.yaml") if p.is_file()]
        if stored:
            uploaded[unit] = max(stored, key=lambda p: p.stat().st_mtime)
    return uploaded


def _state(found: Round) -> State:
    """Read the round, uploaded sheets in place of the units' files, and evaluate it with the
    sheets that have no problem."""
    uploaded = _uploads(found)
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


def _located(problem: Problem, xlsx: bool) -> dict[str, str]:
    """Where a problem is, as the unit reads it: sheet, row and column of a workbook; line and
    field of a YAML file."""
    row = str(problem.line) if problem.line else "—"
    if not xlsx:
        return {"sheet": "—", "row": row, "field": problem.field or "—",
                "message": problem.message}
    sheet, _, key = problem.field.rpartition("!")
    if not sheet and key in (INFO_SHEET, LIST_SHEET):
        sheet, key = key, ""
    elif not sheet:
        nominee = re.fullmatch(r"(?:tap_the|ca_nhan)\[\d+\](?:\.([a-z_]+))?(?:\.([a-z_]+))?.*",
                               key)
        sheet = LIST_SHEET if nominee else INFO_SHEET
        if nominee:
            first, second = nominee.groups()
            key = {"ho_ten": "ten", "chi_so": f"chi_so_{second}"}.get(first or "", first or "")
    return {"sheet": sheet or "—", "row": row, "field": key or "—", "message": problem.message}


def _shown(problems: list[Problem], xlsx: bool) -> list[dict[str, str]]:
    ordered = sorted(problems, key=lambda p: (p.line or 0, p.field))
    return [_located(p, xlsx) for p in ordered]


def _money(decision: Decision) -> str:
    if not decision.selected:
        return ""
    if decision.prize is None:
        return "chưa có hệ số tiền thưởng"
    return f"{so_tien(decision.prize)} đồng" + (
        "" if decision.prize_confirmed else " (hệ số chưa xác nhận)")


def _verdicts(report: Report, unit_name: str) -> list[dict[str, Any]]:
    """Each nominee of the unit: ĐẠT, KHÔNG ĐẠT or CHỜ HỘI ĐỒNG (a tie), and why."""
    found = []
    for d in report.of(unit_name):
        verdict, css = ("ĐẠT", "s-da_ban_hanh") if d.selected else \
            ("CHỜ HỘI ĐỒNG", "s-cho_duyet") if d.qualified else ("KHÔNG ĐẠT", "s-tra_lai")
        found.append({"kind": "Tập thể" if d.nominee.kind == "tap_the" else "Cá nhân",
                      "name": d.nominee.name, "verdict": verdict, "css": css,
                      "reasons": d.reasons, "notes": d.notes, "prize": _money(d)})
    return found


@blueprint.route("/khen-thuong")
@login_required
def rounds() -> str:
    """The award rounds of the account's bodies where it holds an award role."""
    grants = _award_grants()
    if not grants:
        refuse(403, "Bạn không có vai trò khen thưởng (thủ trưởng đơn vị đề nghị, thường trực "
               "hội đồng thi đua - khen thưởng).")
    with engine().connect() as conn:
        campaigns = list(conn.execute(select(documents.c.campaign_id).distinct().where(
            documents.c.body.in_(sorted({g.body for g in grants})),
            documents.c.campaign_id.is_not(None)).order_by(documents.c.campaign_id)
            .limit(LIMIT)).scalars())
    listed = []
    for campaign_id in campaigns:
        try:
            found_round = _round(campaign_id)
        except HTTPException:  # a campaign without a (usable) round is not listed
            continue
        if found_round.secretary or found_round.mine:
            listed.append(found_round)
    return render_template("awards_rounds.html", rounds=listed)


@blueprint.route("/khen-thuong/<campaign_id>")
@login_required
def round_page(campaign_id: str) -> Any:
    """The secretary's page: every unit, the quotas, the ties, the Quyết định."""
    found = _round(campaign_id)
    if not found.secretary:
        if not found.mine:
            refuse(404, _NOT_FOUND)
        return redirect(url_for("awards.unit_page", campaign_id=campaign_id,
                                unit=sorted(found.mine)[0]), 303)
    state = _state(found)
    return render_template("awards_round.html", found=found, state=state,
                           facts=describe(state.report)[:4], total=describe(state.report)[-1],
                           units=_unit_rows(found, state), quotas=_quotas(state),
                           ties=[d for d in state.report.decisions
                                 if d.qualified and not d.selected],
                           panel=_decision_panel(found, state))


def _uploaded_at(path: Path | None) -> datetime | None:
    return datetime.fromtimestamp(path.stat().st_mtime, UTC) if path else None


def _unit_rows(found: Round, state: State) -> list[dict[str, Any]]:
    """One row per unit for the secretary: its sheet, where it came from, its counts."""
    rows = []
    for unit in found.units:
        sheet = state.sheets.get(unit)
        submission = sheet.submission if sheet else None
        decisions = state.report.of(submission.unit) if submission else []
        rows.append({"unit": unit, "submission": submission,
                     "problems": len(sheet.problems) if sheet else 0,
                     "uploaded": _uploaded_at(state.uploaded.get(unit)),
                     "selected": sum(d.selected for d in decisions),
                     "refused": sum(not d.qualified for d in decisions),
                     "tied": sum(d.qualified and not d.selected for d in decisions)})
    return rows


def _quotas(state: State) -> list[dict[str, Any]]:
    """The round's quota groups (`so_luong` of its kind and form): limit and outcome."""
    report, rows = state.report, []
    for quota in state.campaign.sections.get("so_luong", []):
        if not isinstance(quota, dict) or quota.get("ky") != report.round["ky"] \
                or quota.get("hinh_thuc") != report.form["hinh_thuc"]:
            continue
        kind = quota.get("doi_tuong")
        for limit in quota.get("gioi_han", []):
            pool = [d for d in report.decisions
                    if d.nominee.group == limit["nhom"] and d.nominee.kind == kind]
            rows.append({"group": limit["nhom"], "most": int(limit["toi_da"]),
                         "kind": "tập thể" if kind == "tap_the" else "cá nhân",
                         "proposed": len(pool), "selected": sum(d.selected for d in pool),
                         "tied": sum(d.qualified and not d.selected for d in pool)})
    return rows


@blueprint.route("/khen-thuong/<campaign_id>/mau-de-nghi.xlsx")
@login_required
def blank_sheet(campaign_id: str) -> Response:
    """The blank nomination sheet (templates/awards/mau-de-nghi-khen-thuong.xlsx)."""
    _round(campaign_id)
    return send_file(default_templates() / "awards" / "mau-de-nghi-khen-thuong.xlsx",
                     as_attachment=True, download_name="mau-de-nghi-khen-thuong.xlsx")


@blueprint.route("/khen-thuong/<campaign_id>/don-vi/<unit>", methods=["GET", "POST"])
@login_required
def unit_page(campaign_id: str, unit: str) -> Any:
    """A unit's page: its sheet (upload: its head only), the verdicts, its dossier."""
    found = _round(campaign_id)
    _unit(found, unit)
    form = SheetForm()
    state = _state(found)
    rejected: list[dict[str, str]] = []
    if request.method == "POST":
        if unit not in found.mine:
            refuse(403, "Chỉ thủ trưởng của đơn vị tải lên bảng đề nghị của đơn vị.")
        if form.validate_on_submit():
            rejected = _receive(found, state, unit, form.tep.data)
            if not rejected:
                flash("Đã nhận bảng đề nghị; kết quả xét ở bên dưới.", "ok")
                return redirect(url_for("awards.unit_page", campaign_id=campaign_id,
                                        unit=unit), 303)
    return render_template("awards_unit.html", **_unit_view(found, state, unit), form=form,
                           rejected=rejected), 400 if rejected or form.errors else 200


def _unit_view(found: Round, state: State, unit: str) -> dict[str, Any]:
    """What the unit's page shows of the round as read now."""
    sheet = state.sheets[unit]
    submission = sheet.submission
    return {"found": found, "unit": unit, "sheet": sheet, "submission": submission,
            "uploaded": _uploaded_at(state.uploaded.get(unit)),
            "problems": _shown(sheet.problems, sheet.file.suffix.lower() == ".xlsx"),
            "verdicts": _verdicts(state.report, submission.unit) if submission else [],
            "left_out": sum(s.submission is None for s in state.sheets.values()),
            "may_upload": unit in found.mine, "panel": _dossier_panel(found, state, unit)}


def _receive(found: Round, state: State, unit: str, upload: FileStorage) -> list[dict[str, str]]:
    """Check an uploaded sheet and keep it (atomically) for the unit; return its problems
    (nothing is kept then: the round goes on with the sheet it had)."""
    xlsx = (upload.filename or "").lower().endswith(".xlsx")
    ext = "xlsx" if xlsx else "yaml"
    data = upload.read()
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / f"{unit}.{ext}"
        trial.write_bytes(data)
        problems = _inflated(data, trial.name) if xlsx else []
        submission = None
        if not problems:
            submission, problems = (load_xlsx if xlsx else load_yaml)(trial, trial.name)
    problems = problems + _clash(state, unit, submission, f"{unit}.{ext}")
    if problems:
        return _shown(problems, xlsx)
    folder = _folder(found.campaign_id)
    write_atomic(folder / f"{unit}.{ext}", data)
    (folder / f"{unit}.{'yaml' if xlsx else 'xlsx'}").unlink(missing_ok=True)
    return []


def _inflated(data: bytes, display: str) -> list[Problem]:
    """A workbook that would unpack to more than INFLATED_LIMIT bytes is not opened."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            size = sum(item.file_size for item in archive.infolist())
    except zipfile.BadZipFile:
        return []  # not a workbook at all: the loader says so
    if size <= INFLATED_LIMIT:
        return []
    return [Problem(display, None, "", "too-large",
                    f"bảng tính giải nén ra {size} byte, tối đa {INFLATED_LIMIT}")]


def _clash(state: State, unit: str, submission: Submission | None,
           display: str) -> list[Problem]:
    """A sheet naming another unit of the round as its `don_vi` would merge the two units."""
    if submission is None:
        return []
    for other, sheet in state.sheets.items():
        if other != unit and sheet.submission is not None and \
                sheet.submission.unit.casefold() == submission.unit.casefold():
            return [Problem(display, None, "don_vi", "unit-taken",
                            f"«{submission.unit}» là đơn vị khác của đợt ({other}); mỗi đơn vị "
                            "chỉ tải lên bảng đề nghị của mình")]
    return []


@blueprint.route("/khen-thuong/<campaign_id>/don-vi/<unit>/bang-de-nghi")
@login_required
def unit_sheet(campaign_id: str, unit: str) -> Response:
    """The unit's sheet as the round reads it now (uploaded, or the campaign's file)."""
    found = _round(campaign_id)
    ref = _unit(found, unit)
    path = _uploads(found).get(unit) or found.path.parent / ref
    if not path.is_file():
        refuse(404, "Đơn vị chưa có bảng đề nghị.")
    return send_file(path, as_attachment=True, download_name=f"{unit}{path.suffix.lower()}")


def _dossier_job(found: Round, state: State, unit: str) -> tuple[str, Path]:
    """The job key and the folder of the unit's dossier for the round as read now."""
    return (f"ho-so:{found.campaign_id}:{unit}:{state.digest}",
            _folder(found.campaign_id) / "ho-so" / state.digest / unit)


def _dossier_panel(found: Round, state: State, unit: str) -> Panel:
    key, target = _dossier_job(found, state, unit)
    args: dict[str, Any] = {"campaign_id": found.campaign_id, "unit": unit}
    blocked = "" if state.sheets[unit].submission else \
        "Bảng đề nghị của đơn vị còn lỗi: sửa và tải lên lại rồi mới lập được hồ sơ."
    return Panel("ho-so", url_for("awards.dossier_panel", **args), "Lập hồ sơ khen thưởng",
                 "Đang lập hồ sơ: các tệp DOCX và bản PDF gộp (LibreOffice)…",
                 jobs.status(key), (target / DONE).is_file(),
                 [("Tải hồ sơ (PDF gộp)", url_for("awards.dossier_file", kind="pdf", **args)),
                  ("Tải các tệp DOCX (ZIP)", url_for("awards.dossier_file", kind="zip",
                                                     **args))], blocked)


@blueprint.route("/khen-thuong/<campaign_id>/don-vi/<unit>/ho-so", methods=["GET", "POST"])
@login_required
def dossier_panel(campaign_id: str, unit: str) -> str:
    """Start (POST) or show (GET, polled by htmx) the building of the unit's dossier."""
    found = _round(campaign_id)
    ref = _unit(found, unit)
    state = _state(found)
    panel = _dossier_panel(found, state, unit)
    if request.method == "POST" and not panel.done and not panel.blocked:
        key, target = _dossier_job(found, state, unit)
        jobs.submit(key, build_unit_dossier, str(found.path), state.files, ref, state.digest,
                    str(target))
        panel = _dossier_panel(found, state, unit)
    return render_template("awards_job.html", panel=panel)


@blueprint.route("/khen-thuong/<campaign_id>/don-vi/<unit>/ho-so/<kind>")
@login_required
def dossier_file(campaign_id: str, unit: str, kind: str) -> Response:
    """The unit's dossier built from the round as read now: its merged PDF or its DOCX (ZIP)."""
    found = _round(campaign_id)
    _unit(found, unit)
    if kind not in ("pdf", "zip"):
        refuse(404, "Không có tệp này.")
    _, target = _dossier_job(found, _state(found), unit)
    path = target / ("ho-so.pdf" if kind == "pdf" else ZIP_NAME)
    if not (target / DONE).is_file() or not path.is_file():
        refuse(404, "Chưa có hồ sơ lập từ bảng đề nghị hiện tại: bấm «Lập hồ sơ khen thưởng».")
    return send_file(path, as_attachment=True, download_name=f"ho-so-{unit}.{kind}")


def _decision_job(found: Round, state: State) -> tuple[str, Path]:
    return (f"quyet-dinh:{found.campaign_id}:{state.digest}",
            _folder(found.campaign_id) / "quyet-dinh" / state.digest)


def _decision_panel(found: Round, state: State) -> Panel:
    key, target = _decision_job(found, state)
    waiting = sorted(u for u, s in state.sheets.items() if s.submission is None)
    blocked = "" if not waiting else (
        "Chưa lập được Quyết định: bảng đề nghị của các đơn vị sau còn lỗi: "
        + ", ".join(waiting) + ".")
    return Panel("quyet-dinh", url_for("awards.decision_panel", campaign_id=found.campaign_id),
                 "Lập Quyết định khen thưởng (DOCX)", "Đang lập Quyết định khen thưởng…",
                 jobs.status(key), (target / DONE).is_file(),
                 [("Tải Quyết định khen thưởng (DOCX)",
                   url_for("awards.decision_file", campaign_id=found.campaign_id))], blocked)


def _secretary_round(campaign_id: str) -> Round:
    found = _round(campaign_id)
    if not found.secretary:
        refuse(404, _NOT_FOUND)
    return found


@blueprint.route("/khen-thuong/<campaign_id>/quyet-dinh", methods=["GET", "POST"])
@login_required
def decision_panel(campaign_id: str) -> str:
    """Start (POST) or show (GET, polled by htmx) the building of the Quyết định."""
    found = _secretary_round(campaign_id)
    state = _state(found)
    panel = _decision_panel(found, state)
    if request.method == "POST" and not panel.done and not panel.blocked:
        key, target = _decision_job(found, state)
        jobs.submit(key, build_decision, str(found.path), state.files, state.digest,
                    str(target))
        panel = _decision_panel(found, state)
    return render_template("awards_job.html", panel=panel)


@blueprint.route("/khen-thuong/<campaign_id>/quyet-dinh/tai")
@login_required
def decision_file(campaign_id: str) -> Response:
    """The Quyết định khen thưởng built from the round as read now."""
    found = _secretary_round(campaign_id)
    _, target = _decision_job(found, _state(found))
    path = target / "quyet-dinh-khen-thuong.docx"
    if not (target / DONE).is_file() or not path.is_file():
        refuse(404, "Chưa có Quyết định lập từ các bảng đề nghị hiện tại.")
    return send_file(path, as_attachment=True,
                     download_name=f"quyet-dinh-khen-thuong-{campaign_id}.docx")
