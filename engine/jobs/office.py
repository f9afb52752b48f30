"""The web application's document tasks (engine.jobs.tasks): the rest of an issuance, a
preview's page images, the register as PDF; plain arguments only (a database URL, a folder,
ids), so that a thread of the web process or a Celery worker runs them alike."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from engine.accounts.users import load_account
from engine.db.connect import open_engine
from engine.esign.keys import Pkcs12Key
from engine.jobs import preview
from engine.workflow import issue


def finish_issuance(database_url: str, doc_id: str, account_id: int,
                    key: Pkcs12Key | None = None) -> None:
    """Steps 2 and 3 of an issuance whose number the request took (a resumed issuance);
    `key`: the body's, for a document its signer signed digitally."""
    engine = open_engine(database_url, migrate=False)
    try:
        with engine.connect() as conn:
            who = load_account(conn, account_id)
        issue(engine, doc_id, who, datetime.now(UTC), key=key)
    finally:
        engine.dispose()


def make_preview(docx: str, data_dir: str, key: str) -> None:
    """Page images of a document file."""
    preview.make(Path(docx), Path(data_dir), key)


def register_pdf(database_url: str, body: str, year: int, target: str) -> None:
    """The printed register of `body` and `year` as PDF (LibreOffice), written to `target`."""
    import tempfile

    from engine.base.files import write_atomic
    from engine.workflow.register_book import write_register

    engine = open_engine(database_url, migrate=False)
    try:
        with tempfile.TemporaryDirectory() as work:
            written = write_register(engine, year, Path(work) / "so-dang-ky.docx", body,
                                     pdf=True)
            write_atomic(Path(target), written[-1].read_bytes())
    finally:
        engine.dispose()
