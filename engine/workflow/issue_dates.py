"""Issue dates a văn thư would not type on purpose: more than a week ahead of today, before
Decree 30 was in force (a document of that time had another form), or in a year whose
register the văn thư has closed (engine/workflow/register_close). Such a date is refused
unless its reason is given, and the reason goes into the audit with the number (issue 14: "a
plausibility rule for issue dates with an explicit override").

Earlier dates are bounded elsewhere too: never before a number already given in the same
series (numbers follow time, NĐ 30/2020 Art. 15), never outside the body's existence.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Connection

from engine.decree.dates import DECREE_IN_FORCE, ngay_ngan, vietnam_date
from engine.errors import WorkflowError
from engine.workflow.register_close import closed_at

DAYS_AHEAD = 7


def checked_issue_date(day: date, reason: str | None, today: date | None = None) -> str | None:
    """Return the audit note of an unusual issue date given with its reason, None for a usual
    one; raise WorkflowError for an unusual date without a reason.

    >>> checked_issue_date(date(2026, 12, 3), None, today=date(2026, 12, 2)) is None
    True
    >>> checked_issue_date(date(2027, 1, 20), "ban hành theo lịch", today=date(2026, 12, 2))
    'ngày ban hành 20/01/2027 sau hôm nay hơn 7 ngày: ban hành theo lịch'
    >>> checked_issue_date(date(1900, 1, 1), "nhập sổ cũ", today=date(2026, 12, 2))[-41:]
    'hiệu lực (05/3/2020, Điều 37): nhập sổ cũ'
    """
    today = today or vietnam_date(datetime.now(UTC))
    if day < DECREE_IN_FORCE:
        return _with_reason(f"ngày ban hành {ngay_ngan(day)} trước khi Nghị định 30/2020/NĐ-CP "
                            f"có hiệu lực ({ngay_ngan(DECREE_IN_FORCE)}, Điều 37)", reason,
                            "implausible-date")
    if day <= today + timedelta(days=DAYS_AHEAD):
        return None
    return _with_reason(f"ngày ban hành {ngay_ngan(day)} sau hôm nay hơn {DAYS_AHEAD} ngày",
                        reason, "implausible-date")


def checked_open_year(conn: Connection, body: str, day: date, reason: str | None) -> str | None:
    """Return the audit note of an issue into `body`'s closed register of `day`'s year given
    with its reason, None when that register is open; raise WorkflowError without a reason."""
    closed = closed_at(conn, body, day.year)
    if closed is None:
        return None
    return _with_reason(f"sổ đăng ký năm {day.year} đã đóng ngày "
                        f"{ngay_ngan(vietnam_date(closed))} (in lại sổ sau khi ban hành)",
                        reason, "closed-year")


def _with_reason(why: str, reason: str | None, code: str) -> str:
    if not (reason or "").strip():
        raise WorkflowError(f"Không ban hành: {why}.", code=code,
                            hint="Sửa ngày, hoặc ghi lý do: --allow-date «lý do» (lý do được "
                                 "ghi vào nhật ký).")
    return f"{why}: {str(reason).strip()}"
