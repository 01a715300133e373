from django import template

from samverkan.core.formatting import format_money, format_number, ore_to_kronor

register = template.Library()


@register.filter
def ore(value, decimals=2):
    """Whole öre shown as kronor: 42500000 → `425 000,00 kr`; None → empty."""
    if value is None or value == "":
        return ""
    return format_money(ore_to_kronor(value), int(decimals))


@register.filter
def kronor(value, decimals=0):
    if value is None or value == "":
        return ""
    return format_money(value, int(decimals))


@register.filter
def whole(value):
    return format_number(value, 0)


@register.filter
def pct(value):
    """A percentage for the progress-bar width classes (pct-0 … pct-100)."""
    try:
        return max(0, min(100, int(value)))
    except (TypeError, ValueError):
        return 0
