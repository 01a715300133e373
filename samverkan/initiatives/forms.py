from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverkan.core import permissions
from samverkan.core.forms import ChildForm, GovernedModelForm, KronorField, check_document, style
from samverkan.organisations.models import Membership, Organisation, Person
from samverkan.planning.forms import OreMixin
from samverkan.planning.models import Decision, Meeting

from .models import (
    Agreement,
    Benefit,
    BenefitYear,
    CostYear,
    ExternalParty,
    Initiative,
    Payment,
)
from .services import outcome


class InitiativeForm(GovernedModelForm):
    class Meta:
        model = Initiative
        fields = ["organisation", "name", "kind", "source", "result", "problem",
                  "proposed_solution", "proposer_organisation", "proposer", "capability",
                  "steering_group", "key", "discount_rate", "contracts"]

    def clean_contracts(self):
        contracts = self.cleaned_data["contracts"]
        try:
            outcome.check_contracts(self.cleaned_data.get("organisation") or (
                self.instance.organisation if self.instance.organisation_id else None),
                contracts)
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["contracts"]) from None
        return contracts


class StageForm(forms.Form):
    """One form for every stage button; each step reads the fields it needs."""

    expected_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    on = forms.DateField(label=_("Datum"), required=False,
                         widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    meeting = forms.ModelChoiceField(label=_("Styrgruppens möte"), required=False,
                                     queryset=Meeting.objects.none())
    note = forms.CharField(label=_("Kommentar / beslut"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    # typed the Swedish way, "1 000 000" or "250 000,50"
    budget_kr = KronorField(label=_("Budget (kr)"), required=False)
    ends_on = forms.DateField(label=_("Slutdatum"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, initiative=None, **kwargs):
        super().__init__(*args, **kwargs)
        if initiative is not None:
            rows = Meeting.objects.filter(organisation_id=initiative.organisation_id,
                                          archived_at__isnull=True)
            if initiative.steering_group_id:
                rows = rows.filter(steering_group_id=initiative.steering_group_id)
            self.fields["meeting"].queryset = rows.order_by("-held_on")
        style(self)


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


class BenefitForm(ChildForm):
    class Meta:
        model = Benefit
        fields = ["name", "definition", "organisation", "kind", "indicator", "baseline", "owner",
                  "confidence", "follow_up_on", "winner", "winner_decision"]
        widgets = {"definition": forms.Textarea(attrs={"rows": 3}),
                   "winner": forms.Textarea(attrs={"rows": 2}),
                   "follow_up_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # where a benefit arises: the cooperation or one of its members
        members = Membership.objects.filter(cooperation_id=self.parent.organisation_id)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            Q(pk=self.parent.organisation_id) | Q(pk__in=members.values("member_id"))
        ).order_by("name")
        # a decision of the cooperation's own steering groups
        self.fields["winner_decision"].queryset = Decision.objects.filter(
            meeting__organisation_id=self.parent.organisation_id).select_related(
            "meeting").order_by("-meeting__held_on", "-number")


class BenefitYearForm(ChildForm):
    """A year's target and realised value: kronor for a money benefit (stored in öre), the
    indicator's unit for the others."""

    target_value = forms.DecimalField(label=pgettext_lazy("målvärde", "Mål"), decimal_places=2, min_value=0,
                                      localize=True)
    realised_value = forms.DecimalField(label=_("Realiserat"), decimal_places=2, min_value=0,
                                        localize=True,
                                        required=False)

    class Meta:
        model = BenefitYear
        fields = ["year", "realised_on", "comment"]
        widgets = {"realised_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.money = self.parent.kind == Benefit.Kind.MONEY
        unit = _("kr") if self.money else self.parent.indicator
        for name in ("target_value", "realised_value"):
            self.fields[name].help_text = unit
            if not self.money:
                self.fields[name].decimal_places = 0
        self.order_fields(["year", "target_value", "realised_value", "realised_on", "comment"])
        if self.instance.pk:
            factor = 100 if self.money else 1
            self.initial["target_value"] = self.instance.target / factor
            if self.instance.realised is not None:
                self.initial["realised_value"] = self.instance.realised / factor

    def clean(self):
        data = super().clean()
        factor = 100 if self.money else 1
        if data.get("target_value") is not None:
            self.instance.target = int(data["target_value"] * factor)
        realised = data.get("realised_value")
        self.instance.realised = None if realised is None else int(realised * factor)
        return data


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ExternalPartyForm(ChildForm):
    class Meta:
        model = ExternalParty
        fields = ["name", "kind", "agreement", "signed_on", "role"]
        widgets = {"signed_on": DATE}


class PaymentForm(OreMixin, ChildForm):
    """A payment to one of the initiative's external parties, in kronor (stored in öre)."""

    amount = KronorField(label=_("Belopp (kr)"))
    ore_fields = {"amount": "amount_ore"}

    class Meta:
        model = Payment
        fields = ["party", "budget", "paid_on", "amount", "note"]
        widgets = {"paid_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = self.parent.external_parties.order_by("name")
        self.init_ore()

    def clean(self):
        data = super().clean()
        self.clean_ore(data)
        return data


class CostYearForm(OreMixin, ChildForm):
    """The initiative's cost of a year, set beside its benefits (kronor, stored in öre)."""

    amount = KronorField(label=_("Kostnad (kr)"))
    ore_fields = {"amount": "amount_ore"}

    class Meta:
        model = CostYear
        fields = ["year", "amount", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_ore()

    def clean(self):
        data = super().clean()
        self.clean_ore(data)
        return data


class SignForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    agreement = forms.ChoiceField(label=_("Överenskommelse"), choices=Agreement.choices)
    signatory = forms.ModelChoiceField(label=_("Undertecknad av"), queryset=Person.objects.none())
    signed_on = forms.DateField(label=_("Datum"),
                                widget=forms.DateInput(attrs={"type": "date"}))
    document = forms.FileField(label=_("Undertecknad överenskommelse"), required=False,
                               help_text=_("PDF eller annat dokument, högst 50 MB."))

    def clean_document(self):
        return check_document(self.cleaned_data.get("document"))

    def __init__(self, *args, participation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signatory"].queryset = Person.objects.filter(
            organisation_id=participation.organisation_id).order_by("name")
        self.fields["expected_version"].initial = participation.version
        style(self)
