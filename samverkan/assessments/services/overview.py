"""The TIME overview: each system's latest closed result per municipality, the spread between
members of a shared installation, and the systems not yet assessed (never silently left out)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from samverkan.core import permissions
from samverkan.portfolio.models import System

from ..models import Assessment, EconomyField, EconomyValue
from . import scoring

COST_CODES = ("E1", "E2", "E3")


@dataclass
class TimeRow:
    assessment: Assessment
    yearly_cost_tkr: Decimal | None
    dependencies: int


def latest_results(user) -> list[TimeRow]:
    closed = Assessment.objects.for_user(user).filter(
        state=Assessment.State.CLOSED, archived_at__isnull=True).select_related(
        "system", "organisation").order_by("system__name", "organisation__name", "-closed_at")
    latest: dict[tuple[int, int], Assessment] = {}
    for assessment in closed:
        latest.setdefault((assessment.system_id, assessment.organisation_id), assessment)
    ids = [a.pk for a in latest.values()]
    costs: dict[int, Decimal] = defaultdict(Decimal)
    for assessment_id, value in EconomyValue.objects.filter(
            assessment_id__in=ids, field__code__in=COST_CODES, value__isnull=False,
            field__source__in=EconomyField.Source.values).values_list("assessment_id", "value"):
        costs[assessment_id] += value
    systems = {a.system_id for a in latest.values()}
    dependencies = dependency_counts(systems)
    return [TimeRow(a, costs.get(a.pk), dependencies.get(a.system_id, 0))
            for a in latest.values()]


def dependency_counts(system_ids) -> dict[int, int]:
    counts: dict[int, set[int]] = defaultdict(set)
    from samverkan.portfolio.models import Integration
    for source, target in Integration.objects.filter(
            Q(source_id__in=system_ids) | Q(target_id__in=system_ids)).values_list(
            "source_id", "target_id"):
        counts[source].add(target)
        counts[target].add(source)
    return {system: len(others - {system}) for system, others in counts.items()}


def spreads(rows: list[TimeRow]) -> dict[int, scoring.Spread]:
    """Per system assessed by more than one member: the spread of their results."""
    by_system: dict[int, list[tuple[Fraction | None, Fraction | None]]] = defaultdict(list)
    for row in rows:
        a = row.assessment
        by_system[a.system_id].append((
            Fraction(a.business_value) if a.business_value is not None else None,
            Fraction(a.technical_fit) if a.technical_fit is not None else None))
    return {system: scoring.spread(members) for system, members in by_system.items()
            if len(members) > 1}


def spread_rows(rows: list[TimeRow]) -> list[dict]:
    names = {row.assessment.system_id: row.assessment.system for row in rows}
    return [{"system": names[system], "business": scoring.to_decimal(s.business_spread),
             "technical": scoring.to_decimal(s.technical_spread),
             "disagree": s.members_disagree} for system, s in spreads(rows).items()]


def not_assessed(user):
    """The systems in use that have no closed assessment, with whether a round is open."""
    return System.objects.for_user(user, permissions.VIEW).filter(
        archived_at__isnull=True).exclude(lifecycle=System.Lifecycle.RETIRED).annotate(
        closed=Count("assessments", filter=Q(assessments__state=Assessment.State.CLOSED,
                                             assessments__archived_at__isnull=True)),
        open_rounds=Count("assessments", filter=Q(assessments__state=Assessment.State.OPEN,
                                                  assessments__archived_at__isnull=True)),
    ).filter(closed=0).select_related("organisation").order_by("name", "pk")


CRITICALITY_COLOURS = {"kritisk": "#c8553d", "hog": "#f2a541", "medel": "#2a7ab0",
                       "lag": "#6fb1d8", "": "#888888"}


def time_chart(rows: list[TimeRow]) -> dict:
    """Business value (y) × technical fit (x), bubble = yearly cost, colour = criticality; the
    lines at 3,0 are the absolute threshold."""
    by_criticality: dict[str, list[TimeRow]] = defaultdict(list)
    for row in rows:
        if row.assessment.business_value is not None and row.assessment.technical_fit is not None:
            by_criticality[row.assessment.system.criticality].append(row)
    largest = max((float(r.yearly_cost_tkr or 0) for r in rows), default=0) or 1
    data = []
    for criticality, group in by_criticality.items():
        label = System.Criticality(criticality).label if criticality else _("Ej angiven")
        data.append({
            "type": "scatter", "mode": "markers+text", "name": str(label),
            "x": [float(r.assessment.technical_fit) for r in group],
            "y": [float(r.assessment.business_value) for r in group],
            "text": [f"{r.assessment.system.name} ({r.assessment.organisation})" for r in group],
            "textposition": "top center",
            "marker": {"color": CRITICALITY_COLOURS.get(criticality, "#888888"),
                       "size": [12 + 40 * float(r.yearly_cost_tkr or 0) / largest
                                for r in group], "opacity": 0.7},
        })
    line = {"type": "line", "line": {"dash": "dot", "color": "#555"}}
    layout = {
        "title": {"text": _("TIME: verksamhetsvärde × teknik och leverantör"),
                  "font": {"size": 14}},
        "height": 480, "separators": ", ", "legend": {"orientation": "h"},
        "xaxis": {"title": {"text": _("Teknik och leverantör (1–5)")}, "range": [0.8, 5.2]},
        "yaxis": {"title": {"text": _("Verksamhetsvärde (1–5)")}, "range": [0.8, 5.2]},
        "shapes": [dict(line, x0=3, x1=3, y0=1, y1=5), dict(line, x0=1, x1=5, y0=3, y1=3)],
    }
    return {"data": data, "layout": layout}
