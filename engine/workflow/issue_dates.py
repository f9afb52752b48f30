"""Issue dates a văn thư would not type on purpose: more than a week ahead of today. Such a
date is refused unless its reason is given, and the reason goes into the audit with the number
(issue 14: "a plausibility rule for issue dates with an explicit override").

Earlier dates are bounded elsewhere: never before a number already given in the same series
(numbers follow time, NĐ 30/2020 Art. 15), never outside the body's existence.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from engine.decree.dates import ngay_ngan, vietnam_date
from engine.errors import WorkflowError

DAYS_AHEAD = 7


def checked_issue_date(day: date, reason: str | None, today: date | None = None) -> str | None:
    """Return the audit note of an unusual issue date given with its reason, None for a usual
    one; raise WorkflowError for an unusual date without a reason.

    >>> checked_issue_date(date(2026, 12, 3), None, today=date(2026, 12, 2)) is None
    True
    >>> checked_issue_date(date(2027, 1, 20), "ban hành theo lịch", today=date(2026, 12, 2))
    'ngày ban hành 20/01/2027 sau hôm nay hơn 7 ngày: ban hành theo lịch'
    """
    today = today or vietnam_date(datetime.now(UTC))
    if day <= today + timedelta(days=DAYS_AHEAD):
        return None
    why = f"ngày ban hành {ngay_ngan(day)} sau hôm nay hơn {DAYS_AHEAD} ngày"
    if not (reason or "").strip():
        raise WorkflowError(f"Không ban hành: {why}.", code="implausible-date",
                            hint="Sửa ngày, hoặc ghi lý do: --allow-date «lý do» (lý do được "
                                 "ghi vào nhật ký).")
    return f"{why}: {str(reason).strip()}"
