import html

import django_filters
from django import forms
from django.db.models import Q
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from samverkan.core.filtersets import SearchFilterSet
from samverkan.core.search import few_or_subquery, sort_matches
from samverkan.organisations.models import Organisation

from .models import Capability, ManagementObject, Product, Supplier, System
from .services import GAPS, concerning


class FastSelect(forms.Select):
    """Django's Select, rendered to the same HTML in Python rather than one template per
    <option>: the filter forms list every organisation and management object of a national
    installation (thousands of options) on every list page."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = [choice for choice in self.choices]  # not list(): len() would COUNT(*) first
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)  # option groups
        context = forms.Widget.get_context(self, name, value, attrs)["widget"]
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


MISSING_CHOICES = [
    ("any", _("Saknar ägare, objekt eller klassning")),
    ("owner", _("Saknar systemägare")),
    ("object", _("Saknar förvaltningsobjekt")),
    ("criticality", _("Kritikalitet ej bedömd")),
    ("classification", _("Ej informationsklassat")),
    ("critical_classification", _("Kritiskt system utan klassning")),
    ("dpa", _("Personuppgifter utan biträdesavtal")),
]


class SystemFilterSet(SearchFilterSet):
    search_fields = ("name", "description", "product__name", "product__supplier__name")
    organisation = NameChoiceFilter(
        label=_("Ägande organisation"), queryset=Organisation.objects.all())
    used_by = NameChoiceFilter(
        label=_("Används av"), queryset=Organisation.objects.all(), method="filter_used_by")
    concerns = NameChoiceFilter(
        label=_("Ägs eller används av"), queryset=Organisation.objects.all(),
        method="filter_concerns")
    capability = django_filters.ModelChoiceFilter(
        label=_("Verksamhetsområde"), queryset=Capability.objects.select_related("parent"),
        method="filter_capability", widget=FastSelect)
    management_object = NameChoiceFilter(
        label=_("Förvaltningsobjekt"), queryset=ManagementObject.objects.all())
    supplier = NameChoiceFilter(
        label=_("Leverantör"), queryset=Supplier.objects.all(), field_name="product__supplier")
    lifecycle = django_filters.ChoiceFilter(label=_("Livscykel"), choices=System.Lifecycle.choices)
    criticality = django_filters.ChoiceFilter(label=_("Kritikalitet"),
                                              choices=System.Criticality.choices)
    hosting = django_filters.ChoiceFilter(label=_("Driftform"), choices=System.Hosting.choices)
    personal_data = django_filters.BooleanFilter(label=_("Personuppgifter"))
    missing = django_filters.ChoiceFilter(label=_("Brister"), choices=MISSING_CHOICES,
                                          method="filter_missing")

    class Meta:
        model = System
        fields = ["q", "organisation", "used_by", "concerns", "capability", "management_object", "supplier",
                  "lifecycle", "criticality", "hosting", "personal_data", "missing"]

    def search(self, queryset, name, value):
        """The same matches as SearchFilterSet.search over `search_fields`, but products and
        suppliers are matched in their own small tables first (an OR across joined tables makes
        the database join every system to test it), and the matches are sorted rather than read
        off the name index (see core.search)."""
        value = value.strip()
        if not value:
            return queryset
        products = Product.objects.filter(Q(name__icontains=value)
                                          | Q(supplier__name__icontains=value))
        matches = queryset.filter(Q(name__icontains=value) | Q(description__icontains=value)
                                  | Q(product__in=few_or_subquery(products)))
        return matches if matches.query.order_by else sort_matches(matches)

    def filter_used_by(self, queryset, name, value):
        return queryset.filter(usages__organisation=value) if value else queryset

    def filter_capability(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(capability=value) | Q(capability__parent=value))

    def filter_missing(self, queryset, name, value):
        return queryset.filter(GAPS[value]) if value in GAPS else queryset

    def filter_concerns(self, queryset, name, value):
        return concerning(queryset, value) if value else queryset


class ManagementObjectFilterSet(SearchFilterSet):
    search_fields = ("name", "description")
    organisation = NameChoiceFilter(
        label=_("Ägande organisation"), queryset=Organisation.objects.all())
    capability = django_filters.ModelChoiceFilter(
        label=_("Verksamhetsområde"), queryset=Capability.objects.select_related("parent"),
        widget=FastSelect)

    class Meta:
        model = ManagementObject
        fields = ["q", "organisation", "capability"]


class SupplierFilterSet(SearchFilterSet):
    search_fields = ("name", "org_number")

    class Meta:
        model = Supplier
        fields = ["q"]


class ProductFilterSet(SearchFilterSet):
    search_fields = ("name", "supplier__name")
    supplier = NameChoiceFilter(label=_("Leverantör"), queryset=Supplier.objects.all())

    class Meta:
        model = Product
        fields = ["q", "supplier"]


class CapabilityFilterSet(SearchFilterSet):
    search_fields = ("name", "code", "description")
    parent = django_filters.ModelChoiceFilter(
        label=_("Överordnat område"), queryset=Capability.objects.filter(parent__isnull=True),
        widget=FastSelect)

    class Meta:
        model = Capability
        fields = ["q", "parent"]
