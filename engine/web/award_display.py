"""How the award round's pages show a round as read now: each problem of a sheet where the unit
finds it (sheet, row, column; or line and field), each nominee's verdict and prize, one row per
unit and per quota group for the secretary."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engine.awards.nominees import INFO_SHEET, LIST_SHEET
from engine.awards.rules import Decision, Report
from engine.decree.numerals import so_tien
from engine.errors import Problem
from engine.web.award_round import Round, State


def located(problem: Problem, xlsx: bool) -> dict[str, str]:
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


def shown_problems(problems: list[Problem], xlsx: bool) -> list[dict[str, str]]:
    """A sheet's problems in the order of its rows, each where the unit finds it."""
    ordered = sorted(problems, key=lambda p: (p.line or 0, p.field))
    return [located(p, xlsx) for p in ordered]


def prize_text(decision: Decision) -> str:
    """The prize of a selected nominee in đồng, or why it has none ("" when not selected)."""
    if not decision.selected:
        return ""
    if decision.prize is None:
        return "chưa có hệ số tiền thưởng"
    return f"{so_tien(decision.prize)} đồng" + (
        "" if decision.prize_confirmed else " (hệ số chưa xác nhận)")


def verdicts(report: Report, unit_name: str) -> list[dict[str, Any]]:
    """Each nominee of the unit: ĐẠT, KHÔNG ĐẠT or CHỜ HỘI ĐỒNG (a tie), and why."""
    found = []
    for d in report.of(unit_name):
        verdict, css = ("ĐẠT", "s-da_ban_hanh") if d.selected else \
            ("CHỜ HỘI ĐỒNG", "s-cho_duyet") if d.qualified else ("KHÔNG ĐẠT", "s-tra_lai")
        found.append({"kind": "Tập thể" if d.nominee.kind == "tap_the" else "Cá nhân",
                      "name": d.nominee.name, "verdict": verdict, "css": css,
                      "reasons": d.reasons, "notes": d.notes, "prize": prize_text(d)})
    return found


def uploaded_at(path: Path | None) -> datetime | None:
    """When a sheet was uploaded (None: the unit's sheet is the campaign's file)."""
    return datetime.fromtimestamp(path.stat().st_mtime, UTC) if path else None


def unit_rows(found: Round, state: State) -> list[dict[str, Any]]:
    """One row per unit for the secretary: its sheet, where it came from, its counts."""
    rows = []
    for unit in found.units:
        sheet = state.sheets.get(unit)
        submission = sheet.submission if sheet else None
        decisions = state.report.of(submission.unit) if submission else []
        rows.append({"unit": unit, "submission": submission,
                     "problems": len(sheet.problems) if sheet else 0,
                     "uploaded": uploaded_at(state.uploaded.get(unit)),
                     "selected": sum(d.selected for d in decisions),
                     "refused": sum(not d.qualified for d in decisions),
                     "tied": sum(d.qualified and not d.selected for d in decisions)})
    return rows


def quota_rows(state: State) -> list[dict[str, Any]]:
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
