"""Pages for the parts of a plan: its steering group (project), goals, activities, time reports,
estimates, risks and releases. Each is saved through `services.save_part`, which keeps what a
decided plan decided and lets the follow-up go on."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.core.views import ChildDeleteView, ChildEditView, ImportPreviewView, ImportView

from .. import forms, services
from ..importers import TimeReportImporter
from ..models import (
    Activity,
    Estimate,
    Goal,
    Plan,
    PlanSteeringMember,
    Release,
    Risk,
    TimeReport,
)


class PartEditView(ChildEditView):
    parent_model = Plan
    parent_field = "plan"
    anchor = ""

    def save(self, form, parent):
        part = form.save(commit=False)
        setattr(part, self.parent_field, parent)
        services.save_part(self.request.user, part, parent,
                           expected_version=self.expected_version(form))
        form.save_m2m()
        return part

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if response.status_code == 302 and self.anchor:
            return HttpResponseRedirect(response["Location"] + f"#{self.anchor}")
        return response


class PartDeleteView(ChildDeleteView):
    """A part of a draft is removed; once decided, it is kept (and followed up)."""

    def post(self, request, *args, **kwargs):
        parent = self.get_parent()
        part = self.get_instance(parent)
        follow_up = isinstance(part, TimeReport | Estimate | Risk | Release)
        if not parent.is_current or not (parent.is_editable or follow_up):
            messages.error(request, _("Planen är %(state)s: den här delen tas inte bort.") % {
                "state": parent.get_state_display().lower()})
            return HttpResponseRedirect(parent.get_absolute_url())
        return super().post(request, *args, **kwargs)


class SteeringMemberEditView(PartEditView):
    model = PlanSteeringMember
    form_class = forms.SteeringMemberForm


class SteeringMemberDeleteView(PartDeleteView, SteeringMemberEditView):
    pass


class GoalEditView(PartEditView):
    model = Goal
    form_class = forms.GoalForm
    anchor = "mal"


class GoalDeleteView(PartDeleteView, GoalEditView):
    pass


class ActivityEditView(PartEditView):
    model = Activity
    form_class = forms.ActivityForm
    anchor = "aktiviteter"


class ActivityDeleteView(PartDeleteView, ActivityEditView):
    pass


class TimeReportEditView(PartEditView):
    """Time reports hang on an activity of the plan."""

    model = TimeReport
    form_class = forms.TimeReportForm
    anchor = "tid"

    def get_instance(self, parent):
        if "pk" in self.kwargs:
            return get_object_or_404(TimeReport, pk=self.kwargs["pk"], activity__plan=parent)
        activity = parent.activities.filter(pk=self.request.GET.get("aktivitet") or 0).first()
        return TimeReport(activity=activity) if activity else TimeReport()

    def save(self, form, parent):
        report = form.save(commit=False)
        services.save_part(self.request.user, report, parent,
                           expected_version=self.expected_version(form))
        return report


class TimeReportDeleteView(PartDeleteView, TimeReportEditView):
    pass


class EstimateEditView(PartEditView):
    model = Estimate
    form_class = forms.EstimateForm
    anchor = "tid"


class EstimateDeleteView(PartDeleteView, EstimateEditView):
    pass


class RiskEditView(PartEditView):
    model = Risk
    form_class = forms.RiskForm
    anchor = "risker"


class RiskDeleteView(PartDeleteView, RiskEditView):
    pass


class ReleaseEditView(PartEditView):
    model = Release
    form_class = forms.ReleaseForm
    anchor = "releaser"


class ReleaseDeleteView(PartDeleteView, ReleaseEditView):
    pass



class TimeReportImportView(ImportView):
    importer_class = TimeReportImporter
    preview_url_name = "planning:report_import_preview"
    editor_required_message = gettext_lazy("Du behöver vara redaktör för att importera tid.")


class TimeReportImportPreviewView(ImportPreviewView):
    importer_class = TimeReportImporter
    done_url_name = "planning:plans"
