"""The follow-up of a plan as plain functions: hours and money, budget against outcome, the
estimate to complete and what is derived from it, goal colours and the risk map.

Forecast = outcome + estimate to complete; deviation = budget − forecast (REQUIREMENTS H3): both
derived, never typed. Money is whole öre and adds up exactly; hours are exact decimals."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from .models import Activity, Estimate, Goal, HourCategory, Plan, Risk, TimeReport, risk_scale

ZERO = Decimal(0)


@dataclass
class Figures:
    """Budget, outcome, estimate to complete, and the derived forecast and deviation."""

    budget: Decimal | int = 0
    outcome: Decimal | int = 0
    remaining: Decimal | int | None = None

    @property
    def forecast(self):
        return None if self.remaining is None else self.outcome + self.remaining

    @property
    def deviation(self):
        """Budget − forecast (the seed's «Diff»), or budget − outcome without an estimate."""
        return self.budget - (self.forecast if self.remaining is not None else self.outcome)

    @property
    def used_percent(self) -> int | None:
        return round(100 * self.outcome / self.budget) if self.budget else None


def combined(internal: Figures, external: Figures) -> Figures:
    """Internal and external hours together; an estimate of either is an estimate of the sum."""
    remaining = None
    if internal.remaining is not None or external.remaining is not None:
        remaining = (internal.remaining or ZERO) + (external.remaining or ZERO)
    return Figures(internal.budget + external.budget, internal.outcome + external.outcome,
                   remaining)


def forecast(outcome, remaining):
    return outcome + remaining


def deviation(budget, outcome, remaining):
    return budget - forecast(outcome, remaining)


@dataclass
class ActivityRow:
    activity: Activity
    hours: Figures
    money: Figures
    external: Figures
    internal: Figures
    planned: bool


@dataclass
class FollowUp:
    plan: Plan
    as_of: datetime.date | None
    rows: list[ActivityRow] = field(default_factory=list)
    internal: Figures = field(default_factory=Figures)
    external: Figures = field(default_factory=Figures)
    money: Figures = field(default_factory=Figures)
    estimate_dates: dict = field(default_factory=dict)  # category → as_of of the estimate used
    # out-of-plan assignments not yet decided: shown apart, outside the plan's budget
    undecided_hours: Figures = field(default_factory=Figures)
    undecided_money: Figures = field(default_factory=Figures)
    comments: list[str] = field(default_factory=list)

    @property
    def hours(self) -> Figures:
        return combined(self.internal, self.external)

    @property
    def by_category(self) -> list[tuple[str, Figures, datetime.date | None]]:
        return [(HourCategory(c).label, getattr(self, n), self.estimate_dates.get(c))
                for c, n in ((HourCategory.INTERNAL, "internal"),
                             (HourCategory.EXTERNAL, "external"))]


def follow_up(plan: Plan, as_of: datetime.date | None = None) -> FollowUp:
    """Budget against outcome per activity and in total, as of a date (all reports when None):
    hours by category, money in öre, with the latest estimate to complete on or before it."""
    result = FollowUp(plan=plan, as_of=as_of)
    reports = TimeReport.objects.filter(activity__plan=plan)
    if as_of is not None:
        reports = reports.filter(date__lte=as_of)
    outcome = defaultdict(lambda: {"intern": ZERO, "extern": ZERO, "ore": 0})
    for activity_id, category, hours, cost in reports.values_list(
            "activity_id", "category", "hours", "cost_ore"):
        outcome[activity_id][category] += hours
        outcome[activity_id]["ore"] += cost
    activities = plan.activities.select_related(
        "responsible__organisation", "decision__meeting").prefetch_related(
        "participants__organisation")
    for activity in activities:
        spent = outcome[activity.pk]
        internal = Figures(activity.internal_hours, spent["intern"])
        external = Figures(activity.external_hours, spent["extern"])
        money = Figures(activity.budget_ore, spent["ore"])
        hours = Figures(internal.budget + external.budget, internal.outcome + external.outcome)
        planned = counts_as_planned(activity)
        result.rows.append(ActivityRow(activity, hours, money, external, internal, planned))
        totals = ((result.internal, internal), (result.external, external),
                  (result.money, money)) if planned else (
            (result.undecided_hours, hours), (result.undecided_money, money))
        for total, part in totals:
            total.budget += part.budget
            total.outcome += part.outcome
    estimates = Estimate.objects.filter(plan=plan)
    if as_of is not None:
        estimates = estimates.filter(as_of__lte=as_of)
    latest = {}
    for estimate in estimates.order_by("as_of"):
        latest[estimate.category] = estimate
    for category, estimate in latest.items():
        figures = result.internal if category == HourCategory.INTERNAL else result.external
        figures.remaining = estimate.remaining_hours
        result.money.remaining = (result.money.remaining or 0) + estimate.remaining_ore
        result.estimate_dates[category] = estimate.as_of
        if estimate.comment:
            result.comments.append(estimate.comment)
    return result


def follow_up_rows(result: FollowUp) -> tuple[list[str], list[list]]:
    """The follow-up table as header and rows (for the page's export): exact hours, kronor."""
    header = [_("Aktivitet"), _("Typ"), _("Status"), _("Budget timmar"), _("Utfall timmar"),
              _("Budget (kr)"), _("Utfall (kr)"), _("Avvikelse (kr)")]

    def kronor(ore):
        return Decimal(ore) / 100

    rows = [[row.activity.title, row.activity.get_kind_display() + (
             "" if row.planned else f" ({_('ej beslutat')})"),
             row.activity.get_status_display(), row.hours.budget, row.hours.outcome,
             kronor(row.money.budget), kronor(row.money.outcome),
             kronor(row.money.budget - row.money.outcome)] for row in result.rows]
    rows.append([_("Summa"), "", "", result.hours.budget, result.hours.outcome,
                 kronor(result.money.budget), kronor(result.money.outcome),
                 kronor(result.money.budget - result.money.outcome)])
    if result.undecided_hours.budget or result.undecided_money.budget:
        rows.append([_("Uppdrag utanför plan, ej beslutat (ingår inte i summan)"), "", "",
                     result.undecided_hours.budget, result.undecided_hours.outcome,
                     kronor(result.undecided_money.budget),
                     kronor(result.undecided_money.outcome), ""])
    for label, figures, as_of in result.by_category:
        if figures.remaining is not None:
            rows.append([_("%(label)s: bedömt återstående per %(date)s") % {
                "label": label, "date": as_of}, "", "", figures.budget, figures.outcome, "", "",
                ""])
            rows.append([_("%(label)s: prognos / avvikelse mot budget") % {"label": label}, "",
                         "", figures.forecast, figures.deviation, "", "", ""])
    return header, rows


def counts_as_planned(activity: Activity) -> bool:
    """An out-of-plan assignment counts as planned (its hours and money in the plan's budget)
    only once it has a prepared decision basis and a decision (P9, A3)."""
    return planned(activity.kind, activity.decision_id, activity.decision_basis)


def planned(kind: str, decision_id: int | None, decision_basis: str) -> bool:
    if kind != Activity.Kind.OUTSIDE_PLAN:
        return True
    return decision_id is not None and bool(decision_basis.strip())


# -- goals -----------------------------------------------------------------------------------------

GREEN_FROM, YELLOW_FROM = 80, 50  # per cent of the target reached (design proposal)


def goal_colour(goal: Goal) -> str:
    """The goal's follow-up colour: its light, or its per cent in bands (≥ 80 green, 50–79
    yellow, below 50 red); "" when not yet assessed."""
    if goal.follow_up == Goal.FollowUp.PERCENT:
        if goal.percent is None:
            return ""
        if goal.percent >= GREEN_FROM:
            return Goal.Light.GREEN
        return Goal.Light.YELLOW if goal.percent >= YELLOW_FROM else Goal.Light.RED
    return goal.light


# -- risks -----------------------------------------------------------------------------------------


def risk_priority(probability: int, impact: int) -> int:
    """Priorvärde = sannolikhet × påverkan (the seed's 4 × 4 = 16)."""
    scale = risk_scale()
    for value in (probability, impact):
        if not 1 <= value <= scale:
            raise ValueError(f"outside the scale 1–{scale}: {value}")
    return probability * impact


def risk_thresholds() -> tuple[int, int]:
    """Lowest priority of the red and of the yellow band. REQUIREMENTS R2 proposes ≥ 15 red and
    ≥ 8 yellow on 1–5 (60 % and 30 % of the highest priority, 25); the same shares on 1–4
    (highest 16) give ≥ 10 red and ≥ 5 yellow, so the seed's 16, 12, 12 are red and 9 yellow."""
    top = risk_scale() ** 2
    return -(-top * 6 // 10), -(-top * 3 // 10)


def risk_band(priority: int) -> str:
    red, yellow = risk_thresholds()
    if priority >= red:
        return "rod"
    return "gul" if priority >= yellow else "gron"


@dataclass
class RiskCell:
    probability: int
    impact: int
    risks: list = field(default_factory=list)

    @property
    def band(self) -> str:
        return risk_band(self.probability * self.impact)


def risk_map(risks) -> list[list[RiskCell]]:
    """The heat map: rows from the highest probability down, columns impact 1 → max; each cell
    holds its risks (the seed's four land in (4,4)×1, (3,4)×2, (3,3)×1)."""
    scale = risk_scale()
    grid = {(p, i): RiskCell(p, i) for p in range(1, scale + 1) for i in range(1, scale + 1)}
    for risk in risks:
        # a risk scored on 1–5 before the installation moved to 1–4 lands on the edge
        cell = (min(risk.probability, scale), min(risk.impact, scale))
        grid[cell].risks.append(risk)
    return [[grid[(p, i)] for i in range(1, scale + 1)] for p in range(scale, 0, -1)]


def ranked_risks(risks) -> list[Risk]:
    """Highest priority first, then by number."""
    return sorted(risks, key=lambda r: (-r.priority, r.number))
