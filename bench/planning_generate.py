"""Add management plans at national scale to a database filled by portfolio_generate.py.

For every management object (2 000): this year's management plan with 3 goals, 20 activities,
5 risks and two estimates to complete; 1 000 000 time reports spread over the activities (500
per plan); a portfolio steering group per organisation that owns objects, and one for the
whole country covering every object (the widest roll-up there can be).

Rows are written with bulk_create, so no change-history rows are made (the benchmark measures
reading). The seed is fixed, so two runs give the same data.

    SAMVERKAN_DATA_DIR=bench/data .venv/bin/python bench/planning_generate.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_portfolio \\
        .venv/bin/python bench/planning_generate.py

Plans already generated are replaced (only the plans, their parts and the steering groups
this script made are deleted first).
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")

BATCH = 2000
YEAR = 2026
PREFIX = "Bench: "
ACTIVITY_TITLES = [
    "Uppgradering till ny version", "Behörighetsöversyn", "Utbildning av nya användare",
    "Test av release", "Integration mot elevregistret", "Översyn av rutiner", "Avtalsuppföljning",
    "Informationssäkerhetsklassning", "Ny e-tjänst", "Förstudie", "Datarensning",
    "Backupprov", "Användarenkät", "Licensinventering", "Dokumentation",
]
RISKS = [
    "Nyckelperson slutar", "Leverantören levererar sent", "Användarna hinner inte testa",
    "Budgeten räcker inte", "Integrationen fungerar inte", "Avtalet löper ut",
]


def step(label: str):
    class Timer:
        def __enter__(self):
            self.t = time.perf_counter()
            print(f"  {label} …", end="", flush=True)

        def __exit__(self, *exc):
            print(f" {time.perf_counter() - self.t:.1f} s", flush=True)

    return Timer()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--time-reports", type=int, default=1_000_000)
    parser.add_argument("--activities", type=int, default=20, help="per plan")
    parser.add_argument("--risks", type=int, default=5, help="per plan")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if not (os.environ.get("DATABASE_URL") or os.environ.get("SAMVERKAN_DATA_DIR")):
        sys.exit("Choose the benchmark database explicitly: set DATABASE_URL or "
                 "SAMVERKAN_DATA_DIR.")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from samverkan.portfolio.models import ManagementObject

    call_command("migrate", verbosity=0)
    if not ManagementObject.objects.exists():
        sys.exit("No management objects; run bench/portfolio_generate.py first.")
    started = time.perf_counter()
    print(f"Generating plans into {connection.vendor}: {connection.settings_dict['NAME']}")
    with transaction.atomic():
        generate(args)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"Done in {time.perf_counter() - started:.1f} s.")


def generate(args) -> None:
    from samverkan.organisations.models import Organisation, Person
    from samverkan.planning.models import (
        Activity,
        Estimate,
        Goal,
        HourCategory,
        Plan,
        Risk,
        SteeringGroup,
        TimeReport,
    )
    from samverkan.portfolio.models import ManagementObject

    rng = random.Random(args.seed)
    with step("removing earlier generated plans"):
        plans = Plan.objects.filter(name__startswith=PREFIX)
        TimeReport.objects.filter(activity__plan__in=plans).delete()
        plans.delete()
        SteeringGroup.objects.filter(name__startswith=PREFIX).delete()

    objects = list(ManagementObject.objects.filter(archived_at__isnull=True)
                   .order_by("pk").values_list("pk", "organisation_id", "name"))
    staff: dict[int, list[int]] = {}
    for pk, organisation_id in Person.objects.values_list("pk", "organisation_id"):
        staff.setdefault(organisation_id, []).append(pk)
    states = [Plan.State.APPROVED] * 7 + [Plan.State.DRAFT, Plan.State.SUBMITTED,
                                          Plan.State.APPROVED]
    with step(f"{len(objects)} plans"):
        Plan.objects.bulk_create([Plan(
            kind=Plan.Kind.MANAGEMENT, name=f"{PREFIX}{name} {YEAR}", organisation_id=org,
            management_object_id=pk, year=YEAR, state=rng.choice(states),
            mission="Förvalta och vidareutveckla objektet enligt PM3.")
            for pk, org, name in objects], batch_size=BATCH)
        plans = list(Plan.objects.filter(name__startswith=PREFIX).order_by("pk")
                     .values_list("pk", "organisation_id"))

    with step("goals and estimates"):
        lights = ["gron", "gron", "gul", "rod", ""]
        Goal.objects.bulk_create([
            Goal(plan_id=plan, title=f"Mål {n}", indicator="Andel nöjda användare",
                 target="80 %", light=rng.choice(lights))
            for plan, _org in plans for n in range(1, 4)], batch_size=BATCH)
        Estimate.objects.bulk_create([
            Estimate(plan_id=plan, as_of=datetime.date(YEAR, 9, 30), category=category,
                     remaining_hours=Decimal(rng.randint(0, 400)),
                     remaining_ore=rng.randint(0, 200_000) * 100)
            for plan, _org in plans for category in HourCategory.values], batch_size=BATCH)

    with step(f"{len(plans) * args.activities} activities"):
        rows = []
        for plan, org in plans:
            people = staff.get(org) or [None]
            for n in range(args.activities):
                start = datetime.date(YEAR, rng.randint(1, 10), rng.randint(1, 28))
                rows.append(Activity(
                    plan_id=plan, title=f"{rng.choice(ACTIVITY_TITLES)} {n + 1}",
                    kind=rng.choice(Activity.Kind.values[:2]), responsible_id=rng.choice(people),
                    planned_start=start, planned_end=start + datetime.timedelta(days=60),
                    internal_hours=Decimal(rng.randint(10, 200)),
                    external_hours=Decimal(rng.choice([0, 0, 20, 40, 80])),
                    budget_ore=rng.randint(0, 100_000) * 100,
                    status=rng.choice(Activity.Status.values)))
        Activity.objects.bulk_create(rows, batch_size=BATCH)
        activities = list(Activity.objects.filter(plan__name__startswith=PREFIX)
                          .values_list("pk", "plan__organisation_id"))

    with step(f"{len(plans) * args.risks} risks"):
        Risk.objects.bulk_create([
            Risk(plan_id=plan, number=n, description=rng.choice(RISKS),
                 probability=rng.randint(1, 4), impact=rng.randint(1, 4),
                 measure="Följs upp i styrgruppen.")
            for plan, _org in plans for n in range(1, args.risks + 1)], batch_size=BATCH)

    with step(f"{args.time_reports} time reports"):
        batch = []
        for _ in range(args.time_reports):
            activity, org = activities[rng.randrange(len(activities))]
            people = staff.get(org) or [None]
            category = HourCategory.EXTERNAL if rng.random() < 0.2 else HourCategory.INTERNAL
            batch.append(TimeReport(
                activity_id=activity, date=datetime.date(YEAR, rng.randint(1, 11),
                                                         rng.randint(1, 28)),
                category=category, hours=Decimal(rng.randint(1, 16)) / 2,
                cost_ore=rng.randint(0, 1200) * 100 if category == HourCategory.EXTERNAL else 0,
                person_id=rng.choice(people)))
            if len(batch) == BATCH * 5:
                TimeReport.objects.bulk_create(batch, batch_size=BATCH)
                batch = []
        TimeReport.objects.bulk_create(batch, batch_size=BATCH)

    with step("portfolio steering groups"):
        owners = sorted({org for _pk, org, _name in objects})
        SteeringGroup.objects.bulk_create([
            SteeringGroup(organisation_id=org, level=SteeringGroup.Level.PORTFOLIO,
                          name=f"{PREFIX}portföljstyrgrupp")
            for org in owners], batch_size=BATCH)
        country = Organisation.objects.order_by("pk").first()
        national = SteeringGroup.objects.create(
            organisation=country, level=SteeringGroup.Level.FAMILY,
            name=f"{PREFIX}alla förvaltningsobjekt")
        national.management_objects.add(*[pk for pk, _org, _name in objects])


if __name__ == "__main__":
    main()
