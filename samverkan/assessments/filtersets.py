import django_filters
from django.utils.translation import gettext_lazy as _

from samverkan.core.filtersets import NameChoiceFilter, SearchFilterSet
from samverkan.organisations.models import Organisation

from .models import Assessment, Disposition, Questionnaire


class AssessmentFilterSet(SearchFilterSet):
    search_fields = ("system__name",)
    state = django_filters.ChoiceFilter(label=_("Status"), choices=Assessment.State.choices)
    disposition = django_filters.ChoiceFilter(label=_("TIME"), choices=Disposition.choices)
    organisation = NameChoiceFilter(label=_("Kommun"), queryset=Organisation.objects.all())

    class Meta:
        model = Assessment
        fields = ["q", "state", "disposition", "organisation", "legal_knock_out"]


class QuestionnaireFilterSet(SearchFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = Questionnaire
        fields = ["q"]
