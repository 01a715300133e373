"""Measure response times of the planning pages on a national-scale database.

The plan page (with its follow-up, risk map and releases), the follow-up in the API and as an
Excel file, the plan and meeting lists, and the roll-up of a steering group: a municipality's
portfolio and the whole country's 2 000 objects. Same method as portfolio_measure.py (real views
in-process through Django's test Client), as a superuser and as an editor in Laxå.

    SAMVERKAN_DATA_DIR=data/bench .venv/bin/python bench/portfolio_generate.py
    SAMVERKAN_DATA_DIR=data/bench .venv/bin/python bench/planning_generate.py
    SAMVERKAN_DATA_DIR=data/bench .venv/bin/python bench/planning_measure.py -n 50

Targets (the planning issue): p95 ≤ 150 ms for pages, ≤ 300 ms for roll-ups; `--queries`
prints each page's query count, which must not depend on the size of the data.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from portfolio_measure import EDITOR_MUNICIPALITY, measure  # noqa: E402

TARGET_PAGE_MS = 150
TARGET_ROLLUP_MS = 300
PREFIX = "Bench: "


def pages() -> list[tuple[str, str, int]]:
    from django.db.models import Count
    from django.urls import reverse

    from samverkan.organisations.models import Organisation
    from samverkan.planning.models import Plan, SteeringGroup

    laxa = Organisation.objects.get(municipality_code=EDITOR_MUNICIPALITY)
    # the plan with the most time reports of the organisation with the most objects
    plan = (Plan.objects.filter(name__startswith=PREFIX)
            .annotate(n=Count("activities__time_reports")).order_by("-n", "pk").first())
    own = (SteeringGroup.objects.filter(name__startswith=PREFIX, level="portfolj")
           .annotate(n=Count("organisation__management_objects")).order_by("-n", "pk").first())
    laxa_group = SteeringGroup.objects.filter(name__startswith=PREFIX, organisation=laxa).first()
    country = SteeringGroup.objects.filter(name__startswith=PREFIX, level="objektfamilj").first()
    detail = reverse("planning:plan", args=[plan.pk])
    found = [
        ("plan list", reverse("planning:plans"), TARGET_PAGE_MS),
        ("plan list, year and state", f"{reverse('planning:plans')}?year=2026&state=faststalld",
         TARGET_PAGE_MS),
        ("meeting list", reverse("planning:meetings"), TARGET_PAGE_MS),
        ("plan page (follow-up, risks, releases)", detail, TARGET_PAGE_MS),
        ("plan follow-up, API", reverse("plan-detail", args=[plan.pk]) + "follow-up/",
         TARGET_PAGE_MS),
        ("plan follow-up, Excel", f"{detail}?export=xlsx", TARGET_PAGE_MS),
        (f"roll-up: {own.name[len(PREFIX):]}", reverse("planning:group", args=[own.pk]),
         TARGET_ROLLUP_MS),
        (f"roll-up: the country ({country.covered_objects().count()} objects)",
         reverse("planning:group", args=[country.pk]), TARGET_ROLLUP_MS),
    ]
    if laxa_group is not None:
        found.append(("roll-up: Laxå's portfolio", reverse("planning:group", args=[laxa_group.pk]),
                      TARGET_ROLLUP_MS))
    return found


def count_reports() -> int:
    from samverkan.planning.models import TimeReport

    return TimeReport.objects.count()


def main() -> None:
    measure(__doc__, pages, "time reports", "bench/planning_generate.py", count_reports)


if __name__ == "__main__":
    main()
