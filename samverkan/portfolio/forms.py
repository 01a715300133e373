from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.core.forms import ChildForm, GovernedModelForm, check_document

from .models import (
    Capability,
    Integration,
    ManagementObject,
    ObjectDocument,
    ObjectRole,
    Product,
    SteeringGroupMember,
    Supplier,
    System,
    SystemUsage,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NullBooleanSelect(forms.NullBooleanSelect):
    """Ja / Nej / Okänt. Django's widget maps True/False to the option values, so an edit form
    shows the stored answer (a plain Select rendered "True" and fell back to "Okänt")."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", _("Okänt")), ("true", _("Ja")), ("false", _("Nej"))]


NULL_BOOLEAN = NullBooleanSelect()


class SystemForm(GovernedModelForm):
    class Meta:
        model = System
        fields = ["name", "organisation", "description", "product", "capability",
                  "management_object", "owner_person", "lifecycle", "criticality",
                  "confidentiality", "integrity", "availability", "personal_data", "dpa",
                  "hosting", "service_window", "url"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "personal_data": NULL_BOOLEAN}


class ManagementObjectForm(GovernedModelForm):
    class Meta:
        model = ManagementObject
        fields = ["name", "organisation", "capability", "description", "established_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "established_on": DATE}


class SupplierForm(GovernedModelForm):
    class Meta:
        model = Supplier
        fields = ["name", "org_number", "website", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class ProductForm(GovernedModelForm):
    class Meta:
        model = Product
        fields = ["name", "supplier", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class CapabilityForm(GovernedModelForm):
    class Meta:
        model = Capability
        fields = ["name", "code", "parent", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class UsageForm(ChildForm):
    class Meta:
        model = SystemUsage
        fields = ["organisation", "users", "note"]


class IntegrationForm(ChildForm):
    class Meta:
        model = Integration
        fields = ["target", "method", "data", "frequency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = self.fields["target"].queryset.exclude(
            pk=self.parent.pk).select_related("organisation")


class ObjectRoleForm(ChildForm):
    class Meta:
        model = ObjectRole
        fields = ["role", "person", "organisation", "valid_from", "valid_to"]
        widgets = {"valid_from": DATE, "valid_to": DATE}


class SteeringGroupMemberForm(ChildForm):
    class Meta:
        model = SteeringGroupMember
        fields = ["person", "organisation", "mandate", "is_chair"]


class DocumentForm(ChildForm):
    class Meta:
        model = ObjectDocument
        fields = ["title", "kind", "url", "file"]

    def clean_file(self):
        return check_document(self.cleaned_data.get("file"))


