from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.core.forms import ChildForm, GovernedModelForm

from .models import Area, Assessment, Respondent

SCALE = [("1", _("1 Instämmer inte alls")), ("2", _("2 Instämmer delvis inte")),
         ("3", _("3 Varken eller")), ("4", _("4 Instämmer delvis")),
         ("5", _("5 Instämmer helt")), ("", _("Vet ej / ej tillämpligt"))]


class AssessmentForm(GovernedModelForm):
    class Meta:
        model = Assessment
        fields = ["organisation", "system", "questionnaire", "opened_on", "due_on",
                  "planned_disposition", "planned_on", "planned_reason"]
        widgets = {"opened_on": forms.DateInput(attrs={"type": "date"}),
                   "due_on": forms.DateInput(attrs={"type": "date"}),
                   "planned_on": forms.DateInput(attrs={"type": "date"})}


class RespondentForm(ChildForm):
    areas = forms.MultipleChoiceField(label=_("Områden"), choices=Area.choices,
                                      widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Respondent
        fields = ["person", "areas"]


class AnswerForm(forms.Form):
    """One respondent's statements (their areas only) and, with Ekonomi, the economy fields
    prefilled from the register with the source shown."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, statements, economy_fields=(), answers=None, economy=None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        answers, economy = answers or {}, economy or {}
        self.statements, self.economy_fields = list(statements), list(economy_fields)
        for statement in self.statements:
            value = answers.get(statement.pk)
            self.fields[f"s{statement.pk}"] = forms.ChoiceField(
                label=f"{statement.code} {statement.text}", choices=SCALE, required=False,
                widget=forms.RadioSelect, initial="" if value is None else str(value))
        for field in self.economy_fields:
            value, source = economy.get(field.pk, (None, ""))
            # typed the Swedish way (`12,5`), which a number input in Chromium refuses
            self.fields[f"e{field.pk}"] = forms.DecimalField(
                label=field.label, required=False, max_digits=17, decimal_places=5,
                initial=value, help_text=source, localize=True, widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "autocomplete": "off"}))
            self.fields[f"k{field.pk}"] = forms.CharField(
                label=_("Källa för %(field)s") % {"field": field.code}, required=False,
                max_length=300, initial=source)

    def statement_fields(self):
        return [self[f"s{s.pk}"] for s in self.statements]

    def economy_rows(self):
        return [(self[f"e{f.pk}"], self[f"k{f.pk}"]) for f in self.economy_fields]

    def answers(self) -> dict:
        return {s.pk: int(self.cleaned_data[f"s{s.pk}"]) if self.cleaned_data[f"s{s.pk}"]
                else None for s in self.statements}

    def economy(self) -> dict:
        return {f.pk: (self.cleaned_data[f"e{f.pk}"], self.cleaned_data[f"k{f.pk}"] or str(
            _("Angivet av den som svarat"))) for f in self.economy_fields}


class WeightsForm(forms.Form):
    def __init__(self, *args, sub_areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.sub_areas = list(sub_areas)
        for sub in self.sub_areas:
            self.fields[f"w{sub.pk}"] = forms.DecimalField(
                label=str(sub), min_value=0, max_value=100, max_digits=5, decimal_places=2,
                initial=sub.weight)
