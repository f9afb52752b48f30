"""Numbers written the Vietnamese way: dots between thousands, a decimal comma (Babel, "vi")."""

from __future__ import annotations

from babel.numbers import format_decimal, format_percent


def so_tien(amount: int) -> str:
    """Return an amount of money written the Vietnamese way, with dots between thousands.

    >>> so_tien(2340000)
    '2.340.000'
    >>> so_tien(702000)
    '702.000'
    """
    return format_decimal(amount, locale="vi")


def so_dem(count: int) -> str:
    """Return a count as official documents write it: two digits at least ("tối đa 03 tập thể"),
    the way Số is padded (Phụ lục I, II.3.c) and as the seed plans write their quotas.

    >>> so_dem(3), so_dem(12)
    ('03', '12')
    """
    return f"{count:02d}"


def so_thap_phan(value: float) -> str:
    """Return a number with a decimal comma, as few decimals as it needs.

    >>> so_thap_phan(87.5), so_thap_phan(90.0), so_thap_phan(92.25)
    ('87,5', '90', '92,25')
    """
    return format_decimal(value, format="#,##0.###", locale="vi")


def phan_tram(share: float) -> str:
    """Return a share (0–1) as a percentage with one decimal ("42,9%").

    >>> phan_tram(3 / 7), phan_tram(0.8)
    ('42,9%', '80%')
    """
    return format_percent(share, format="#,##0.#%", locale="vi")


def doc_so(text: str) -> float:
    """Return the number a clerk typed, with a decimal comma or point ("92,3", "92.3").

    Babel's parse_decimal with locale vi would read "92.3" as 923 (the dot groups thousands),
    and clerks' sheets carry both; a metric or a share is never in the thousands.

    >>> doc_so("92,3"), doc_so("92.3"), doc_so("100")
    (92.3, 92.3, 100.0)
    """
    return float(text.strip().replace(",", "."))
