"""A regeneration as a batch of document jobs: plan what changed here (engine.output.regenerate,
writing nothing), run a job for each changed document, and for each unchanged one that lacks
its PDF when PDFs are asked, then tell what changed in each document's text.

The jobs are the ones a generation runs (engine.jobs.document_job): each re-checks under its
folder's lock that its document is not issued (in the manifest, or in the register of the
batch's database) and is still the version planned, so a document issued since the plan is left
alone and reported as issued. The text of each changed document is read before the batch and
again after it, in this process: the diff shown is of the files as they are on disk.
"""

from __future__ import annotations

from pathlib import Path

from engine.document.templates import default_templates
from engine.output.regenerate import Report, lacks_pdf, plan_changes, text_diff, text_of

from . import records
from .batch import Progress, Work, run_jobs
from .document_job import job_name


def regenerate_batch(paths: list[Path], out_dir: Path, *, templates: Path | None = None,
                     pdf: bool = False, db: str | None = None, broker: str | None = None,
                     workers: int | None = None, progress: Progress | None = None,
                     protected: frozenset[Path] = frozenset()
                     ) -> tuple[Report, records.BatchStatus]:
    """Re-render what changed in the campaigns at `paths` as one batch; return the plan (each
    change with its text diff) and the batch's status."""
    templates = templates or default_templates()
    report = plan_changes(paths, out_dir, templates, pdf=pdf, protected=protected)
    before = {job_name(c.item): text_of(c.item.output) for c in report.changes}
    jobs = [change.item for change in report.changes]
    if pdf:
        jobs += [item for item in report.unchanged
                 if lacks_pdf(item, report.written.entries[item.folder].get(item.doc.ma))]
    status = run_jobs(Work("regenerate", jobs, report.items, out_dir, templates, pdf), db=db,
                      broker=broker, workers=workers, progress=progress)
    _outcome(report, status, before)
    return report, status


def _outcome(report: Report, status: records.BatchStatus, before: dict[str, list[str] | None]
             ) -> None:
    """Each change written gets its diff; one issued since the plan moves to the issued."""
    kept = []
    for change in report.changes:
        name = job_name(change.item)
        state = status.states.get(name)
        if state == records.ISSUED:
            report.issued_outdated.append((change.item, change.reason))
            continue
        if state == records.DONE:
            change.diff = text_diff(before[name], text_of(change.item.output))
        kept.append(change)
    report.changes = kept
