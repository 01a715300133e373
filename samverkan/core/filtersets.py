import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
