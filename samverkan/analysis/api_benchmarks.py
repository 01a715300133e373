"""The benchmarking resource (`/api/benchmarks/`): IT cost per inhabitant, user and system per
municipality and year with ranks and medians, read-only."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from samverkan.core.api import query_int

from .models import ITCostCategory
from .services import benchmarks


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

    @extend_schema(parameters=BENCHMARK_FILTERS)
    def list(self, request):
        result = benchmarks.compute(request.user, query_int(request, "cooperation"))
        wanted = query_int(request, "year")
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
