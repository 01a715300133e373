
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samverkan.core.filtersets import FastSelect, NameChoiceFilter, SearchFilterSet
from samverkan.core.search import few_or_subquery, sort_matches
from samverkan.organisations.models import Organisation

from .models import Capability, ManagementObject, Product, Supplier, System
from .services import GAPS, concerning

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
