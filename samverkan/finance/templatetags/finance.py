from django import template

from samverkan.core.formatting import MINUS, format_money, ore_to_kronor

register = template.Library()


@register.filter
def ore(value):
    """Öre as Swedish kronor: 123456 → `1 234,56 kr`; None stays empty."""
    if value is None or value == "":
        return ""
    return format_money(ore_to_kronor(int(value)))


@register.filter
def ore_signed(value):
    """A difference with its sign: `+1 234,56 kr` or `−1 234,56 kr`."""
    if value is None or value == "":
        return ""
    value = int(value)
    text = format_money(ore_to_kronor(abs(value)))
    return ("+" if value > 0 else MINUS if value < 0 else "") + text


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
