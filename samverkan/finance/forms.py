import datetime
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.core import permissions
from samverkan.core.formatting import kronor_to_ore, ore_to_kronor
from samverkan.core.forms import ChildForm, GovernedModelForm, KronorField, style
from samverkan.organisations.models import Organisation
from samverkan.portfolio.models import ManagementObject, System

from .models import (
    AllocationKey,
    Budget,
    BudgetLine,
    CostPool,
    InvoiceAccounts,
    KeyVersion,
    PoolParticipant,
    Service,
    ServicePrice,
    ServiceVolume,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def this_year() -> int:
    return datetime.date.today().year


def ore_initial(form, field_name: str, ore_field: str) -> None:
    value = getattr(form.instance, ore_field, None)
    if value is not None:
        form.fields[field_name].initial = ore_to_kronor(value)


def active(queryset, user):
    queryset = queryset.for_user(user)
    if hasattr(queryset.model, "archived_at"):
        queryset = queryset.filter(archived_at__isnull=True)
    return queryset


def changeable(queryset, user):
    return active(queryset, user).for_user(user, permissions.CHANGE)


# -- keys ------------------------------------------------------------------------------------------

class AllocationKeyForm(GovernedModelForm):
    class Meta:
        model = AllocationKey
        fields = ["name", "organisation", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class KeyVersionForm(forms.ModelForm):
    class Meta:
        model = KeyVersion
        fields = ["valid_from", "method", "system",
                  "equal_weight", "population_weight", "users_weight", "custom_weight", "note"]
        widgets = {"valid_from": DATE}
        help_texts = {
            "equal_weight": _("Bara för viktad blandning: vikterna ska bli 100 % tillsammans, "
                              "t.ex. 30 % lika delar och 70 % folkmängd."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system"].queryset = active(System.objects, user).order_by("name")
        if not self.instance.pk:
            self.fields["valid_from"].initial = datetime.date(this_year(), 1, 1)
        for name in self.WEIGHTS:  # only a weighted mix needs them; empty is 0
            self.fields[name].required = False
        style(self)

    WEIGHTS = ("equal_weight", "population_weight", "users_weight", "custom_weight")

    def clean(self):
        data = super().clean()
        for name in self.WEIGHTS:
            if data.get(name) is None:
                data[name] = Decimal(0)
                setattr(self.instance, name, Decimal(0))
        return data


class KeyShareForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), required=False,
                                          queryset=Organisation.objects.none())
    percent = forms.DecimalField(label=_("Andel (%)"), required=False, max_digits=9,
                                 decimal_places=6, min_value=0, max_value=100, localize=True)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        style(self)

    def clean(self):
        data = super().clean()
        if data.get("organisation") and data.get("percent") is None:
            self.add_error("percent", _("Ange andelen i procent."))
        if data.get("percent") and not data.get("organisation"):
            self.add_error("organisation", _("Välj organisation."))
        return data


class BaseKeyShareFormSet(forms.BaseFormSet):
    def __init__(self, *args, organisations=None, **kwargs):
        self.organisations = organisations
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"organisations": self.organisations}

    def shares(self):
        return [(f.cleaned_data["organisation"], f.cleaned_data["percent"]) for f in self.forms
                if f.cleaned_data.get("organisation")]


KeyShareFormSet = forms.formset_factory(KeyShareForm, formset=BaseKeyShareFormSet, extra=0,
                                        max_num=400)


def share_formset(data=None, *, version=None, key=None, user=None, rows: int = 0):
    """The custom percentages: one row per earlier share (or per member) plus empty rows."""
    organisations = active(Organisation.objects, user).order_by("name")
    initial = []
    if version is not None and version.pk:
        initial = [{"organisation": s.organisation, "percent": s.percent}
                   for s in version.shares.select_related("organisation")]
    elif key is not None:
        latest = key.versions.order_by("-valid_from").first()
        if latest is not None:
            initial = [{"organisation": s.organisation, "percent": s.percent}
                       for s in latest.shares.select_related("organisation")]
        if not initial:
            initial = [{"organisation": o} for o in key.organisation.members_on().order_by("name")]
    formset = KeyShareFormSet(data, initial=initial, prefix="andel", organisations=organisations)
    formset.extra = max(rows, 2)
    return formset


# -- pools -----------------------------------------------------------------------------------------

class CostPoolForm(GovernedModelForm):
    amount = KronorField(label=_("Belopp (kr)"), required=False, allow_negative=True,
                         help_text=_("Vid fast belopp, t.ex. projektbudgeten."))
    participants = forms.ModelMultipleChoiceField(
        label=_("Deltagare"), required=False, queryset=Organisation.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Håll ned Ctrl (Cmd på Mac) för att välja flera. Tomt: den ansvariga "
                    "organisationens medlemmar 1 januari."))

    class Meta:
        model = CostPool
        fields = ["name", "organisation", "purpose", "year", "source", "amount", "key",
                  "management_object", "category", "service", "ledger_organisation", "contract",
                  "system", "decision", "description", "participants"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = active(Organisation.objects, self.user).order_by("name")
        if self.instance.pk:
            ore_initial(self, "amount", "amount_ore")
            self.fields["participants"].initial = [
                p.organisation_id for p in self.instance.participants.all()]
        else:
            self.fields["year"].initial = this_year()
        self.fields["participants"].widget.attrs["class"] = "form-select"

    def clean(self):
        data = super().clean()
        amount = data.get("amount")
        self.instance.amount_ore = kronor_to_ore(amount) if amount is not None else None
        return data


class ParticipantForm(ChildForm):
    reduction_amount = KronorField(label=_("Nedsättning (kr)"), required=False)

    class Meta:
        model = PoolParticipant
        fields = ["organisation", "reduction", "reduction_percent", "reduction_amount", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ore_initial(self, "reduction_amount", "reduction_ore")
        self.fields["reduction_percent"].localize = True
        self.fields["reduction_percent"].widget.is_localized = True

    def clean_organisation(self):
        organisation = self.cleaned_data["organisation"]
        clash = PoolParticipant.objects.filter(pool=self.parent, organisation=organisation).exclude(
            pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Organisationen deltar redan i poolen."))
        return organisation

    def clean(self):
        data = super().clean()
        amount = data.get("reduction_amount")
        self.instance.reduction_ore = kronor_to_ore(amount) if amount is not None else None
        return data


class ApproveForm(forms.Form):
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)


class IssueBasesForm(forms.Form):
    issuer = forms.ModelChoiceField(label=_("Fakturerande organisation"),
                                    queryset=Organisation.objects.none())
    year = forms.IntegerField(label=_("År"), min_value=1990, max_value=2100)
    voucher_date = forms.DateField(label=_("Datum på underlaget"), widget=DATE)
    recipient = forms.ModelChoiceField(label=_("Bara för"), required=False,
                                       queryset=Organisation.objects.none(),
                                       help_text=_("Tomt: alla medlemmar med något att fakturera."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        editable = permissions.organisations_where(user, permissions.Role.EDITOR)
        issuers = Organisation.objects.filter(cost_pools__isnull=False).distinct().order_by("name")
        if not user.is_superuser:
            issuers = issuers.filter(pk__in=editable)
        self.fields["issuer"].queryset = issuers
        self.fields["recipient"].queryset = active(Organisation.objects, user).order_by("name")
        self.fields["year"].initial = this_year()
        self.fields["voucher_date"].initial = datetime.date.today()
        if issuers.count() == 1:
            self.fields["issuer"].initial = issuers.first()
        style(self)


class InvoiceAccountsForm(GovernedModelForm):
    class Meta:
        model = InvoiceAccounts
        fields = ["organisation", "issuer", "cost_account", "cost_account_name",
                  "settlement_account", "settlement_account_name", "cost_centre", "project"]


# -- services --------------------------------------------------------------------------------------

class ServiceForm(GovernedModelForm):
    class Meta:
        model = Service
        fields = ["code", "name", "organisation", "unit", "category", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ServicePriceForm(ChildForm):
    unit_price = KronorField(label=_("Pris per enhet (kr)"))
    budget = KronorField(label=_("Budget för tjänsten (kr)"), required=False,
                         help_text=_("Tjänstens budgeterade kostnad för året."))

    class Meta:
        model = ServicePrice
        fields = ["year", "unit_price", "budget"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ore_initial(self, "unit_price", "unit_price_ore")
        ore_initial(self, "budget", "budget_ore")
        if not self.instance.pk:
            self.fields["year"].initial = this_year()

    def clean(self):
        data = super().clean()
        if data.get("unit_price") is not None:
            self.instance.unit_price_ore = kronor_to_ore(data["unit_price"])
        budget = data.get("budget")
        self.instance.budget_ore = kronor_to_ore(budget) if budget is not None else None
        year = data.get("year")
        clash = ServicePrice.objects.filter(service=self.parent, year=year).exclude(
            pk=self.instance.pk)
        if year and clash.exists():
            self.add_error("year", _("Tjänsten har redan ett pris för %(year)s.") % {"year": year})
        return data


class VolumeForm(forms.ModelForm):
    class Meta:
        model = ServiceVolume
        fields = ["service", "organisation", "year", "month", "volume", "note"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = changeable(Service.objects, user).order_by("code")
        self.fields["organisation"].queryset = active(Organisation.objects, user).order_by("name")
        self.fields["volume"].localize = True
        self.fields["volume"].widget.is_localized = True
        if not self.instance.pk:
            self.fields["year"].initial = this_year()
        style(self)


# -- budgets ---------------------------------------------------------------------------------------

class BudgetForm(GovernedModelForm):
    owner_choice_field = ""

    class Meta:
        model = Budget
        fields = ["management_object", "year", "key", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["management_object"].queryset = changeable(
            ManagementObject.objects, self.user).select_related("organisation").order_by("name")
        if not self.instance.pk:
            self.fields["year"].initial = this_year()


class BudgetLineForm(ChildForm):
    amount = KronorField(label=_("Budget (kr)"), allow_negative=True)
    forecast = KronorField(label=_("Prognos (kr)"), required=False, allow_negative=True,
                           help_text=_("Bedömt utfall för helåret; tomt betyder enligt budget."))

    class Meta:
        model = BudgetLine
        fields = ["category", "amount", "forecast", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ore_initial(self, "amount", "amount_ore")
        ore_initial(self, "forecast", "forecast_ore")

    def clean(self):
        data = super().clean()
        if data.get("amount") is not None:
            self.instance.amount_ore = kronor_to_ore(data["amount"])
        forecast = data.get("forecast")
        self.instance.forecast_ore = kronor_to_ore(forecast) if forecast is not None else None
        category = data.get("category")
        clash = BudgetLine.objects.filter(budget=self.parent, category=category).exclude(
            pk=self.instance.pk)
        if category and clash.exists():
            self.add_error("category", _("Budgeten har redan en rad för det kostnadsslaget."))
        return data


class YearForm(forms.Form):
    """The year (and provider) chooser on overview pages; a GET form."""

    year = forms.IntegerField(label=_("År"), min_value=1990, max_value=2100, required=False)
    organisation = forms.ModelChoiceField(label=_("Ansvarig organisation"), required=False,
                                          queryset=Organisation.objects.none(),
                                          empty_label=_("Alla"))
    purpose = forms.ChoiceField(label=_("Avser"), required=False,
                                choices=[("", _("Allt"))] + list(CostPool.Purpose.choices))

    def __init__(self, *args, organisations=None, purposes: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not purposes:
            del self.fields["purpose"]
        if not self.is_bound:
            self.fields["year"].initial = this_year()
        if organisations is not None:
            self.fields["organisation"].queryset = organisations
        else:
            del self.fields["organisation"]
        style(self)

    def value(self, name, default=None):
        if self.is_valid() and self.cleaned_data.get(name) not in (None, ""):
            return self.cleaned_data[name]
        return default
