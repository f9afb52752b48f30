"""The issuing body's register: the next number of a sequence (which sequence: decree/numbers).

NĐ 30/2020/NĐ-CP, Art. 15: numbers run from 01 on 1 January to 31 December, per issuing body,
unique with the ký hiệu within the year; the head of the body decides whether administrative
documents share one sequence (profile `danh_so: chung`) or each type has its own
(`theo_loai`); secret documents and advisory councils keep their own sequences.
A number comes from a locked counter row in the same transaction as the state change, never
from a database sequence (sequences leave gaps on rollback: reliability.md §2.2).
"""

from __future__ import annotations

from sqlalchemy import Connection, select
from sqlalchemy.dialects import postgresql, sqlite

from engine.db.tables import counters


def allocate(conn: Connection, body: str, year: int, series: str, first: int = 1) -> int:
    """Return the next number of (body, year, series), locking its counter row until commit.

    INSERT … ON CONFLICT DO UPDATE … RETURNING: the first number of a year is 1 (or `first`,
    the opening number of a body whose earlier documents were numbered elsewhere) and each
    call adds one; a rolled-back transaction gives its number back, so there is no gap.
    """
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(counters).values(body=body, year=year, series=series,
                                                last=first)
    statement = statement.on_conflict_do_update(
        index_elements=["body", "year", "series"],
        set_={"last": counters.c["last"] + 1}).returning(counters.c["last"])
    return int(conn.execute(statement).scalar_one())


def expected_digits(conn: Connection, body: str, year: int, series: str, *, waiting: int = 0,
                    opening: int | None = None) -> int:
    """Return how many digits the next number of (body, year, series) is expected to have,
    after the `waiting` documents ahead of it take theirs (never fewer than 2: "05")."""
    last = last_number(conn, body, year, series)
    upcoming = (last + 1 if last else opening or 1) + waiting
    return max(2, len(str(upcoming)))


def last_number(conn: Connection, body: str, year: int, series: str) -> int:
    """Return the last number given in (body, year, series), 0 if none."""
    value = conn.execute(select(counters.c["last"]).where(
        counters.c.body == body, counters.c.year == year, counters.c.series == series)).scalar()
    return int(value or 0)
