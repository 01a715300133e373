"""Measure response times of the portfolio pages on a generated national-scale database.

Runs the real views in-process through Django's test Client (all middleware, templates and
queries; no network), logged in as a superuser and as an editor of one municipality (Laxå), and
prints p50 / p95 / max per page after some warm-up requests.

    SAMVERKAN_DATA_DIR=data/bench .venv/bin/python bench/portfolio_measure.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_portfolio \\
        .venv/bin/python bench/portfolio_measure.py -n 50

Fill the database first with bench/portfolio_generate.py. The script applies any migrations
that are missing and creates two users if missing (bench-admin, bench-editor, without a usable
password); nothing else is written.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")

TARGET_LIST_MS = 150
TARGET_DASHBOARD_MS = 300
EDITOR_MUNICIPALITY = "1860"  # Laxå
FILTER_MUNICIPALITY = "0180"  # Stockholm: the largest owner, the widest filtered list
SEARCH = "procapita"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def users():
    from django.contrib.auth import get_user_model

    from samverkan.core.permissions import Role
    from samverkan.organisations.models import Organisation, OrganisationRole

    User = get_user_model()
    admin, created = User.objects.get_or_create(username="bench-admin", defaults={
        "is_superuser": True, "is_staff": True, "first_name": "Bench", "last_name": "Admin"})
    if created:
        admin.set_unusable_password()
        admin.save()
    editor, created = User.objects.get_or_create(username="bench-editor", defaults={
        "first_name": "Bench", "last_name": "Redaktör"})
    if created:
        editor.set_unusable_password()
        editor.save()
    laxa = Organisation.objects.get(municipality_code=EDITOR_MUNICIPALITY)
    OrganisationRole.objects.get_or_create(user=editor, organisation=laxa,
                                           defaults={"role": Role.EDITOR})
    return {"superuser": admin, "editor (Laxå)": editor}


def pages() -> list[tuple[str, str, int]]:
    """(label, url, target ms)."""
    from django.db.models import Count
    from django.urls import reverse

    from samverkan.organisations.models import Organisation
    from samverkan.portfolio.models import System

    systems = reverse("portfolio:systems")
    big = Organisation.objects.get(municipality_code=FILTER_MUNICIPALITY)
    laxa = Organisation.objects.get(municipality_code=EDITOR_MUNICIPALITY)
    detail = (System.objects.filter(organisation=laxa, archived_at__isnull=True)
              .annotate(n=Count("usages")).order_by("-n", "pk").first())
    return [
        ("dashboard", reverse("portfolio:dashboard"), TARGET_DASHBOARD_MS),
        ("system list", systems, TARGET_LIST_MS),
        ("system list, organisation + lifecycle",
         f"{systems}?organisation={big.pk}&lifecycle=drift", TARGET_LIST_MS),
        (f"system list, ?q={SEARCH}", f"{systems}?q={SEARCH}", TARGET_LIST_MS),
        ("system list, page 100", f"{systems}?page=100", TARGET_LIST_MS),
        ("system detail", reverse("portfolio:system", args=[detail.pk]), TARGET_LIST_MS),
        ("management object list", reverse("portfolio:objects"), TARGET_LIST_MS),
        ("global search", f"{reverse('core:search')}?q=edlevo", TARGET_LIST_MS),
    ]


def main() -> None:
    measure(__doc__, pages, "systems", "bench/portfolio_generate.py", count_systems)


def count_systems() -> int:
    from samverkan.portfolio.models import System

    return System.objects.count()


def measure(doc: str, pages, what: str, generator: str, counter, readers=None) -> None:
    """Measure every page of `pages()` for each user of `readers()` (default: `users()`), or
    only for the user named by a page's optional fourth element; exit 1 when a p95 misses its
    target."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("-n", "--requests", type=int, default=50, help="measured requests per page")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--only", default="", help="measure only pages whose label contains this")
    parser.add_argument("--queries", action="store_true",
                        help="also print the number of SQL queries and the slowest ones per page")
    args = parser.parse_args()
    if not (os.environ.get("DATABASE_URL") or os.environ.get("SAMVERKAN_DATA_DIR")):
        sys.exit("Choose the benchmark database explicitly: set DATABASE_URL or SAMVERKAN_DATA_DIR.")

    import django

    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    count = counter()
    if not count:
        sys.exit(f"No {what} in this database; run {generator} first.")
    print(f"{connection.vendor} ({connection.settings_dict['NAME']}), {count} {what}, "
          f"{args.requests} requests per page after {args.warmup} warm-up")
    targets = [p for p in pages() if args.only in p[0]]
    load_before = f"{os.getloadavg()[0]:.2f}"
    results = []
    for who, user in (readers or users)().items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        for label, url, target, *only in targets:
            if only and only[0] != who:
                continue
            for _ in range(args.warmup):
                response = client.get(url)
                if response.status_code != 200:
                    sys.exit(f"{url} answered {response.status_code} for {who}")
            timings, cpu = [], []
            for _ in range(args.requests):
                start, start_cpu = time.perf_counter(), time.process_time()
                client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            row = (label, who, statistics.median(timings), percentile(timings, 95), max(timings),
                   target, statistics.median(cpu))
            results.append(row)
            print(f"  {label:<40} {who:<14} p50 {row[2]:6.0f}  p95 {row[3]:6.0f}  "
                  f"max {row[4]:6.0f}  (cpu p50 {row[6]:4.0f}) ms", flush=True)
            if args.queries:
                with CaptureQueriesContext(connection) as captured:
                    client.get(url)
                slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
                print(f"    {len(captured.captured_queries)} queries; slowest:")
                for query in slowest:
                    print(f"      {float(query['time']) * 1000:6.1f} ms  {query['sql'][:300]}")

    print()
    print(f"load average before {load_before}, after {os.getloadavg()[0]:.2f} "
          f"({os.cpu_count()} cores); cpu = this process only (on PostgreSQL the server's work "
          f"is not in it)")
    print()
    print("| page | user | p50 ms | p95 ms | max ms | cpu p50 ms | target p95 | |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for label, who, p50, p95, worst, target, cpu_p50 in results:
        verdict = "ok" if p95 <= target else "MISS"
        print(f"| {label} | {who} | {p50:.0f} | {p95:.0f} | {worst:.0f} | {cpu_p50:.0f} | {target} "
              f"| {verdict} |")
    if any(row[3] > row[5] for row in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
