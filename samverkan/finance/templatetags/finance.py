from django import template

register = template.Library()
# money is formatted by core's filters (`ore`, `ore_signed`, `money` in `samverkan`): one format


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
