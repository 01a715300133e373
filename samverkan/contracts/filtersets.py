import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.core.filtersets import NameChoiceFilter, SearchFilterSet
from samverkan.organisations.models import Organisation
from samverkan.portfolio.models import ManagementObject, Supplier, System

from . import services
from .models import Contract, ContractParty


def _derived(queryset, keep) -> list[int]:
    """Ids of the contracts for which `keep(contract, today)` holds. Status and flags are derived
    in Python (options and renewals do not reduce to SQL), over the already filtered rows."""
    today = timezone.localdate()
    rows = queryset.prefetch_related("extension_options", "parties")
    return [contract.pk for contract in rows if keep(contract, today)]


class ContractFilterSet(SearchFilterSet):
    search_fields = ("title", "number", "diary_number", "description", "supplier__name",
                     "supplier__org_number", "framework_reference")
    organisation = NameChoiceFilter(
        label=_("Organisation (ägare eller part)"), queryset=Organisation.objects.all(),
        method="filter_organisation")
    supplier = NameChoiceFilter(label=_("Leverantör"), queryset=Supplier.objects.all())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=services.StatusKind.choices,
                                         method="filter_status")
    flag = django_filters.ChoiceFilter(label=_("Att åtgärda"), choices=services.Flag.choices,
                                       method="filter_flag")
    system = django_filters.ModelChoiceFilter(label=_("System"), queryset=System.objects.all(),
                                              field_name="systems")
    management_object = NameChoiceFilter(
        label=_("Förvaltningsobjekt"), queryset=ManagementObject.objects.all(),
        field_name="management_objects")
    procurement_form = django_filters.ChoiceFilter(label=_("Upphandlingsform"),
                                                   choices=Contract.ProcurementForm.choices)

    class Meta:
        model = Contract
        fields = ["q", "organisation", "supplier", "system", "management_object",
                  "procurement_form", "status", "flag"]

    def filter_organisation(self, queryset, name, value):
        if not value:
            return queryset
        parties = ContractParty.objects.filter(organisation=value).values("contract_id")
        return queryset.filter(Q(organisation=value) | Q(pk__in=parties))

    def filter_status(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=_derived(
            queryset, lambda c, today: services.status(c, today).kind == value))

    def filter_flag(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=_derived(
            queryset, lambda c, today: value in services.flags_seen_by(
                self.request.user, c, today)))


class ContractPartyFilterSet(django_filters.FilterSet):
    class Meta:
        model = ContractParty
        fields = ["contract", "organisation", "role"]
