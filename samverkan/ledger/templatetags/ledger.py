from django import template

from samverkan.core.formatting import format_number

register = template.Library()
# money is formatted by core's filters (`ore`, `ore_signed`, `money` in `samverkan`): one format


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
