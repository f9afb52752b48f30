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

This module holds the blueprint: its routes, the upload form and the jobs' panels. The round as
the account may see it and as read now is in engine.web.award_round; how its problems, verdicts,
units and quotas are shown, in engine.web.award_display; the jobs, in engine.jobs.dossiers.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_login import login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from engine.awards.nominees import Submission, load_xlsx, load_yaml
from engine.awards.rules import describe
from engine.base.files import write_atomic
from engine.db.tables import documents
from engine.document.templates import default_templates
from engine.errors import Problem
from engine.jobs.dossiers import ZIP_NAME, build_decision, build_unit_dossier
from engine.jobs.folders import is_done
from engine.web import jobs
from engine.web.access import engine, refuse
from engine.web.award_decision import decision_row, take_into_workflow
from engine.web.award_display import quota_rows, shown_problems, unit_rows, uploaded_at, verdicts
from engine.web.award_round import (
    NOT_FOUND,
    Round,
    State,
    award_grants,
    read_state,
    round_folder,
    uploaded_sheets,
    visible_round,
    visible_unit,
)

blueprint = Blueprint("awards", __name__)
INFLATED_LIMIT = 50 * 1024 * 1024   # a workbook unpacking to more is not opened (zip bomb)
LIMIT = 500   # campaigns looked at for the list of rounds


class SheetForm(FlaskForm):  # type: ignore[misc]
    """A unit's nomination sheet: the XLSX of the template, or the same as YAML."""

    tep = FileField("Bảng đề nghị đã điền (XLSX hoặc YAML)", validators=[
        FileRequired("Chọn tệp."),
        FileAllowed(["xlsx", "yaml", "yml"], "Chỉ nhận tệp .xlsx, .yaml hoặc .yml.")])


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
    actions: list[tuple[str, str]] = field(default_factory=list)   # POST buttons, once done


@blueprint.route("/khen-thuong")
@login_required
def rounds() -> str:
    """The award rounds of the account's bodies where it holds an award role."""
    grants = award_grants()
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
            found_round = visible_round(campaign_id)
        except HTTPException:  # a campaign without a (usable) round is not listed
            continue
        if found_round.secretary or found_round.mine:
            listed.append(found_round)
    return render_template("awards_rounds.html", rounds=listed)


@blueprint.route("/khen-thuong/<campaign_id>")
@login_required
def round_page(campaign_id: str) -> Any:
    """The secretary's page: every unit, the quotas, the ties, the Quyết định."""
    found = visible_round(campaign_id)
    if not found.secretary:
        if not found.mine:
            refuse(404, NOT_FOUND)
        return redirect(url_for("awards.unit_page", campaign_id=campaign_id,
                                unit=sorted(found.mine)[0]), 303)
    state = read_state(found)
    return render_template("awards_round.html", found=found, state=state,
                           facts=describe(state.report)[:4], total=describe(state.report)[-1],
                           units=unit_rows(found, state), quotas=quota_rows(state),
                           ties=[d for d in state.report.decisions
                                 if d.qualified and not d.selected],
                           panel=_decision_panel(found, state),
                           warnings=state.report.warnings, decision=decision_row(state))


@blueprint.route("/khen-thuong/<campaign_id>/mau-de-nghi.xlsx")
@login_required
def blank_sheet(campaign_id: str) -> Response:
    """The blank nomination sheet (templates/awards/mau-de-nghi-khen-thuong.xlsx)."""
    visible_round(campaign_id)
    return send_file(default_templates() / "awards" / "mau-de-nghi-khen-thuong.xlsx",
                     as_attachment=True, download_name="mau-de-nghi-khen-thuong.xlsx")


@blueprint.route("/khen-thuong/<campaign_id>/don-vi/<unit>", methods=["GET", "POST"])
@login_required
def unit_page(campaign_id: str, unit: str) -> Any:
    """A unit's page: its sheet (upload: its head only), the verdicts, its dossier."""
    found = visible_round(campaign_id)
    visible_unit(found, unit)
    form = SheetForm()
    state = read_state(found)
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
            "uploaded": uploaded_at(state.uploaded.get(unit)),
            "problems": shown_problems(sheet.problems, sheet.file.suffix.lower() == ".xlsx"),
            "verdicts": verdicts(state.report, submission.unit) if submission else [],
            "warnings": [w for w in state.report.warnings
                         if submission and submission.unit in w],
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
        return shown_problems(problems, xlsx)
    folder = round_folder(found.campaign_id)
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
    found = visible_round(campaign_id)
    ref = visible_unit(found, unit)
    path = uploaded_sheets(found).get(unit) or found.path.parent / ref
    if not path.is_file():
        refuse(404, "Đơn vị chưa có bảng đề nghị.")
    return send_file(path, as_attachment=True, download_name=f"{unit}{path.suffix.lower()}")


def _dossier_job(found: Round, state: State, unit: str) -> tuple[str, Path]:
    """The job key and the folder of the unit's dossier for the round as read now."""
    return (f"ho-so:{found.campaign_id}:{unit}:{state.digest}",
            round_folder(found.campaign_id) / "ho-so" / state.digest / unit)


