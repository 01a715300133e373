"""REST resources of the planning app: plans (with state actions), their parts, meetings,
decisions and actions. Money is whole öre (`*_ore`), hours exact decimals. The same permission
layer and domain rules as the pages: a part is saved through `services.save_part`, a decision
gets its § from `services.record_decision`, approval follows the PM3 roles."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from samverkan.core import permissions
from samverkan.core import services as core_services
from samverkan.core.api import (
    ScopedSerializer,
    ScopedViewSet,
    django_errors_as_drf,
    expected_version_of,
)

from . import agenda, followup, group_api, services
from .filtersets import MeetingFilterSet, PlanFilterSet
from .models import (
    Action,
    Activity,
    AgendaItem,
    Decision,
    Estimate,
    Goal,
    Meeting,
    Plan,
    Release,
    Risk,
    StatusReport,
    TimeReport,
)

# -- plans -----------------------------------------------------------------------------------------


class PlanSerializer(ScopedSerializer):
    class Meta:
        model = Plan
        fields = ["id", "kind", "name", "organisation", "management_object", "year", "starts_on",
                  "ends_on", "revision", "previous", "state", "mission", "stakeholders",
                  "processes", "change_handling", "reporting_frequency", "participants",
                  "submitted_on", "approved_on", "approved_by", "approved_as",
                  "decision_reference", "decision", "version", "created_at", "updated_at",
                  "archived_at"]
        read_only_fields = ["revision", "previous", "state", "submitted_on", "approved_on",
                            "approved_by", "approved_as", "decision_reference", "decision",
                            "created_at", "updated_at", "archived_at"]


class StateChangeSerializer(serializers.Serializer):
    """A state change: `version` (or If-Match) is the plan's version it starts from."""

    version = serializers.IntegerField(required=False)


class FiguresSerializer(serializers.Serializer):
    budget = serializers.DecimalField(max_digits=14, decimal_places=2)
    outcome = serializers.DecimalField(max_digits=14, decimal_places=2)
    remaining = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    forecast = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    deviation = serializers.DecimalField(max_digits=14, decimal_places=2)


class MoneyFiguresSerializer(serializers.Serializer):
    budget = serializers.IntegerField()
    outcome = serializers.IntegerField()
    remaining = serializers.IntegerField(allow_null=True)
    forecast = serializers.IntegerField(allow_null=True)
    deviation = serializers.IntegerField()


class ActivityFiguresSerializer(serializers.Serializer):
    activity = serializers.IntegerField()
    hours = FiguresSerializer()
    money_ore = MoneyFiguresSerializer()
    planned = serializers.BooleanField()


class FollowUpSerializer(serializers.Serializer):
    internal_hours = FiguresSerializer()
    external_hours = FiguresSerializer()
    money_ore = MoneyFiguresSerializer()
    activities = ActivityFiguresSerializer(many=True)


class ApproveSerializer(serializers.Serializer):
    decision = serializers.PrimaryKeyRelatedField(queryset=Decision.objects.all(), required=False,
                                                  allow_null=True)
    approved_on = serializers.DateField(required=False, allow_null=True)
    reference = serializers.CharField(required=False, allow_blank=True, max_length=100)
    version = serializers.IntegerField(required=False)


