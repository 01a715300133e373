"""Example initiatives for the demo, on the seeds' figures.

- «Gemensam upphandling av ny lärplattform» ([001] «Estimat ny lärplattform»): proposed by
  Laxå, approved by Sydnärke's programme steering group, all four municipalities sign SGM3;
  the project budget is the seed's internal cost together, 2 337 500 kr, split by the
  population of the agreement's year (2025); the benefit is the seed's saving potential
  2 592 500 kr (4 930 000 − 2 337 500, 47 %), marked «indikation» as the seed says («Siffrorna
  kan inte ens ses som ett estimat utan mer som en indikation»); handed over to the existing
  management object Lärplattform.
- A Sambruk-style spreading initiative ([002] steps A–D): Laxå offers its own solution as a
  gift (SGM4), the members are informed and two have registered interest so far.

`load()` is idempotent. Dates and the spreading initiative's content are examples."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from samverkan.core import services as core_services
from samverkan.initiatives.models import Benefit, BenefitYear, CostYear, Initiative
from samverkan.initiatives.services import priority, project, stages
from samverkan.organisations.models import Organisation, Person
from samverkan.planning.models import Meeting, SteeringGroup
from samverkan.portfolio.models import ManagementObject

from . import sydnarke

PROCUREMENT = "Gemensam upphandling av ny lärplattform"
SPREADING = "Spridning av Laxås e-tjänst för skolskjuts"
GROUP = "Programstyrgrupp Sydnärke"
TOGETHER_ORE = 233_750_000  # [001] «Summa internkostnad», alla i samverkan: 2 337 500 kr
ALONE_FOUR_ORE = 493_000_000  # fyra kommuner var för sig: 4 930 000 kr


@transaction.atomic
def load() -> dict:
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        return {}
    board = Organisation.objects.get(name=sydnarke.COOPERATION)
    towns = sydnarke.municipalities()
    group, meetings = _programme_group(admin, board)
    priority.ensure_criteria(board)
    return {"procurement": _procurement(admin, board, towns, group, meetings),
            "spreading": _spreading(admin, board, towns, group, meetings)}


def _programme_group(admin, board):
    group = SteeringGroup.objects.filter(organisation=board, name=GROUP).first() or \
        core_services.save_record(admin, SteeringGroup(
            organisation=board, name=GROUP, level=SteeringGroup.Level.PROGRAMME,
            mandate="Godkänner och prioriterar kommungemensamma initiativ; frågor utanför "
                    "mandatet lyfts till kommunledningsgrupperna."))
    meetings = {}
    for day in (datetime.date(2025, 3, 11), datetime.date(2025, 4, 1),
                datetime.date(2026, 1, 20)):
        meetings[day] = Meeting.objects.filter(steering_group=group, held_on=day).first() or \
            core_services.save_record(admin, Meeting(
                organisation=board, steering_group=group, held_on=day, place="Hallsberg",
                title="Programstyrgruppens möte"))
    return group, meetings


def _procurement(admin, board, towns, group, meetings) -> Initiative:
    found = Initiative.objects.filter(name=PROCUREMENT, organisation=board).first()
    if found is not None:
        return found
    laxa = towns["1860"]
    initiative = stages.propose(admin, Initiative(
        organisation=board, name=PROCUREMENT, kind=Initiative.Kind.PROCUREMENT,
        problem="Fyra kommuner med olika lärplattformar (Unikum, Infomentor, Haldor "
                "Education); «På lärplattformssidan verkar man generellt inte särskilt nöjd "
                "med det val man gjort».",
        proposed_solution="Gemensam kravställning, upphandling och implementation av en "
                          "lärplattform.",
        proposer_organisation=laxa, steering_group=group), on=datetime.date(2025, 2, 3))
    first, agreed, handed = sorted(meetings)
    stages.package(admin, initiative, on=datetime.date(2025, 2, 20),
                   proposal="Samverkansprojekt: kravställning 1 000 h, upphandling 500 h, "
                            "implementation 4 000 h tillsammans i stället för 11 600 h var "
                            "för sig.")
    stages.inform_members(admin, initiative, meeting=meetings[first], on=first,
                          note="Godkänt och prioriterat; informeras till alla medlemmar.")
    stages.open_interest(admin, initiative, on=first)
    for town in towns.values():
        stages.register_interest(admin, initiative, town, on=datetime.date(2025, 3, 20))
    stages.propose_plan(admin, initiative, project_budget_ore=TOGETHER_ORE,
                        on=datetime.date(2025, 3, 25))
    for code, participation in ((p.organisation.municipality_code, p)
                                for p in initiative.participations.select_related(
                                    "organisation")):
        stages.sign(admin, participation, agreement="SGM3", on=agreed,
                    signatory=Person.objects.get(name=sydnarke.SCHOOL_HEADS[code]))
    stages.agree(admin, initiative, meeting=meetings[agreed], on=agreed,
                 note="Projektplan och budget 2 337 500 kr fördelad efter folkmängd 2025.")
    project.start_project(admin, initiative, starts_on=agreed,
                          ends_on=datetime.date(2025, 12, 19))
    initiative.refresh_from_db()
    benefit = core_services.save_child(admin, Benefit(
        initiative=initiative, name="Besparing i internkostnad", organisation=board,
        kind=Benefit.Kind.MONEY, indicator="Internkostnad, kr",
        baseline="4 930 000 kr (fyra kommuner var för sig)",
        definition="Lägre internkostnad för kravställning, upphandling och implementation "
                   "när alla gör det tillsammans.",
        owner=Person.objects.get(name="Marcus Cederberg"),
        confidence=Benefit.Confidence.INDICATION, follow_up_on=datetime.date(2026, 3, 31),
        winner="Kommunerna behåller sin andel av besparingen (beslut i programstyrgruppen)."),
        initiative)
    core_services.save_child(admin, BenefitYear(benefit=benefit, year=2025,
                                                target=ALONE_FOUR_ORE - TOGETHER_ORE),
                             initiative)
    core_services.save_child(admin, CostYear(initiative=initiative, year=2025,
                                             amount_ore=TOGETHER_ORE,
                                             note="Internkostnad tillsammans"), initiative)
    learning = ManagementObject.objects.get(name="Lärplattform", organisation=board)
    return project.hand_over(admin, initiative, meeting=meetings[handed], on=handed,
                             management_object=learning)


def _spreading(admin, board, towns, group, meetings) -> Initiative:
    found = Initiative.objects.filter(name=SPREADING, organisation=board).first()
    if found is not None:
        return found
    laxa = towns["1860"]
    initiative = stages.propose(admin, Initiative(
        organisation=board, name=SPREADING, kind=Initiative.Kind.SPREADING,
        problem="Ansökan om skolskjuts hanteras på papper i tre av kommunerna.",
        proposed_solution="Laxå har en egen e-tjänst som övriga kan använda (SGM4 Gåva, "
                          "SGM5 Användning).",
        proposer_organisation=laxa, steering_group=group), on=datetime.date(2025, 2, 10))
    first = min(meetings)
    stages.package(admin, initiative, on=datetime.date(2025, 2, 24),
                   proposal="Breddning av nyttjandegruppen: förvaltningsmodell med "
                            "gemensam förvaltningsbudget; Laxå som gåvokommun betalar ingen "
                            "förvaltningsavgift.")
    stages.inform_members(admin, initiative, meeting=meetings[first], on=first)
    stages.open_interest(admin, initiative, on=first)
    for code in ("1860", "1861", "1882"):
        participation = stages.register_interest(admin, initiative, towns[code],
                                                 on=datetime.date(2025, 3, 28))
        if code == "1860":
            participation.gave_solution = True
            core_services.save_child(admin, participation, initiative,
                                     expected_version=participation.version)
    return initiative
