"""Dates as the decree writes them (NĐ 30/2020/NĐ-CP, Phụ lục I, II.4), and the issue date in
Vietnam time (Art. 15: numbers restart on 1 January)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from engine.errors import BadValue

VIETNAM = timezone(timedelta(hours=7), "ICT")  # no daylight saving
# NĐ 30/2020/NĐ-CP, Art. 37: "có hiệu lực thi hành kể từ ngày ký", signed 05/3/2020.
DECREE_IN_FORCE = date(2020, 3, 5)

def parse_date(text: str) -> date | None:
    """Return the date written as ``2025-07-23`` or ``23/7/2025``, or None if it does not exist.

    >>> parse_date("2025-07-23"), parse_date("5/2/2025")
    (datetime.date(2025, 7, 23), datetime.date(2025, 2, 5))
    >>> parse_date("31/02/2025") is None
    True
    """
    try:
        if "-" in text:
            year, month, day = (int(part) for part in text.split("-"))
        else:
            day, month, year = (int(part) for part in text.split("/"))
        return date(year, month, day)
    except ValueError:
        return None


def require_date(text: str, what: str = "ngày") -> date:
    """Return the date of a value already validated; refuse (never assert) one that is not.

    >>> require_date("2025-07-23")
    datetime.date(2025, 7, 23)
    >>> require_date("31/02/2025", "ngày nộp")
    Traceback (most recent call last):
    engine.errors.BadValue: [bad-value] ngày nộp «31/02/2025» không có thật
    """
    day = parse_date(text)
    if day is None:
        raise BadValue(f"{what} «{text}» không có thật")
    return day


def ngay_thang_nam(day: date) -> str:
    """Return a date in words; days below 10 and months 1 and 2 get a leading zero.

    NĐ 30/2020/NĐ-CP, Phụ lục I, II.4.b.

    >>> ngay_thang_nam(date(2025, 2, 5))
    'ngày 05 tháng 02 năm 2025'
    >>> ngay_thang_nam(date(2022, 5, 5))
    'ngày 05 tháng 5 năm 2022'
    >>> ngay_thang_nam(date(2026, 10, 15))
    'ngày 15 tháng 10 năm 2026'
    >>> ngay_thang_nam(date(2020, 1, 31))
    'ngày 31 tháng 01 năm 2020'
    """
    return f"ngày {padded_day(day.day)} tháng {padded_month(day.month)} năm {day.year}"


def dong_dia_danh(place: str, day: date | None) -> str:
    """Return the place-and-date line (ô 4); a draft leaves day, month and year open.

    NĐ 30/2020/NĐ-CP, Phụ lục I, II.4: a comma after the place name, then the full date.

    >>> dong_dia_danh("Cao Bằng", date(2022, 5, 5))
    'Cao Bằng, ngày 05 tháng 5 năm 2022'
    >>> dong_dia_danh("Hà Tu", None)
    'Hà Tu, ngày      tháng      năm      '
    """
    if day is None:
        return f"{place}, ngày      tháng      năm      "
    return f"{place}, {ngay_thang_nam(day)}"


def ngay_ngan(day: date) -> str:
    """Return a date in figures (citations, the register), padded by the same rule as in words.

    >>> ngay_ngan(date(2025, 7, 23))
    '23/7/2025'
    >>> ngay_ngan(date(2021, 4, 6)), ngay_ngan(date(2025, 2, 5))
    ('06/4/2021', '05/02/2025')
    """
    return f"{padded_day(day.day)}/{padded_month(day.month)}/{day.year}"


def padded_day(day: int) -> str:
    """Return the day of a date as printed: a leading zero below 10 (Phụ lục I, II.4.b).

    >>> padded_day(5), padded_day(23)
    ('05', '23')
    """
    return f"{day:02d}"


def padded_month(month: int) -> str:
    """Return the month as printed: a leading zero for January and February only (II.4.b).

    >>> padded_month(1), padded_month(2), padded_month(3), padded_month(12)
    ('01', '02', '3', '12')
    """
    return f"{month:02d}" if month <= 2 else str(month)


def vietnam_date(moment: datetime) -> date:
    """Return the date in Vietnam of an aware moment (the issue date decides the year).

    >>> vietnam_date(datetime(2025, 12, 31, 16, 59, 59, tzinfo=UTC))
    datetime.date(2025, 12, 31)
    >>> vietnam_date(datetime(2025, 12, 31, 17, 0, 0, tzinfo=UTC))
    datetime.date(2026, 1, 1)
    """
    if moment.tzinfo is None:
        raise BadValue("Thời điểm ban hành phải kèm múi giờ.")
    return moment.astimezone(VIETNAM).date()


def issue_moment(text: str | None) -> datetime:
    """Return the issue moment: now, or the ISO date/time given (a date alone means noon in
    Vietnam; a time without a zone is Vietnam time).

    >>> issue_moment("2025-03-30").isoformat()
    '2025-03-30T12:00:00+07:00'
    >>> issue_moment("30/03/2025")
    Traceback (most recent call last):
    engine.errors.BadValue: [bad-value] Ngày ban hành «30/03/2025» không đúng dạng ISO 8601 ...
    """
    if not text:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise BadValue(f"Ngày ban hành «{text}» không đúng dạng ISO 8601 (2025-03-30 hoặc "
                       "2025-03-30T09:00) hoặc không có thật.") from None
    if len(text) == 10:
        moment = moment.replace(hour=12)
    return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)
