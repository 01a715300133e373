"""Forms of the analysis pages: the calculation's own fields, and its inputs as rows (activities
of a procurement, cost lines of a hosting comparison) edited through formsets, never as JSON."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.core.formatting import kronor_to_ore, ore_to_kronor
from samverkan.core.forms import GovernedModelForm, KronorField, style
from samverkan.finance.models import AllocationKey
from samverkan.organisations.models import Organisation
from samverkan.planning.forms import HoursField

from .models import Calculation, HourlyCost, ITCostCategory, Scenario


class CalculationForm(GovernedModelForm):
    members = forms.ModelMultipleChoiceField(
        Organisation.objects.all(), label=_("Deltagande kommuner"), required=False,
        widget=forms.CheckboxSelectMultiple)
    hourly_rate = KronorField(
        label=_("Timkostnad (kr), om inte samverkans internkostnad för året ska användas"),
        required=False)
    key = forms.ModelChoiceField(
        AllocationKey.objects.all(), label=_("Fördelningsnyckel för kommunernas andelar"),
        required=False, help_text=_("Tom: lika delar. Nyckelns version vid årets början och "
                                    "folkmängden det året, som i Ekonomi."))
    horizon_months = forms.IntegerField(label=_("Tidshorisont (månader)"), min_value=1,
                                        max_value=600, required=False)

    class Meta:
        model = Calculation
        fields = ["organisation", "name", "year", "confidence", "caveats", "source_note"]

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        inputs = self.instance.inputs or {}
        self.fields["members"].queryset = Organisation.objects.filter(
            archived_at__isnull=True).exclude(municipality_code="")
        self.fields["members"].initial = inputs.get("members", [])
        rate = inputs.get("hourly_rate_ore")
        self.fields["hourly_rate"].initial = ore_to_kronor(rate) if rate is not None else None
        self.fields["horizon_months"].initial = inputs.get("horizon_months", 36)
        self.fields["key"].initial = inputs.get("key")
        if kind != Calculation.Kind.PROCUREMENT:
            del self.fields["hourly_rate"]
            del self.fields["key"]
        if kind != Calculation.Kind.HOSTING:
            del self.fields["horizon_months"]
        style(self)

    def common_inputs(self) -> dict:
        data = self.cleaned_data
        inputs = {"members": [o.pk for o in data.get("members") or []]}
        if data.get("key") is not None:
            inputs["key"] = data["key"].pk
        if "hourly_rate" in self.fields and data.get("hourly_rate") is not None:
            inputs["hourly_rate_ore"] = kronor_to_ore(data["hourly_rate"])
        if "horizon_months" in self.fields:
            inputs["horizon_months"] = data.get("horizon_months") or 36
        return inputs


def _hours_field(label):
    """Hours typed the Swedish way (`150,5`), which a number input in Chromium refuses."""
    return HoursField(label=label, max_digits=12)


class ActivityForm(forms.Form):
    name = forms.CharField(label=_("Aktivitet"), max_length=200)
    hours_alone = _hours_field(_("Timmar, en kommun"))
    hours_together = _hours_field(_("Timmar, alla i samverkan"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class CostLineForm(forms.Form):
    alternative = forms.CharField(label=_("Alternativ"), max_length=100)
    label = forms.CharField(label=_("Kostnadsrad"), max_length=200)
    organisation = forms.CharField(label=_("Kommun (om raden gäller en)"), max_length=100,
                                   required=False)
    quantity = forms.DecimalField(label=_("Antal"), min_value=0, max_digits=14, decimal_places=2,
                                  localize=True, widget=forms.TextInput(
                                      attrs={"inputmode": "decimal", "autocomplete": "off"}))
    unit_price = KronorField(label=_("Pris per st (kr)"))
    one_off = forms.BooleanField(label=_("Engångskostnad"), required=False)
    spread_months = forms.IntegerField(label=_("Fördelas på månader"), min_value=1,
                                       max_value=600, initial=36, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


ActivityFormSet = forms.formset_factory(ActivityForm, extra=2, can_delete=True)
CostLineFormSet = forms.formset_factory(CostLineForm, extra=3, can_delete=True)


def _kept(formset):
    return [f.cleaned_data for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")]


def activities_from(formset) -> list[dict]:
    return [{"name": d["name"], "hours_alone": str(d["hours_alone"]),
             "hours_together": str(d["hours_together"])} for d in _kept(formset)]


def alternatives_from(formset) -> list[dict]:
    """Lines grouped by alternative, in the order the alternatives first appear (the first is
    the baseline the others are compared with)."""
    grouped: dict[str, list[dict]] = {}
    for d in _kept(formset):
        grouped.setdefault(d["alternative"].strip(), []).append({
            "label": d["label"], "organisation": d.get("organisation", ""),
            "quantity": str(d["quantity"]), "unit_price_ore": kronor_to_ore(d["unit_price"]),
            "one_off": bool(d.get("one_off")), "spread_months": d.get("spread_months") or 36})
    return [{"name": name, "lines": lines} for name, lines in grouped.items()]


def activity_initial(inputs: dict) -> list[dict]:
    return [{"name": a["name"], "hours_alone": Decimal(a["hours_alone"]),
             "hours_together": Decimal(a["hours_together"])} for a in inputs.get("activities", [])]


def line_initial(inputs: dict) -> list[dict]:
    return [{"alternative": alt["name"], "label": line["label"],
             "organisation": line.get("organisation", ""), "quantity": Decimal(line["quantity"]),
             "unit_price": ore_to_kronor(line["unit_price_ore"]), "one_off": line.get("one_off"),
             "spread_months": line.get("spread_months", 36)}
            for alt in inputs.get("alternatives", []) for line in alt["lines"]]


class HourlyCostForm(GovernedModelForm):
    rate = KronorField(label=_("Timkostnad (kr)"))

    class Meta:
        model = HourlyCost
        fields = ["organisation", "year", "basis"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["rate"].initial = ore_to_kronor(self.instance.rate_ore)
        style(self)

    def save(self, commit=True):
        self.instance.rate_ore = kronor_to_ore(self.cleaned_data["rate"])
        return super().save(commit)


class ScenarioForm(GovernedModelForm):
    class Meta:
        model = Scenario
        fields = ["organisation", "name", "description", "recommended"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class StepForm(forms.Form):
    name = forms.CharField(label=_("Steg"), max_length=200)
    calculation = forms.ModelChoiceField(Calculation.objects.none(), label=_("Beräkning"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["calculation"].queryset = Calculation.objects.for_user(user).filter(
            archived_at__isnull=True)
        style(self)


class ITCostCategoryForm(GovernedModelForm):
    class Meta:
        model = ITCostCategory
        fields = ["name", "ledger_category", "definition"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)
