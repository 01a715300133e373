"""Pages for steering-group meetings: list, the meeting with its agenda, status from the plan,
decisions (§), actions and the actions carried forward; the form; justering of the minutes."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samverkan.core import permissions
from samverkan.core.exports import csv_response, xlsx_response
from samverkan.core.views import (
    ChildDeleteView,
    ChildEditView,
    ObjectArchiveView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)

from .. import agenda, followup, forms, services
from ..filtersets import MeetingFilterSet
from ..forms import TransitionForm
from ..models import Action, AgendaItem, Decision, Meeting
from ..tables import MeetingTable
from .common import expected_version, run


class MeetingListView(ObjectListView):
    model = Meeting
    queryset = Meeting.objects.select_related("organisation", "management_object", "project")
    table_class = MeetingTable
    filterset_class = MeetingFilterSet
    title = gettext_lazy("Styrgruppsmöten")
    add_url_name = "planning:meeting_add"
    export_name = "moten"


class MeetingDetailView(ObjectDetailView):
    model = Meeting
    queryset = Meeting.objects.select_related("organisation", "management_object", "project")
    template_name = "planning/meeting_detail.html"

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt in ("xlsx", "csv"):
            meeting = self.get_object()
            header, rows = agenda.agenda_rows(meeting)
            name = f"dagordning-{meeting.pk}"
            if fmt == "csv":
                return csv_response(name, header, rows)
            return xlsx_response(name, header, rows, title=_("Dagordning"))
        return super().get(request, *args, **kwargs)

    def extra_context(self, meeting) -> dict:
        user = self.request.user
        plan = services.plan_for(meeting, user)
        status = None
        if plan is not None:
            risks = list(plan.risks.select_related("owner"))
            since, done = services.done_since_last_meeting(plan, meeting)
            status = {"plan": plan, "follow": followup.follow_up(plan, as_of=meeting.held_on),
                      "risks": followup.ranked_risks(risks), "since": since,
                      "done": done}
        return {
            "agenda_items": meeting.agenda_items.select_related("presenter").prefetch_related(
                "decisions"),
            "decisions": meeting.decisions.select_related(
                "plan", "agenda_item", "contract_option__contract", "cost_pool").prefetch_related(
                "activities__plan"),
            "actions": meeting.actions.select_related("owner"),
            "carried": services.open_actions_before(meeting),
            "status": status,
            "can_edit_minutes": self._can_change(meeting) and not meeting.is_locked,
            "can_edit_agenda": self._can_change(meeting) and not meeting.is_locked,
            "can_add_actions": self._can_change(meeting),
            "transition_form": TransitionForm(initial={"expected_version": meeting.version}),
        }

    def _can_change(self, meeting) -> bool:
        return permissions.can(self.request.user, permissions.CHANGE, meeting)


class MeetingEditView(ObjectEditView):
    model = Meeting
    form_class = forms.MeetingForm

    def get_instance(self):
        instance = super().get_instance()
        if instance.pk and instance.is_locked:
            raise PermissionDenied(_("Protokollet är justerat och ändras inte."))
        return instance

    def initial(self) -> dict:
        initial = {"held_on": datetime.date.today(),
                   "title": _("Styrgruppsmöte")}
        obj = self.request.GET.get("objekt", "")
        if obj.isdigit():
            initial["management_object"] = obj
        return initial

    def save(self, form):
        new = form.instance.pk is None
        meeting = super().save(form)
        if new:  # the standing items of the template, to edit on the meeting's page
            agenda.create_from_template(self.request.user, meeting)
        return meeting


class MeetingArchiveView(ObjectArchiveView):
    model = Meeting


@require_POST
def approve_minutes(request, pk):
    meeting = get_object_or_404(Meeting.objects.for_user(request.user), pk=pk)
    return run(request, lambda: services.approve_minutes(
        request.user, meeting, expected_version=expected_version(request)),
        _("Protokollet är justerat."), meeting.get_absolute_url())


@require_POST
def agenda_from_template(request, pk):
    meeting = get_object_or_404(Meeting.objects.for_user(request.user), pk=pk)
    return run(request, lambda: agenda.create_from_template(request.user, meeting),
               _("Dagordningens stående punkter är tillagda."), meeting.get_absolute_url())


class AgendaItemEditView(ChildEditView):
    parent_model = Meeting
    model = AgendaItem
    form_class = forms.AgendaItemForm
    parent_field = "meeting"

    def get_parent(self):
        meeting = super().get_parent()
        if meeting.is_locked:
            raise PermissionDenied(_("Protokollet är justerat; dagordningen ändras inte."))
        return meeting

    def save(self, form, parent):
        item = form.save(commit=False)
        item.meeting = parent
        return agenda.save_item(self.request.user, item,
                                expected_version=self.expected_version(form))


class AgendaItemDeleteView(ChildDeleteView, AgendaItemEditView):
    def post(self, request, *args, **kwargs):
        meeting = self.get_parent()
        item = self.get_instance(meeting)
        return run(request, lambda: agenda.delete_item(request.user, item),
                   _("Borttagen: %(name)s") % {"name": item}, meeting.get_absolute_url())


class DecisionEditView(ChildEditView):
    parent_model = Meeting
    model = Decision
    form_class = forms.DecisionForm
    parent_field = "meeting"

    def save(self, form, parent):
        decision = form.save(commit=False)
        decision.meeting = parent
        return services.record_decision(self.request.user, decision,
                                        expected_version=self.expected_version(form))


class ActionEditView(ChildEditView):
    parent_model = Meeting
    model = Action
    form_class = forms.ActionForm
    parent_field = "meeting"

    def save(self, form, parent):
        action = form.save(commit=False)
        action.meeting = parent
        return services.save_action(self.request.user, action,
                                    expected_version=self.expected_version(form))


class ActionDeleteView(ChildDeleteView, ActionEditView):
    pass
