"""Pages for plans: the list, the plan page that answers at a glance (goals, follow-up, risks,
releases, decisions, scope live from the register), the form, and the state buttons."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samverkan.contracts.models import Contract
from samverkan.core import permissions
from samverkan.core.exports import csv_response, xlsx_response
from samverkan.core.views import ObjectArchiveView, ObjectDetailView, ObjectEditView, ObjectListView
from samverkan.finance.models import Budget
from samverkan.finance.services import budget_follow_up
from samverkan.ledger.models import CostSummary
from samverkan.portfolio.models import System

from .. import charts, followup, reporting, services, windows
from ..calendar import plan_calendar
from ..filtersets import PlanFilterSet
from ..forms import ApproveForm, PlanForm, TransitionForm
from ..models import Decision, Goal, Plan, Release, TimeReport, risk_scale
from ..tables import PlanTable
from .common import expected_version, run


class PlanListView(ObjectListView):
    model = Plan
    queryset = Plan.objects.select_related("organisation", "management_object")
    table_class = PlanTable
    filterset_class = PlanFilterSet
    title = gettext_lazy("Planer")
    add_url_name = "planning:plan_add"
    export_name = "planer"


def _scope(plan: Plan, user) -> dict:
    """What the plan manages, live from the register (never retyped): the object's systems,
    contracts, documents, roles and steering group, and its budget for the year."""
    if plan.kind != Plan.Kind.MANAGEMENT:
        return {"project_group": plan.steering_group.select_related("person", "organisation")}
    obj = plan.management_object
    systems = System.objects.for_user(user).filter(management_object=obj,
                                                   archived_at__isnull=True)
    contracts = Contract.objects.for_user(user).filter(
        Q(management_objects=obj) | Q(systems__management_object=obj),
        archived_at__isnull=True).select_related("supplier").distinct().order_by("title")
    budget = Budget.objects.for_user(user).filter(management_object=obj, year=plan.year,
                                                  archived_at__isnull=True).first()
    money = budget_follow_up(budget, user) if budget else None
    return {
        "systems": systems.select_related("organisation").order_by("name"),
        "contracts": contracts,
        "documents": obj.documents.all(),
        "roles": obj.roles.select_related("person", "organisation"),
        "object_group": obj.steering_group.select_related("person", "organisation"),
        "budget": budget, "money": money,
        "ledger_missing": budget is not None and not CostSummary.objects.for_user(user).filter(
            year=plan.year).exists(),
    }


class PlanDetailView(ObjectDetailView):
    model = Plan
    queryset = Plan.objects.select_related("organisation", "management_object", "approved_by",
                                           "previous", "decision__meeting")
    template_name = "planning/plan_detail.html"

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt in ("xlsx", "csv"):
            plan = self.get_object()
            header, rows = followup.follow_up_rows(followup.follow_up(plan))
            name = f"uppfoljning-{plan.pk}"
            if fmt == "csv":
                return csv_response(name, header, rows)
            return xlsx_response(name, header, rows, title=_("Uppföljning"))
        return super().get(request, *args, **kwargs)

    def extra_context(self, plan) -> dict:
        user = self.request.user
        risks = list(plan.risks.select_related("owner").prefetch_related("affected"))
        goals = list(plan.goals.all())
        for goal in goals:
            goal.colour = followup.goal_colour(goal)
        now = timezone.now()
        releases = list(plan.releases.select_related("preferred_by").prefetch_related("systems"))
        preferred, common = windows.preferences(releases)
        meetings = services.meetings_of(plan).for_user(user).filter(archived_at__isnull=True)
        can_edit = services.may_edit(user, plan)
        follow = followup.follow_up(plan)
        return {
            "goals": goals,
            "follow": follow,
            "hours_chart": charts.hours(follow) if follow.hours.budget or follow.hours.outcome
            else None,
            "estimates": plan.estimates.all(),
            "trend": reporting.trend(plan),
            "time_reports": TimeReport.objects.filter(activity__plan=plan).select_related(
                "activity", "person")[:20],
            "risks": followup.ranked_risks(risks),
            "risk_map": followup.risk_map(risks),
            "risk_scale": range(1, risk_scale() + 1),
            "upcoming": [r for r in releases if not r.preferred_by_id and (
                r.recurrence or (r.ends_at or r.starts_at) >= now)],
            "preferred": preferred, "common_windows": common,
            "releases": releases,
            "decisions": Decision.objects.for_user(user).filter(
                Q(plan=plan) | Q(activities__plan=plan)).select_related("meeting").distinct(),
            "meetings": meetings.order_by("-held_on")[:5],
            "next_revision": Plan.objects.for_user(user).filter(previous=plan).first(),
            "can_edit_parts": can_edit and plan.is_current,
            "can_edit_plan": can_edit and plan.is_editable,
            "can_submit": can_edit and plan.state == Plan.State.DRAFT,
            "can_approve": services.may_approve(user, plan),
            "can_return": plan.state == Plan.State.SUBMITTED and (
                can_edit or services.may_approve(user, plan)),
            "can_revise": can_edit and plan.state == Plan.State.APPROVED,
            "can_close": can_edit and plan.state == Plan.State.APPROVED,
            "can_next_year": permissions.can(user, permissions.ADD, plan)
            and plan.kind == Plan.Kind.MANAGEMENT,
            "approve_form": ApproveForm(plan=plan, user=user, initial={
                "expected_version": plan.version, "approved_on": datetime.date.today()}),
            "transition_form": TransitionForm(initial={"expected_version": plan.version}),
            "approvers": services.approver_person_ids(plan),
            "Light": Goal.Light, "Release": Release,
            **_scope(plan, user),
        }


class PlanEditView(ObjectEditView):
    model = Plan
    form_class = PlanForm

    def get_instance(self):
        instance = super().get_instance()
        if instance.pk and not instance.is_editable:
            raise PermissionDenied(_("Bara ett utkast ändras. Revidera en fastställd plan."))
        return instance

    def initial(self) -> dict:
        obj = self.request.GET.get("objekt", "")
        return {"management_object": obj} if obj.isdigit() else {}


class PlanArchiveView(ObjectArchiveView):
    model = Plan


def _plan(request, pk) -> Plan:
    return get_object_or_404(Plan.objects.for_user(request.user).select_related(
        "management_object"), pk=pk)


def calendar(request, pk):
    """The plan's releases, service windows and steering-group meetings as an .ics file."""
    plan = _plan(request, pk)
    response = HttpResponse(plan_calendar(plan, request.user),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}.ics"'
    return response


