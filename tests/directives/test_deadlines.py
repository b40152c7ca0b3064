"""Deadlines and recurrences read from a task's text."""

from __future__ import annotations

from datetime import date

import pytest

from loa.directives.deadlines import Deadline, find_deadline


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("báo cáo kết quả về Sở Y tế trước ngày 15/11/2021", date(2021, 11, 15)),
        ("hoàn thành trước 15/11", date(2021, 11, 15)),
        ("gửi báo cáo chậm nhất ngày 20/11/2021.", date(2021, 11, 20)),
        ("chậm nhất là ngày 03 tháng 12 năm 2021", date(2021, 12, 3)),
        ("triển khai xong trong tháng 11/2021", date(2021, 11, 30)),
        ("hoàn thành trong tháng 2 năm 2024", date(2024, 2, 29)),
        ("truoc ngay 1/12", date(2021, 12, 1)),
        ("Thời gian thực hiện: Hoàn thành trong năm 2025.", date(2025, 12, 31)),
    ],
)
def test_dated_phrases_give_a_due_date(text: str, due: date) -> None:
    assert find_deadline(text, 2021) == Deadline(due=due)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("định kỳ hằng tuần báo cáo Ban Chỉ đạo", "weekly"),
        ("báo cáo hàng tháng về UBND tỉnh", "monthly"),
        ("cập nhật hằng ngày số ca mắc", "daily"),
    ],
)
def test_recurring_reports_give_a_rule_not_a_date(text: str, rule: str) -> None:
    assert find_deadline(text, 2021) == Deadline(recurrence=rule)


def test_first_phrase_wins() -> None:
    text = "xong trước ngày 10/11/2021; báo cáo kết quả trước ngày 20/11/2021"
    assert find_deadline(text, None).due == date(2021, 11, 10)


def test_dates_without_a_trigger_are_not_deadlines() -> None:
    assert find_deadline("Từ ngày 26/10/2021 đến nay, tình hình dịch phức tạp", 2021) == Deadline()
    assert find_deadline("Thời gian thực hiện: năm 2025 và các năm tiếp theo.", 2025) == Deadline()


def test_year_less_date_without_a_known_year_gives_nothing() -> None:
    assert find_deadline("trước ngày 15/11", None) == Deadline()


def test_impossible_date_gives_nothing() -> None:
    assert find_deadline("trước ngày 30/02/2022", 2022) == Deadline()


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("gửi Báo cáo trước 17 giờ ngày 27/11/2025 để tổng hợp", date(2025, 11, 27)),
        ("hoàn thành trước 10h00 ngày 05/12", date(2025, 12, 5)),
        ("trước 17 giờ 30 phút ngày 3 tháng 12 năm 2025", date(2025, 12, 3)),
    ],
)
def test_an_hour_before_the_day_still_gives_the_day(text: str, due: date) -> None:
    assert find_deadline(text, 2025).due == due
