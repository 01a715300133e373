from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from samverkan.core import formatting, navigation, panels, permissions, redirects

register = template.Library()


@register.simple_tag(takes_context=True)
def safe_url(context, url, default="/"):
    """A link target (the "Avbryt" of a form) that stays on this site."""
    return redirects.safe_url(context["request"], url, default)


@register.filter
def person(user):
    return formatting.person_name(user)


@register.filter
def money(value):
    """Kronor in the one money format: `1 234,56 kr`."""
    return formatting.format_money(value)


@register.filter
def ore(value):
    """Whole öre in the one money format: 123456 → `1 234,56 kr`; None stays empty."""
    return formatting.format_ore(value)


@register.filter
def ore_signed(value):
    """A difference with its sign: `+1 234,56 kr` or `−1 234,56 kr`."""
    return formatting.format_ore_signed(value)


@register.filter
def number(value, decimals=0):
    return formatting.format_number(value, int(decimals))


@register.filter
def percent(value, decimals=0):
    if value is None:
        return ""
    return f"{formatting.format_number(value, int(decimals))}\u00a0%"


@register.filter
def yesno_sv(value):
    if value is None:
        return _("Okänt")
    return _("Ja") if value else _("Nej")


@register.simple_tag
def can(user, action, obj):
    return permissions.can(user, action, obj)


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def verbose_name(obj, plural=False):
    meta = obj._meta
    return meta.verbose_name_plural if plural else meta.verbose_name


@register.simple_tag(takes_context=True)
def record_panels(context, obj):
    """Sections other apps add to this record's page (core/panels.py); each renders its own
    template, which escapes what it shows."""
    return mark_safe(panels.render(obj, context["request"]))  # noqa: S308 - rendered templates


@register.simple_tag
def main_menu():
    return navigation.menu()
