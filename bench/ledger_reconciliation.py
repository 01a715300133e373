"""Reconciliation page benchmark at national scale: 10 million cost lines.

    .venv/bin/python bench/ledger_reconciliation.py                  # generate, then measure
    .venv/bin/python bench/ledger_reconciliation.py --measure-only   # measure again
    .venv/bin/python bench/ledger_reconciliation.py --lines 2000000 -n 50

PostgreSQL only (a national installation runs on it): a fresh database `bench_ledger_recon` on
DATABASE_URL's server (default 127.0.0.1). It holds the 290 municipalities and 21 regions of
the reference data with populations for 2021–2024, 150 suppliers, about 20 contracts per
municipality (own and call-offs, some with confidential prices, some with the contracted
amount missing) linked to systems and management objects, and N cost lines over four years
(default 10 000 000; a fifth matched to contracts), written server-side with generate_series.
The summaries the import keeps current line by line are then built with one GROUP BY (the
same figures), and the reconciliation rows by the function the import calls
(`refresh_reconciliation`).

It measures the reconciliation page through Django's test Client (all middleware, templates
and queries), as a superuser and as an editor of one municipality (who does not see every
confidential price), for the default page and each filter and roll-up, and prints p50 and p95
in milliseconds. Target: p95 ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")

YEARS = (2021, 2022, 2023, 2024)
TARGET_P95_MS = 300
EDITOR_MUNICIPALITY = "1860"  # Laxå


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def database_url() -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    return base.rsplit("/", 1)[0] + "/bench_ledger_recon"


def create_database(url: str) -> None:
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS bench_ledger_recon")
        conn.execute("CREATE DATABASE bench_ledger_recon")


def generate(lines: int) -> None:
    import datetime

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from samverkan.contracts.models import Contract, ContractParty
    from samverkan.core.models import ImportBatch
    from samverkan.ledger import services
    from samverkan.organisations.models import Organisation, Population
    from samverkan.organisations.services import load_reference_data
    from samverkan.portfolio.models import ManagementObject, Supplier, System

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_reference_data()
    rnd = random.Random(10)
    towns = list(Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by("pk"))
    for town in towns:
        latest = town.populations.order_by("-year").first()
        for year in YEARS:
            Population.objects.get_or_create(organisation=town, year=year, defaults={
                "inhabitants": int(latest.inhabitants * (0.97 + 0.01 * (year - 2021))),
                "source": "Bänkprov"})
    from django.contrib.auth import get_user_model

    User = get_user_model()
    admin = User.objects.create_superuser("bench-admin", "a@example.se", None)
    editor = User.objects.create_user("bench-editor", "e@example.se", None)
    from samverkan.core.permissions import Role
    from samverkan.organisations.models import OrganisationRole

    laxa = Organisation.objects.get(municipality_code=EDITOR_MUNICIPALITY)
    OrganisationRole.objects.create(user=editor, organisation=laxa, role=Role.EDITOR)
    suppliers = Supplier.objects.bulk_create(
        [Supplier(name=f"Leverantör {i} AB") for i in range(150)])
    objects, systems, contracts, parties = [], [], [], []
    for town in towns:
        objects.append(ManagementObject(name=f"Skolstöd {town.name}", organisation=town))
    ManagementObject.objects.bulk_create(objects)
    objects = {o.organisation_id: o for o in ManagementObject.objects.all()}
    for town in towns:
        for k in range(6):
            systems.append(System(name=f"System {k} {town.name}", organisation=town,
                                  management_object=objects[town.pk] if k < 3 else None))
    System.objects.bulk_create(systems, batch_size=2000)
    systems_by_town: dict[int, list] = {}
    for system in System.objects.all():
        systems_by_town.setdefault(system.organisation_id, []).append(system)
    for town in towns:
        for k in range(20):
            contracts.append(Contract(
                organisation=town, supplier=rnd.choice(suppliers), title=f"Avtal {k} {town.name}",
                number=f"{town.municipality_code}-{k}", start_date=datetime.date(2015 + k % 8, 1, 1),
                renewal_period_months=12, prices_confidential=k % 10 == 0))
    Contract.objects.bulk_create(contracts, batch_size=2000)
    links = []
    contract_ids: dict[int, list[int]] = {}
    for contract in Contract.objects.all().order_by("pk"):
        contract_ids.setdefault(contract.organisation_id, []).append(contract.pk)
        k = len(contract_ids[contract.organisation_id]) - 1
        amount = None if k % 13 == 7 else rnd.randint(10_000, 2_000_000) * 100
        parties.append(ContractParty(contract=contract, organisation_id=contract.organisation_id,
                                     annual_amount_ore=amount))
        town_systems = systems_by_town[contract.organisation_id]
        links.append(Contract.systems.through(contract_id=contract.pk,
                                              system_id=town_systems[k % len(town_systems)].pk))
    ContractParty.objects.bulk_create(parties, batch_size=2000)
    Contract.systems.through.objects.bulk_create(links, batch_size=2000)
    batch = ImportBatch.objects.create(kind="ledger-sie", organisation=laxa, file_name="bench",
                                       file_sha256="bench", created_by=admin,
                                       status=ImportBatch.Status.DONE)
    print(f"Register: {len(towns)} municipalities, {len(contracts)} contracts "
          f"({time.perf_counter() - started:.0f} s)")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_towns AS SELECT row_number() OVER (ORDER BY id) - 1 "
                       "AS idx, id FROM organisations_organisation WHERE kind = 'kommun'")
        cursor.execute("CREATE TEMP TABLE bench_contracts AS SELECT t.idx, row_number() OVER "
                       "(PARTITION BY c.organisation_id ORDER BY c.id) - 1 AS k, c.id "
                       "FROM contracts_contract c JOIN bench_towns t ON t.id = c.organisation_id")
        cursor.execute("CREATE INDEX ON bench_contracts (idx, k)")
        town_count = len(towns)
        cursor.execute(f"""
            INSERT INTO ledger_costline (organisation_id, batch_id, line_no, date, year, account,
                amount_ore, supplier_name, supplier_org_number, invoice_number, cost_centre,
                project, dimensions, text, voucher_series, voucher_number, voucher_date,
                cost_category, contract_id, match_method, matched_rule_id, matched_at)
            SELECT t.id, {batch.pk}, g, d, extract(year FROM d)::int,
                   (ARRAY['6450','7461','7471','6810','6412','7431','4610','6110','7010'])
                       [(1 + g % 9)::int],
                   ((g * 7919) % 5000000) - 100000, 'Leverantör ' || (g % 150) || ' AB', '', '',
                   (4000 + g % 100)::text, '', NULL, 'Faktura ' || g, 'A', (g / 3)::text, d,
                   (ARRAY['licenser','saas','drift','telekom','hardvara','konsulter','ovrigt',
                          'ovrigt','ovrigt'])[(1 + g % 9)::int],
                   CASE WHEN g % 5 = 0 THEN bc.id END,
                   CASE WHEN g % 5 = 0 THEN 'rule' ELSE 'none' END, NULL, NULL
            FROM generate_series(1::bigint, {lines}) AS g
            CROSS JOIN LATERAL (SELECT DATE '2021-01-01' + ((g / {town_count}) % 1461)::int
                                AS d) AS day
            JOIN bench_towns t ON t.idx = g % {town_count}
            LEFT JOIN bench_contracts bc ON bc.idx = g % {town_count}
                                        AND bc.k = (g / {town_count}) % 20
        """)
    print(f"Cost lines: {lines:,} ({time.perf_counter() - started:.0f} s)")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("""
                INSERT INTO ledger_costsummary (organisation_id, year, contract_id, category,
                                                amount_ore, line_count)
                SELECT organisation_id, year, contract_id, cost_category, sum(amount_ore), count(*)
                FROM ledger_costline WHERE cost_category <> ''
                GROUP BY organisation_id, year, contract_id, cost_category""")
        services.refresh_reconciliation()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    from samverkan.ledger.models import CostSummary, Reconciliation

    print(f"Summaries: {CostSummary.objects.count():,}, reconciliation rows: "
          f"{Reconciliation.objects.count():,} ({time.perf_counter() - started:.0f} s)")


def measure(requests: int, warmup: int) -> bool:
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic
    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from samverkan.contracts.models import Contract
    from samverkan.ledger.models import CostLine
    from samverkan.organisations.models import Organisation
    from samverkan.portfolio.models import ManagementObject, System

    User = get_user_model()
    town = Organisation.objects.get(municipality_code="0180")  # Stockholm
    contract = Contract.objects.filter(organisation=town).first()
    system = System.objects.filter(organisation=town).first()
    target = ManagementObject.objects.filter(organisation=town).first()
    print(f"Database: {CostLine.objects.count():,} cost lines")
    pages = {
        "default (latest year, all)": "/ekonomi/avstamning/",
        "year 2022": "/ekonomi/avstamning/?year=2022",
        "page 40": "/ekonomi/avstamning/?year=2022&sida=40",
        "organisation": f"/ekonomi/avstamning/?year=2023&organisation={town.pk}",
        "contract": f"/ekonomi/avstamning/?year=2023&contract={contract.pk}",
        "system": f"/ekonomi/avstamning/?year=2023&system={system.pk}",
        "management object": f"/ekonomi/avstamning/?year=2023&management_object={target.pk}",
        "supplier": f"/ekonomi/avstamning/?year=2023&supplier={contract.supplier_id}",
        "per organisation": "/ekonomi/avstamning/?year=2023&view=organisation",
        "per supplier": "/ekonomi/avstamning/?year=2023&view=leverantor",
        "per system": "/ekonomi/avstamning/?year=2023&view=system",
        "per management object": "/ekonomi/avstamning/?year=2023&view=objekt",
        "API": "/api/reconciliation/?year=2023",
    }
    ok = True
    every = []
    for who in ("bench-admin", "bench-editor"):
        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.get(username=who))
        print(f"\n{who}:")
        for label, url in pages.items():
            for _ in range(warmup):
                client.get(url)
            times = []
            for _ in range(requests):
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            every += times
            p95 = percentile(times, 95)
            ok &= p95 <= TARGET_P95_MS
            print(f"  {label:<28} p50 {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms")
    print(f"\nAll requests: p50 {statistics.median(every):.1f} ms, p95 {percentile(every, 95):.1f} ms"
          f" (target p95 ≤ {TARGET_P95_MS} ms) – {'OK' if ok else 'OVER TARGET'}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("-n", "--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--measure-only", action="store_true")
    args = parser.parse_args()
    url = database_url()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SAMVERKAN_DATA_DIR", str(Path(tempfile.gettempdir()) / "samverkan-bench"))
    if not args.measure_only:
        create_database(url)
        generate(args.lines)
    measure(args.requests, args.warmup)


if __name__ == "__main__":
    main()
