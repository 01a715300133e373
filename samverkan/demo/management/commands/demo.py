"""`samverkan demo [ADDRESS:PORT]`: migrate, load reference and example data, create the demo
logins, print how to log in, and serve (with the background task worker and the scheduler,
restarted if they die) until Ctrl+C or SIGTERM."""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from samverkan.demo import analysis as analysis_demo
from samverkan.demo import assessments as assessments_demo
from samverkan.demo import benchmarks as benchmarks_demo
from samverkan.demo import contracts as contracts_demo
from samverkan.demo import examples, processes, sydnarke
from samverkan.demo import finance as finance_demo
from samverkan.demo import initiatives as initiatives_demo
from samverkan.demo import ledger as ledger_demo
from samverkan.demo import planning as planning_demo
from samverkan.demo import report_analyses as report_analyses_demo
from samverkan.demo import reports as reports_demo
from samverkan.organisations.services import load_reference_data
from samverkan.portfolio.services import load_capabilities


class Command(BaseCommand):
    help = "Startar Samverkan med exempeldata för Sydnärke (SQLite)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true",
                            help="Ladda bara data; starta ingen webbserver.")

    def handle(self, *args, addrport, no_serve, **options):
        call_command("migrate", interactive=False, verbosity=0)
        reference = load_reference_data()
        load_capabilities()
        result = sydnarke.load()
        contracts_demo.load()
        ledger_demo.load()
        finance_demo.load()
        users = sydnarke.create_demo_users()
        planning_demo.load()
        initiatives_demo.load()
        assessments_demo.load()
        analysis_demo.load()
        reports_demo.load()
        report_analyses_demo.load()
        benchmarks_demo.load()
        self.stdout.write(self.style.SUCCESS(
            f"Referensdata: {reference.created} nya, {reference.updated} ändrade, "
            f"{reference.unchanged} oförändrade organisationer. "
            f"Exempel Sydnärke: {result['systems']} system."))
        host = addrport if ":" in addrport else f"127.0.0.1:{addrport}"
        self.stdout.write(f"\nSamverkan: http://{host}/\n")
        self.stdout.write("Inloggningar (lösenord: demo):")
        descriptions = {
            "admin": "administratör för allt",
            "laxa": "redaktör, Laxå kommun",
            "hallsberg": "läsare, Hallsberg kommun",
            "sydnarke": "redaktör, Sydnärkes IT-nämnd",
        }
        for name in users:
            self.stdout.write(f"  {name:<10} {descriptions.get(name, '')}")
        example = examples.write_system_import(settings.DATA_DIR / "exempel")
        self.stdout.write(f"\nExempelfil att importera (System → Importera): {example}\n")
        if no_serve:
            return
        # the demo is the development server's intended use; its warning would only alarm
        os.environ["DJANGO_RUNSERVER_HIDE_WARNING"] = "true"
        background = processes.Supervisor(processes.COMMANDS)
        processes.stop_on_sigterm()
        background.start()
        try:
            call_command("runserver", host, use_reloader=False)
        finally:
            background.stop()
