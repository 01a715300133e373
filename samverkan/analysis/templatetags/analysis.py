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


@register.filter
def ore_fraction(value):
    """An exact fraction of öre (a cost per inhabitant) in kronor, two decimals, half up."""
    from samverkan.core.formatting import format_money

    return format_money(None if value is None else fraction_to_decimal(value / 100, 2))


@register.filter
def item(mapping, key):
    return mapping.get(key) if mapping else None
