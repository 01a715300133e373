"""`samverkan import_population FILE [--source TEXT]`: SCB's yearly population table (CSV)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samverkan.core.tabular import FileRejected
from samverkan.organisations.services import SCB_SOURCE, import_population


class Command(BaseCommand):
    help = "Importerar folkmängd per kommun och år från SCB:s tabell (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", default=SCB_SOURCE)

    def handle(self, *args, file, source, **options):
        if not file.is_file():
            raise CommandError(f"Filen {file} finns inte.")
        try:
            result = import_population(None, file.read_bytes(), source)
        except FileRejected as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(
            f"Folkmängd: {result.created} nya, {result.updated} ändrade, "
            f"{result.unchanged} oförändrade."))
