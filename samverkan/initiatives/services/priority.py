"""Prioritisation by the programme steering group: weighted criteria (seed-derived, equal
weights by default, editable), scores 1–100 per initiative, and the ranked proposal."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.db import transaction

from ..models import DEFAULT_CRITERIA, Criterion, Initiative, Score


@transaction.atomic
def ensure_criteria(organisation) -> list[Criterion]:
    existing = {c.code: c for c in Criterion.objects.filter(organisation=organisation)}
    for code, name in DEFAULT_CRITERIA:
        if code not in existing:
            existing[code] = Criterion.objects.create(organisation=organisation, code=code,
                                                      name=str(name), weight=1)
    return list(Criterion.objects.filter(organisation=organisation))


def weighted_score(scores: dict[int, int], criteria: list[Criterion]) -> Fraction | None:
    """Σ weight × score / Σ weight over the criteria; unscored criteria count as 0."""
    total_weight = sum(c.weight for c in criteria)
    if not total_weight:
        return None
    return Fraction(sum(c.weight * scores.get(c.pk, 0) for c in criteria), total_weight)


@dataclass
class Ranked:
    rank: int
    initiative: Initiative
    score: Fraction | None


def ranking(initiatives, criteria: list[Criterion]) -> list[Ranked]:
    initiatives = list(initiatives)
    by_initiative: dict[int, dict[int, int]] = {i.pk: {} for i in initiatives}
    for row in Score.objects.filter(initiative__in=initiatives):
        by_initiative[row.initiative_id][row.criterion_id] = row.score
    scored = [(weighted_score(by_initiative[i.pk], criteria), i) for i in initiatives]
    scored.sort(key=lambda pair: (-(pair[0] or 0), pair[1].name))
    return [Ranked(n, i, s) for n, (s, i) in enumerate(scored, 1)]
