import django_filters
from django.utils.translation import gettext_lazy as _

from samverkan.core.filtersets import NameChoiceFilter, SearchFilterSet

from .models import Organisation, Person


class OrganisationFilterSet(SearchFilterSet):
    search_fields = ("name", "municipality_code", "org_number")
    kind = django_filters.ChoiceFilter(label=_("Typ"), choices=Organisation.Kind.choices)
    county_code = django_filters.CharFilter(label=_("Länskod"))

    class Meta:
        model = Organisation
        fields = ["q", "kind", "county_code"]


class PersonFilterSet(SearchFilterSet):
    search_fields = ("name", "email", "title")
    organisation = NameChoiceFilter(
        label=_("Organisation"), queryset=Organisation.objects.all()
    )

    class Meta:
        model = Person
        fields = ["q", "organisation"]
