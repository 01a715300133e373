from django import template
from django.utils.translation import gettext as _

from samverkan.core.formatting import MINUS

from ..models import Goal, HourCategory, hours_text

register = template.Library()

LIGHT_CLASSES = {"gron": "text-bg-success", "gul": "text-bg-warning", "rod": "text-bg-danger"}
BAND_CLASSES = {"gron": "table-success", "gul": "table-warning", "rod": "table-danger"}


@register.filter
def hours(value):
    """173.5 → `173,5`; None stays empty."""
    return hours_text(value)


@register.filter
def hours_signed(value):
    if value is None:
        return ""
    sign = "+" if value > 0 else MINUS if value < 0 else ""
    return sign + hours_text(abs(value))


@register.filter
def light_class(colour):
    return LIGHT_CLASSES.get(colour, "text-bg-secondary")


@register.filter
def light_label(colour):
    return Goal.Light(colour).label if colour in Goal.Light.values else _("Ej bedömt")


@register.filter
def band_class(band):
    return BAND_CLASSES.get(band, "")


@register.filter
def hour_category(code):
    return HourCategory(code).label if code in HourCategory.values else code
