"""Fill the load-test database: the national portfolio plus 10 million ledger lines.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samverkan_load \\
        .venv/bin/python bench/load_generate.py            # about 5–10 minutes on 2 cores

PostgreSQL only. The database named in DATABASE_URL is dropped and created anew (its name must
start with `samverkan_load` or `bench_`, so no real installation is emptied by mistake). Then:

1. `portfolio_generate.py`: 331 organisations, 60 000 systems, 150 000 usage rows, …;
2. `ledger_reconciliation.generate()`: contracts for every municipality and N cost lines
   (default 10 000 000) written server-side, with the summaries and reconciliation rows;
3. the logins the load test uses: `bench-admin` (superuser) and `bench-editor` (editor of
   Laxå kommun), password `--password` (default `bench`).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")


def recreate_database(url: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    if not (name.startswith("samverkan_load") or name.startswith("bench_")):
        sys.exit(f"Refusing to drop {name!r}: the name must start with samverkan_load or bench_.")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def set_passwords(password: str) -> None:
    from django.contrib.auth import get_user_model

    for user in get_user_model().objects.filter(username__in=["bench-admin", "bench-editor"]):
        user.set_password(password)
        user.save(update_fields=["password"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--systems", type=int, default=60_000)
    parser.add_argument("--password", default="bench")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to the PostgreSQL database to fill (e.g. …/samverkan_load).")
    recreate_database(url)
    subprocess.run([sys.executable, str(ROOT / "bench" / "portfolio_generate.py"),
                    "--systems", str(args.systems)], check=True)
    import ledger_reconciliation

    ledger_reconciliation.generate(args.lines)
    set_passwords(args.password)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print("Load-test database ready.")


if __name__ == "__main__":
    main()
