"""Forms of the steering groups above a single object: the group and its seats."""

from __future__ import annotations

from django import forms

from samverkan.core.forms import ChildForm, GovernedModelForm
from samverkan.organisations.models import Person
from samverkan.portfolio.models import ManagementObject

from .models import SteeringGroup, SteeringGroupSeat


class SteeringGroupForm(GovernedModelForm):
    class Meta:
        model = SteeringGroup
        fields = ["organisation", "level", "name", "mandate", "management_objects"]
        widgets = {"mandate": forms.Textarea(attrs={"rows": 4}),
                   "management_objects": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["management_objects"].queryset = ManagementObject.objects.for_user(
            self.user).filter(archived_at__isnull=True).order_by("name")


class SteeringGroupSeatForm(ChildForm):
    class Meta:
        model = SteeringGroupSeat
        fields = ["person", "organisation", "mandate", "is_chair"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.for_user(self.user).filter(
            archived_at__isnull=True).select_related("organisation")
