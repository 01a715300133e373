"""Fill a benchmark database with initiatives at national scale.

The 290 municipalities and 21 regions from the reference data; 20 cooperations (associations)
of 10–40 municipalities each, every municipality a member of one or more; 5 000 initiatives
spread over the stages; 20 000 participations; 12 500 benefits with 50 000 benefit values
(target and, for past years, mostly a realised value); two cost years for every second
initiative. `--scale 0.2` makes a fifth of it, to show the pages' query counts do not grow.

Rows are written with bulk_create, so no change-history rows are made (the benchmark measures
reading). The seed is fixed, so two runs give the same data. Use an empty database of its own:

    SAMVERKAN_DATA_DIR=data/bench/initiatives .venv/bin/python bench/initiatives_generate.py
    SAMVERKAN_DATA_DIR=data/bench/initiatives-small \\
        .venv/bin/python bench/initiatives_generate.py --scale 0.2

Initiatives already generated are replaced (only those this script made, with their parts).
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")

BATCH = 2000
PREFIX = "Bench: "
COOPERATIONS = 20
YEARS = (2024, 2025, 2026, 2027)
NAMES = [
    "Gemensam lärplattform", "E-arkiv", "Digital brevlåda", "Bokningssystem", "Ärendehantering",
    "Växel i molnet", "Beslutsstöd", "Gemensam e-tjänsteplattform", "Kartverktyg",
    "Bredbandskartläggning", "Säker inloggning", "Behörighetssystem", "Fakturaskanning",
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
    parser.add_argument("--scale", type=float, default=1.0,
                        help="share of the full size (5 000 initiatives)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if not (os.environ.get("DATABASE_URL") or os.environ.get("SAMVERKAN_DATA_DIR")):
        sys.exit("Choose the benchmark database explicitly: set DATABASE_URL or "
                 "SAMVERKAN_DATA_DIR.")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    print(f"Generating initiatives into {connection.vendor}: "
          f"{connection.settings_dict['NAME']}")
    with transaction.atomic():
        generate(args)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"Done in {time.perf_counter() - started:.1f} s.")


def generate(args) -> None:
    from samverkan.initiatives.models import (
        Benefit,
        BenefitYear,
        CostYear,
        Initiative,
        Participation,
    )
    from samverkan.organisations.models import Membership, Organisation
    from samverkan.organisations.services import load_reference_data

    rng = random.Random(args.seed)
    n_initiatives = round(5000 * args.scale)
    with step("reference data (municipalities and regions)"):
        load_reference_data()
    with step("removing earlier generated initiatives"):
        Initiative.objects.filter(name__startswith=PREFIX).delete()
    municipalities = list(Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
                          .order_by("municipality_code").values_list("pk", flat=True))

    with step(f"{COOPERATIONS} cooperations and their members"):
        Membership.objects.filter(cooperation__name__startswith=PREFIX).delete()
        Organisation.objects.filter(name__startswith=PREFIX).delete()
        Organisation.objects.bulk_create([
            Organisation(name=f"{PREFIX}samverkan {n:02d}", kind=Organisation.Kind.ASSOCIATION)
            for n in range(1, COOPERATIONS + 1)])
        cooperations = list(Organisation.objects.filter(name__startswith=PREFIX)
                            .order_by("name").values_list("pk", flat=True))
        members: dict[int, list[int]] = {}
        # every municipality belongs to one cooperation by turn, and some to a second one
        for index, pk in enumerate(municipalities):
            members.setdefault(cooperations[index % COOPERATIONS], []).append(pk)
        for coop in cooperations:
            extra = rng.sample(municipalities, rng.randint(0, 25))
            members[coop] = sorted(set(members[coop]) | set(extra))
        Membership.objects.bulk_create([
            Membership(cooperation_id=coop, member_id=member)
            for coop, rows in members.items() for member in rows], batch_size=BATCH)

    stages = list(Initiative.Stage.values)
    weights = [10, 6, 5, 6, 5, 4, 8, 8, 3, 3]
    with step(f"{n_initiatives} initiatives"):
        rows = []
        for n in range(n_initiatives):
            coop = rng.choice(cooperations)
            stage = rng.choices(stages, weights)[0]
            rows.append(Initiative(
                organisation_id=coop, name=f"{PREFIX}{rng.choice(NAMES)} {n + 1}",
                kind=rng.choice(Initiative.Kind.values), problem="Varje kommun har sin egen.",
                proposer_organisation_id=rng.choice(members[coop]), stage=stage,
                project_budget_ore=rng.randint(1, 5000) * 100_000
                if stages.index(stage) >= stages.index(Initiative.Stage.PLAN) else None))
        Initiative.objects.bulk_create(rows, batch_size=BATCH)
        initiatives = list(Initiative.objects.filter(name__startswith=PREFIX).order_by("pk")
                           .values_list("pk", "organisation_id", "stage"))

    with step(f"{round(20000 * args.scale)} participations"):
        late = {Initiative.Stage.AGREEMENT, Initiative.Stage.EXECUTION,
                Initiative.Stage.HANDOVER, Initiative.Stage.EVALUATED}
        rows = []
        for pk, coop, stage in initiatives:
            for member in rng.sample(members[coop], min(4, len(members[coop]))):
                binding = stage in late or (stage == Initiative.Stage.PLAN and rng.random() < .5)
                rows.append(Participation(
                    initiative_id=pk, organisation_id=member,
                    status=Participation.Status.BINDING if binding
                    else Participation.Status.INTEREST,
                    interest_on=datetime.date(2025, rng.randint(1, 12), rng.randint(1, 28))))
        Participation.objects.bulk_create(rows, batch_size=BATCH)

    with step(f"{round(12500 * args.scale)} benefits with {round(50000 * args.scale)} values"):
        benefit_rows = []
        for n in range(round(12500 * args.scale)):
            pk, coop, _stage = initiatives[n % len(initiatives)]
            kind = rng.choice(Benefit.Kind.values)
            benefit_rows.append(Benefit(
                initiative_id=pk, name=f"Nytta {n + 1}", kind=kind,
                organisation_id=rng.choice([coop, *members[coop][:5]]),
                indicator="Kronor per år" if kind == Benefit.Kind.MONEY else "Timmar per år",
                confidence=rng.choice(Benefit.Confidence.values),
                follow_up_on=datetime.date(rng.choice(YEARS), 10, 31)
                if rng.random() < .3 else None))
        Benefit.objects.bulk_create(benefit_rows, batch_size=BATCH)
        benefits = Benefit.objects.filter(initiative__name__startswith=PREFIX) \
            .values_list("pk", flat=True)
        years = []
        for benefit in benefits.iterator():
            for year in YEARS:
                target = rng.randint(10, 1000) * 10_000
                realised = (target * rng.randint(50, 120) // 100
                            if year <= 2025 and rng.random() < .85 else None)
                years.append(BenefitYear(benefit_id=benefit, year=year, target=target,
                                         realised=realised))
        BenefitYear.objects.bulk_create(years, batch_size=BATCH)

    with step("cost years"):
        CostYear.objects.bulk_create([
            CostYear(initiative_id=pk, year=year, amount_ore=rng.randint(1, 500) * 100_000)
            for pk, _coop, _stage in initiatives[::2] for year in YEARS[:2]], batch_size=BATCH)


if __name__ == "__main__":
    main()
