"""Peak memory and time of imports of large files, each step in its own process so its peak
resident set (maxrss) is measured alone.

    .venv/bin/python bench/import_memory.py                   # every kind, 100 MB files
    .venv/bin/python bench/import_memory.py --size-mb 20 --only systems-csv
    .venv/bin/python bench/import_memory.py --only ledger-csv,ledger-xlsx --steps cli

A fresh SQLite database in a temporary folder gets the migrations, an organisation (kommunkod
9901) and a superuser. For each kind of file, a generated file of about --size-mb MB is then
taken through the steps a user's upload takes:

- web: what the upload and preview pages run in the web process (store the upload in chunks,
  then the preview page, which hands a large file to the task worker);
- worker: the background task's analysis and commit;
- cli: `samverkan import-ledger` (ledger kinds only; there is no register import command).

Each line prints the step's wall time, its peak RSS and the peak above the process's own
baseline after Django started (the import's share). Target: peak ≤ 200 MB whatever the size.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable

PRELUDE = """
import json, os, resource, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.files import File
from django.test import Client
from samverkan.core.models import ImportBatch
from samverkan.organisations.models import Organisation
def rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
user = get_user_model().objects.get(username="bench")
org = Organisation.objects.get(municipality_code="9901")
path = sys.argv[1]
base = rss()
began = time.perf_counter()
"""
FINISH = """
print(json.dumps({"seconds": round(time.perf_counter() - began, 1), "peak_mb": rss(),
                  "above_baseline_mb": rss() - base, "note": note}))
"""

SETUP = """
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth import get_user_model
from samverkan.organisations.models import Organisation
Organisation.objects.create(name="Bänkeby kommun", municipality_code="9901")
get_user_model().objects.create_superuser("bench", "bench@example.org", "bench-password-1")
"""

SYSTEMS_WEB = """
from samverkan.core import imports
from samverkan.portfolio.importers import SystemImporter
with open(path, "rb") as handle:
    batch = imports.stage(user, SystemImporter, File(handle, name="system.csv"))
client = Client(HTTP_HOST="localhost")
client.force_login(user)
response = client.get(f"/system/import/{batch.pk}/")
batch.refresh_from_db()
note = f"HTTP {response.status_code}, batch {batch.status}"
"""
SYSTEMS_WORKER = """
from samverkan.core.tasks import analyse_import, commit_import
batch = ImportBatch.objects.latest("pk")
analyse_import.call(batch.pk, "samverkan.portfolio.importers.SystemImporter", user.pk)
batch.refresh_from_db()
note = f"analysed: {batch.error_count} errors; first: {(batch.errors or [{}])[0].get('message', '')}"
"""


def systems_csv(path: Path, size: int) -> None:
    line = "System {n};Bänkeby kommun;Ett system med en beskrivning som fyller ut raden;;;\r\n"
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("Namn;Ägare;Beskrivning;Servicefönster;Adress;Användning\r\n")
        n = 0
        while out.tell() < size:
            out.writelines(line.format(n=n + i) for i in range(10_000))
            n += 10_000


LEDGER_WEB = """
from samverkan.ledger import services
with open(path, "rb") as handle:
    batch = services.stage_file(user, org, File(handle, name=os.path.basename(path)))
if batch.options.get("format") != "sie":
    services.confirm_mapping(user, batch, batch.options["mapping"])
client = Client(HTTP_HOST="localhost")
client.force_login(user)
response = client.get(f"/ekonomi/importer/{batch.pk}/")
batch.refresh_from_db()
note = f"HTTP {response.status_code}, batch {batch.status}"
"""
LEDGER_WORKER = """
from samverkan.ledger.tasks import analyse_ledger_file, import_ledger_file
batch = ImportBatch.objects.filter(kind__startswith="ledger").latest("pk")
analyse_ledger_file.call(batch.pk)
batch.refresh_from_db()
analysed = f"analysed {batch.rows_total} rows, {batch.error_count} errors"
import_ledger_file.call(batch.pk, user.pk, True)  # replaces the period of the kind before
batch.refresh_from_db()
note = f"{analysed}; import {batch.status}, {batch.rows_total} rows"
"""
LEDGER_CLI = """
import io
from django.core.management import call_command
copy = path + ".kopia" + os.path.splitext(path)[1]
with open(path, "rb") as source, open(copy, "wb") as target:
    while chunk := source.read(1 << 20):
        target.write(chunk)
    target.write(b"\\n")  # other bytes, same rows: imported again, replacing the period
