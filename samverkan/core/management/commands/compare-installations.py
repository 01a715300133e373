"""`samverkan compare-installations DATABASE_URL DATA_DIR`: compare this installation with
another one (e.g. one restored from a backup): rows and checksum of every table, history
included, and the hash of every uploaded file. Exits with status 1 on any difference."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from samverkan.core import backup


class Command(BaseCommand):
    help = "Jämför denna installation med en annan: antal rader och kontrollsumma per tabell, filer."

    def add_arguments(self, parser):
        parser.add_argument("database_url", help="Den andra installationens DATABASE_URL.")
        parser.add_argument("data_dir", type=Path,
                            help="Den andra installationens datamapp (SAMVERKAN_DATA_DIR).")
        parser.add_argument("--ignore", action="append", default=[], metavar="TABELL",
                            help="Jämför inte denna tabell (kan upprepas), t.ex. django_session "
                                 "när installationen används under jämförelsen.")

    def handle(self, *args, database_url, data_dir, ignore, **options):
        here = backup.fingerprint(connections["default"], Path(settings.DATA_DIR))
        other = backup.other_database(database_url)
        try:
            there = backup.fingerprint(other, data_dir)
        finally:
            backup.release(other)
        for fingerprint in (here, there):
            for table in ignore:
                fingerprint.tables.pop(table, None)
        differences = backup.compare(here, there)
        rows = sum(count for count, _ in here.tables.values())
        for line in differences:
            self.stderr.write(line)
        if differences:
            raise CommandError(f"{len(differences)} skillnader.", returncode=1)
        self.stdout.write(self.style.SUCCESS(
            f"Lika: {len(here.tables)} tabeller ({rows} rader), {len(here.files)} filer."))
