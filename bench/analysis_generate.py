"""Add closed assessment rounds, contracts and ledger summaries to a national-scale portfolio.

Input for the TIME overview and the consolidation finder (issue 13). On top of the portfolio of
bench/portfolio_generate.py (60 000 systems, 331 organisations, 20 joint IT boards; generated
here first when the database holds no systems) it writes:

- 100 000 closed assessment rounds with the default questionnaire (Bilaga 3): a municipality
  assessing a system it owns or uses, about 70 % of those pairs once, the rest of the rounds
  earlier rounds of the same pairs; business value and technical fit 1,00–5,00, TIME from the
  absolute threshold, 2 % with a legal knock-out; a result row per sub-area and per area, and
  the yearly cost (E1) for 60 % of them;
- one contract for about every third system with a product (the product's supplier; 1–3
  systems of the same product in the county; 10 % with confidential prices; terms from
  2016–2025, some passively extended), with its owner as party and, for a joint IT board's
  contract, each member as party too;
- ledger summaries (CostSummary) for 2023–2026 standing for 10 000 000 cost lines
  (`line_count` sums to --lines): matched to the contracts per party, and unmatched per
  organisation; then the reconciliation rows through the function the import calls.
  No CostLine rows are written: the finder reads only summaries and reconciliation rows.

    SAMVERKAN_DATA_DIR=data/bench/analysis .venv/bin/python bench/analysis_generate.py
    SAMVERKAN_DATA_DIR=data/bench/analysis-small \\
        .venv/bin/python bench/analysis_generate.py --scale 0.2

Rows are written with bulk_create in batches, so no change-history rows are made. The seed is
fixed. Rows this script made earlier (contracts titled "Bench: …", assessments, summaries and
reconciliation rows) are removed first.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from portfolio_generate import BATCH, bulk, check_target, step  # noqa: E402

PREFIX = "Bench: "
YEARS = (2023, 2024, 2025, 2026)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0,
                        help="share of the full size, also for the portfolio when generated "
                             "here (60 000 systems, 100 000 assessments, 10 million lines)")
    parser.add_argument("--seed", type=int, default=1813)
    args = parser.parse_args()
    check_target()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    from samverkan.portfolio.models import System

    started = time.perf_counter()
    print(f"Generating into {connection.vendor}: {connection.settings_dict['NAME']}")
    if not System.objects.exists():
        import portfolio_generate

        defaults = {"systems": 60_000, "objects": 2_000, "usages": 150_000, "products": 500,
                    "suppliers": 200, "people": 5_000, "integrations": 20_000}
        portfolio = argparse.Namespace(seed=1814, **{
            k: max(1, round(v * args.scale)) for k, v in defaults.items()})
        portfolio.products = max(portfolio.products, 40)
        portfolio.suppliers = max(portfolio.suppliers, 20)
        portfolio_generate.generate(portfolio)
    with transaction.atomic():
        generate(args)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"Done in {time.perf_counter() - started:.1f} s.")


def generate(args) -> None:
    rng = random.Random(args.seed)
    assessments(rng, round(100_000 * args.scale))
    contract_ids = contracts(rng)
    summaries(rng, round(10_000_000 * args.scale), contract_ids)


def assessments(rng: random.Random, total: int) -> None:
    from django.utils import timezone

    from samverkan.assessments import bilaga3
    from samverkan.assessments.models import (
        Area,
        Assessment,
        EconomyField,
        EconomyValue,
        Questionnaire,
        ResultRow,
        Statement,
        SubArea,
    )
    from samverkan.assessments.services import latest, scoring
    from samverkan.organisations.models import Organisation
    from samverkan.portfolio.models import System, SystemUsage

    with step("removing earlier assessments"):
        ResultRow.objects.all().delete()
        EconomyValue.objects.all().delete()
        Assessment.objects.all().delete()
    questionnaire = bilaga3.load(Questionnaire, SubArea, Statement, EconomyField)
    sub_areas = list(questionnaire.sub_areas.order_by("position").values_list("area", "name"))
    cost_field = EconomyField.objects.get(questionnaire=questionnaire, code="E1")
    pairs = sorted(set(SystemUsage.objects.filter(
        organisation__kind=Organisation.Kind.MUNICIPALITY,
        system__archived_at__isnull=True).exclude(
        system__lifecycle=System.Lifecycle.RETIRED).values_list("system_id", "organisation_id")))
    rng.shuffle(pairs)
    assessed = pairs[: min(len(pairs), round(total * 0.7))]
    rounds = assessed + [rng.choice(assessed) for _ in range(total - len(assessed))]
    with step(f"{len(rounds)} closed assessments ({len(assessed)} system–municipality pairs)"):
        rows = []
        for n, (system_id, organisation_id) in enumerate(rounds):
            closed = timezone.make_aware(datetime.datetime(
                rng.choice((2023, 2024, 2025, 2026)), rng.randint(1, 11), rng.randint(1, 28),
                rng.randint(8, 17)))
            value, fit = Fraction(rng.randint(100, 500), 100), Fraction(rng.randint(100, 500), 100)
            rows.append(Assessment(
                organisation_id=organisation_id, system_id=system_id,
                questionnaire=questionnaire, opened_on=closed.date() - datetime.timedelta(30),
                due_on=closed.date() - datetime.timedelta(5), state=Assessment.State.CLOSED,
                closed_at=closed, business_value=scoring.to_decimal(value),
                technical_fit=scoring.to_decimal(fit), disposition=scoring.disposition(value, fit),
                legal_knock_out=n % 50 == 0))
        bulk(Assessment, rows)
    with step("the latest round per pair flagged (bulk_create sends no signals)"):
        latest.refresh_all()
    ids = list(Assessment.objects.order_by("pk").values_list("pk", flat=True))
    areas = sorted({area for area, _name in sub_areas})
    with step(f"{len(ids) * (len(sub_areas) + len(areas))} result rows, yearly costs"):
        results, costs = [], []
        for pk in ids:
            for area, name in sub_areas:
                low = rng.randint(1, 4)
                results.append(ResultRow(
                    assessment_id=pk, area=area, sub_area=name, minimum=low,
                    maximum=rng.randint(low, 5), mean=Decimal(rng.randint(100, 500)) / 100,
                    n=rng.randint(2, 12)))
            for area in areas:
                results.append(ResultRow(assessment_id=pk, area=area, minimum=1, maximum=5,
                                         mean=Decimal(rng.randint(100, 500)) / 100,
                                         n=rng.randint(8, 40)))
            if len(results) >= 20_000:
                ResultRow.objects.bulk_create(results, batch_size=BATCH)
                results = []
            if rng.random() < .6:
                costs.append(EconomyValue(assessment_id=pk, field=cost_field,
                                          value=Decimal(rng.randint(5, 5000)), source="Bänkprov"))
        ResultRow.objects.bulk_create(results, batch_size=BATCH)
        EconomyValue.objects.bulk_create(costs, batch_size=BATCH)
    assert all(a in Area.values for a in areas)


def contracts(rng: random.Random) -> list[int]:
    from samverkan.contracts.models import Contract, ContractParty
    from samverkan.organisations.models import Membership, Organisation
    from samverkan.portfolio.models import System

    with step("removing earlier contracts"):
        Contract.objects.filter(title__startswith=PREFIX).delete()
    county = dict(Organisation.objects.values_list("pk", "county_code"))
    members = defaultdict(list)
    for board, member in Membership.objects.values_list("cooperation_id", "member_id"):
        members[board].append(member)
    systems = list(System.objects.filter(product__isnull=False, archived_at__isnull=True)
                   .values_list("pk", "organisation_id", "product_id", "product__supplier_id")
                   .order_by("pk"))
    by_product = defaultdict(list)
    for pk, org, product, _supplier in systems:
        by_product[(product, county[org])].append(pk)
    chosen = [s for s in systems if rng.random() < 1 / 3]
    with step(f"{len(chosen)} contracts with parties and systems"):
        rows = []
        for n, (_pk, org, _product, supplier) in enumerate(chosen):
            start = datetime.date(rng.randint(2016, 2025), rng.choice((1, 4, 7, 10)), 1)
            rows.append(Contract(
                organisation_id=org, supplier_id=supplier, title=f"{PREFIX}avtal {n + 1}",
                number=f"B-{n + 1}", start_date=start,
                original_end_date=start.replace(year=start.year + rng.choice((2, 3, 4))),
                renewal_period_months=rng.choice((None, 12, 12, 24)),
                notice_period_months=rng.choice((3, 6, 6, 9, 12)),
                prices_confidential=rng.random() < .1))
        bulk(Contract, rows)
        created = list(Contract.objects.filter(title__startswith=PREFIX).order_by("pk")
                       .values_list("pk", flat=True))
        links, parties = [], []
        for contract_id, (pk, org, product, _supplier) in zip(created, chosen, strict=True):
            same = [s for s in by_product[(product, county[org])] if s != pk]
            linked = [pk, *rng.sample(same, min(len(same), rng.choice((0, 0, 0, 1, 2))))]
            links += [Contract.systems.through(contract_id=contract_id, system_id=s)
                      for s in linked]
            for party in [org, *members.get(org, [])]:
                parties.append(ContractParty(
                    contract_id=contract_id, organisation_id=party,
                    annual_amount_ore=None if rng.random() < .08
                    else rng.randint(10_000, 2_000_000) * 100))
        Contract.systems.through.objects.bulk_create(links, batch_size=BATCH)
        ContractParty.objects.bulk_create(parties, batch_size=BATCH)
    return created


def summaries(rng: random.Random, lines: int, contract_ids: list[int]) -> None:
    from samverkan.contracts.models import ContractParty
    from samverkan.ledger.models import CostCategory, CostSummary, Reconciliation
    from samverkan.ledger.summaries import refresh_reconciliation
    from samverkan.organisations.models import Organisation

    with step("removing earlier summaries"):
        Reconciliation.objects.all().delete()
        CostSummary.objects.all().delete()
    parties = list(ContractParty.objects.filter(contract_id__in=contract_ids)
                   .values_list("contract_id", "organisation_id").distinct().order_by(
                       "contract_id", "organisation_id"))
    organisations = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
    categories = [c for c in CostCategory.values]
    keys = []  # (organisation, year, contract or None, category)
    for contract_id, org in parties:
        category = rng.choice(categories[:3])
        keys += [(org, year, contract_id, category) for year in YEARS if rng.random() < .85]
    for org in organisations:
        keys += [(org, year, None, category) for year in YEARS for category in categories]
    # a fifth of the lines matched to contracts, as in bench/ledger_reconciliation.py
    matched = sum(1 for k in keys if k[2] is not None)
    per_matched, per_unmatched = (max(1, lines // 5 // max(matched, 1)),
                                  max(1, lines * 4 // 5 // max(len(keys) - matched, 1)))
    with step(f"{len(keys)} cost summaries standing for about {lines:,} cost lines"):
        rows, counted = [], 0
        for org, year, contract_id, category in keys:
            count = per_matched if contract_id else per_unmatched
            counted += count
            rows.append(CostSummary(
                organisation_id=org, year=year, contract_id=contract_id, category=category,
                line_count=count, amount_ore=count * rng.randint(50_000, 2_000_000)))
        rows[-1].line_count += max(0, lines - counted)
        CostSummary.objects.bulk_create(rows, batch_size=BATCH)
    with step("reconciliation rows"):
        refresh_reconciliation()
    print(f"  {Reconciliation.objects.count()} reconciliation rows")


if __name__ == "__main__":
    main()
