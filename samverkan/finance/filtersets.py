import django_filters
from django.utils.translation import gettext_lazy as _

from samverkan.core.filtersets import NameChoiceFilter, SearchFilterSet
from samverkan.organisations.models import Organisation

from .models import (
    AllocationKey,
    Budget,
    CostCategory,
    CostPool,
    Distribution,
    InvoiceAccounts,
    InvoicingBasis,
    Service,
    ServiceVolume,
)


class AllocationKeyFilterSet(SearchFilterSet):
    search_fields = ("name", "description")
    organisation = NameChoiceFilter(label=_("Ägare"), queryset=Organisation.objects.all())

    class Meta:
        model = AllocationKey
        fields = ["q", "organisation"]


class CostPoolFilterSet(SearchFilterSet):
    search_fields = ("name", "description", "decision")
    year = django_filters.NumberFilter(label=_("År"))
    organisation = NameChoiceFilter(label=_("Ansvarig organisation"),
                                    queryset=Organisation.objects.all())
    participant = NameChoiceFilter(
        label=_("Deltagare"), queryset=Organisation.objects.all(), method="filter_participant")
    purpose = django_filters.ChoiceFilter(label=_("Avser"), choices=CostPool.Purpose.choices)
    source = django_filters.ChoiceFilter(label=_("Beloppet kommer från"),
                                         choices=CostPool.Source.choices)
    key = django_filters.ModelChoiceFilter(label=_("Nyckel"), queryset=AllocationKey.objects.all())

    class Meta:
        model = CostPool
        fields = ["q", "year", "organisation", "participant", "purpose", "source", "key"]

    def filter_participant(self, queryset, name, value):
        return queryset.filter(participants__organisation=value) if value else queryset


class DistributionFilterSet(SearchFilterSet):
    search_fields = ("pool_name", "key_label", "decision")
    year = django_filters.NumberFilter(label=_("År"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Distribution.Status.choices)
    organisation = NameChoiceFilter(
        label=_("Ansvarig organisation"), queryset=Organisation.objects.all(),
        field_name="pool__organisation")

    class Meta:
        model = Distribution
        fields = ["q", "year", "status", "organisation"]


class InvoicingBasisFilterSet(SearchFilterSet):
    search_fields = ("recipient__name", "issuer__name")
    year = django_filters.NumberFilter(label=_("År"))
    issuer = NameChoiceFilter(label=_("Från"), queryset=Organisation.objects.all())
    recipient = NameChoiceFilter(label=_("Till"), queryset=Organisation.objects.all())

    class Meta:
        model = InvoicingBasis
        fields = ["q", "year", "issuer", "recipient"]


class ServiceFilterSet(SearchFilterSet):
    search_fields = ("code", "name", "description")
    organisation = NameChoiceFilter(label=_("Levereras av"), queryset=Organisation.objects.all())
    category = django_filters.ChoiceFilter(label=_("Kostnadsslag"), choices=CostCategory.choices)

    class Meta:
        model = Service
        fields = ["q", "organisation", "category"]


class ServiceVolumeFilterSet(SearchFilterSet):
    search_fields = ("service__name", "service__code", "organisation__name", "note")
    year = django_filters.NumberFilter(label=_("År"))
    service = django_filters.ModelChoiceFilter(label=_("Tjänst"), queryset=Service.objects.all())
    organisation = NameChoiceFilter(label=_("Organisation"), queryset=Organisation.objects.all())

    class Meta:
        model = ServiceVolume
        fields = ["q", "year", "service", "organisation"]


class BudgetFilterSet(SearchFilterSet):
    search_fields = ("management_object__name", "note")
    year = django_filters.NumberFilter(label=_("År"))
    organisation = NameChoiceFilter(
        label=_("Ägare"), queryset=Organisation.objects.all(),
        field_name="management_object__organisation")

    class Meta:
        model = Budget
        fields = ["q", "year", "organisation"]


class InvoiceAccountsFilterSet(SearchFilterSet):
    search_fields = ("organisation__name", "cost_account", "settlement_account")

    class Meta:
        model = InvoiceAccounts
        fields = ["q"]
