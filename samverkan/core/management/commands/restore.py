"""`samverkan restore BACKUP`: restore a backup folder into the configured database (which must
be empty) and data folder (whose files/ must be empty)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from samverkan.core import backup


class Command(BaseCommand):
    help = "Återställer en säkerhetskopia till en tom databas och datamapp."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="Mappen som `samverkan backup` skapade.")

    def handle(self, *args, source, **options):
        try:
            backup.restore(source, connections["default"], Path(settings.DATA_DIR))
        except (backup.BackupError, OSError) as error:
            raise CommandError(f"Återställningen misslyckades: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Återställd från {source}"))
