"""Exact arithmetic shared by the calculators."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from samverkan.finance.allocation import as_fraction, fraction_to_decimal, largest_remainder


def exact(value) -> Fraction:
    """An exact number from int, Decimal, str or Fraction (never a float)."""
    if isinstance(value, str):
        return Fraction(Decimal(value.replace(",", ".").replace(" ", "")))
    return as_fraction(value)


def round_ore(value: Fraction) -> int:
    """Round an exact amount of öre half away from zero to whole öre."""
    rounded = math.floor(abs(value) + Fraction(1, 2))
    return rounded if value >= 0 else -rounded


def percent(part, whole) -> Fraction | None:
    """part / whole in per cent, exactly; None when the whole is zero (no percentage exists)."""
    whole = exact(whole)
    if whole == 0:
        return None
    return exact(part) * 100 / whole


def percent_shown(value: Fraction | None, places: int = 0) -> Decimal | None:
    """A percentage rounded half up as the tables show it."""
    return None if value is None else fraction_to_decimal(value, places)


def spread_evenly(total_ore: int, parts: int) -> list[int]:
    """`total_ore` in `parts` whole-öre pieces that add up exactly; the left-over öre go to the
    earliest parts (equal remainders are broken by position, so the result is always the same)."""
    if parts <= 0:
        raise ValueError("parts must be positive")
    sign = -1 if total_ore < 0 else 1
    magnitude = abs(total_ore)
    amounts, _winners, _ties = largest_remainder(
        magnitude, {i: Fraction(magnitude, parts) for i in range(parts)},
        {i: (i,) for i in range(parts)})
    return [sign * amounts[i] for i in range(parts)]
