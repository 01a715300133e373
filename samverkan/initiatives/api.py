"""REST resources of the initiatives app: initiatives (a new one is a proposal; stage changes
through `stage`), participations (interest, signing, withdrawing) and benefits. Money in whole
öre. The same permission layer, domain rules and version checks (If-Match or `version`) as the
pages."""

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
from samverkan.planning.models import Meeting

from . import parts_api
from .filtersets import InitiativeFilterSet
from .models import Benefit, Initiative, Participation
from .services import outcome, project, stages

# -- initiatives ----------------------------------------------------------------------------------


class InitiativeSerializer(ScopedSerializer):
    class Meta:
        model = Initiative
        fields = ["id", "organisation", "name", "kind", "source", "result", "problem",
                  "proposed_solution", "proposal", "proposer_organisation", "proposer",
                  "capability", "systems", "contracts", "stage", "closed_reason", "agreement_year",
                  "project_budget_ore", "management_budget_ore", "key", "frozen_key_version",
                  "steering_group", "project_plan", "management_object", "discount_rate",
                  "version", "created_at", "updated_at", "archived_at"]
        read_only_fields = ["proposal", "stage", "closed_reason", "agreement_year",
                            "project_budget_ore", "frozen_key_version", "project_plan",
                            "management_object", "created_at", "updated_at", "archived_at"]


    def validate(self, attrs):
        attrs = super().validate(attrs)
        if attrs.get("contracts"):
            organisation = attrs.get("organisation") or getattr(self.instance, "organisation",
                                                                None)
            with django_errors_as_drf():
                outcome.check_contracts(organisation, attrs["contracts"])
        return attrs


class StageSerializer(serializers.Serializer):
    """`step`: package, inform, interest, plan, agree, start, handover, evaluate, close."""

    step = serializers.CharField()
    version = serializers.IntegerField(required=False)
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all(), required=False,
                                                 allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    budget_ore = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)


def _step(user, initiative, data, version):
    note, meeting, on = data.get("note", ""), data.get("meeting"), data.get("on")
    kw = {"expected_version": version}
    steps = {
        "package": lambda: stages.package(user, initiative, proposal=note, **kw),
        "inform": lambda: stages.inform_members(user, initiative, meeting=meeting, note=note,
                                                **kw),
        "interest": lambda: stages.open_interest(user, initiative, note=note, **kw),
        "plan": lambda: stages.propose_plan(user, initiative,
                                            project_budget_ore=data.get("budget_ore"), **kw),
        "agree": lambda: stages.agree(user, initiative, meeting=meeting, on=on, note=note,
                                      **kw),
        "start": lambda: project.start_project(user, initiative, starts_on=on,
                                               ends_on=data.get("ends_on"), **kw),
        "handover": lambda: project.hand_over(user, initiative, meeting=meeting, on=on,
                                              management_budget_ore=data.get("budget_ore"),
                                              **kw),
        "evaluate": lambda: stages.evaluate(user, initiative, note=note, **kw),
        "close": lambda: stages.close(user, initiative, reason=note, meeting=meeting, **kw),
    }
    if data["step"] not in steps:
        raise serializers.ValidationError({"step": _("Okänt steg.")})
    if data["step"] in ("agree", "start", "handover") and on is None:
        raise serializers.ValidationError({"on": _("Ange datum.")})
    return steps[data["step"]]()


class InitiativeViewSet(ScopedViewSet):
    queryset = Initiative.objects.select_related("organisation", "proposer_organisation")
    serializer_class = InitiativeSerializer
    filterset_class = InitiativeFilterSet
    ordering_fields = ["name", "stage", "created_at"]

    def perform_create(self, serializer):
        """A new initiative is a member's proposal (its editors, or the cooperation's)."""
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        systems = data.pop("systems", [])
        contracts = data.pop("contracts", [])
        initiative = Initiative(**data)
        with django_errors_as_drf(), transaction.atomic():
            saved = stages.propose(self.request.user, initiative)
            saved.systems.set(systems)
            saved.contracts.set(contracts)
        serializer.instance = saved

    @action(detail=True, methods=["post"], serializer_class=StageSerializer)
    def stage(self, request, pk=None):
        """Move the initiative one step; `version` (or If-Match) guards against a stale step."""
        initiative = self.get_object()
        serializer = StageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = expected_version_of(request)
        with django_errors_as_drf(), transaction.atomic():
            result = _step(request.user, initiative, serializer.validated_data, version)
        return Response(InitiativeSerializer(result,
                                             context=self.get_serializer_context()).data)


