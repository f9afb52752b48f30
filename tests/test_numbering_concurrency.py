"""8 processes issue 250 documents each, 5 % rolled back after taking a number: 1..N, no gap.

reliability.md D4–D5: the locked counter row gives every committed issuance the next number and
a rollback gives its number back; runs on SQLite (BEGIN IMMEDIATE, WAL) and PostgreSQL. The
rows are inserted signed, without content versions, so each worker takes numbers at the level
this is about: `take_number` in its own transaction (with its audit row in the body's chain).
"""

from __future__ import annotations

import multiprocessing
import random
from datetime import UTC, datetime

import sqlalchemy

from engine.accounts.roles import Role
from engine.accounts.users import Account, Grant
from engine.db import chain
from engine.db.connect import open_engine
from engine.db.tables import audit, documents
from engine.workflow import Actor, issuance
from engine.workflow.states import State
from engine.workflow.store import document_row
from tests.crashes import SimulatedCrash, crash_at

PROCESSES, EACH, ROLLBACK = 8, 250, 0.05
CLERK = Actor(Account(1, "vt", "Văn thư", (Grant("ubnd", Role.CLERK),)), Role.CLERK)


def _worker(url: str, index: int) -> tuple[int, int]:
    engine = open_engine(url, migrate=False)
    chance = random.Random(index)
    done = rolled_back = 0
    try:
        for n in range(EACH):
            crash = "after-number" if chance.random() < ROLLBACK else None
            try:
                with crash_at(crash), engine.begin() as conn:
                    row = document_row(conn, f"d/{index}-{n}")
                    # Looked up on the module, so that crash_at's patch applies.
                    issuance.take_number(conn, row, CLERK, datetime(2025, 6, 1, 3, tzinfo=UTC),
                                         None, None, False)
                done += 1
            except SimulatedCrash:
                rolled_back += 1
    finally:
        engine.dispose()
    return done, rolled_back


def test_concurrent_issuance_numbers_are_1_to_n(db_url: str) -> None:
    engine = open_engine(db_url)
    with engine.begin() as conn:
        conn.execute(sqlalchemy.insert(documents), [
            {"id": f"d/{i}-{n}", "campaign": "c.yaml", "ma": f"{i}-{n}", "loai": "chi_thi",
             "body": "ubnd", "series": "chung", "symbol": "CT-UBND", "trich_yeu": "t",
             "signer": "", "recipients": "", "archive": "VT", "state": State.SIGNED.value,
             "version": 1,
             "out_dir": "out"} for i in range(PROCESSES) for n in range(EACH)])
    engine.dispose()
    with multiprocessing.get_context("spawn").Pool(PROCESSES) as pool:
        results = pool.starmap(_worker, [(db_url, i) for i in range(PROCESSES)])
    committed = sum(done for done, _ in results)
    assert sum(rolled for _, rolled in results) > 0
    engine = open_engine(db_url, migrate=False)
    with engine.connect() as conn:
        numbers = sorted(conn.execute(sqlalchemy.select(documents.c.number).where(
            documents.c.number.is_not(None))).scalars())
        issuing = conn.execute(sqlalchemy.select(sqlalchemy.func.count()).select_from(
            documents).where(documents.c.state == State.ISSUING.value)).scalar()
        audited = conn.execute(sqlalchemy.select(sqlalchemy.func.count()).select_from(
            audit).where(audit.c.action == "cap_so")).scalar()
        breaks = chain.breaks(conn)
    engine.dispose()
    assert numbers == list(range(1, committed + 1))  # no gap, no duplicate
    # A rolled-back number left neither a state change nor an audit row; the chain is whole.
    assert issuing == audited == committed and breaks == []
