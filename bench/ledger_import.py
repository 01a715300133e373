"""Ledger import benchmark: the real importer against a bare streaming parse + bulk load of the
same SIE 4 file, measured in the same run.

    .venv/bin/python bench/ledger_import.py                    # 1 000 000 rows, PostgreSQL
    .venv/bin/python bench/ledger_import.py --db sqlite --rows 200000
    .venv/bin/python bench/ledger_import.py --repeat 3         # best of three, each side

It generates a synthetic SIE 4 file of N `#TRANS` rows (vouchers of two to five rows, IT and
other accounts, cost centres, projects, suppliers as dimension 9 objects), creates a fresh
database (PostgreSQL: `bench_ledger` on DATABASE_URL's server, default 127.0.0.1; SQLite: a
file in a temporary folder), applies the migrations and adds an organisation with contracts
and matching rules. Then, each in its own process so peak memory (maxrss) is measured alone:

- baseline: a bare streaming parse (`bare_rows`: fields split with one pattern, amounts in
  öre, dates, object lists as JSON; no validation of any kind) + COPY (PostgreSQL) or
  executemany in batches (SQLite) into a plain table with the parsed columns;
- importer: `samverkan.ledger.services.run_import`, the code path of the upload page and
  `samverkan import-ledger`: validation, account categories, matching rules, the cost-line
  table with its indexes, summaries and reconciliation rows, one transaction.

Targets: importer ≤ 1.5 × baseline on PostgreSQL, ≤ 2 × on SQLite, peak memory ≤ 200 MB.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")

SUPPLIERS = [("5560715210", "Tietoevry Sweden AB"), ("5566517396", "Infomentor AB"),
             ("5565891917", "Unikum AB"), ("5590468111", "Haldor AB"),
             ("5563375434", "CGI Sverige AB"), ("5565778817", "Microsoft AB")]
IT_ACCOUNTS = ["6450", "6451", "7461", "7462", "7471", "6811", "6821", "6412", "7431"]
OTHER_ACCOUNTS = ["4010", "4610", "5011", "6110", "6230", "6520", "7010", "7120", "7310"]
MUNICIPALITY = "9901"


def generate(path: Path, rows: int, seed: int = 2021) -> None:
    """A SIE 4E file with `rows` #TRANS rows in balanced vouchers."""
    rnd = random.Random(seed)
    with path.open("w", encoding="cp437", newline="\n") as out:
        out.write('#FLAGGA 0\n#PROGRAM "Bänkprov" 1.0\n#FORMAT PC8\n#GEN 20220115\n#SIETYP 4\n'
                  '#FNAMN "Bänkeby kommun"\n#RAR 0 20210101 20211231\n#KPTYP KOMMUNBAS\n')
        for account in IT_ACCOUNTS + OTHER_ACCOUNTS + ["2440", "1930"]:
            out.write(f'#KONTO {account} "Konto {account}"\n')
        out.write('#DIM 1 "Ansvar"\n#DIM 6 "Projekt"\n#DIM 9 "Leverantör"\n')
        for number, name in SUPPLIERS:
            out.write(f'#OBJEKT 9 "{number}" "{name}"\n')
        written = voucher = 0
        while written < rows:
            voucher += 1
            size = min(rnd.randint(2, 5), rows - written)
            if size < 2:
                size = 2 if rows - written >= 2 else 1
            month, day = rnd.randint(1, 12), rnd.randint(1, 28)
            date = f"2021{month:02d}{day:02d}"
            it = rnd.random() < 0.3
            supplier = rnd.choice(SUPPLIERS) if it else None
            out.write(f'#VER A {voucher} {date} "Leverantörsfaktura {voucher}"\n{{\n')
            total = 0
            for _ in range(size - 1):
                amount = rnd.randint(100, 5_000_000)
                total += amount
                account = rnd.choice(IT_ACCOUNTS if it else OTHER_ACCOUNTS)
                objects = f'1 "{rnd.randint(1000, 1099)}"'
                if rnd.random() < 0.2:
                    objects += f' 6 "P{rnd.randint(1, 40)}"'
                if supplier:
                    objects += f' 9 "{supplier[0]}"'
                out.write(f'   #TRANS {account} {{{objects}}} {amount // 100}.{amount % 100:02d} '
                          f'{date} "Faktura {rnd.randint(10000, 99999)} \\"avser {month}/2021\\""\n')
            if size == 1:  # a lone row cannot balance: end with an empty voucher instead
                out.write("}\n")
                written += 1
                continue
            out.write(f'   #TRANS 2440 {{}} -{total // 100}.{total % 100:02d}\n}}\n')
            written += size


# -- databases ----------------------------------------------------------------------------------

def database_url(kind: str, folder: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder / 'bench-ledger.sqlite3'}"
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    return base.rsplit("/", 1)[0] + "/bench_ledger"