class PlanViewSet(ScopedViewSet):
    queryset = Plan.objects.select_related("organisation", "management_object")
    serializer_class = PlanSerializer
    filterset_class = PlanFilterSet
    ordering_fields = ["year", "name", "approved_on"]

    def update(self, request, *args, **kwargs):
        if not self.get_object().is_editable:
            raise PermissionDenied(_("Bara ett utkast ändras. Revidera en fastställd plan."))
        return super().update(request, *args, **kwargs)

    def _transition(self, request, change, code=status.HTTP_200_OK):
        plan = self.get_object()
        with django_errors_as_drf(), transaction.atomic():
            result = change(plan)
        return Response(PlanSerializer(result, context=self.get_serializer_context()).data,
                        status=code)

    @action(detail=True, methods=["post"], serializer_class=StateChangeSerializer)
    def submit(self, request, pk=None):
        """utkast → för beslut (the object manager). Give `version` to guard against a stale
        state."""
        return self._transition(request, lambda plan: services.submit(
            request.user, plan, expected_version=expected_version_of(request)))

    @action(detail=True, methods=["post"], serializer_class=ApproveSerializer)
    def approve(self, request, pk=None):
        """för beslut → fastställd, by the object owner or the steering group; optionally with
        the `decision` (§) of a meeting of the plan's steering group."""
        plan = self.get_object()
        if not services.may_approve(request.user, plan):
            raise PermissionDenied(_("Planen fastställs av objektägaren eller styrgruppen."))
        data = ApproveSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        values = data.validated_data
        decision = values.get("decision")
        if decision is not None and not permissions.can(request.user, permissions.VIEW,
                                                        decision):
            raise PermissionDenied()
        return self._transition(request, lambda plan: services.approve(
            request.user, plan, on=values.get("approved_on"), decision=decision,
            reference=values.get("reference", ""), expected_version=expected_version_of(request)))

    @action(detail=True, methods=["post"], url_path="return-to-draft",
            serializer_class=StateChangeSerializer)
    def return_to_draft(self, request, pk=None):
        return self._transition(request, lambda plan: services.return_to_draft(
            request.user, plan, expected_version=expected_version_of(request)))

    @action(detail=True, methods=["post"], serializer_class=StateChangeSerializer)
    def revise(self, request, pk=None):
        """A new version (utkast) of an approved plan; the approved one stays in force."""
        return self._transition(request, lambda plan: services.revise(request.user, plan),
                                code=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], serializer_class=StateChangeSerializer)
    def close(self, request, pk=None):
        return self._transition(request, lambda plan: services.close(
            request.user, plan, expected_version=expected_version_of(request)))

    @action(detail=True, methods=["get"], url_path="follow-up",
            serializer_class=FollowUpSerializer)
    def follow_up(self, request, pk=None):
        """Budget against outcome: hours by category (with estimate, forecast and deviation) and
        money in öre, in total and per activity."""
        result = followup.follow_up(self.get_object())

        def figures(f):
            return {"budget": f.budget, "outcome": f.outcome, "remaining": f.remaining,
                    "forecast": f.forecast, "deviation": f.deviation}

        return Response(FollowUpSerializer({
            "internal_hours": figures(result.internal),
            "external_hours": figures(result.external),
            "money_ore": figures(result.money),
            "activities": [{"activity": row.activity.pk, "hours": figures(row.hours),
                            "money_ore": figures(row.money), "planned": row.planned}
                           for row in result.rows],
        }).data)


# -- parts of a plan ---------------------------------------------------------------------------------


class PartSerializer(ScopedSerializer):
    pass


