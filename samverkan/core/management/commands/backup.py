"""`samverkan backup DESTINATION`: back up the database and the uploaded files into a new folder
`DESTINATION/samverkan-<time>/` (see core/backup.py for what it holds)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from samverkan.core import backup


class Command(BaseCommand):
    help = "Säkerhetskopierar databasen och de uppladdade filerna till en ny mapp."

    def add_arguments(self, parser):
        parser.add_argument("destination", type=Path, help="Mapp där säkerhetskopian skapas.")

    def handle(self, *args, destination, **options):
        try:
            target = backup.backup(connections["default"], Path(settings.DATA_DIR), destination)
        except (backup.BackupError, OSError) as error:
            raise CommandError(f"Säkerhetskopieringen misslyckades: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Säkerhetskopia: {target}"))
