"""Validators, scales and formatting shared by the planning models."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext as _

from samverkan.core.formatting import format_number, format_ore

YEAR = [MinValueValidator(1990), MaxValueValidator(2100)]
HOURS = [MinValueValidator(Decimal(0))]
RISK_SCALES = (4, 5)


def risk_scale() -> int:
    """The installation's scale for sannolikhet and påverkan: 1–4 by default (the seed's risk
    map uses values up to 4), 1–5 with SAMVERKAN_RISK_SCALE=5."""
    scale = int(getattr(settings, "SAMVERKAN_RISK_SCALE", 4))
    return scale if scale in RISK_SCALES else 4


def within_risk_scale(value) -> None:
    if value is not None and not 1 <= value <= risk_scale():
        raise ValidationError(_("Ange ett värde från 1 till %(max)s.") % {"max": risk_scale()},
                              code="risk_scale")


SCALE = [MinValueValidator(1), within_risk_scale]
PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


money_ore = format_ore  # the one money format (core.formatting)


def hours_text(value) -> str:
    """173.5 → "173,5" (Swedish comma, no trailing zeros)."""
    if value is None:
        return ""
    value = Decimal(value).normalize()
    decimals = max(0, -value.as_tuple().exponent)
    return format_number(value, decimals)
