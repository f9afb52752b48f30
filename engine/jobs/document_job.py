"""One document job: what it is (plain data a broker can carry) and what running it does.

Running a job is idempotent and keyed by the content version it was planned with
("<template hash>:<input hash>"): the document is planned again from its campaign file as it is
now; a different version writes nothing (stale); a file already written for that version (the
job delivered twice, a worker killed after writing but before acknowledging) is not written
again; an issued document is never touched. The DOCX, and its PDF when asked, are renamed into
place under the folder's manifest lock, after the issued check made under that lock, and the
document's manifest entry is journaled before the lock is let go.
"""

from __future__ import annotations

import dataclasses
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from engine.base.files import file_hash, write_atomic
from engine.campaign.loader import load_campaign
from engine.campaign.models import Campaign
from engine.errors import EngineError, JobError
from engine.output import manifest
from engine.output.build import Guard, entry_for
from engine.output.manifest import Entry
from engine.output.plan import Planned, plan_document
from engine.output.render_pool import render_one
from engine.word.archive import content_hash

from . import records


@dataclass(frozen=True)
class DocumentJob:
    """Render document `ma` of the campaign file `campaign` into `out_dir` (and its PDF)."""

    batch_id: str
    campaign: str        # absolute path of the campaign file
    ma: str
    out_dir: str         # absolute
    templates: str       # absolute
    version: str         # "<template hash>:<input hash>" when it was planned
    pdf: bool = False

    @property
    def name(self) -> str:
        return f"{Path(self.campaign).stem}/{self.ma}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentJob:
        return cls(**{key: data[key] for key in cls.__dataclass_fields__})


def job_name(item: Planned) -> str:
    """The name of the job for `item` in its batch (DocumentJob.name)."""
    return f"{Path(item.campaign.file).resolve().stem}/{item.doc.ma}"


def version_of(item: Planned) -> str:
    """The content version a job for `item` must produce."""
    return f"{item.template_hash}:{item.input_hash}"


def jobs_for(items: list[Planned], batch_id: str, out_dir: Path, templates: Path,
             pdf: bool) -> list[DocumentJob]:
    """The jobs of a batch: one per planned document."""
    return [DocumentJob(batch_id, str(Path(item.campaign.file).resolve()), item.doc.ma,
                        str(out_dir.resolve()), str(templates.resolve()), version_of(item), pdf)
            for item in items]


_CAMPAIGNS: dict[str, tuple[Campaign, tuple[tuple[int, int, int], ...]]] = {}


def _stamps(campaign: Campaign) -> tuple[tuple[int, int, int], ...] | None:
    """(inode, size, mtime) of each file `campaign` was loaded from; None if one is gone."""
    try:
        stats = [Path(name).stat() for name in campaign.inputs]
    except OSError:
        return None
    return tuple((s.st_ino, s.st_size, s.st_mtime_ns) for s in stats)


def _campaign(path: str) -> Campaign:
    """The campaign at `path`, loaded once per process while its files are unchanged (the
    same inode, size and modification time: a file rewritten by the clerk, or atomically by
    vanban, gets a new one)."""
    cached = _CAMPAIGNS.get(path)
    if cached is not None and _stamps(cached[0]) == cached[1]:
        return cached[0]
    campaign = load_campaign(Path(path))
    stamps = _stamps(campaign)
    if stamps is not None and all(file_hash(Path(f)) == h for f, h in campaign.inputs.items()):
        _CAMPAIGNS[path] = (campaign, stamps)  # kept only if unchanged while it was read
    return campaign


def planned(job: DocumentJob) -> Planned | None:
    """The job's document planned from its campaign as it is now; None if it is gone or its
    campaign no longer loads (the job is then stale)."""
    try:
        campaign = _campaign(job.campaign)
    except EngineError:  # gone, or no longer valid: whatever it says now is not this version
        return None
    for doc in campaign.documents:
        if doc.ma == job.ma:
            item = plan_document(campaign, doc, Path(job.out_dir), Path(job.templates))
            return item if isinstance(item, Planned) else None
    return None


def current(item: Planned, entry: Entry | None, pdf: bool) -> bool:
    """Whether `item`'s file (and PDF) on disk is already the version it must be."""
    if entry is None or entry.template_hash != item.template_hash or \
            entry.input_hash != item.input_hash:
        return False
    try:
        if content_hash(item.output.read_bytes()) != entry.content_hash:
            return False
    except (OSError, ValueError):
        return False
    return not pdf or bool(entry.pdf) and item.output.with_suffix(".pdf").is_file()


