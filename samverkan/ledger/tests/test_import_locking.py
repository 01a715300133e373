"""SQLite lets one writer at a time. A ledger import must not shut other writers out while it
reads a large file (a web upload, a saved session, the task worker), and must itself ride out
another connection's short write transaction. Run in a process of its own, on a database file:
the test database is in memory, where connections do not lock one another the same way."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = '''
import os, sqlite3, sys, threading, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
import django
django.setup()
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
call_command("migrate", verbosity=0)
from samverkan.ledger import importing
from samverkan.ledger.models import CostLine
from samverkan.organisations.models import Organisation
Organisation.objects.create(name="Bänkeby kommun", municipality_code="9901")
get_user_model().objects.create_superuser("ekonom", "e@example.org", "ett-losenord-1")
database = settings.DATABASES["default"]["NAME"]
writes = []

def begin_write(timeout):
    other = sqlite3.connect(database, timeout=timeout, isolation_level=None,
                            check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("CREATE TABLE IF NOT EXISTS other_writer (at REAL)")
    other.execute("INSERT INTO other_writer VALUES (?)", (time.time(),))
    return other

stream = importing._stream
def stream_while_another_writes(*args, **kwargs):
    # while the import reads the file, another connection writes without waiting at all
    begin_write(0).execute("COMMIT")
    writes.append("while reading")
    return stream(*args, **kwargs)
importing._stream = stream_while_another_writes

holder = begin_write(0)  # the import starts while another write transaction is open
threading.Timer(1.0, lambda: holder.execute("COMMIT")).start()
call_command("import-ledger", sys.argv[1], "--organisation", "9901", "--user", "ekonom")
print("rows", CostLine.objects.count(), "writes", len(writes))
'''


def test_an_import_and_another_writer_do_not_shut_each_other_out(tmp_path):
    ledger = tmp_path / "reskontra.csv"
    lines = [f"2024-{1 + n % 12:02d}-{1 + n % 28:02d};Tietoevry Sweden AB;556071-5210;F{n};6450;"
             f"{1000 + n % 90};;{n % 9000},50;Licens {n}" for n in range(3000)]
    ledger.write_text("Bokföringsdatum;Leverantör;Orgnr;Fakturanr;Konto;Ansvar;Projekt;Belopp;"
                      "Text\r\n" + "\r\n".join(lines) + "\r\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",
                                                            "DJANGO_SETTINGS_MODULE")}
    env["SAMVERKAN_DATA_DIR"] = str(tmp_path)
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(ledger)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    rows, writes = done.stdout.split("rows ")[-1].split(" writes ")
    assert int(rows) == 3000 and int(writes) >= 1  # every pass over the file
