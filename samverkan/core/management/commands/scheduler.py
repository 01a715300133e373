"""`samverkan scheduler [--interval SECONDS] [--once]`: enqueue the registered jobs (contract
reminders, clean-up of finished task results, …) when they are due, for `samverkan db_worker`
to run. Run one beside each worker; several schedulers enqueue a due job only once."""

import signal
import threading

from django.core.management.base import BaseCommand

from samverkan.core import schedule


class Command(BaseCommand):
    help = "Lägger schemalagda jobb (avtalspåminnelser, städning m.m.) i kön när de ska köras."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=30.0,
                            help="Sekunder mellan kontrollerna (standard 30).")
        parser.add_argument("--once", action="store_true",
                            help="Kontrollera en gång och avsluta.")

    def handle(self, *args, interval, once, **options):
        if once:
            for name in schedule.run_due():
                self.stdout.write(f"{name}: lagt i kön")
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        names = ", ".join(job.name for job in schedule.jobs())
        self.stdout.write(f"Schemaläggaren kör ({names}); kontroll var {interval:g}:e sekund.")
        schedule.run_forever(stop, interval)
