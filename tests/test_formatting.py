from __future__ import annotations

from datetime import date

from loa.formatting import format_date, format_number, format_percent


def test_official_date_pads_days_and_early_months() -> None:
    assert format_date(date(2021, 11, 4)) == "ngày 04 tháng 11 năm 2021"
    assert format_date(date(2021, 2, 15)) == "ngày 15 tháng 02 năm 2021"
    assert format_date(date(2021, 5, 9)) == "ngày 09 tháng 5 năm 2021"
    assert format_date(date(2021, 11, 4), "en") == "4 November 2021"


def test_vietnamese_number_separators() -> None:
    assert format_number(1803950) == "1.803.950"
    assert format_number(1234.5, 1) == "1.234,5"
    assert format_number(1234.5, 1, "en") == "1,234.5"
    assert format_percent(0.125) == "12,5%"
