"""REST resources of the analysis app: hourly costs, calculations (their structured inputs and
the outputs computed from them, never stored) and scenarios with their steps and savings. The
same permission layer and version checks (If-Match or `version`) as the pages. Money in öre;
exact fractions (hours, percentages) as decimal strings."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from samverkan.core.api import ScopedSerializer, ScopedViewSet
from samverkan.finance.allocation import AllocationError, fraction_to_decimal

from .calculators import hosting, procurement
from .models import Calculation, HourlyCost, Scenario
from .services import calculations


class HourlyCostSerializer(ScopedSerializer):
    class Meta:
        model = HourlyCost
        fields = ["id", "organisation", "year", "rate_ore", "basis", "version", "created_at",
                  "updated_at", "archived_at"]
        read_only_fields = ["created_at", "updated_at", "archived_at"]


class HourlyCostViewSet(ScopedViewSet):
    queryset = HourlyCost.objects.select_related("organisation")
    serializer_class = HourlyCostSerializer
    ordering_fields = ["year"]


def _dec(value, places=2):
    return None if value is None else str(fraction_to_decimal(value, places))


def _figures(f: procurement.Figures) -> dict:
    return {"hours_alone": _dec(f.hours_alone), "hours_separately": _dec(f.hours_separately),
            "hours_together": _dec(f.hours_together), "hours_saved": _dec(f.hours_saved),
            "hours_saved_percent": _dec(f.hours_saved_percent),
            "cost_alone_ore": f.cost_alone_ore, "cost_separately_ore": f.cost_separately_ore,
            "cost_together_ore": f.cost_together_ore, "saved_ore": f.saved_ore,
            "saved_percent": _dec(f.saved_percent)}


def outputs(calculation: Calculation) -> dict:
    try:
        result = calculations.result(calculation)
    except (calculations.MissingRate, procurement.InputError, hosting.InputError,
            AllocationError) as exc:
        return {"error": str(exc)}
    if isinstance(result, procurement.Result):
        return {"hourly_rate_ore": result.hourly_rate_ore, "members": result.members,
                "rows": [{"activity": r.activity.name, **_figures(r.figures)} for r in result.rows],
                "total": _figures(result.total),
                "shares": [{"organisation": s.id, "name": s.name,
                            "joint_share_ore": s.joint_share_ore, "saved_ore": s.saved_ore}
                           for s in result.shares]}
    if isinstance(result, hosting.Result):
        return {"horizon_months": result.horizon_months,
                "alternatives": [{"name": o.alternative.name, "months_ore": o.months,
                                  "years_ore": o.years, "total_ore": o.total_ore}
                                 for o in result.outcomes],
                "savings": [{"name": s.outcome.alternative.name, "years_ore": s.years,
                             "total_ore": s.total_ore, "break_even_month": s.break_even_month}
                            for s in result.savings]}
    return {}


class CalculationSerializer(ScopedSerializer):
    inputs = serializers.JSONField()
    outputs = serializers.SerializerMethodField()

    class Meta:
        model = Calculation
        fields = ["id", "organisation", "name", "kind", "owner", "year", "inputs", "outputs",
                  "confidence", "caveats", "source_note", "version", "created_at", "updated_at",
                  "archived_at"]
        read_only_fields = ["owner", "created_at", "updated_at", "archived_at"]

    def get_outputs(self, obj) -> dict:
        return outputs(obj)

    def validate_inputs(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("Indata ska vara ett JSON-objekt."))
        return value

    def validate(self, attrs):
        kind = attrs.get("kind") or getattr(self.instance, "kind", None)
        trial = Calculation(kind=kind, inputs=attrs.get("inputs", getattr(
            self.instance, "inputs", {})), year=attrs.get("year") or 2000)
        try:
            calculations.validate_inputs(trial)
        except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
            raise serializers.ValidationError({"inputs": [
                _("Indata kan inte räknas: %(error)s") % {"error": exc}]}) from None
        return attrs


class CalculationViewSet(ScopedViewSet):
    queryset = Calculation.objects.select_related("organisation", "owner")
    serializer_class = CalculationSerializer
    ordering_fields = ["name", "year"]

    def perform_create(self, serializer):
        serializer.validated_data["owner"] = self.request.user
        super().perform_create(serializer)


class ScenarioSerializer(ScopedSerializer):
    steps = serializers.SerializerMethodField()
    savings = serializers.SerializerMethodField()

    class Meta:
        model = Scenario
        fields = ["id", "organisation", "name", "owner", "description", "recommended", "steps",
                  "savings", "version", "created_at", "updated_at", "archived_at"]
        read_only_fields = ["owner", "created_at", "updated_at", "archived_at"]

    def get_steps(self, obj) -> list:
        return [{"position": s.position, "name": s.name, "calculation": s.calculation_id}
                for s in obj.steps.all()]

    def get_savings(self, obj) -> dict:
        try:
            summary = calculations.summary(obj)
        except (ValueError, calculations.MissingRate) as exc:
            return {"error": str(exc)}
        return {"total_ore": summary.total_ore, "per_member_ore": summary.per_member}


class ScenarioViewSet(ScopedViewSet):
    queryset = Scenario.objects.select_related("organisation").prefetch_related("steps")
    serializer_class = ScenarioSerializer
    ordering_fields = ["name"]

    def perform_create(self, serializer):
        serializer.validated_data["owner"] = self.request.user
        super().perform_create(serializer)


ROUTES = [
    ("hourly-costs", HourlyCostViewSet, "hourly-cost"),
    ("calculations", CalculationViewSet, "calculation"),
    ("scenarios", ScenarioViewSet, "scenario"),
]
