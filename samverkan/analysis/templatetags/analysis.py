"""Exact fractions (hours, percentages, kronor per inhabitant) rounded half up for display."""

from django import template

from samverkan.finance.allocation import fraction_to_decimal

register = template.Library()


@register.filter
def rounded(value, places=0):
    """A Fraction as a Decimal with `places` decimals (half up); None stays None."""
    if value is None:
        return None
    return fraction_to_decimal(value, int(places))

