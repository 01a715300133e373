"""Pro-rating annual amounts to calendar years, exactly and then rounded to the whole öre."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _prorated_exact(annual_ore: int, first: datetime.date, last: datetime.date, year: int) -> Decimal:
    """annual × (days of [first, last] within `year`) / (days in `year`), unrounded."""
    jan1, dec31 = _year_bounds(year)
    start, end = max(first, jan1), min(last, dec31)
    if end < start:
        return Decimal(0)
    days = (end - start).days + 1
    year_days = (dec31 - jan1).days + 1
    return Decimal(annual_ore) * days / year_days


def _round_ore(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
