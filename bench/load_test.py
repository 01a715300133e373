"""Load test of the production-like set-up (deploy/cluster) at national scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samverkan_load deploy/cluster start
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samverkan_load \\
        .venv/bin/python bench/load_test.py --users 20 --minutes 10

20 Locust users (bench/locustfile.py) read, search, export and edit through nginx for the
given time; meanwhile a SIE ledger file of `--import-rows` rows is imported by one of the task
workers, and halfway through app server 1 is killed with SIGKILL (`deploy/cluster kill-app 1`)
and started again a tenth of the run later. Traffic goes to loopback only. At the end it prints p50 / p95 /
max per page, the error count, the 502/504 retries, the If-Match conflicts and the lost
updates, and exits 1 if there were errors or lost updates. Locust's CSV files are in --out.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
EDITED_SYSTEMS = 10


def prepare() -> dict[str, str]:
    import django

    django.setup()
    from samverkan.organisations.models import Organisation
    from samverkan.portfolio.models import System

    laxa = Organisation.objects.get(municipality_code="1860")
    systems = System.objects.filter(organisation=laxa, archived_at=None).order_by("pk")
    return {"LOAD_LAXA": str(laxa.pk),
            "LOAD_SYSTEMS": ",".join(str(pk) for pk in systems.values_list("pk", flat=True)[
                :EDITED_SYSTEMS])}


def start_import(rows: int) -> int:
    """Stage a SIE file and hand its import to the task workers; returns the batch id."""
    import ledger_import
    from django.contrib.auth import get_user_model
    from django.core.files import File

    from samverkan.ledger import services
    from samverkan.ledger.tasks import import_ledger_file
    from samverkan.organisations.models import Organisation

    if not Organisation.objects.filter(municipality_code=ledger_import.MUNICIPALITY).exists():
        ledger_import.setup_data()
    user = get_user_model().objects.get(username="bench")
    org = Organisation.objects.get(municipality_code=ledger_import.MUNICIPALITY)
    path = Path(tempfile.mkdtemp()) / "load-import.se"
    ledger_import.generate(path, rows)
    with path.open("rb") as handle:
        batch = services.stage_file(user, org, File(handle, name=path.name))
    import_ledger_file.enqueue(batch.pk, user.pk, True)
    return batch.pk


def lost_updates(edits: dict) -> tuple[int, int]:
    from samverkan.portfolio.models import System

    total = missing = 0
    for pk, tokens in edits["accepted"].items():
        words = set((System.objects.get(pk=int(pk)).description or "").split())
        total += len(tokens)
        missing += sum(token not in words for token in tokens)
    return total, missing


def crash_app_server(after: float, down_for: float, log: list[str]) -> None:
    time.sleep(after)
    cluster = str(ROOT / "deploy" / "cluster")
    log.append(subprocess.run([cluster, "kill-app", "1"], capture_output=True, text=True).stdout)
    time.sleep(down_for)
    log.append(subprocess.run([cluster, "start-app", "1"], capture_output=True, text=True).stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="https://127.0.0.1:8443")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--import-rows", type=int, default=200_000)
    parser.add_argument("--kill-at", type=float, default=0.5,
                        help="when app server 1 is killed, as a fraction of the run (0: never)")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "load-test")
    args = parser.parse_args()
    if urlsplit(args.host).hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("The load test sends traffic to loopback only.")
    args.out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **prepare(), "LOAD_EDITS_FILE": str(args.out / "edits.json")}
    seconds = int(args.minutes * 60)
    batch_id = start_import(args.import_rows)
    print(f"Ledger import (batch {batch_id}, {args.import_rows:,} rows) queued for a worker.")
    crash_log: list[str] = []
    crash = threading.Thread(target=crash_app_server,
                             args=(seconds * args.kill_at, seconds * 0.1, crash_log))
    if args.kill_at:
        crash.start()
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
                    "--headless", "--host", args.host, "--users", str(args.users),
                    "--spawn-rate", "2", "--run-time", f"{seconds}s", "--stop-timeout", "30",
                    "--csv", str(args.out / "locust"), "--only-summary", "--loglevel", "WARNING"],
                   env=env, check=False)
    print(f"Ran {time.monotonic() - started:.0f} s with {args.users} users.")
    if crash.is_alive():
        crash.join()  # app server 1 runs again before the report
    for line in crash_log:
        print("  " + line.strip())
    report(args.out, batch_id)


def report(out: Path, batch_id: int) -> None:
    from samverkan.core.models import ImportBatch

    with (out / "locust_stats.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    print(f"\n{'page':<32}{'requests':>9}{'errors':>8}{'p50':>7}{'p95':>7}{'max':>8}  ms")
    for row in rows:
        print(f"{row['Name']:<32}{row['Request Count']:>9}{row['Failure Count']:>8}"
              f"{row['50%']:>7}{row['95%']:>7}{float(row['Max Response Time']):>8.0f}")
    errors = sum(int(row["Failure Count"]) for row in rows if row["Name"] != "Aggregated")
    edits = json.loads((out / "edits.json").read_text())
    total, missing = lost_updates(edits)
    batch = ImportBatch.objects.get(pk=batch_id)
    print(f"\nErrors: {errors}. Retries after 502/504: {edits['retries']}. "
          f"Edits accepted: {total}, If-Match conflicts (412, retried): {edits['conflicts']}, "
          f"lost updates: {missing}.")
    print(f"Ledger import on a worker: {batch.status}, {batch.rows_total or 0:,} rows.")
    sys.exit(1 if errors or missing else 0)


if __name__ == "__main__":
    main()
