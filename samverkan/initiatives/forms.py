from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samverkan.core import permissions
from samverkan.core.forms import GovernedModelForm
from samverkan.organisations.models import Membership, Organisation
from samverkan.planning.models import Meeting

from .models import Initiative


class InitiativeForm(GovernedModelForm):
    class Meta:
        model = Initiative
        fields = ["organisation", "name", "kind", "source", "result", "problem",
                  "proposed_solution", "proposer_organisation", "proposer", "capability",
                  "steering_group", "key", "discount_rate"]


class StageForm(forms.Form):
    """One form for every stage button; each step reads the fields it needs."""

    expected_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    on = forms.DateField(label=_("Datum"), required=False)
    meeting = forms.ModelChoiceField(label=_("Styrgruppens möte"), required=False,
                                     queryset=Meeting.objects.none())
    note = forms.CharField(label=_("Kommentar / beslut"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    budget_kr = forms.DecimalField(label=_("Budget (kr)"), required=False, decimal_places=2,
                                   min_value=0)
    ends_on = forms.DateField(label=_("Slutdatum"), required=False)

    def __init__(self, *args, initiative=None, **kwargs):
        super().__init__(*args, **kwargs)
        if initiative is not None:
            rows = Meeting.objects.filter(organisation_id=initiative.organisation_id,
                                          archived_at__isnull=True)
            if initiative.steering_group_id:
                rows = rows.filter(steering_group_id=initiative.steering_group_id)
            self.fields["meeting"].queryset = rows.order_by("-held_on")


class ProposalForm(InitiativeForm):
    """A member registers an idea with a cooperation it belongs to: the proposing organisation
    is one the user edits; the cooperation is any it may see (the service checks membership)."""

    owner_choice_field = "proposer_organisation"

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if not user.is_superuser:
            edited = permissions.organisations_where(user, permissions.Role.EDITOR)
            members = Membership.objects.filter(cooperation_id__in=edited).values_list(
                "member_id", flat=True)
            self.fields[self.owner_choice_field].queryset = Organisation.objects.filter(
                Q(pk__in=edited) | Q(pk__in=members), archived_at__isnull=True)
