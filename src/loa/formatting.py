"""Vietnamese (and English) presentation of dates and numbers."""

from __future__ import annotations

from datetime import date

__all__ = ["format_date", "format_number", "format_percent"]


def format_date(day: date, lang: str = "vi") -> str:
    """Return a date as official documents write it: 'ngày 04 tháng 11 năm 2021'.

    Days 1-9 and months 1-2 are zero-padded, as Decree 30 requires; English gives '4 November 2021'.
    """
    if lang != "vi":
        return f"{day.day} {day.strftime('%B')} {day.year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def format_number(value: float | int, decimals: int = 0, lang: str = "vi") -> str:
    """Return a number with thousands separators: '1.803.950' and '12,5' in Vietnamese."""
    text = f"{value:,.{decimals}f}"
    if lang != "vi":
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_percent(share: float, decimals: int = 1, lang: str = "vi") -> str:
    """Return a share (0.125) as a percentage ('12,5%')."""
    return format_number(share * 100, decimals, lang) + "%"