@dataclass
class Outcome:
    """What a try of a job did: its final state, whether it wrote, the content it stands at."""

    state: str
    wrote: bool = False
    content_hash: str | None = None


def run(job: DocumentJob, item: Planned | None, registered: bool) -> Outcome:
    """Run `job`, whose document `planned(job)` gave as `item` (see the module's docstring);
    `registered`: the register lists its file as issued (asked when the try started; one issued
    since then has its flag in the manifest, asked under the lock). Raise the EngineError of a
    document that cannot be rendered or converted (the caller retries or records it)."""
    if item is None or version_of(item) != job.version:
        return Outcome(records.STALE)
    with manifest.locked(item.folder):
        settled = _settled(item, job, registered)
    if settled is None:
        data = render_one(item.template_path, item.context, title=item.doc.trich_yeu)
        with manifest.locked(item.folder):
            settled = _settled(item, job, registered)  # another delivery may have written it
            if settled is None:
                write_atomic(item.output, data)
                manifest.journal(item.folder, entry_for(item, data))
                settled = "written"
    if isinstance(settled, Outcome):
        return settled
    if settled == "written":
        outcome = _add_pdf(item, job, registered) if job.pdf else Outcome(records.DONE)
        return Outcome(outcome.state, wrote=True, content_hash=content_hash(data))
    return _add_pdf(item, job, registered)  # only the PDF is missing (a try killed before it)


def _frozen(item: Planned, registered: bool) -> bool:
    """Whether `item` is issued: in the register, or in its manifest (ask under the lock)."""
    return registered or Guard().frozen(item)


def _settled(item: Planned, job: DocumentJob, registered: bool) -> Outcome | str | None:
    """Under the folder's lock: the outcome of a job with nothing left to write, "pdf" when
    only its PDF is missing, None when its DOCX must be written."""
    if _frozen(item, registered):
        return Outcome(records.ISSUED)
    entry = manifest.read(item.folder).get(item.doc.ma)
    if entry is not None and current(item, entry, job.pdf):
        return Outcome(records.DONE, content_hash=entry.content_hash)
    if job.pdf and current(item, entry, False):
        return "pdf"
    return None


def _add_pdf(item: Planned, job: DocumentJob, registered: bool) -> Outcome:
    """Convert the written DOCX outside the lock into the batch's work folder (no sweep of the
    campaign folder touches it; the batch removes it when it ends), then, under the lock and only
    if the document is still this version and not issued, rename the PDF in and journal it."""
    from engine.pdf import pdf_fonts

    entry = manifest.read(item.folder)[item.doc.ma]
    work = work_folder(Path(job.out_dir), job.batch_id)
    work.mkdir(parents=True, exist_ok=True)
    temp = work / f"{secrets.token_hex(6)}-{item.doc.ma}.pdf"
    converted = converter()(item.output, temp)
    with manifest.locked(item.folder):
        now = manifest.read(item.folder).get(item.doc.ma)
        if _frozen(item, registered) or now is None or now.content_hash != entry.content_hash:
            temp.unlink(missing_ok=True)
            return Outcome(records.ISSUED if _frozen(item, registered) else records.STALE)
        pdf = item.output.with_suffix(".pdf")
        temp.replace(pdf)
        manifest.journal(item.folder, dataclasses.replace(
            now, pdf=pdf.name, pdf_pages=converted.pages, pdf_fonts=pdf_fonts(pdf.read_bytes())))
    return Outcome(records.DONE, content_hash=entry.content_hash)


WORK = ".vanban-lo"


def work_folder(out_dir: Path, batch_id: str) -> Path:
    """Where a batch's conversions run: beside the campaign folders, one per batch."""
    return out_dir / WORK / batch_id


_CONVERTER: list[Any] = []


def converter() -> Any:
    """This process's warm LibreOffice converter, started on first use (closed by close())."""
    if not _CONVERTER:
        from engine.pdf import make_converter

        _CONVERTER.append(make_converter())
    return _CONVERTER[0].convert


def close() -> None:
    """Stop this process's LibreOffice, if it started one."""
    while _CONVERTER:
        _CONVERTER.pop().close()


def require(job: dict[str, Any]) -> DocumentJob:
    """A job from a broker's message; JobError if it is not one."""
    try:
        return DocumentJob.from_dict(job)
    except (KeyError, TypeError) as exc:
        raise JobError(f"Thông điệp không phải một việc của vanban: {exc}.",
                       code="bad-job") from exc
