"""Month arithmetic for inclusive contract end dates (see contracts.services for the date
conventions)."""

from __future__ import annotations

import calendar
import datetime

ONE_DAY = datetime.timedelta(days=1)


_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    # not calendar.monthrange: it also computes the weekday, and the contract rules call this
    # tens of thousands of times on a finder page
    if month == 2 and calendar.isleap(year):
        return 29
    return _DAYS[month - 1]


def is_month_end(day: datetime.date) -> bool:
    return day.day == days_in_month(day.year, day.month)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved `months` calendar months (negative: back), clamped to the month's length."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, days_in_month(year, month)))


def shift_end(end: datetime.date, months: int) -> datetime.date:
    """An inclusive end date moved by whole months, keeping month ends as month ends."""
    moved = add_months(end, months)
    if is_month_end(end):
        return moved.replace(day=days_in_month(moved.year, moved.month))
    return moved


def _months_between(earlier: datetime.date, later: datetime.date) -> int:
    return (later.year - earlier.year) * 12 + (later.month - earlier.month)