# -- participations -------------------------------------------------------------------------------


class ParticipationSerializer(ScopedSerializer):
    class Meta:
        model = Participation
        fields = ["id", "initiative", "organisation", "status", "interest_on", "agreement",
                  "signatory", "signed_on", "gave_solution", "gift_reduction_percent",
                  "version"]
        read_only_fields = ["status", "agreement", "signatory", "signed_on", "gave_solution"]


class SignSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)
    agreement = serializers.ChoiceField(choices=["SGM3", "SGM4", "SGM5", "SGM6", "SGM7",
                                                 "SGM8"])
    signatory = serializers.PrimaryKeyRelatedField(
        queryset=Participation._meta.get_field("signatory").related_model.objects.all())
    signed_on = serializers.DateField()


class ParticipationViewSet(ScopedViewSet):
    """POST registers a member's interest; `sign` and `withdraw` answer for it. The set closes
    at the agreement."""

    http_method_names = ["get", "post", "head", "options"]
    queryset = Participation.objects.select_related("initiative", "organisation")
    serializer_class = ParticipationSerializer
    filterset_fields = ["initiative", "organisation", "status"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        with django_errors_as_drf(), transaction.atomic():
            serializer.instance = stages.register_interest(
                self.request.user, data["initiative"], data["organisation"],
                on=data.get("interest_on"))

    def _answer(self, request, change):
        participation = self.get_object()
        with django_errors_as_drf(), transaction.atomic():
            result = change(participation, expected_version_of(request))
        return Response(ParticipationSerializer(result,
                                                context=self.get_serializer_context()).data)

    @action(detail=True, methods=["post"], serializer_class=SignSerializer)
    def sign(self, request, pk=None):
        serializer = SignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        return self._answer(request, lambda p, v: stages.sign(
            request.user, p, agreement=data["agreement"], signatory=data["signatory"],
            on=data["signed_on"], expected_version=v))

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._answer(request, lambda p, v: stages.withdraw(request.user, p,
                                                                  expected_version=v))


# -- benefits -------------------------------------------------------------------------------------


class BenefitSerializer(ScopedSerializer):
    class Meta:
        model = Benefit
        fields = ["id", "initiative", "name", "definition", "organisation", "kind",
                  "indicator", "baseline", "owner", "confidence", "follow_up_on", "winner",
                  "version"]


class BenefitViewSet(ScopedViewSet):
    """A benefit is part of its initiative: the initiative's editors change it."""

    queryset = Benefit.objects.select_related("initiative", "organisation")
    serializer_class = BenefitSerializer
    filterset_fields = ["initiative", "organisation", "kind"]

    def _save(self, serializer, expected_version=None):
        benefit = serializer.instance or Benefit()
        for name, value in serializer.validated_data.items():
            if name != "version":
                setattr(benefit, name, value)
        with django_errors_as_drf(), transaction.atomic():
            serializer.instance = core_services.save_child(
                self.request.user, benefit, benefit.initiative,
                expected_version=expected_version)

    def update(self, request, *args, **kwargs):
        benefit = self.get_object()
        if not permissions.can(request.user, permissions.CHANGE, benefit.initiative):
            raise PermissionDenied(_("Du har inte behörighet att ändra initiativet."))
        return super().update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        benefit = self.get_object()
        with django_errors_as_drf():
            core_services.delete_child(request.user, benefit, benefit.initiative,
                                       expected_version=expected_version_of(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


ROUTES = [
    ("initiatives", InitiativeViewSet, "initiative"),
    ("participations", ParticipationViewSet, "participation"),
    ("benefits", BenefitViewSet, "benefit"),
    *parts_api.ROUTES,
]