def _dossier_panel(found: Round, state: State, unit: str) -> Panel:
    key, target = _dossier_job(found, state, unit)
    args: dict[str, Any] = {"campaign_id": found.campaign_id, "unit": unit}
    blocked = "" if state.sheets[unit].submission else \
        "Bảng đề nghị của đơn vị còn lỗi: sửa và tải lên lại rồi mới lập được hồ sơ."
    return Panel("ho-so", url_for("awards.dossier_panel", **args), "Lập hồ sơ khen thưởng",
                 "Đang lập hồ sơ: các tệp DOCX và bản PDF gộp (LibreOffice)…",
                 jobs.status(key), is_done(target),
                 [("Tải hồ sơ (PDF gộp)", url_for("awards.dossier_file", kind="pdf", **args)),
                  ("Tải các tệp DOCX (ZIP)", url_for("awards.dossier_file", kind="zip",
                                                     **args))], blocked)


@blueprint.route("/khen-thuong/<campaign_id>/don-vi/<unit>/ho-so", methods=["GET", "POST"])
@login_required
def dossier_panel(campaign_id: str, unit: str) -> str:
    """Start (POST) or show (GET, polled by htmx) the building of the unit's dossier."""
    found = visible_round(campaign_id)
    ref = visible_unit(found, unit)
    state = read_state(found)
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
    found = visible_round(campaign_id)
    visible_unit(found, unit)
    if kind not in ("pdf", "zip"):
        refuse(404, "Không có tệp này.")
    _, target = _dossier_job(found, read_state(found), unit)
    path = target / ("ho-so.pdf" if kind == "pdf" else ZIP_NAME)
    if not is_done(target) or not path.is_file():
        refuse(404, "Chưa có hồ sơ lập từ bảng đề nghị hiện tại: bấm «Lập hồ sơ khen thưởng».")
    return send_file(path, as_attachment=True, download_name=f"ho-so-{unit}.{kind}")


def _decision_job(found: Round, state: State) -> tuple[str, Path]:
    return (f"quyet-dinh:{found.campaign_id}:{state.digest}",
            round_folder(found.campaign_id) / "quyet-dinh" / state.digest)


def _decision_panel(found: Round, state: State) -> Panel:
    key, target = _decision_job(found, state)
    waiting = sorted(u for u, s in state.sheets.items() if s.submission is None)
    blocked = "" if not waiting else (
        "Chưa lập được Quyết định: bảng đề nghị của các đơn vị sau còn lỗi: "
        + ", ".join(waiting) + ".")
    return Panel("quyet-dinh", url_for("awards.decision_panel", campaign_id=found.campaign_id),
                 "Lập Quyết định khen thưởng (DOCX)", "Đang lập Quyết định khen thưởng…",
                 jobs.status(key), is_done(target),
                 [("Tải Quyết định khen thưởng (DOCX)",
                   url_for("awards.decision_file", campaign_id=found.campaign_id))], blocked,
                 [("Đưa Quyết định vào quy trình (trình, duyệt, ký, ban hành)",
                   url_for("awards.decision_into_workflow", campaign_id=found.campaign_id))])


def _secretary_round(campaign_id: str) -> Round:
    found = visible_round(campaign_id)
    if not found.secretary:
        refuse(404, NOT_FOUND)
    return found


@blueprint.route("/khen-thuong/<campaign_id>/quyet-dinh", methods=["GET", "POST"])
@login_required
def decision_panel(campaign_id: str) -> str:
    """Start (POST) or show (GET, polled by htmx) the building of the Quyết định."""
    found = _secretary_round(campaign_id)
    state = read_state(found)
    panel = _decision_panel(found, state)
    if request.method == "POST" and not panel.done and not panel.blocked:
        key, target = _decision_job(found, state)
        jobs.submit(key, build_decision, str(found.path), state.files, state.digest,
                    str(target))
        panel = _decision_panel(found, state)
    return render_template("awards_job.html", panel=panel)


@blueprint.route("/khen-thuong/<campaign_id>/quyet-dinh/quy-trinh", methods=["POST"])
@login_required
def decision_into_workflow(campaign_id: str) -> Response:
    """Draft the Quyết định built from the round as read now (its register entry: trình,
    duyệt, ký, cấp số, ban hành on the document's page)."""
    found = _secretary_round(campaign_id)
    state = read_state(found)
    _, target = _decision_job(found, state)
    if not is_done(target):
        refuse(409, "Lập Quyết định từ các bảng đề nghị hiện tại trước khi đưa vào quy trình.")
    doc_id = take_into_workflow(campaign_id, target, state.campaign.documents[0].profile.ma)
    flash("Đã đưa Quyết định khen thưởng vào quy trình (dự thảo).", "ok")
    return redirect(url_for("documents.document_page", doc_id=doc_id), 303)


@blueprint.route("/khen-thuong/<campaign_id>/quyet-dinh/tai")
@login_required
def decision_file(campaign_id: str) -> Response:
    """The Quyết định khen thưởng built from the round as read now."""
    found = _secretary_round(campaign_id)
    _, target = _decision_job(found, read_state(found))
    path = target / "quyet-dinh-khen-thuong.docx"
    if not is_done(target) or not path.is_file():
        refuse(404, "Chưa có Quyết định lập từ các bảng đề nghị hiện tại.")
    return send_file(path, as_attachment=True,
                     download_name=f"quyet-dinh-khen-thuong-{campaign_id}.docx")
