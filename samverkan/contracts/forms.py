from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.core import permissions
from samverkan.core.formatting import kronor_to_ore, ore_to_kronor
from samverkan.core.forms import ChildForm, GovernedModelForm, KronorField
from samverkan.organisations.models import Organisation
from samverkan.portfolio.forms import DATE, NULL_BOOLEAN
from samverkan.portfolio.forms import DocumentForm as PortfolioDocumentForm

from . import services
from .models import Contract, ContractDocument, ContractExtensionOption, ContractParty

TEXT = forms.Textarea(attrs={"rows": 3})


def _related_to_editor_organisations(user) -> set[int] | None:
    """Organisations whose systems, objects and people the user's contracts may refer to
    (None: no limit, for superusers)."""
    if user.is_superuser:
        return None
    ids: set[int] = set()
    for org in permissions.organisations_where(user, permissions.Role.EDITOR):
        ids |= services.related_organisation_ids(org)
    return ids


class ContractForm(GovernedModelForm):
    class Meta:
        model = Contract
        fields = [
            "title", "number", "diary_number", "organisation", "supplier", "description",
            "procurement_form", "is_framework", "framework_provider", "framework_reference",
            "signed_on", "start_date", "original_end_date", "renewal_period_months",
            "notice_period_months", "internal_lead_days", "terminated_on",
            "termination_effective_date", "price_model", "price_details", "prices_confidential",
            "index_clause", "sla", "data_exit_clause", "data_exit_terms", "dpa", "systems",
            "management_objects", "responsible_people",
        ]
        widgets = {
            "description": TEXT, "price_details": TEXT, "index_clause": TEXT, "sla": TEXT,
            "data_exit_terms": TEXT, "data_exit_clause": NULL_BOOLEAN,
            "signed_on": DATE, "start_date": DATE, "original_end_date": DATE,
            "terminated_on": DATE, "termination_effective_date": DATE,
            "systems": forms.SelectMultiple(attrs={"size": 8}),
            "management_objects": forms.SelectMultiple(attrs={"size": 4}),
            "responsible_people": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = _related_to_editor_organisations(self.user)
        if self.instance.pk and allowed is not None:
            allowed |= services.related_organisation_ids(self.instance.organisation_id)
        for name in ("systems", "management_objects", "responsible_people"):
            field = self.fields[name]
            queryset = field.queryset.select_related("organisation")
            if allowed is not None:
                queryset = queryset.filter(organisation_id__in=allowed)
            field.queryset = queryset
            field.label_from_instance = lambda obj: f"{obj} ({obj.organisation})"

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        errors = services.unrelated_references(
            organisation.pk if organisation else None,
            systems=cleaned.get("systems") or (),
            management_objects=cleaned.get("management_objects") or (),
            people=cleaned.get("responsible_people") or (),
        )
        for name, message in errors.items():
            self.add_error(name, message)
        return cleaned


class PartyForm(ChildForm):
    annual_amount = KronorField(
        label=_("Avtalat belopp per år (kr)"), required=False,
        help_text=_("Lämna tomt om beloppet inte är känt: det visas då som saknat, aldrig som 0."),
    )

    class Meta:
        model = ContractParty
        fields = ["organisation", "role", "annual_amount", "valid_from", "valid_to", "note"]
        widgets = {"valid_from": DATE, "valid_to": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        related = services.related_organisation_ids(self.parent.organisation_id)
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=related)
        if self.instance.pk:
            self.fields["annual_amount"].initial = ore_to_kronor(self.instance.annual_amount_ore)
        elif not self.initial.get("organisation"):
            self.initial["organisation"] = self.parent.organisation_id

    def clean(self):
        cleaned = super().clean()
        amount = cleaned.get("annual_amount")
        self.instance.annual_amount_ore = None if amount is None else kronor_to_ore(amount)
        return cleaned


class OptionForm(ChildForm):
    class Meta:
        model = ContractExtensionOption
        fields = ["ordering", "length_months", "used_on", "note"]
        widgets = {"used_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            taken = [o.ordering for o in self.parent.extension_options.all()]
            self.fields["ordering"].initial = max(taken, default=0) + 1


class DocumentForm(PortfolioDocumentForm):
    """The same file checks as management-object documents."""

    class Meta:
        model = ContractDocument
        fields = ["title", "kind", "contains_prices", "url", "file"]


class CalendarTokenForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.filter(archived_at__isnull=True),
        help_text=_("Kalendern visar avtal som organisationen äger eller är part i."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].widget.attrs["class"] = "form-select"