def prepare_database(url: str, folder: Path) -> None:
    env = {**os.environ, "DATABASE_URL": url, "SAMVERKAN_DATA_DIR": str(folder)}
    if url.startswith("postgres"):
        import psycopg

        admin = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS bench_ledger")
            conn.execute("CREATE DATABASE bench_ledger")
    subprocess.run([sys.executable, "-m", "samverkan.cli", "migrate", "-v0"], env=env,
                   check=True, cwd=ROOT)
    subprocess.run([sys.executable, __file__, "--worker", "setup"], env=env, check=True)


def setup_data() -> None:
    """An organisation with contracts for the IT suppliers and rules that match them."""
    import django

    django.setup()
    import datetime

    from django.contrib.auth import get_user_model

    from samverkan.contracts.models import Contract, ContractParty
    from samverkan.ledger.models import MatchingRule
    from samverkan.organisations.models import Organisation
    from samverkan.portfolio.models import Supplier

    get_user_model().objects.create_superuser("bench", "bench@example.se", None)
    org = Organisation.objects.create(name="Bänkeby", kind="kommun",
                                      municipality_code=MUNICIPALITY)
    for number, name in SUPPLIERS:
        supplier = Supplier.objects.create(name=name, org_number=f"{number[:6]}-{number[6:]}")
        contract = Contract.objects.create(organisation=org, supplier=supplier,
                                           title=f"Avtal {name}",
                                           start_date=datetime.date(2018, 1, 1),
                                           renewal_period_months=12)
        ContractParty.objects.create(contract=contract, organisation=org,
                                     annual_amount_ore=random.randint(10**7, 10**9))
        MatchingRule.objects.create(organisation=org, contract=contract, name=name,
                                    supplier_pattern=name.split()[0], account_from="6410",
                                    account_to="7479")
    for index in range(20):  # rules that never match still have to be tried
        MatchingRule.objects.create(organisation=org, contract=contract, name=f"Regel {index}",
                                    text_pattern=f"ingen träff {index}*", priority=200)


# -- the two sides ------------------------------------------------------------------------------

PLAIN_COLUMNS = ("line_no", "date", "account", "amount_ore", "dimensions", "text",
                 "voucher_series", "voucher_number", "voucher_date")  # bare_rows' order


_BARE_TRANS = re.compile(r'#TRANS\s+(\S+)\s+\{([^}]*)\}\s+(-?)(\d+)(?:\.(\d+))?'
                         r'(?:\s+(\d{8}|"")(?:\s+"([^"\\]*(?:\\.[^"\\]*)*)")?)?')
_BARE_VER = re.compile(r'#VER\s+(\S+)\s+(\S+)\s+(\d{8})(?:\s+"([^"\\]*(?:\\.[^"\\]*)*)")?')
_BARE_ID = re.compile(r'"([^"]*)"|(\S+)')


def bare_rows(path: Path):
    """The least any reader of the file must do, and nothing more: one pattern per #VER and
    #TRANS record for its fields, amounts into öre, dates into dates, object lists into JSON. No
    validation, no encoding detection, no checksum, no balance check, no error reporting."""
    dates: dict = {}
    objects_json: dict = {}
    series = number = vdate = vtext = None
    with path.open(encoding="cp437") as handle:
        for line_no, line in enumerate(handle, 1):
            line = line.strip()
            if line.startswith("#TRANS"):
                account, inner, minus, whole, cents, when, text = _BARE_TRANS.match(line).groups()
                dims = objects_json.get(inner, objects_json)
                if dims is objects_json:
                    ids = [quoted or bare for quoted, bare in _BARE_ID.findall(inner)]
                    dims = objects_json[inner] = json.dumps(
                        dict(zip(ids[::2], ids[1::2], strict=True)), ensure_ascii=False) \
                        if ids else None
                amount = int(whole) * 100 + (int(cents.ljust(2, "0")) if cents else 0)
                day = vdate
                if when and when != '""':
                    day = dates.get(when)
                    if day is None:
                        day = dates[when] = datetime.date(int(when[:4]), int(when[4:6]),
                                                          int(when[6:]))
                yield (line_no, day, account, -amount if minus else amount, dims,
                       text or vtext, series, number, vdate)
            elif line.startswith("#VER"):
                series, number, when, vtext = _BARE_VER.match(line).groups()
                vdate = datetime.date(int(when[:4]), int(when[4:6]), int(when[6:]))


