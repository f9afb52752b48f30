"""Immutable content versions: what a reviewer approved and a signer signed is what is issued.

A version holds the content snapshot (the campaign and profile files exactly as read, stored
once per import), the templates' hashes and the hash of the unnumbered render of the document
with those issued with it. Drafting makes a new version only when that render or a template
changed. Issuance loads the campaign back from the signed version's snapshot (never the live
file) and refuses if a template changed or the same content no longer renders the same.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Row, insert, select

from engine.base.files import file_hash
from engine.campaign.loader import load_campaign
from engine.campaign.models import Campaign
from engine.campaign.yaml_reader import Sources
from engine.db.tables import documents, seen_versions, snapshots, versions
from engine.document.templates import default_templates
from engine.output.render_pool import render_stream
from engine.word.archive import content_hash
from engine.workflow.rendering import Rendered, planned, unnumbered
from engine.workflow.states import FROZEN, State
from engine.workflow.store import Actor


def _digest(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclasses.dataclass(frozen=True)
class Fingerprint:
    """What a reviewer sees of a document: its unnumbered render and the templates used."""

    draft_hash: str
    templates: dict[str, str]

    @classmethod
    def of(cls, rendered: dict[str, Rendered], mas: list[str]) -> Fingerprint:
        return cls(_digest([[ma, rendered[ma].digest] for ma in mas]),
                   {rendered[ma].template: rendered[ma].template_hash for ma in mas})


def store_snapshot(conn: Connection, campaign_file: str, files: dict[str, bytes]) -> str:
    """Store the files a campaign was loaded from (once: content-addressed); return the hash."""
    texts = {path: _as_stored(data) for path, data in sorted(files.items())}
    digest = _digest({"campaign": campaign_file, "files": texts})
    if conn.execute(select(snapshots.c.hash).where(snapshots.c.hash == digest)).first() is None:
        conn.execute(insert(snapshots).values(hash=digest, campaign=campaign_file,
                                              files=json.dumps(texts, ensure_ascii=False)))
    return digest


def new_version(conn: Connection, doc_id: str, last: Row[Any] | None, snapshot: str,
                fingerprint: Fingerprint, actor: Actor) -> str | None:
    """Store a new version of `doc_id` unless `fingerprint` is that of `last`, its current
    version; return the new version's hash (None: unchanged)."""
    if last is not None and last.draft_hash == fingerprint.draft_hash \
            and json.loads(last.templates) == fingerprint.templates:
        return None
    n = (last.n if last is not None else 0) + 1
    body = {"document": doc_id, "n": n, "snapshot": snapshot,
            "templates": fingerprint.templates, "draft_hash": fingerprint.draft_hash}
    digest = _digest(body)
    conn.execute(insert(versions).values(
        hash=digest, document=doc_id, n=n, snapshot=snapshot,
        templates=json.dumps(fingerprint.templates, sort_keys=True),
        draft_hash=fingerprint.draft_hash, author_id=actor.account.id, author=actor.name,
        created_at=datetime.now(UTC)))
    return digest


def version_row(conn: Connection, digest: str) -> Row[Any]:
    """Return the stored version `digest`."""
    return conn.execute(select(versions).where(versions.c.hash == digest)).one()


def _as_stored(data: bytes) -> str | dict[str, str]:
    """A file as a snapshot stores it: its text, or {"base64": …} for a picture (a profile's
    Quốc huy) that is not UTF-8 text."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(data).decode("ascii")}


def stored_files(snapshot: Row[Any]) -> dict[str, bytes]:
    """The files of a snapshot row, by path, as read when it was stored."""
    files: dict[str, str | dict[str, str]] = json.loads(snapshot.files)
    return {path: value.encode("utf-8") if isinstance(value, str)
            else base64.b64decode(value["base64"]) for path, value in files.items()}


def snapshot_campaign(snapshot: Row[Any]) -> tuple[Campaign, Sources]:
    """Load the campaign exactly as `snapshot` stored it, and the sources it was read from."""
    sources = Sources(stored=stored_files(snapshot))
    return load_campaign(Path(snapshot.campaign), sources), sources


def latest_snapshot(conn: Connection, campaign_id: str) -> Row[Any] | None:
    """The snapshot of the newest version of any document of the campaign."""
    return conn.execute(select(snapshots).join(
        versions, versions.c.snapshot == snapshots.c.hash).join(
        documents, documents.c.id == versions.c.document).where(
        documents.c.campaign_id == campaign_id).order_by(
        versions.c.created_at.desc()).limit(1)).first()


def campaign_of(conn: Connection, version: Row[Any]) -> Campaign:
    """Load the campaign exactly as the version's snapshot stored it."""
    snap = conn.execute(select(snapshots).where(snapshots.c.hash == version.snapshot)).one()
    return snapshot_campaign(snap)[0]


