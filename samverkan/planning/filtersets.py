import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.core.filtersets import NameChoiceFilter, SearchFilterSet
from samverkan.organisations.models import Organisation
from samverkan.portfolio.models import ManagementObject

from .models import Meeting, Plan, SteeringGroup


class YearFilter(django_filters.NumberFilter):
    """A whole year (a `__year` lookup would fail on 3.7e-169)."""

    field_class = forms.IntegerField


class PlanFilterSet(SearchFilterSet):
    search_fields = ("name", "mission")
    year = YearFilter(label=_("År"))
    management_object = NameChoiceFilter(
        label=_("Förvaltningsobjekt"), queryset=ManagementObject.objects.filter(
            archived_at__isnull=True))
    state = django_filters.ChoiceFilter(label=_("Status"), choices=Plan.State.choices)
    kind = django_filters.ChoiceFilter(label=_("Typ"), choices=Plan.Kind.choices)
    organisation = NameChoiceFilter(label=_("Ägare"), queryset=Organisation.objects.all())

    class Meta:
        model = Plan
        fields = ["q", "year", "management_object", "state", "kind", "organisation"]


class MeetingFilterSet(SearchFilterSet):
    search_fields = ("title", "place", "agenda", "minutes")
    management_object = NameChoiceFilter(
        label=_("Förvaltningsobjekt"), queryset=ManagementObject.objects.filter(
            archived_at__isnull=True))
    year = YearFilter(label=_("År"), field_name="held_on__year", min_value=1990, max_value=2100)
    organisation = NameChoiceFilter(label=_("Ägare"), queryset=Organisation.objects.all())

    class Meta:
        model = Meeting
        fields = ["q", "year", "management_object", "organisation"]


class SteeringGroupFilterSet(SearchFilterSet):
    search_fields = ("name", "mandate")
    level = django_filters.ChoiceFilter(label=_("Nivå"), choices=SteeringGroup.Level.choices)
    organisation = NameChoiceFilter(label=_("Ägare"), queryset=Organisation.objects.all())

    class Meta:
        model = SteeringGroup
        fields = ["q", "level", "organisation"]