class PartViewSet(ScopedViewSet):
    """A part of a plan: saved through `services.save_part` (the plan's permission decides, and
    what a decided plan decided stays); removed only while the plan allows it."""

    def plan_of(self, part) -> Plan:
        return part.plan

    def save_part(self, part, expected_version):
        return services.save_part(self.request.user, part, self.plan_of(part),
                                  expected_version=expected_version)

    def _save(self, serializer, expected_version=None):
        part = serializer.instance or serializer.Meta.model()
        many = {}
        for name, value in serializer.validated_data.items():
            if name == "version":
                continue
            if part._meta.get_field(name).many_to_many:
                many[name] = value
            else:
                setattr(part, name, value)
        with django_errors_as_drf(), transaction.atomic():
            saved = self.save_part(part, expected_version)
            for name, value in many.items():
                getattr(saved, name).set(value)
        serializer.instance = saved

    def destroy(self, request, *args, **kwargs):
        part = self.get_object()
        plan = self.plan_of(part)
        if not permissions.can(request.user, permissions.CHANGE, plan):
            raise PermissionDenied(_("Du har inte behörighet att ändra planen."))
        follow_up = isinstance(part, TimeReport | Estimate | Risk | Release)
        if not plan.is_current or not (plan.is_editable or follow_up):
            raise PermissionDenied(_("Planen är %(state)s: den här delen tas inte bort.") % {
                "state": plan.get_state_display().lower()})
        with django_errors_as_drf():
            core_services.delete_child(request.user, part, plan,
                                       expected_version=expected_version_of(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


def part(model, fields, *, select=("plan",), filters=("plan",)):
    """A serializer and a viewset for one kind of part."""
    meta = type("Meta", (), {"model": model, "fields": ["id", *fields, "version"]})
    serializer = type(f"{model.__name__}Serializer", (PartSerializer,), {"Meta": meta})
    return type(f"{model.__name__}ViewSet", (PartViewSet,), {
        "queryset": model.objects.select_related(*select), "serializer_class": serializer,
        "filterset_fields": list(filters), "ordering_fields": ["id"]})


GoalViewSet = part(Goal, ["plan", "title", "indicator", "baseline", "target", "follow_up",
                          "light", "percent", "outcome", "comment"])
ActivityViewSet = part(Activity, [
    "plan", "title", "description", "kind", "responsible", "participants", "planned_start",
    "planned_end", "actual_start", "actual_end", "internal_hours", "external_hours",
    "budget_ore", "status", "decision_basis", "decision"], filters=("plan", "kind", "status"))
EstimateViewSet = part(Estimate, ["plan", "as_of", "category", "remaining_hours",
                                  "remaining_ore", "comment"])
RiskViewSet = part(Risk, ["plan", "number", "description", "probability", "impact", "measure",
                          "owner", "owner_initials", "affected", "status", "occurred",
                          "outcome", "outcome_on"], filters=("plan", "status"))
ReleaseViewSet = part(Release, ["plan", "kind", "title", "starts_at", "ends_at", "recurrence",
                                "preferred_by", "systems", "notes", "communicated_on", "test_result",
                                "test_notes", "incidents"], filters=("plan", "kind"))


class TimeReportViewSet(part(TimeReport, ["activity", "date", "category", "hours", "cost_ore",
                                          "person", "note"], select=("activity__plan",),
                             filters=("activity", "activity__plan", "category"))):
    def plan_of(self, report) -> Plan:
        return report.activity.plan


class RiskPrioritySerializer(RiskViewSet.serializer_class):
    priority = serializers.IntegerField(read_only=True,
                                        help_text=_("Priorvärde = sannolikhet × påverkan."))

    class Meta(RiskViewSet.serializer_class.Meta):
        fields = [*RiskViewSet.serializer_class.Meta.fields, "priority"]


RiskViewSet.serializer_class = RiskPrioritySerializer


# -- meetings ------------------------------------------------------------------------------------------


class MeetingSerializer(ScopedSerializer):
    class Meta:
        model = Meeting
        fields = ["id", "organisation", "management_object", "project", "title", "held_on",
                  "place", "attendees", "documents", "agenda", "minutes", "minutes_approved_on",
                  "version", "created_at", "updated_at", "archived_at"]
        read_only_fields = ["minutes_approved_on", "created_at", "updated_at", "archived_at"]


class MeetingViewSet(ScopedViewSet):
    queryset = Meeting.objects.select_related("organisation", "management_object", "project")
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet
    ordering_fields = ["held_on"]

    def update(self, request, *args, **kwargs):
        if self.get_object().is_locked:
            raise PermissionDenied(_("Protokollet är justerat och ändras inte."))
        return super().update(request, *args, **kwargs)

    @action(detail=True, methods=["post"], url_path="approve-minutes",
            serializer_class=StateChangeSerializer)
    def approve_minutes(self, request, pk=None):
        """Justering: the minutes and their decisions are locked from now on."""
        meeting = self.get_object()
        with django_errors_as_drf():
            services.approve_minutes(request.user, meeting,
                                     expected_version=expected_version_of(request))
        return Response(MeetingSerializer(meeting, context=self.get_serializer_context()).data)


class DecisionSerializer(PartSerializer):
    reference = serializers.CharField(read_only=True)

    class Meta:
        model = Decision
        fields = ["id", "meeting", "series", "year", "number", "reference", "title", "text",
                  "mandate", "exceeds_mandate", "escalated_to", "agenda_item", "plan",
                  "contract_option", "cost_pool", "version"]


class DecisionViewSet(PartViewSet):
    """Decisions are numbered (§) per steering group and year; never removed."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    queryset = Decision.objects.select_related("meeting")
    serializer_class = DecisionSerializer
    filterset_fields = ["meeting", "plan", "year"]
    ordering_fields = ["year", "number"]

    def save_part(self, decision, expected_version):
        return services.record_decision(self.request.user, decision,
                                        expected_version=expected_version)


class ActionSerializer(PartSerializer):
    class Meta:
        model = Action
        fields = ["id", "meeting", "title", "owner", "due_on", "done_on", "note", "version"]


class ActionViewSet(PartViewSet):
    queryset = Action.objects.select_related("meeting", "owner")
    serializer_class = ActionSerializer
    filterset_fields = ["meeting", "owner"]
    ordering_fields = ["due_on"]

    def plan_of(self, action):
        return None

    def save_part(self, action, expected_version):
        return services.save_action(self.request.user, action, expected_version=expected_version)

    def destroy(self, request, *args, **kwargs):
        action = self.get_object()
        with django_errors_as_drf():
            core_services.delete_child(request.user, action, action.meeting,
                                       expected_version=expected_version_of(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class AgendaItemSerializer(PartSerializer):
    class Meta:
        model = AgendaItem
        fields = ["id", "meeting", "order", "title", "kind", "presenter", "documents", "content",
                  "note", "version"]
        extra_kwargs = {"order": {"required": False}}


class AgendaItemViewSet(PartViewSet):
    """The typed agenda of a meeting; locked with the minutes."""

    queryset = AgendaItem.objects.select_related("meeting", "presenter")
    serializer_class = AgendaItemSerializer
    filterset_fields = ["meeting", "kind"]
    ordering_fields = ["order"]

    def save_part(self, item, expected_version):
        return agenda.save_item(self.request.user, item, expected_version=expected_version)

    def destroy(self, request, *args, **kwargs):
        item = self.get_object()
        core_services.check_can(request.user, permissions.CHANGE, item.meeting)
        with django_errors_as_drf():
            agenda.delete_item(request.user, item, expected_version=expected_version_of(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class StatusReportSerializer(ScopedSerializer):
    version = None

    class Meta:
        model = StatusReport
        fields = ["id", "plan", "as_of", "comment", "snapshot", "sent_on", "created_by"]


class StatusReportViewSet(ScopedViewSet):
    """Status reports are made and sent on the plan's page; here they are read as frozen."""

    http_method_names = ["get", "head", "options"]
    queryset = StatusReport.objects.select_related("plan")
    serializer_class = StatusReportSerializer
    filterset_fields = ["plan"]
    ordering_fields = ["as_of"]


class ServiceWindowViewSet(ReleaseViewSet):
    """The service windows among the releases (kind servicefonster)."""

    queryset = Release.objects.filter(kind=Release.Kind.SERVICE_WINDOW).select_related("plan")

    def save_part(self, part, expected_version):
        part.kind = Release.Kind.SERVICE_WINDOW
        return super().save_part(part, expected_version)


ROUTES = [
    ("management-plans", PlanViewSet, "plan"),
    ("plan-goals", GoalViewSet, "goal"),
    ("plan-activities", ActivityViewSet, "activity"),
    ("time-entries", TimeReportViewSet, "time-entry"),
    ("estimates", EstimateViewSet, "estimate"),
    ("risks", RiskViewSet, "risk"),
    ("releases", ReleaseViewSet, "release"),
    ("service-windows", ServiceWindowViewSet, "service-window"),
    ("status-reports", StatusReportViewSet, "status-report"),
    ("meetings", MeetingViewSet, "meeting"),
    ("decisions", DecisionViewSet, "decision"),
    ("actions", ActionViewSet, "action"),
    ("agenda-items", AgendaItemViewSet, "agenda-item"),
    *group_api.ROUTES,
]
