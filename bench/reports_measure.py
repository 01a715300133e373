"""Measure the time and peak memory of a yearly follow-up for one municipality.

Generates the follow-up (every section) through the API, as the real request path does it
(`GET /api/reports/yearly-followup/?organisation=ID&year=YYYY&format=…` in-process through
Django's test Client), in PowerPoint, Excel and print, as a superuser and as an editor of Laxå,
and prints p50 / max of the time per format with the peak of Python's allocations during one
request (tracemalloc; lxml's own C allocations, which python-pptx and openpyxl make, are not in
it) and the process's peak resident size (everything: Django, the libraries, every request),
which bounds what one follow-up can take.

    SAMVERKAN_DATA_DIR=data/bench/reports .venv/bin/python -m samverkan.cli demo --no-serve
    SAMVERKAN_DATA_DIR=data/bench/reports .venv/bin/python bench/reports_measure.py -n 10

Any database with Laxå in it serves (the demo's, or one filled by bench/portfolio_generate.py
and bench/planning_generate.py, where Laxå has this year's plans). Target (issue 14): ≤ 3 s
and a peak of ≤ 300 MB for a yearly follow-up of one municipality; exit status 1 on a miss.
"""

from __future__ import annotations

import argparse
import datetime
import os
import resource
import statistics
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")

TARGET_S = 3.0
TARGET_MB = 300
FORMATS = ("pptx", "xlsx", "html")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--runs", type=int, default=5, help="measured runs per format")
    parser.add_argument("--year", type=int, default=datetime.date.today().year)
    parser.add_argument("--municipality", default="1860", help="municipality code (Laxå)")
    args = parser.parse_args()
    if not (os.environ.get("DATABASE_URL") or os.environ.get("SAMVERKAN_DATA_DIR")):
        sys.exit("Choose the database explicitly: set DATABASE_URL or SAMVERKAN_DATA_DIR.")

    import django

    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from portfolio_measure import users

    from samverkan.organisations.models import Organisation

    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.filter(municipality_code=args.municipality).first()
    if organisation is None:
        sys.exit(f"No municipality {args.municipality}; load the demo or a bench database first.")
    url = f"/api/reports/yearly-followup/?organisation={organisation.pk}&year={args.year}"
    print(f"{connection.vendor} ({connection.settings_dict['NAME']}), {organisation.name} "
          f"{args.year}, {args.runs} runs per format after one warm-up")
    missed = False
    load = os.getloadavg()[0]
    print(f"{'who':<16} {'format':<6} {'p50 s':>7} {'max s':>7} {'peak MB':>8} {'bytes':>9}")
    for who, user in users().items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        for fmt in FORMATS:
            response = client.get(f"{url}&format={fmt}")
            if response.status_code != 200:
                sys.exit(f"{url} answered {response.status_code} for {who}")
            timings, peaks = [], []
            for _ in range(args.runs):
                tracemalloc.start()
                start = time.perf_counter()
                response = client.get(f"{url}&format={fmt}")
                timings.append(time.perf_counter() - start)
                peaks.append(tracemalloc.get_traced_memory()[1] / 2**20)
                tracemalloc.stop()
            worst, peak = max(timings), max(peaks)
            missed |= worst > TARGET_S or peak > TARGET_MB
            print(f"{who:<16} {fmt:<6} {statistics.median(timings):7.2f} {worst:7.2f} "
                  f"{peak:8.1f} {len(response.content):9d}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    missed |= rss > TARGET_MB
    print(f"process peak resident size {rss:.0f} MB; load {load:.1f} → "
          f"{os.getloadavg()[0]:.1f}; targets ≤ {TARGET_S} s, ≤ {TARGET_MB} MB per follow-up: "
          f"{'missed' if missed else 'met'}")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
