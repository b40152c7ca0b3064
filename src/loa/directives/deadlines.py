"""Deadlines in task text: "trước ngày 15/11/2021", "chậm nhất ngày 20/11", "trong tháng 11",
"hoàn thành trong năm 2025" (the year's last day).

A deadline is a date or a recurrence ("định kỳ hằng tuần"), never both guessed: a phrase that
names no day and no rule gives nothing. A date written without a year takes `year` (the
dispatch's own year). When a text holds several deadline phrases the first one wins, because
dispatches put the binding date first and later dates are usually report-back follow-ups.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from loa.text import fold

__all__ = ["Deadline", "find_deadline"]


@dataclass(frozen=True)
class Deadline:
    """A due date, a recurrence rule ("daily", "weekly", "monthly", "quarterly"), or neither."""

    due: date | None = None
    recurrence: str | None = None


# Matching runs on fold()ed text (no diacritics, lower case), so "trước"/"truoc" both work.
_TRIGGER = r"(?:truoc|cham nhat(?: la)?|han chot(?: la)?|khong qua|xong truoc|hoan thanh truoc)"
_DAY_MONTH = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?"
_WORDY = r"(\d{1,2})\s+thang\s+(\d{1,2})(?:\s*(?:,\s*)?nam\s+(\d{4}))?"
# "trước 17 giờ ngày 27/11/2025", "trước 10h00 ngày 05/12": the hour before the day is passed over.
_HOUR = r"(?:\d{1,2}\s*(?:gio|h)(?:\s*\d{2}(?:\s*phut)?)?,?\s*)?"
_DATED = re.compile(
    rf"{_TRIGGER}\s*:?\s*{_HOUR}(?:ngay\s+)?(?:{_DAY_MONTH}|{_WORDY})(?!\s*[/.-]?\s*\d)"
)
_MONTH = re.compile(
    r"(?:xong|hoan thanh|ket thuc|thuc hien)\s+(?:trong|truoc het|het|trong thang)\s*"
    r"(?:thang\s+)?(\d{1,2})\s*(?:[/.-]|\s+nam\s+)\s*(\d{4})"
)
# "Thời gian thực hiện: Hoàn thành trong năm 2025": done by the year's end.
_YEAR = re.compile(
    r"(?:xong|hoan thanh)\s+(?:trong|truoc het|het|trong nam)\s*(?:nam\s+)?(\d{4})\b"
)
_RECURRING = (
    (re.compile(r"hang ngay|moi ngay|/\s*ngay\b"), "daily"),
    (re.compile(r"(?:hang|moi) tuan|/\s*tuan\b"), "weekly"),
    (re.compile(r"(?:hang|moi) thang|/\s*thang\b"), "monthly"),
    (re.compile(r"(?:hang|moi) quy|/\s*quy\b"), "quarterly"),
)
# A recurrence binds only in a clause that asks for something to be done or sent again, or on
# a plan's line of when its item is done ("- Thời gian thực hiện: hằng tháng.").
_RECURRING_DUTY = re.compile(
    r"dinh ky|bao cao|cap nhat|tong hop|gui |dang tai|dang tin|phat song|giao ban|hop |"
    r"kiem tra|truoc ngay|thong tin|tin, bai|tin bai|san pham|thoi gian(?: thuc hien)?\s*:"
)


def _clause(key: str, start: int, end: int) -> str:
    """Return the clause of `key` (between ".", ";" or a line break) holding start:end."""
    left = max(key.rfind(c, 0, start) for c in ".;\n") + 1
    rights = [i for i in (key.find(c, end) for c in ".;\n") if i >= 0]
    return key[left : min(rights) if rights else len(key)]


def _make_date(day: int, month: int, year: int | None) -> date | None:
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_deadline(text: str, year: int | None) -> Deadline:
    """Return the first deadline or recurrence stated in `text` (year-less dates take `year`)."""
    key = fold(text)
    candidates: list[tuple[int, Deadline]] = []
    dated = _DATED.search(key)
    if dated:
        groups = dated.groups()
        day, month, yr = (groups[0], groups[1], groups[2]) if groups[0] else groups[3:6]
        due = _make_date(int(day), int(month), int(yr) if yr else year)
        if due is not None:
            candidates.append((dated.start(), Deadline(due=due)))
    month_end = _MONTH.search(key)
    if month_end:
        month, yr = int(month_end.group(1)), int(month_end.group(2))
        if 1 <= month <= 12:
            last = calendar.monthrange(yr, month)[1]
            candidates.append((month_end.start(), Deadline(due=date(yr, month, last))))
    year_end = _YEAR.search(key)
    if year_end:
        candidates.append((year_end.start(), Deadline(due=date(int(year_end.group(1)), 12, 31))))
    for pattern, rule in _RECURRING:
        for found in pattern.finditer(key):
            # A recurring duty ("báo cáo định kỳ hằng tuần", "03 tin, bài/tuần") is a rule, not
            # a due date; "hằng tháng" in a sentence about past work is neither.
            if _RECURRING_DUTY.search(_clause(key, found.start(), found.end())):
                candidates.append((found.start(), Deadline(recurrence=rule)))
                break
    if not candidates:
        return Deadline()
    return min(candidates, key=lambda c: c[0])[1]
