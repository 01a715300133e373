"""The pack's cells in the print view, formatted as in PowerPoint (the one money format)."""

from django import template

from ..pack import cell_text
from ..registry import LIGHT, TEXT
from ..yearly.plans import light_key

register = template.Library()


@register.simple_tag
def pack_cell(value, column):
    """`column` is a table's column or a kind ("hours") for a chart's values."""
    return cell_text(value, getattr(column, "kind", column))


@register.filter
def pairs(row, columns):
    """A row's cells with their columns, for the template."""
    return list(zip(row, columns, strict=False))


@register.filter
def cell_class(value, column) -> str:
    """A cell's class in print: numbers right-aligned, a traffic light in its colour."""
    kind = getattr(column, "kind", column)
    if kind == LIGHT:
        colour = light_key(str(value or ""))
        return f"light light-{colour}" if colour else "light"
    return "" if kind == TEXT else "num"
