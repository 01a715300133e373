"""Validators and formatting shared by the financing models."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

from samverkan.core.formatting import format_ore

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
YEAR = [MinValueValidator(1990), MaxValueValidator(2100)]
ACCOUNT = RegexValidator(r"^\d{3,8}$", _("Ett konto är 3–8 siffror, t.ex. 6540."))


money_ore = format_ore  # the one money format (core.formatting)
