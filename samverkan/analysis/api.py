"""REST resources of the analysis app: hourly costs, calculations (their structured inputs and
the outputs computed from them, never stored) and scenarios with their steps and savings. The
same permission layer and version checks (If-Match or `version`) as the pages. Money in öre;
exact fractions (hours, percentages) as decimal strings."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from samverkan.core.api import ScopedSerializer, ScopedViewSet, query_int
from samverkan.finance.allocation import AllocationError, fraction_to_decimal
from samverkan.organisations.models import Organisation
from samverkan.portfolio.models import Capability

from .api_benchmarks import BenchmarkViewSet
from .calculators import hosting, procurement
from .models import Calculation, HourlyCost, Scenario
from .services import calculations, consolidation, consolidation_summary


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


def _amount(amount: consolidation.Amount) -> dict:
    return {"ore": amount.ore, "hidden": amount.hidden, "missing": amount.missing}


def _str(value):
    return None if value is None else str(value)


def _day(day):
    return day.isoformat() if day else None


def _installation(item: consolidation.Installation) -> dict:
    return {
        "system": item.system.pk, "system_name": item.system.name,
        "organisation": item.system.organisation_id,
        "product": item.system.product_id,
        "product_name": item.product.name if item.product else None,
        "users": [{"organisation": org.pk, "name": org.name, "users": n}
                  for org, n in item.usages],
        "users_total": item.users,
        "contracted": _amount(item.contracted), "invoiced": _amount(item.invoiced),
        "assessments": [{"organisation": r.organisation.pk, "assessment": r.assessment.pk,
                         "disposition": r.assessment.disposition or None,
                         "business_value": _str(r.assessment.business_value),
                         "technical_fit": _str(r.assessment.technical_fit)}
                        for r in item.results],
        "contracts": [line.contract.pk for line in item.contracts],
    }


def consolidation_row(group: consolidation.Group) -> dict:
    window = group.window
    return {
        "capability": group.capability.pk, "capability_name": group.capability.name,
        "candidate": group.candidate, "several_products": group.several_products,
        "products": [{"id": p.pk, "name": p.name} for p in group.products],
        "shared_products": [{"id": p.pk, "name": p.name, "installations": n}
                            for p, n in group.shared_products],
        "members": [o.pk for o in group.members], "users_total": group.users,
        "contracted": _amount(group.contracted), "invoiced": _amount(group.invoiced),
        "installations": [_installation(i) for i in group.installations],
        "contracts": [{"id": line.contract.pk, "title": line.contract.title,
                       "organisation": line.contract.organisation_id,
                       "status": line.summary.status.kind.value,
                       "outside_agreed_term": line.outside_term,
                       "term_end": _day(line.summary.term_end),
                       "notice_deadline": _day(line.summary.notice_deadline)}
                      for line in group.contracts],
        "contracts_outside_agreed_term": group.outside_term,
        "window": {"opens": _day(window.opens), "closes": _day(window.closes),
                   "decide_by": _day(window.decide_by),
                   "plans": [{"contract": plan.key, "earliest_end": _day(plan.earliest_end),
                              "planned_end": _day(plan.planned_end),
                              "notice_by": _day(plan.notice_by), "gap": plan.gap}
                             for plan in window.plans],
                   "contracts_without_dates": list(window.unknown)},
    }


def consolidation_summary_row(row: consolidation_summary.CapabilityRow) -> dict:
    return {"capability": row.capability.pk, "capability_name": row.capability.name,
            "candidate": row.candidate, "installations": row.installations,
            "products": row.products, "organisations": row.organisations,
            "users_total": row.users, "contracts_running": row.contracts_running,
            "contracts_outside_agreed_term": row.contracts_outside_term,
            "several_products": row.several_products,
            "products_in_several_installations": row.shared_products}


class ConsolidationViewSet(viewsets.ViewSet):
    """The consolidation finder per capability, read-only. For a cooperation or a capability
    (`detail` true): the installations with their product, users, the year's contracted and
    invoiced cost (an amount under secrecy is left out and counted in `hidden`), latest
    assessments, contracts with term end and notice deadline, the flags, the common window and
    the contracts outside their agreed term. Without either (the whole country, `detail`
    false, also for a cooperation of more than 300 installations): per capability the number
    of installations, products, organisations, users and running contracts and the flags; ask
    for `capability` for its detail."""

    @extend_schema(parameters=[
        OpenApiParameter("cooperation", int, description="Samverkan (standard: alla)"),
        OpenApiParameter("capability", int, description="Förmåga (standard: alla; utan förmåga för "
                         "hela landet eller en samverkan med fler än 300 installationer: "
                         "sammanfattning per förmåga)"),
        OpenApiParameter("year", int, description="År (standard: senaste året med bokföring)"),
        OpenApiParameter("candidates", bool, description="Bara konsolideringskandidater")],
        responses=OpenApiTypes.OBJECT)
    def list(self, request):
        cooperation = None
        pk = query_int(request, "cooperation")
        if pk is not None:
            cooperation = Organisation.active_cooperations().filter(pk=pk).first()
            if cooperation is None:
                raise ValidationError({"cooperation": [_("Samverkan finns inte.")]})
        capability = query_int(request, "capability")
        if capability is not None and not Capability.objects.filter(pk=capability).exists():
            raise ValidationError({"capability": [_("Förmågan finns inte.")]})
        only_candidates = request.query_params.get("candidates") in ("1", "true")
        today = timezone.localdate()
        if capability is None and consolidation_summary.summarised(request.user, cooperation,
                                                                   today):
            summary = consolidation_summary.summary(
                request.user, on=today, scope=consolidation.scope_ids(cooperation, today))
            rows = summary.candidates if only_candidates else summary.rows
            return Response({"year": query_int(request, "year") or consolidation.default_year(),
                             "on": _day(summary.on),
                             "cooperation": cooperation.pk if cooperation else None,
                             "capability": None,
                             "detail": False, "count": len(rows),
                             "results": [consolidation_summary_row(r) for r in rows]})
        report = consolidation.report(request.user, year=query_int(request, "year"),
                                      cooperation=cooperation, capability_id=capability)
        groups = report.candidates if only_candidates else report.groups
        return Response({"year": report.year, "on": _day(report.on),
                         "cooperation": cooperation.pk if cooperation else None,
                         "capability": capability, "detail": True, "count": len(groups),
                         "results": [consolidation_row(g) for g in groups]})


ROUTES = [
    ("benchmarks", BenchmarkViewSet, "benchmark"),
    ("hourly-costs", HourlyCostViewSet, "hourly-cost"),
    ("calculations", CalculationViewSet, "calculation"),
    ("scenarios", ScenarioViewSet, "scenario"),
    ("consolidation", ConsolidationViewSet, "consolidation"),
]
