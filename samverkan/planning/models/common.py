"""Validators, scales and formatting shared by the planning models."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator

from samverkan.core.formatting import format_number, format_ore

YEAR = [MinValueValidator(1990), MaxValueValidator(2100)]
HOURS = [MinValueValidator(Decimal(0))]
RISK_SCALE = 5  # sannolikhet and påverkan 1–5 (REQUIREMENTS R2)
SCALE = [MinValueValidator(1), MaxValueValidator(RISK_SCALE)]
PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


money_ore = format_ore  # the one money format (core.formatting)


def hours_text(value) -> str:
    """173.5 → "173,5" (Swedish comma, no trailing zeros)."""
    if value is None:
        return ""
    value = Decimal(value).normalize()
    decimals = max(0, -value.as_tuple().exponent)
    return format_number(value, decimals)
