import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samverkan.core.filtersets import SearchFilterSet
from samverkan.organisations.models import Organisation

from .models import Capability, ManagementObject, Product, Supplier, System

MISSING_CHOICES = [
    ("owner", _("Saknar systemägare")),
    ("object", _("Saknar förvaltningsobjekt")),
    ("classification", _("Ej informationsklassat")),
    ("dpa", _("Personuppgifter utan biträdesavtal")),
]


class SystemFilterSet(SearchFilterSet):
    search_fields = ("name", "description", "product__name", "product__supplier__name")
    organisation = django_filters.ModelChoiceFilter(
        label=_("Ägande organisation"), queryset=Organisation.objects.all())
    used_by = django_filters.ModelChoiceFilter(
        label=_("Används av"), queryset=Organisation.objects.all(), method="filter_used_by")
    capability = django_filters.ModelChoiceFilter(
        label=_("Verksamhetsområde"), queryset=Capability.objects.all(), method="filter_capability")
    management_object = django_filters.ModelChoiceFilter(
        label=_("Förvaltningsobjekt"), queryset=ManagementObject.objects.all())
    supplier = django_filters.ModelChoiceFilter(
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
        fields = ["q", "organisation", "used_by", "capability", "management_object", "supplier",
                  "lifecycle", "criticality", "hosting", "personal_data", "missing"]

    def filter_used_by(self, queryset, name, value):
        return queryset.filter(usages__organisation=value) if value else queryset

    def filter_capability(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(capability=value) | Q(capability__parent=value))

    def filter_missing(self, queryset, name, value):
        if value == "owner":
            return queryset.filter(owner_person__isnull=True)
        if value == "object":
            return queryset.filter(management_object__isnull=True)
        if value == "classification":
            return queryset.filter(Q(confidentiality__isnull=True) | Q(integrity__isnull=True)
                                   | Q(availability__isnull=True))
        if value == "dpa":
            return queryset.filter(personal_data=True).exclude(dpa=System.Agreement.SIGNED)
        return queryset


class ManagementObjectFilterSet(SearchFilterSet):
    search_fields = ("name", "description")
    organisation = django_filters.ModelChoiceFilter(
        label=_("Ägande organisation"), queryset=Organisation.objects.all())
    capability = django_filters.ModelChoiceFilter(
        label=_("Verksamhetsområde"), queryset=Capability.objects.all())

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
    supplier = django_filters.ModelChoiceFilter(label=_("Leverantör"),
                                                queryset=Supplier.objects.all())

    class Meta:
        model = Product
        fields = ["q", "supplier"]


class CapabilityFilterSet(SearchFilterSet):
    search_fields = ("name", "code", "description")
    parent = django_filters.ModelChoiceFilter(
        label=_("Överordnat område"), queryset=Capability.objects.filter(parent__isnull=True))

    class Meta:
        model = Capability
        fields = ["q", "parent"]
