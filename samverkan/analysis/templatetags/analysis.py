"""Exact fractions (hours, percentages, kronor per inhabitant) rounded half up for display."""

from django import template
from django.urls import get_script_prefix, reverse

from samverkan.finance.allocation import fraction_to_decimal

register = template.Library()


@register.filter
def rounded(value, places=0):
    """A Fraction as a Decimal with `places` decimals (half up); None stays None."""
    if value is None:
        return None
    return fraction_to_decimal(value, int(places))



def _url_parts(name: str) -> tuple[str, str]:
    marker = "2147483647"
    head, tail = reverse(name, args=[marker]).split(marker)
    return head, tail


_parts_cache: dict[tuple[str, str], tuple[str, str]] = {}


@register.filter
def url_of(pk, name):
    """The URL of the object with this pk by a URL name taking one pk: reversed once per name
    (a consolidation page links thousands of rows; `reverse` per row costs a tenth of it)."""
    key = (name, get_script_prefix())
    parts = _parts_cache.get(key)
    if parts is None:
        parts = _parts_cache[key] = _url_parts(name)
    return f"{parts[0]}{pk}{parts[1]}"
