"""The roll-up of an object family's or a portfolio's management objects for their steering
group (F5): each object's plan in force, its hours and money against budget, its status with the
reasons for it, worst first, and the top risks across them all.

The figures are the plans' follow-up (`followup.follow_up`), computed for many plans at once
with a fixed number of queries, so a portfolio of 2 000 objects costs what one of 20 does."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .followup import ZERO, Figures, combined, goal_colour, planned, risk_band
from .models import (
    Activity,
    Estimate,
    Goal,
    HourCategory,
    Plan,
    Risk,
    TimeReport,
    hours_text,
    money_ore,
)

OVER_BUDGET_RED = 10  # per cent over budget from which an object is red (design proposal)
TOP_RISKS = 10


class Status:
    RED, MISSING, YELLOW, GREEN = "rod", "saknas", "gul", "gron"
    ORDER = {RED: 0, MISSING: 1, YELLOW: 2, GREEN: 3}

    @staticmethod
    def label(code: str) -> str:
        return {Status.RED: _("Röd"), Status.MISSING: _("Plan saknas"), Status.YELLOW: _("Gul"),
                Status.GREEN: _("Grön")}[code]


@dataclass
class PlanFigures:
    internal: Figures = field(default_factory=Figures)
    external: Figures = field(default_factory=Figures)
    money: Figures = field(default_factory=Figures)

    @property
    def hours(self) -> Figures:
        return combined(self.internal, self.external)


def plan_figures(plan_ids, as_of: datetime.date | None = None) -> dict[int, PlanFigures]:
    """Each plan's totals as `followup.follow_up` gives them (planned activities only, the
    latest estimate to complete on or before `as_of`), in four queries whatever the number."""
    result = {pk: PlanFigures() for pk in plan_ids}
    activity_plan = {}
    for pk, plan_id, kind, decision_id, basis, internal, external, budget in (
            Activity.objects.filter(plan_id__in=result).values_list(
                "pk", "plan_id", "kind", "decision_id", "decision_basis", "internal_hours",
                "external_hours", "budget_ore")):
        if not planned(kind, decision_id, basis):
            continue
        activity_plan[pk] = plan_id
        figures = result[plan_id]
        figures.internal.budget += internal
        figures.external.budget += external
        figures.money.budget += budget
    reports = TimeReport.objects.filter(activity__plan_id__in=result)
    if as_of is not None:
        reports = reports.filter(date__lte=as_of)
    for activity_id, category, hours, cost in reports.values_list(
            "activity_id", "category").annotate(hours=Sum("hours"), cost=Sum("cost_ore")) \
            .values_list("activity_id", "category", "hours", "cost"):
        if activity_id not in activity_plan:
            continue
        figures = result[activity_plan[activity_id]]
        part = figures.internal if category == HourCategory.INTERNAL else figures.external
        part.outcome += hours or ZERO
        figures.money.outcome += cost or 0
    estimates = Estimate.objects.filter(plan_id__in=result)
    if as_of is not None:
        estimates = estimates.filter(as_of__lte=as_of)
    latest = {}
    for plan_id, category, hours, ore in estimates.order_by("as_of", "pk").values_list(
            "plan_id", "category", "remaining_hours", "remaining_ore"):
        latest[(plan_id, category)] = (hours, ore)
    for (plan_id, category), (hours, ore) in latest.items():
        figures = result[plan_id]
        part = figures.internal if category == HourCategory.INTERNAL else figures.external
        part.remaining = hours
        figures.money.remaining = (figures.money.remaining or 0) + ore
    return result


def current_plans(objects, user, year: int) -> dict[int, Plan]:
    """Per management object, the plan that governs `year`: the latest version of that year's
    plan, or failing one the latest earlier plan (a draft for next year does not count)."""
    plans = {}
    for plan in Plan.objects.for_user(user).filter(
            management_object__in=objects, archived_at__isnull=True, year__lte=year).exclude(
            state=Plan.State.REVISED).order_by("year", "revision", "pk"):
        plans[plan.management_object_id] = plan
    return plans


@dataclass
class ObjectStatus:
    management_object: object
    plan: Plan | None
    status: str
    reasons: list[str]
    hours: Figures
    money: Figures
    top_priority: int | None = None

    @property
    def status_label(self) -> str:
        return Status.label(self.status)

    @property
    def over_budget(self) -> bool:
        return any(f.budget and f.deviation < 0 for f in (self.hours, self.money))


def _over(figures: Figures, what: str, unit) -> tuple[str, str] | None:
    """("rod"/"gul", reason) when the forecast (or the outcome) passes the budget."""
    if not figures.budget or figures.deviation >= 0:
        return None
    over = -figures.deviation
    share = 100 * over / figures.budget
    status = Status.RED if share > OVER_BUDGET_RED else Status.YELLOW
    return status, _("%(what)s: %(amount)s (%(share)s %%) över budget") % {
        "what": what, "amount": unit(over), "share": round(share)}


def _status(plan, year, figures, top_priority, red_goals, units) -> tuple[str, list[str]]:
    if plan is None:
        return Status.MISSING, [_("Ingen förvaltningsplan för %(year)s.") % {"year": year}]
    found = []
    if plan.year < year:
        found.append((Status.YELLOW, _("Senaste planen gäller %(year)s.") % {"year": plan.year}))
    if plan.state in (Plan.State.DRAFT, Plan.State.SUBMITTED):
        found.append((Status.YELLOW, _("Planen är inte fastställd (%(state)s).") % {
            "state": plan.get_state_display().lower()}))
    hours_text, money_text = units
    for over in (_over(figures.hours, _("Timmar"), hours_text),
                 _over(figures.money, _("Kostnad"), money_text)):
        if over:
            found.append(over)
    if top_priority is not None and risk_band(top_priority) == "rod":
        found.append((Status.RED, _("Öppen risk med priorvärde %(p)s.") % {"p": top_priority}))
    if red_goals:
        found.append((Status.YELLOW, _("%(n)s mål med röd signal.") % {"n": red_goals}))
    if not found:
        return Status.GREEN, []
    worst = min((s for s, _r in found), key=Status.ORDER.__getitem__)
    return worst, [reason for _s, reason in found]


@dataclass
class RollUp:
    year: int
    rows: list[ObjectStatus]
    top_risks: list[Risk]

    @property
    def over_budget(self) -> list[ObjectStatus]:
        return [row for row in self.rows if row.over_budget]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)


def roll_up(objects, user, year: int | None = None) -> RollUp:
    """The status of each management object in `objects` for `year` (this year by default),
    worst first; objects without a plan are listed, never left out."""
    year = year or timezone.localdate().year
    objects = list(objects.select_related("organisation").order_by("name"))
    plans = current_plans(objects, user, year)
    plan_ids = [p.pk for p in plans.values()]
    figures = plan_figures(plan_ids)
    open_risks = Risk.objects.filter(plan_id__in=plan_ids, status=Risk.Status.OPEN)
    top_priority = {}
    for plan_id, priority in open_risks.annotate(p=F("probability") * F("impact")).values_list(
            "plan_id", "p"):
        top_priority[plan_id] = max(priority, top_priority.get(plan_id, 0))
    red_goals = defaultdict(int)
    for goal in Goal.objects.filter(plan_id__in=plan_ids).only(
            "plan_id", "follow_up", "light", "percent"):
        if goal_colour(goal) == Goal.Light.RED:
            red_goals[goal.plan_id] += 1
    rows = []
    for obj in objects:
        plan = plans.get(obj.pk)
        totals = figures[plan.pk] if plan else PlanFigures()
        priority = top_priority.get(plan.pk) if plan else None
        status, reasons = _status(plan, year, totals, priority,
                                  red_goals.get(plan.pk, 0) if plan else 0,
                                  (hours_text, money_ore))
        rows.append(ObjectStatus(obj, plan, status, reasons, totals.hours, totals.money,
                                 priority))
    rows.sort(key=lambda r: (Status.ORDER[r.status], r.hours.deviation, r.money.deviation,
                             r.management_object.name))
    top = list(open_risks.select_related("plan__management_object", "owner").annotate(
        p=F("probability") * F("impact")).order_by("-p", "plan__management_object__name",
                                                    "number")[:TOP_RISKS])
    return RollUp(year, rows, top)


def roll_up_rows(result: RollUp) -> tuple[list[str], list[list]]:
    """The roll-up as one table for XLSX and CSV: numbers as numbers, money in kronor."""
    header = [_("Förvaltningsobjekt"), _("Ägare"), _("Plan"), _("Planens status"), _("Läge"),
              _("Skäl"), _("Timmar budget"), _("Timmar utfall"), _("Timmar prognos"),
              _("Timmar avvikelse"), _("Kostnad budget (kr)"), _("Kostnad utfall (kr)"),
              _("Kostnad prognos (kr)"), _("Kostnad avvikelse (kr)"), _("Högsta öppna risk")]

    rows = []
    for row in result.rows:
        plan = row.plan
        rows.append([
            row.management_object.name, row.management_object.organisation.name,
            f"{plan.year} {plan.name}" if plan else "", plan.get_state_display() if plan else "",
            row.status_label, " ".join(row.reasons), row.hours.budget, row.hours.outcome,
            row.hours.forecast, row.hours.deviation, kronor(row.money.budget),
            kronor(row.money.outcome), kronor(row.money.forecast), kronor(row.money.deviation),
            row.top_priority])
    return header, rows


def kronor(ore: int | None) -> Decimal | None:
    return None if ore is None else (Decimal(ore) / 100).quantize(Decimal("0.01"))
