"""Scoring of Bilaga 3 answers and the TIME disposition (REQUIREMENTS §3.3–3.4, §7.1).

Pure functions over plain values, so that a disposition is a function of one round's answers
and nothing else: never of other systems' scores (the threshold is absolute, 3,0 on the 1–5
scale, not a min–max normalisation over the portfolio)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from ..models.questionnaires import AXIS_OF_AREA, BUSINESS_AXIS, TECHNICAL_AXIS, Area
from ..models.rounds import Disposition

THRESHOLD = Fraction(3)
KNOCK_OUT_AT = Fraction(2)


@dataclass(frozen=True)
class Stats:
    """Mean, min, max and n of the answered values; «Vet ej» (None) is left out."""

    mean: Fraction | None
    minimum: int | None
    maximum: int | None
    n: int

    @property
    def mean_rounded(self) -> Decimal | None:
        return to_decimal(self.mean)


def to_decimal(value: Fraction | None) -> Decimal | None:
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP)


def stats(values: Iterable[int | None]) -> Stats:
    answered = [v for v in values if v is not None]
    if not answered:
        return Stats(None, None, None, 0)
    return Stats(Fraction(sum(answered), len(answered)), min(answered), max(answered),
                 len(answered))


@dataclass(frozen=True)
class SubAreaSpec:
    key: object
    area: str
    name: str
    weight: Decimal


@dataclass(frozen=True)
class AnswerValue:
    sub_area: object  # SubAreaSpec.key
    value: int | None
    knock_out: bool = False


@dataclass
class Result:
    sub_areas: list[tuple[SubAreaSpec, Stats]] = field(default_factory=list)
    areas: dict[str, Stats] = field(default_factory=dict)
    business_value: Fraction | None = None
    technical_fit: Fraction | None = None
    disposition: str = ""
    legal_knock_out: bool = False


def weighted(scores: list[tuple[Decimal, Fraction | None]]) -> Fraction | None:
    """Weighted mean of the sub-area means that have answers; a sub-area nobody could answer
    does not pull the score down, its weight is spread over the others."""
    pairs = [(Fraction(w), s) for w, s in scores if s is not None and w > 0]
    total = sum((w for w, _ in pairs), Fraction(0))
    if not pairs or total == 0:
        return None
    return sum((w * s for w, s in pairs), Fraction(0)) / total


def disposition(business_value: Fraction | None, technical_fit: Fraction | None) -> str:
    """TIME by the absolute threshold: high is ≥ 3,0 on each axis."""
    if business_value is None or technical_fit is None:
        return ""
    high_value, high_fit = business_value >= THRESHOLD, technical_fit >= THRESHOLD
    if high_value:
        return Disposition.INVEST if high_fit else Disposition.MIGRATE
    return Disposition.TOLERATE if high_fit else Disposition.ELIMINATE


def score(sub_areas: list[SubAreaSpec], answers: Iterable[AnswerValue]) -> Result:
    answers = list(answers)
    by_sub: dict[object, list[int | None]] = {s.key: [] for s in sub_areas}
    for answer in answers:
        by_sub.setdefault(answer.sub_area, []).append(answer.value)
    result = Result()
    axis_scores: dict[str, list[tuple[Decimal, Fraction | None]]] = {
        BUSINESS_AXIS: [], TECHNICAL_AXIS: []}
    area_values: dict[str, list[int | None]] = {}
    for spec in sub_areas:
        values = by_sub.get(spec.key, [])
        sub_stats = stats(values)
        result.sub_areas.append((spec, sub_stats))
        area_values.setdefault(spec.area, []).extend(values)
        axis = AXIS_OF_AREA.get(spec.area)
        if axis:
            axis_scores[axis].append((spec.weight, sub_stats.mean))
    result.areas = {area: stats(values) for area, values in area_values.items()
                    if area != Area.ECONOMY}
    result.business_value = weighted(axis_scores[BUSINESS_AXIS])
    result.technical_fit = weighted(axis_scores[TECHNICAL_AXIS])
    result.disposition = disposition(result.business_value, result.technical_fit)
    knock = stats(a.value for a in answers if a.knock_out)
    result.legal_knock_out = knock.mean is not None and knock.mean <= KNOCK_OUT_AT
    return result


@dataclass(frozen=True)
class Spread:
    """For a shared installation: each member's scores and the spread between them."""

    business_min: Fraction | None
    business_max: Fraction | None
    technical_min: Fraction | None
    technical_max: Fraction | None
    dispositions: frozenset[str]

    @property
    def business_spread(self) -> Fraction | None:
        if self.business_min is None:
            return None
        return self.business_max - self.business_min

    @property
    def technical_spread(self) -> Fraction | None:
        if self.technical_min is None:
            return None
        return self.technical_max - self.technical_min

    @property
    def members_disagree(self) -> bool:
        return len(self.dispositions) > 1


def spread(members: Iterable[tuple[Fraction | None, Fraction | None]]) -> Spread:
    members = list(members)
    business = [b for b, _ in members if b is not None]
    technical = [t for _, t in members if t is not None]
    return Spread(min(business, default=None), max(business, default=None),
                  min(technical, default=None), max(technical, default=None),
                  frozenset(d for d in (disposition(b, t) for b, t in members) if d))
