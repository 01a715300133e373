"""REST resources of the analysis app: hourly costs, calculations (their structured inputs and
the outputs computed from them, never stored) and scenarios with their steps and savings. The
same permission layer and version checks (If-Match or `version`) as the pages. Money in öre;
exact fractions (hours, percentages) as decimal strings."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from samverkan.core.api import ScopedSerializer, ScopedViewSet
from samverkan.finance.allocation import AllocationError, fraction_to_decimal

from .calculators import hosting, procurement
from .models import Calculation, HourlyCost, ITCostCategory, Scenario
from .services import benchmarks, calculations


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


def _per(value):
    return None if value is None else str(benchmarks.kronor(value))


class BenchmarkRowSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(source="organisation_id", allow_null=True)
    name = serializers.CharField()
    municipality_code = serializers.CharField(source="code")
    year = serializers.IntegerField()
    has_ledger = serializers.BooleanField(
        help_text="Falskt: ingen bokföring inläst för året (då saknas utfallet, inte noll).")
    outcome_ore = serializers.IntegerField(allow_null=True)
    population = serializers.IntegerField(source="inhabitants", allow_null=True)
    population_year = serializers.IntegerField(allow_null=True)
    population_source = serializers.CharField()
    population_note = serializers.CharField()
    users = serializers.IntegerField(allow_null=True)
    systems_without_user_count = serializers.IntegerField(source="users_unknown")
    systems = serializers.IntegerField()
    cost_per_inhabitant = serializers.SerializerMethodField()
    cost_per_user = serializers.SerializerMethodField()
    cost_per_system = serializers.SerializerMethodField()
    rank_per_inhabitant = serializers.SerializerMethodField()
    rank_per_user = serializers.SerializerMethodField()
    rank_per_system = serializers.SerializerMethodField()
    partial = serializers.BooleanField(help_text=(
        "Sant när kostnader på avtal med sekretessbelagda priser inte ingår för användaren."))
    external = serializers.CharField(help_text="Källinstallation för ett importerat nyckeltal.")

    def get_cost_per_inhabitant(self, row) -> str | None:
        return _per(row.per_inhabitant)

    def get_cost_per_user(self, row) -> str | None:
        return _per(row.per_user)

    def get_cost_per_system(self, row) -> str | None:
        return _per(row.per_system)

    def get_rank_per_inhabitant(self, row) -> int | None:
        return row.ranks.get("per_inhabitant")

    def get_rank_per_user(self, row) -> int | None:
        return row.ranks.get("per_user")

    def get_rank_per_system(self, row) -> int | None:
        return row.ranks.get("per_system")


BENCHMARK_FILTERS = [
    OpenApiParameter("year", int, description="År (standard: alla år)"),
    OpenApiParameter("cooperation", int, description="Bara medlemmarna i en samverkan")]


class BenchmarkViewSet(viewsets.GenericViewSet):
    """IT cost per inhabitant, per user and per system per municipality and year (kronor as
    decimal strings with two decimals, rounded half up from exact öre), rank (1 = lowest; ties
    share) and each year's median; municipalities without a ledger for the year have
    `has_ledger` false and null figures; other installations' imported figures under
    `external`. Read-only."""

    serializer_class = BenchmarkRowSerializer
    queryset = ITCostCategory.objects.none()  # rows come from services.benchmarks

    def _int(self, name):
        value = self.request.query_params.get(name)
        if value in (None, ""):
            return None
        try:
            return int(value)
        except ValueError:
            raise ValidationError({name: [_("Ange ett heltal.")]}) from None

    @extend_schema(parameters=BENCHMARK_FILTERS)
    def list(self, request):
        result = benchmarks.compute(request.user, self._int("cooperation"))
        wanted = self._int("year")
        years = []
        for year in result.years:
            if wanted is not None and year != wanted:
                continue
            table = result.by_year[year]
            years.append({
                "year": year,
                "median_per_inhabitant": _per(table.medians["per_inhabitant"]),
                "median_per_user": _per(table.medians["per_user"]),
                "median_per_system": _per(table.medians["per_system"]),
                "results": self.get_serializer([*table.rows, *table.missing], many=True).data,
                "external": self.get_serializer(table.external, many=True).data,
            })
        return Response({"it_categories": [c.ledger_category for c in result.categories],
                         "years": years})


ROUTES = [
    ("benchmarks", BenchmarkViewSet, "benchmark"),
    ("hourly-costs", HourlyCostViewSet, "hourly-cost"),
    ("calculations", CalculationViewSet, "calculation"),
    ("scenarios", ScenarioViewSet, "scenario"),
]