def run_baseline(path: Path) -> dict:
    """A bare streaming parse (`bare_rows`) straight into a plain table with COPY (PostgreSQL)
    or executemany in batches (SQLite)."""
    import django

    django.setup()
    from django.db import connection, transaction

    vendor = connection.vendor
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plain_lines")
        cursor.execute("CREATE TABLE bench_plain_lines (line_no integer, date date, account "
                       "varchar(8), amount_ore bigint, dimensions text, text varchar(300), "
                       "voucher_series varchar(20), voucher_number varchar(20), voucher_date date)")

    def rows():
        return bare_rows(path)

    started, cpu = time.perf_counter(), time.process_time()
    count = 0
    with transaction.atomic():
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY bench_plain_lines ({', '.join(PLAIN_COLUMNS)}) "
                                        "FROM STDIN") as copy:
                    for row in rows():
                        copy.write_row(row)
                        count += 1
        else:
            raw = connection.connection.cursor()
            sql = (f"INSERT INTO bench_plain_lines ({', '.join(PLAIN_COLUMNS)}) VALUES "
                   f"({', '.join('?' for _ in PLAIN_COLUMNS)})")
            buffer = []
            for row in rows():
                buffer.append(row)
                count += 1
                if len(buffer) >= 5000:
                    raw.executemany(sql, buffer)
                    buffer = []
            raw.executemany(sql, buffer)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_plain_lines")
    return {"seconds": elapsed, "cpu": cpu, "rows": count}


def run_importer(path: Path) -> dict:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files import File

    from samverkan.ledger import services
    from samverkan.ledger.models import CostLine
    from samverkan.organisations.models import Organisation

    user = get_user_model().objects.get(username="bench")
    org = Organisation.objects.get(municipality_code=MUNICIPALITY)
    clear_ledger()
    with path.open("rb") as handle:
        batch = services.stage_file(user, org, File(handle, name=path.name))
    started, cpu = time.perf_counter(), time.process_time()
    services.run_import(batch, user, replace=True)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    matched = CostLine.objects.filter(batch=batch, contract__isnull=False).count()
    return {"seconds": elapsed, "cpu": cpu, "rows": batch.rows_total, "matched": matched}


def clear_ledger() -> None:
    """Start each importer run from an empty ledger (earlier runs imported the same file)."""
    from django.db import connection

    from samverkan.core.models import ImportBatch
    from samverkan.ledger.importers import LEDGER_KINDS
    from samverkan.ledger.models import CostLine, CostSummary, Reconciliation

    with connection.cursor() as cursor:
        for model in (CostLine, CostSummary, Reconciliation):
            if connection.vendor == "postgresql":
                cursor.execute(f"TRUNCATE {model._meta.db_table}")
            else:
                cursor.execute(f"DELETE FROM {model._meta.db_table}")
    ImportBatch.objects.filter(kind__in=LEDGER_KINDS).delete()


def worker(kind: str, path: str | None) -> None:
    if kind == "setup":
        setup_data()
        return
    result = run_baseline(Path(path)) if kind == "baseline" else run_importer(Path(path))
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def measure(kind: str, path: Path, env: dict) -> dict:
    output = subprocess.run([sys.executable, __file__, "--worker", kind, "--file", str(path)],
                            env=env, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--repeat", type=int, default=1, help="runs per side; the best counts")
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--worker", choices=("setup", "baseline", "importer"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.file)
        return
    folder = Path(tempfile.mkdtemp(prefix="samverkan-bench-ledger-"))
    path = folder / "bench.se"
    started = time.perf_counter()
    generate(path, args.rows)
    print(f"File: {args.rows:,} #TRANS rows, {path.stat().st_size / 1e6:.0f} MB, generated in "
          f"{time.perf_counter() - started:.1f} s")
    url = database_url(args.db, folder)
    prepare_database(url, folder)
    env = {**os.environ, "DATABASE_URL": url, "SAMVERKAN_DATA_DIR": str(folder)}
    target = 1.5 if args.db == "postgres" else 2.0
    baselines, importers = [], []
    for run in range(args.repeat):
        base = measure("baseline", path, env)
        imp = measure("importer", path, env)
        baselines.append(base)
        importers.append(imp)
        print(f"run {run + 1}: baseline {base['seconds']:.2f} s (cpu {base['cpu']:.2f} s, "
              f"{base['maxrss_mb']:.0f} MB), importer {imp['seconds']:.2f} s (cpu "
              f"{imp['cpu']:.2f} s, {imp['maxrss_mb']:.0f} MB), "
              f"{imp['matched']:,} lines matched")
    best_base = min(b["seconds"] for b in baselines)
    best_imp = min(i["seconds"] for i in importers)
    ratio = best_imp / best_base
    peak = max(r["maxrss_mb"] for r in baselines + importers)
    print(f"\n{args.db}: baseline (parse + {'COPY' if args.db == 'postgres' else 'executemany'}) "
          f"{best_base:.2f} s, importer {best_imp:.2f} s, ratio {ratio:.2f} (target ≤ {target}), "
          f"peak memory {peak:.0f} MB (target ≤ 200)")
    print("OK" if ratio <= target and peak <= 200 else "OVER TARGET")


if __name__ == "__main__":
    main()
