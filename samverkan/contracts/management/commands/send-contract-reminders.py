"""`samverkan send-contract-reminders [--date YYYY-MM-DD] [--dry-run]`: e-mail the responsible
people of contracts whose notice deadline approaches. Run it daily (cron or a systemd timer);
a reminder is never sent twice for the same deadline."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from samverkan.contracts import reminders


class Command(BaseCommand):
    help = "Skickar påminnelser om avtal vars sista uppsägningsdag närmar sig."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Räkna som om det vore detta datum (ÅÅÅÅ-MM-DD).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Visa bara hur många påminnelser som skulle skickas.")

    def handle(self, *args, date=None, dry_run=False, **options):
        try:
            on = datetime.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"Ogiltigt datum: {date} (ange ÅÅÅÅ-MM-DD).") from None
        count = reminders.send_contract_reminders(on, dry_run=dry_run)
        if dry_run:
            self.stdout.write(f"{count} påminnelser skulle skickas.")
        else:
            self.stdout.write(self.style.SUCCESS(f"{count} påminnelser skickade."))
