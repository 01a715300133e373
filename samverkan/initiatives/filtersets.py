import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverkan.core.filtersets import NameChoiceFilter, SearchFilterSet
from samverkan.organisations.models import Organisation

from .models import Initiative


class InitiativeFilterSet(SearchFilterSet):
    search_fields = ("name", "problem", "proposed_solution", "proposal")
    stage = django_filters.ChoiceFilter(label=pgettext_lazy("initiativ", "Steg"),
                                        choices=Initiative.Stage.choices)
    kind = django_filters.ChoiceFilter(label=_("Typ"), choices=Initiative.Kind.choices)
    organisation = NameChoiceFilter(label=_("Samverkan"), queryset=Organisation.objects.all())
    proposer_organisation = NameChoiceFilter(label=_("Föreslagen av"),
                                             queryset=Organisation.objects.all())

    class Meta:
        model = Initiative
        fields = ["q", "stage", "kind", "organisation", "proposer_organisation"]
