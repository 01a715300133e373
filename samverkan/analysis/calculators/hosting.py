"""Own hosting versus a supplier's cloud (or any two or more ways to run a system).

Each alternative is a list of cost lines: quantity × unit price per month, or a one-off cost
(quantity × unit price) spread evenly over N months (36 unless the user says otherwise). Every
month's amount is whole öre: a monthly line is rounded half up once, a one-off cost is split into
N whole-öre monthly pieces that add up exactly to it (the left-over öre in the first months).
Yearly totals are the sums of their months (the last year may be shorter than 12 months), the
horizon total the sum of all months, so every total is the sum of what the table shows.

The saving of an alternative against the baseline (the first alternative) is baseline − it, per
month, per year and over the horizon. Break-even is the first month from which the alternative's
accumulated cost stays at or below the baseline's for the rest of the horizon.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

from .common import exact, round_ore, spread_evenly

DEFAULT_SPREAD_MONTHS = 36


@dataclass(frozen=True)
class CostLine:
    label: str
    quantity: Fraction
    unit_price_ore: Fraction  # per month, or once for a one-off cost
    one_off: bool = False
    spread_months: int = DEFAULT_SPREAD_MONTHS
    organisation: str = ""  # a member's own line (the supplier alternative is per municipality)

    @classmethod
    def of(cls, label: str, quantity, unit_price_ore, **kwargs) -> CostLine:
        return cls(label, exact(quantity), exact(unit_price_ore), **kwargs)

    @property
    def amount_ore(self) -> int:
        """Per month, or the whole one-off cost."""
        return round_ore(self.quantity * self.unit_price_ore)

    def months(self, horizon: int) -> list[int]:
        if not self.one_off:
            return [self.amount_ore] * horizon
        pieces = spread_evenly(self.amount_ore, self.spread_months)
        return (pieces + [0] * horizon)[:horizon]

    @property
    def first_month_ore(self) -> int:
        return self.months(1)[0]


@dataclass(frozen=True)
class Alternative:
    name: str
    lines: tuple[CostLine, ...]


@dataclass
class Outcome:
    alternative: Alternative
    months: list[int]  # öre per month over the horizon

    @property
    def first_month_ore(self) -> int:
        return self.months[0] if self.months else 0

    @property
    def years(self) -> list[int]:
        return [sum(self.months[i:i + 12]) for i in range(0, len(self.months), 12)]

    @property
    def total_ore(self) -> int:
        return sum(self.months)

    def accumulated(self) -> list[int]:
        running, out = 0, []
        for amount in self.months:
            running += amount
            out.append(running)
        return out


@dataclass
class Saving:
    outcome: Outcome
    months: list[int]  # baseline − alternative, per month
    break_even_month: int | None  # 1-based; None if never within the horizon

    @property
    def first_month_ore(self) -> int:
        return self.months[0] if self.months else 0

    @property
    def years(self) -> list[int]:
        return [sum(self.months[i:i + 12]) for i in range(0, len(self.months), 12)]

    @property
    def total_ore(self) -> int:
        return sum(self.months)


@dataclass
class Result:
    horizon_months: int
    outcomes: list[Outcome]
    savings: list[Saving]  # one per alternative after the baseline


class InputError(ValueError):
    """The inputs cannot be computed; the message is for the user."""


def calculate(alternatives: Sequence[Alternative], horizon_months: int) -> Result:
    if horizon_months < 1:
        raise InputError(_("Tidshorisonten måste vara minst en månad."))
    if len(alternatives) < 2:
        raise InputError(_("Jämförelsen behöver minst två alternativ."))
    for alternative in alternatives:
        for line in alternative.lines:
            if line.one_off and line.spread_months < 1:
                raise InputError(_("En engångskostnad måste fördelas på minst en månad."))
    outcomes = [Outcome(a, _months(a, horizon_months)) for a in alternatives]
    baseline = outcomes[0]
    savings = [_saving(baseline, outcome) for outcome in outcomes[1:]]
    return Result(horizon_months, outcomes, savings)


def _months(alternative: Alternative, horizon: int) -> list[int]:
    totals = [0] * horizon
    for line in alternative.lines:
        for i, amount in enumerate(line.months(horizon)):
            totals[i] += amount
    return totals


def _saving(baseline: Outcome, outcome: Outcome) -> Saving:
    months = [b - o for b, o in zip(baseline.months, outcome.months, strict=True)]
    return Saving(outcome, months, break_even_month(baseline.accumulated(), outcome.accumulated()))


def break_even_month(baseline: Sequence[int], alternative: Sequence[int]) -> int | None:
    """First month (1-based) from which `alternative`'s accumulated cost stays ≤ `baseline`'s."""
    found = None
    for month, (base, alt) in enumerate(zip(baseline, alternative, strict=True), start=1):
        if alt <= base:
            found = found or month
        else:
            found = None
    return found