out = io.StringIO()
call_command("import-ledger", copy, "--organisation", "9901", "--user", "bench", "--replace",
             stdout=out)
os.unlink(copy)
note = out.getvalue().strip().splitlines()[0][:80]
"""

LEDGER_STEPS = [("web", LEDGER_WEB), ("worker", LEDGER_WORKER), ("cli", LEDGER_CLI)]


def ledger_sie(path: Path, size: int) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from ledger_import import generate  # noqa: PLC0415  (a sibling script, not a package)

    generate(path, max(size // 95, 10))


def ledger_csv(path: Path, size: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("Bokföringsdatum;Leverantör;Orgnr;Fakturanr;Konto;Ansvar;Projekt;Belopp;Text\r\n")
        n = 0
        while out.tell() < size:
            out.writelines(f"2021-{1 + i % 12:02d}-{1 + i % 28:02d};Tietoevry Sweden AB;"
                           f"556071-5210;F{n + i};6450;{1000 + i % 90};;{(n + i) % 90000},50;"
                           f"Licens {n + i}\r\n" for i in range(10_000))
            n += 10_000


def ledger_xlsx(path: Path, size: int) -> None:
    from openpyxl import Workbook  # noqa: PLC0415

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Reskontra")
    sheet.append(["Bokföringsdatum", "Leverantör", "Orgnr", "Fakturanr", "Konto", "Ansvar",
                  "Projekt", "Belopp", "Text"])
    for n in range(max(size // 40, 10)):  # about 40 bytes a row on disk
        sheet.append([f"2021-{1 + n % 12:02d}-{1 + n % 28:02d}", "Tietoevry Sweden AB",
                      "556071-5210", f"F{n}", 6450, str(1000 + n % 90), "", n % 90000 + 0.5,
                      f"Licens {n}"])
    workbook.save(path)


SCENARIOS = {
    "systems-csv": (systems_csv, "system.csv", [("web", SYSTEMS_WEB), ("worker", SYSTEMS_WORKER)]),
    "ledger-sie": (ledger_sie, "bok.se", LEDGER_STEPS),
    "ledger-csv": (ledger_csv, "reskontra.csv", LEDGER_STEPS),
    "ledger-xlsx": (ledger_xlsx, "reskontra.xlsx", LEDGER_STEPS),
}


def run(code: str, path: Path, env: dict) -> dict:
    script = PRELUDE + textwrap.dedent(code) + FINISH
    done = subprocess.run([PYTHON, "-c", script, str(path)], env=env, cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=int, default=100)
    parser.add_argument("--only", default=",".join(SCENARIOS))
    parser.add_argument("--steps", default="web,worker,cli",
                        help="which steps to run (the worker's needs the web step's batch)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "SAMVERKAN_DATA_DIR": folder,
               "SAMVERKAN_MAX_IMPORT_BYTES": str(max(args.size_mb * 2, 200) * 2**20)}
        env.pop("DATABASE_URL", None)
        subprocess.run([PYTHON, "-c", SETUP], env=env, cwd=ROOT, check=True)
        for kind in args.only.split(","):
            make, name, steps = SCENARIOS[kind]
            path = Path(folder) / name
            make(path, args.size_mb * 2**20)
            print(f"{kind}: {path.stat().st_size / 2**20:.0f} MB")
            for step, code in steps:
                if step not in args.steps.split(","):
                    continue
                print(f"  {step:7s} {run(code, path, env)}", flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
