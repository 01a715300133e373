"""Measure generating report documents: time and peak memory of a full steering pack (every
section, the analyses included) in PowerPoint, Excel and print, a plan's status report and a
steering group's roll-up.

Two data sets:

- `--demo` (the default): the demo cooperation (Sydnärke), loaded into the configured database
  by the demo loaders if it is not there yet; the pack is its meeting of 2022-11-29 with the
  analyses of seed 001 (procurement, hosting, licences 2021, TIME, scenarios).
- `--national`: the data of `portfolio_generate.py` + `planning_generate.py`; the pack is that
  of the meeting of the plan with the most time reports (one is added if none exists), the
  status report that plan's, the roll-up the country's family group of 2 000 objects.
- `--national --cooperation`: as `--national`, on a database that also holds
  `analysis_generate.py`'s data (assessments, contracts, ledger summaries); the pack is a
  meeting of the joint IT board with the most members, with the analyses chosen for it: a
  procurement and a hosting calculation for its members, a scenario of both, the licence
  comparison of the latest reconciled year and TIME for every member's latest results.

    SAMVERKAN_DATA_DIR=data/bench-reports .venv/bin/python bench/reports_pack_measure.py -n 5
    SAMVERKAN_DATA_DIR=data/bench .venv/bin/python bench/reports_pack_measure.py --national
    SAMVERKAN_DATA_DIR=data/bench/national .venv/bin/python bench/reports_pack_measure.py \
        --national --cooperation

Each document is built and rendered N times as a superuser (after one warm-up); the script
prints p50 and max wall time per document and format, the peak of Python's own allocations
(tracemalloc) in one build + render, and the process's peak resident memory so far (which
also counts lxml's C allocations, Django and the loaded data). Targets (the reports issue): a
full pack ≤ 5 s, peak memory ≤ 300 MB. It exits with status 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import datetime
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")

TARGET_S = 5.0
TARGET_MB = 300
FORMATS = ("pptx", "xlsx", "html")


def setup():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def load_demo():

    from samverkan.demo import analysis, assessments, contracts, finance, ledger, planning
    from samverkan.demo import report_analyses as reports_demo
    from samverkan.demo import sydnarke as sydnarke_demo
    from samverkan.organisations.services import load_reference_data
    from samverkan.planning.models import Meeting
    from samverkan.portfolio.services import load_capabilities

    if not Meeting.objects.filter(held_on=reports_demo.MEETING_DAY).exists():
        load_reference_data()
        load_capabilities()
        sydnarke_demo.load()
        contracts.load()
        ledger.load()
        finance.load()
        planning.load()
        assessments.load()
        analysis.load()
    found = reports_demo.load()
    from samverkan.planning.models import SteeringGroup

    meeting = found["meeting"]
    group = SteeringGroup.objects.filter(organisation=meeting.organisation,
                                         level=SteeringGroup.Level.PORTFOLIO).first()
    return meeting, meeting.project, group


def national():
    from django.db.models import Count

    from samverkan.planning.models import Meeting, Plan, SteeringGroup

    plan = (Plan.objects.filter(name__startswith="Bench: ")
            .annotate(n=Count("activities__time_reports")).order_by("-n", "pk").first())
    if plan is None:
        sys.exit("No bench data: run bench/portfolio_generate.py and bench/planning_generate.py")
    meeting = Meeting.objects.filter(management_object=plan.management_object).first()
    if meeting is None:
        meeting = Meeting.objects.create(
            organisation=plan.organisation, management_object=plan.management_object,
            title="Bench: styrgruppsmöte", held_on=datetime.date(plan.year, 11, 30))
    group = SteeringGroup.objects.filter(name__startswith="Bench: ",
                                         level="objektfamilj").first()
    return meeting, plan, group


def cooperation_meeting(user):
    """A meeting of the joint board with the most members, with analyses chosen for it (made
    the first time, as its object manager would)."""
    from django.db.models import Count

    from samverkan.analysis.models import Calculation, Scenario
    from samverkan.analysis.services import calculations
    from samverkan.ledger import reconciliation
    from samverkan.organisations.models import Organisation
    from samverkan.planning.models import Meeting, Plan
    from samverkan.reports import analyses

    board = (Organisation.objects.filter(kind__in=Organisation.JOINT_KINDS)
             .annotate(n=Count("member_links")).order_by("-n", "pk").first())
    if board is None or not reconciliation.available_years():
        sys.exit("No analysis data: run bench/analysis_generate.py on this database first")
    plan = (Plan.objects.filter(name__startswith="Bench: ", organisation=board)
            .annotate(n=Count("activities__time_reports")).order_by("-n", "pk").first())
    meeting = Meeting.objects.filter(organisation=board, title="Bench: samverkansmöte").first()
    if meeting is None:
        meeting = Meeting.objects.create(
            organisation=board, title="Bench: samverkansmöte",
            management_object=plan.management_object if plan else None,
            held_on=datetime.date(2026, 11, 30))
    if analyses.stored(meeting) is None:
        members = list(board.members_on(meeting.held_on).values_list("pk", flat=True))
        procurement = calculations.save_calculation(user, Calculation(
            organisation=board, name="Bench: gemensam upphandling", year=2026, owner=user,
            kind=Calculation.Kind.PROCUREMENT), {
                "members": members, "activities": [
                    {"name": "Kravställning", "hours_alone": "500", "hours_together": "1000"},
                    {"name": "Upphandling", "hours_alone": "400", "hours_together": "500"},
                    {"name": "Implementation", "hours_alone": "2000",
                     "hours_together": "4000"}]})
        hosting = calculations.save_calculation(user, Calculation(
            organisation=board, name="Bench: drift", year=2026, owner=user,
            kind=Calculation.Kind.HOSTING), {
                "members": members, "horizon_months": 36, "alternatives": [
                    {"name": "Egen drift", "lines": [
                        {"label": "Servrar", "quantity": "10", "unit_price_ore": 500_00}]},
                    {"name": "Leverantörens moln", "lines": [
                        {"label": "Drift", "quantity": str(len(members)),
                         "unit_price_ore": 3_000_00},
                        {"label": "Flytt", "quantity": "1", "unit_price_ore": 200_000_00,
                         "one_off": True, "spread_months": 36}]}]})
        scenario = Scenario.objects.create(organisation=board, name="Bench: scenario",
                                           owner=user, recommended=True)
        calculations.add_step(user, scenario, "Gemensam upphandling", procurement)
        calculations.add_step(user, scenario, "Gemensam drift", hosting)
        analyses.save_choice(user, meeting, [procurement, hosting], [scenario],
                             reconciliation.available_years()[0])
    return meeting, plan


def measure(kind: str, subject, user, n: int) -> list[tuple[str, float, float, float]]:
    from samverkan.reports import services

    rows = []
    for fmt in FORMATS:
        services.document(user, kind, subject, fmt=fmt)  # warm-up
        times = []
        for _i in range(n):
            start = time.perf_counter()
            services.document(user, kind, subject, fmt=fmt)
            times.append(time.perf_counter() - start)
        tracemalloc.start()
        services.document(user, kind, subject, fmt=fmt)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
        rows.append((fmt, statistics.median(times), max(times), peak, rss))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=5, help="builds per document and format")
    parser.add_argument("--national", action="store_true",
                        help="the national-scale bench data instead of the demo")
    parser.add_argument("--cooperation", action="store_true",
                        help="with --national: the pack of a joint board's meeting with its "
                             "analyses (needs analysis_generate.py's data)")
    args = parser.parse_args()
    setup()
    from django.contrib.auth import get_user_model

    from samverkan.reports.status_documents import GroupYear

    users = get_user_model().objects
    if not users.filter(is_superuser=True).exists():
        users.create_superuser("bench-admin", password="bench")
    user = users.filter(is_superuser=True).order_by("pk").first()
    meeting, plan, group = national() if args.national else load_demo()
    if args.national and args.cooperation:
        meeting, plan = cooperation_meeting(user)
    documents = [("steering-pack", meeting, f"steering pack {meeting.held_on}")]
    if plan is not None:
        documents.append(("status-report", plan, f"status report {plan}"))
    if group is not None:
        documents.append(("rollup", GroupYear(group, plan.year or datetime.date.today().year),
                          f"roll-up {group} ({group.covered_objects().count()} objects)"))
    print(f"load average {os.getloadavg()[0]:.1f}; {args.n} builds per document and format")
    print(f"{'document':<60} {'format':<6} {'p50 s':>7} {'max s':>7} {'py MB':>7} "
          f"{'RSS MB':>7}")
    missed = False
    for kind, subject, label in documents:
        for fmt, p50, worst, peak, rss in measure(kind, subject, user, args.n):
            flag = ""
            if worst > TARGET_S or rss > TARGET_MB:
                flag, missed = "  MISSED", True
            print(f"{label[:60]:<60} {fmt:<6} {p50:7.2f} {worst:7.2f} {peak:7.1f} {rss:7.0f}"
                  f"{flag}")
    print(f"load average {os.getloadavg()[0]:.1f}")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