def edited_sources(engine: Engine) -> dict[str, list[str]]:
    """Return, per unissued document, the campaign or profile files edited on disk since its
    current version was stored (those edits reach it only through a new `vanban draft`)."""
    live = [s.value for s in FROZEN | {State.ISSUING}]
    found: dict[str, list[str]] = {}
    edited_in: dict[str, list[str]] = {}
    with engine.connect() as conn:
        query = select(documents.c.id, versions.c.snapshot).join(
            versions, versions.c.hash == documents.c.current_version).where(
            documents.c.state.not_in(live))
        for doc_id, snapshot in conn.execute(query):
            if snapshot not in edited_in:
                stored = conn.execute(select(snapshots).where(
                    snapshots.c.hash == snapshot)).one()
                edited_in[snapshot] = [path for path, data in sorted(stored_files(stored).items())
                                       if _on_disk(Path(path)) != data]
            if edited_in[snapshot]:
                found[doc_id] = edited_in[snapshot]
    return found


def _on_disk(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def fingerprint_with(campaign: Campaign, mas: list[str], folder: Path,
                     templates: Path | None) -> Fingerprint:
    """What documents `mas` of `campaign` would print unnumbered with `templates` (in memory)."""
    items = {item.doc.ma: item for item in planned(unnumbered(campaign), mas, folder,
                                                   templates)}
    digests = {item.doc.ma: content_hash(data) for item, data in render_stream(
        list(items.values()), 1)}
    return Fingerprint.of({ma: Rendered(items[ma].output, digests[ma], items[ma].template,
                                        items[ma].template_hash) for ma in mas}, mas)


def changes_since(version: Row[Any], campaign: Campaign, mas: list[str], folder: Path,
                  templates: Path | None) -> list[str]:
    """Return what differs now from what `version` recorded (empty: it renders the same):
    a template edited since, or the same content rendering otherwise."""
    base = templates or default_templates()
    recorded: dict[str, str] = json.loads(version.templates)
    changed = [f"mẫu «{name}» đã sửa sau phiên bản {version.n}" for name, digest in
               sorted(recorded.items()) if not (base / name).is_file()
               or file_hash(base / name) != digest]
    if changed:
        return changed
    if fingerprint_with(campaign, mas, folder, templates).draft_hash != version.draft_hash:
        return [f"nội dung kết xuất khác phiên bản {version.n} đã ký (phần mềm hoặc dữ liệu "
                "đã thay đổi)"]
    return []


def text_lines(conn: Connection, digest: str, ma: str, templates: Path | None = None
               ) -> list[str]:
    """The paragraphs of a document's version as its unnumbered draft prints them (a reviewer
    compares two versions with them)."""
    from engine.word.reader import Docx

    campaign = campaign_of(conn, version_row(conn, digest))
    items = planned(unnumbered(campaign), [ma], Path("."), templates)
    data = next(iter(render_stream(items, 1)))[1]
    return [line for line in Docx(data).text().splitlines() if line.strip()]


def last_seen(conn: Connection, user_id: int, doc_id: str) -> str | None:
    """The version of `doc_id` the user saw last (None: never)."""
    found = conn.execute(select(seen_versions.c.version).where(
        seen_versions.c.user_id == user_id, seen_versions.c.document == doc_id)).scalar()
    return str(found) if found is not None else None


def mark_seen(conn: Connection, user_id: int, doc_id: str, digest: str) -> None:
    """Remember that the user has seen version `digest` of `doc_id`."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    values = {"version": digest, "at": datetime.now(UTC)}
    conn.execute(dialect.insert(seen_versions).values(user_id=user_id, document=doc_id, **values)
                 .on_conflict_do_update(index_elements=["user_id", "document"], set_=values))
