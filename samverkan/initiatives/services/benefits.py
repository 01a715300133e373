"""Benefit calculation and realisation (B1–B10): totals per organisation and year, costs
beside them, an optional net present value, and the follow-up of benefits past their date
without a realised value."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from ..models import Benefit, BenefitYear, Initiative


def money_totals(initiative: Initiative) -> dict[tuple[int, int], dict[str, int]]:
    """{(organisation id, year): {"target": öre, "realised": öre}} for money benefits."""
    totals: dict = defaultdict(lambda: {"target": 0, "realised": 0})
    for row in BenefitYear.objects.filter(benefit__initiative=initiative,
                                          benefit__kind=Benefit.Kind.MONEY) \
            .select_related("benefit"):
        cell = totals[(row.benefit.organisation_id, row.year)]
        cell["target"] += row.target
        cell["realised"] += row.realised or 0
    return dict(totals)


def yearly(initiative: Initiative) -> list[tuple[int, int, int, int]]:
    """[(year, planned benefit öre, realised öre, cost öre)] over the initiative's horizon."""
    years: dict = defaultdict(lambda: [0, 0, 0])
    for (_org, year), cell in money_totals(initiative).items():
        years[year][0] += cell["target"]
        years[year][1] += cell["realised"]
    for cost in initiative.cost_years.all():
        years[cost.year][2] += cost.amount_ore
    return [(y, *years[y]) for y in sorted(years)]


def net_present_value_ore(initiative: Initiative) -> int | None:
    """Σ (benefit − cost) / (1 + r)^t from the first year, rounded to the öre; only when a
    discount rate is set (the seeds sum per year, which is the default)."""
    if initiative.discount_rate is None:
        return None
    rows = yearly(initiative)
    if not rows:
        return 0
    rate = 1 + Fraction(initiative.discount_rate) / 100
    first = rows[0][0]
    exact = sum(Fraction(benefit - cost) / rate ** (year - first)
                for year, benefit, _realised, cost in rows)
    return round(exact)


@dataclass
class Overdue:
    benefit: Benefit
    year: int


def overdue(benefits, today: datetime.date | None = None) -> list[Overdue]:
    """Benefit years past their follow-up date (or the year's end) with no realised value."""
    today = today or datetime.date.today()
    found = []
    for benefit in benefits:
        for row in benefit.years.all():
            due = benefit.follow_up_on if benefit.follow_up_on and \
                benefit.follow_up_on.year == row.year else datetime.date(row.year, 12, 31)
            if row.realised is None and due < today:
                found.append(Overdue(benefit, row.year))
    return found


def member_basis(initiative: Initiative, organisation_id: int, split) -> dict[str, int]:
    """A member's decision basis for joining ([004] §5.3): its share of the cost and the money
    benefits that arise with it."""
    share = split.by_id().get(organisation_id)
    benefit = sum(c["target"] for (org, _y), c in money_totals(initiative).items()
                  if org == organisation_id)
    return {"cost_ore": share.amount_ore if share else 0, "benefit_ore": benefit}
