"""Measure response times of the initiatives' overview pages on a national-scale database.

The pipeline (all initiatives, and one cooperation's) and the benefit follow-up (all, per
cooperation and per municipality). Same method as portfolio_measure.py (real views in-process
through Django's test Client), as a superuser and as an editor in Laxå.

    SAMVERKAN_DATA_DIR=data/bench/initiatives .venv/bin/python bench/initiatives_generate.py
    SAMVERKAN_DATA_DIR=data/bench/initiatives .venv/bin/python bench/initiatives_measure.py \\
        -n 30 --queries

Target (the initiatives issue): p95 ≤ 150 ms; `--queries` prints each page's query count,
which must be the same on the database made with `--scale 0.2`.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from portfolio_measure import EDITOR_MUNICIPALITY, measure  # noqa: E402

TARGET_PAGE_MS = 150
PREFIX = "Bench: "


def pages() -> list[tuple[str, str, int]]:
    from django.db.models import Count
    from django.urls import reverse

    from samverkan.initiatives.models import Benefit
    from samverkan.organisations.models import Organisation

    laxa = Organisation.objects.get(municipality_code=EDITOR_MUNICIPALITY)
    # the cooperation with the most benefits, and Laxå's own benefits
    coop = (Organisation.objects.filter(name__startswith=PREFIX)
            .annotate(n=Count("initiatives__benefits")).order_by("-n", "pk").first())
    municipality = (Organisation.objects.filter(
        pk__in=Benefit.objects.values("organisation_id"), kind=Organisation.Kind.MUNICIPALITY)
        .annotate(n=Count("pk")).order_by("pk").first() or laxa)
    pipeline, benefits = reverse("initiatives:pipeline"), reverse("initiatives:benefits")
    return [
        ("pipeline, all", pipeline, TARGET_PAGE_MS),
        ("pipeline, one cooperation", f"{pipeline}?organisation={coop.pk}", TARGET_PAGE_MS),
        ("benefit follow-up, all", benefits, TARGET_PAGE_MS),
        ("benefit follow-up, one cooperation", f"{benefits}?organisation={coop.pk}",
         TARGET_PAGE_MS),
        (f"benefit follow-up, {municipality.name}", f"{benefits}?organisation={municipality.pk}",
         TARGET_PAGE_MS),
    ]


def count_initiatives() -> int:
    from samverkan.initiatives.models import Initiative

    return Initiative.objects.count()


def main() -> None:
    measure(__doc__, pages, "initiatives", "bench/initiatives_generate.py", count_initiatives)


if __name__ == "__main__":
    main()
