import html

import django_filters
from django import forms
from django.db.models import Q
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .forms import SEARCHABLE_AFTER


class SearchFilterSet(django_filters.FilterSet):
    """Free-text search over `search_fields`; one FilterSet serves the UI and the API."""

    search_fields: tuple[str, ...] = ()
    q = django_filters.CharFilter(label=_("Sök"), method="search",
                                  widget=forms.TextInput(attrs={"type": "search"}))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        for field in self.form.fields.values():
            # a dropdown of owned records lists only what the user may see
            choices = getattr(field, "queryset", None)
            if user is not None and choices is not None and hasattr(choices, "for_user"):
                field.queryset = choices.for_user(user)
            # in a filter, the empty choice means "no filter": "Alla", not "Okänt" or dashes
            if isinstance(field.widget, forms.NullBooleanSelect):
                field.widget.choices = [("unknown", _("Alla")), *field.widget.choices[1:]]
            elif getattr(field, "empty_label", None) is not None:
                field.empty_label = _("Alla")
            elif isinstance(field, forms.ChoiceField) and field.choices \
                    and field.choices[0][0] == "":
                field.choices = [("", _("Alla")), *field.choices[1:]]
            is_select = isinstance(field.widget, forms.Select)
            css = "form-select form-select-sm" if is_select else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)


class FastSelect(forms.Select):
    """Django's Select, rendered to the same HTML in Python rather than one template per
    <option>: the filter forms list every organisation and management object of a national
    installation (thousands of options) on every list page."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = [choice for choice in self.choices]  # not list(): len() would COUNT(*) first
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)  # option groups
        context = forms.Widget.get_context(self, name, value, attrs)["widget"]
        if len(choices) > SEARCHABLE_AFTER:  # samverkan.js adds a search field
            context["attrs"] = {**context["attrs"], "data-searchable": "list",
                                "data-search-label": _("Sök i listan"),
                                "data-search-count": _("{n} val matchar sökningen."),
                                "data-search-none": _("Inget val matchar sökningen.")}
        wanted, found = set(context["value"]), False
        parts = [f'<select name="{_escape(name)}"{_attributes(context["attrs"])}>']
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            selected = not found and option_value in wanted
            found |= selected
            label = label.__html__() if hasattr(label, "__html__") else _escape(label)
            parts.append(f'\n  <option value="{_escape(option_value)}"'
                         f'{" selected" if selected else ""}>{label}</option>\n')
        parts.append("\n</select>")
        return mark_safe("".join(parts))


def _escape(value) -> str:
    return html.escape(str(value), quote=True)  # what django.utils.html.escape does


def _attributes(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html."""
    return "".join(
        f" {_escape(key)}" if value is True else f' {_escape(key)}="{_escape(value)}"'
        for key, value in attrs.items() if value is not False
    )


class _NameIterator(django_filters.fields.ModelChoiceIterator):
    """(pk, name) straight from the database, without building a model instance per option."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        yield from self.queryset.values_list("pk", "name")


class _NameChoiceField(django_filters.fields.ModelChoiceField):
    iterator = _NameIterator
    widget = FastSelect


class NameChoiceFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter for models whose str() is their `name` (organisations, management
    objects, suppliers): same choices, same validation, a fraction of the rendering time."""

    field_class = _NameChoiceField
