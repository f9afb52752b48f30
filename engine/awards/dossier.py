"""Load an award round: the campaign and every unit's nominations, all problems at once."""

from __future__ import annotations

from pathlib import Path

from engine.awards.nominees import Submission, load_xlsx, load_yaml
from engine.awards.rules import Report, evaluate
from engine.campaign import load_campaign
from engine.errors import InputError, Problem
from engine.models import Campaign


def load_round(path: Path) -> tuple[Campaign, list[Submission]]:
    """Return the campaign at `path` and its units' submissions; raise InputError otherwise."""
    campaign = load_campaign(path)
    if not campaign.khen_thuong:
        raise InputError([Problem(str(path), None, "khen_thuong", "missing-field",
                                  "chiến dịch chưa có mục «khen_thuong» (đợt khen thưởng)")])
    submissions, problems = [], []
    for ref in campaign.khen_thuong["de_nghi"]:
        file = path.parent / ref
        loader = load_xlsx if file.suffix.lower() == ".xlsx" else load_yaml
        submission, found = loader(file, str(file))
        problems.extend(found)
        if submission is not None:
            submissions.append(submission)
    if problems:
        raise InputError(problems)
    return campaign, submissions


def check_round(path: Path) -> Report:
    """Evaluate the campaign's award round."""
    campaign, submissions = load_round(path)
    return evaluate(campaign, submissions)