@require_POST
def submit(request, pk):
    plan = _plan(request, pk)
    return run(request, lambda: services.submit(request.user, plan,
                                                expected_version=expected_version(request)),
               _("Planen är lämnad för beslut."), plan.get_absolute_url())


@require_POST
def approve(request, pk):
    plan = _plan(request, pk)
    if not services.may_approve(request.user, plan):
        raise PermissionDenied(_("Planen fastställs av objektägaren eller styrgruppen."))
    form = ApproveForm(request.POST, plan=plan, user=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values()
                                         for e in errors))
        return HttpResponseRedirect(plan.get_absolute_url())
    data = form.cleaned_data
    return run(request, lambda: services.approve(
        request.user, plan, on=data["approved_on"], decision=data["decision"],
        reference=data["reference"], expected_version=data["expected_version"]),
        _("Planen är fastställd."), plan.get_absolute_url())


@require_POST
def return_to_draft(request, pk):
    plan = _plan(request, pk)
    return run(request, lambda: services.return_to_draft(
        request.user, plan, expected_version=expected_version(request)),
        _("Planen är tillbaka som utkast."), plan.get_absolute_url())


@require_POST
def close(request, pk):
    plan = _plan(request, pk)
    return run(request, lambda: services.close(request.user, plan,
                                               expected_version=expected_version(request)),
               _("Planen är avslutad."), plan.get_absolute_url())


@require_POST
def revise(request, pk):
    plan = _plan(request, pk)
    created = []
    response = run(request, lambda: created.append(services.revise(request.user, plan)),
                   _("En ny version av planen är skapad som utkast. Den fastställda gäller tills "
                     "den nya fastställs."), plan.get_absolute_url())
    return HttpResponseRedirect(created[0].get_absolute_url()) if created else response


@require_POST
def next_year(request, pk):
    plan = _plan(request, pk)
    created = []
    response = run(request, lambda: created.append(services.start_next_year(request.user, plan)),
                   _("Nästa års plan är skapad från den här."), plan.get_absolute_url())
    return HttpResponseRedirect(created[0].get_absolute_url()) if created else response
