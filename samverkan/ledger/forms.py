from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.core import permissions
from samverkan.core.forms import GovernedModelForm, style
from samverkan.organisations.models import Organisation

from . import supplier_ledger
from .importers import FORMATS
from .models import AccountCategory, MatchingRule


def importable_organisations(user):
    queryset = Organisation.objects.filter(archived_at__isnull=True).order_by("name")
    if user.is_superuser:
        return queryset
    return queryset.filter(pk__in=permissions.organisations_where(user, permissions.Role.EDITOR))


class LedgerUploadForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none(),
                                          help_text=_("Vems bokföring filen innehåller."))
    file = forms.FileField(
        label=_("Fil"),
        help_text=_("SIE 4 (.se eller .si) från ekonomisystemet, eller leverantörsreskontra som "
                    "Excel (.xlsx) eller CSV."),
    )
    format = forms.ChoiceField(
        label=_("Format"), required=False,
        choices=[("", _("Avgör av filändelsen"))] + [(f, f.upper()) for f in FORMATS],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = importable_organisations(user)
        choices = list(self.fields["organisation"].queryset[:2])
        if len(choices) == 1:
            self.fields["organisation"].initial = choices[0]
        style(self)


class ColumnMappingForm(forms.Form):
    """One select per field: which column of the file holds it."""

    def __init__(self, *args, header: list[str], initial_mapping: dict, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("– finns inte i filen –"))] + [
            (str(index), name or _("(kolumn %(n)s utan rubrik)") % {"n": index + 1})
            for index, name in enumerate(header)]
        for spec in supplier_ledger.FIELDS:
            value = initial_mapping.get(spec.name)
            self.fields[spec.name] = forms.ChoiceField(
                label=spec.label, choices=choices, required=spec.required,
                initial="" if value is None else str(value))
        style(self)

    def clean(self):
        cleaned = super().clean()
        used = [v for v in cleaned.values() if v not in ("", None)]
        if len(used) != len(set(used)):
            raise forms.ValidationError(_("Samma kolumn är vald för flera fält."))
        return cleaned

    def mapping(self) -> dict[str, int | None]:
        return {name: (int(value) if value not in ("", None) else None)
                for name, value in self.cleaned_data.items()}


class ConfirmImportForm(forms.Form):
    replace = forms.BooleanField(
        label=_("Ersätt de tidigare importerade raderna för perioden med den här filen"),
        required=False)


class MatchingRuleForm(GovernedModelForm):
    class Meta:
        model = MatchingRule
        fields = ["organisation", "contract", "name", "supplier_org_number", "supplier_pattern",
                  "account_from", "account_to", "cost_centre", "project", "dimension_object",
                  "text_pattern", "priority"]


class AccountCategoryForm(GovernedModelForm):
    class Meta:
        model = AccountCategory
        fields = ["organisation", "first_account", "last_account", "category", "note"]


class ManualMatchForm(forms.Form):
    contract = forms.ModelChoiceField(label=_("Avtal"), queryset=None, required=False,
                                      empty_label=_("– ingen (ta bort matchningen) –"))
    make_rule = forms.BooleanField(
        label=_("Gör om till en regel som matchar liknande rader automatiskt"), required=False)
    rule_fields = forms.MultipleChoiceField(
        label=_("Regeln ska kräva samma"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[("supplier_org_number", _("leverantörens organisationsnummer")),
                 ("supplier_name", _("leverantörens namn")),
                 ("account", _("konto")),
                 ("cost_centre", _("kostnadsställe")),
                 ("project", _("projekt")),
                 ("text", _("text"))],
    )

    def __init__(self, *args, contracts, line, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = contracts
        self.fields["contract"].label_from_instance = \
            lambda c: f"{c.supplier} – {c}" if c.supplier_id else str(c)
        initial = []
        if line.supplier_org_number:
            initial.append("supplier_org_number")
        elif line.supplier_name:
            initial.append("supplier_name")
        else:
            initial.append("account")
        self.fields["rule_fields"].initial = initial
        # a rule is the organisation's own: it never touches another organisation's ledger
        self.fields["make_rule"].label = _(
            "Gör om till en regel för bokföringen i %(organisation)s: den matchar liknande rader "
            "där, nu och vid kommande importer") % {"organisation": line.organisation}
        self.fields["make_rule"].help_text = _(
            "Andra organisationers rader påverkas inte, inte ens likadana: deras redaktörer gör "
            "egna regler.")
        style(self)
        self.fields["rule_fields"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("make_rule") and not cleaned.get("contract"):
            raise forms.ValidationError(_("Välj ett avtal för att göra en regel."))
        if cleaned.get("make_rule") and not cleaned.get("rule_fields"):
            raise forms.ValidationError(_("Välj vad regeln ska kräva."))
        return cleaned
