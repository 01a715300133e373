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

    def handle(self, *args, database_url, data_dir, **options):
        here = backup.fingerprint(connections["default"], Path(settings.MEDIA_ROOT))
        other = backup.other_database(database_url)
        try:
            there = backup.fingerprint(other, data_dir / "files")
        finally:
            backup.release(other)
        differences = backup.compare(here, there)
        rows = sum(count for count, _ in here.tables.values())
        for line in differences:
            self.stderr.write(line)
        if differences:
            raise CommandError(f"{len(differences)} skillnader.", returncode=1)
        self.stdout.write(self.style.SUCCESS(
            f"Lika: {len(here.tables)} tabeller ({rows} rader), {len(here.files)} filer."))
