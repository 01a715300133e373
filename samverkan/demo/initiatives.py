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
- Two more initiatives at the idea stage, the programme steering group's answers to [004]'s
  four routine questions, and the three open initiatives scored on the seed-derived criteria
  (equal weights), so the prioritisation page ranks them.
- Benefit follow-up: the procurement's saving realised in 2025, its 2026 value past its
  follow-up date without a value (overdue), and a time benefit in Hallsberg realised in 2025
  and 2026.

`load()` is idempotent. Dates and the spreading initiative's content are examples."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from samverkan.core import services as core_services
from samverkan.finance.services import pools
from samverkan.initiatives.models import (
    DEFAULT_CRITERIA,
    Benefit,
    BenefitYear,
    CostYear,
    Criterion,
    Initiative,
    PrioritisationDecision,
    Routine,
    Score,
)
from samverkan.initiatives.services import invoicing, priority, project, stages
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
    found = {"procurement": _procurement(admin, board, towns, group, meetings),
             "spreading": _spreading(admin, board, towns, group, meetings),
             "archive": _idea(admin, board, towns["1861"], group, ARCHIVE),
             "licences": _idea(admin, board, towns["1882"], group, LICENCES)}
    _routine(admin, board, group)
    _scores(admin, board, found)
    _decide(admin, board, meetings[PRIORITISED_ON])
    _realised(admin, found["procurement"], towns)
    return found


ARCHIVE = ("Gemensamt e-arkiv", Initiative.Kind.FEASIBILITY,
           "Arkivlagen kräver e-arkiv; var och en av kommunerna utreder det för sig.",
           "Gemensam förstudie och kravställning för ett e-arkiv.", datetime.date(2026, 1, 12))
LICENCES = ("Gemensam licensförvaltning", Initiative.Kind.RESOURCES,
            "Licenser köps och följs upp av varje kommun; ingen vet vad som används.",
            "En gemensam licensförvaltare i IT-nämnden.", datetime.date(2026, 2, 2))
PRIORITISED_ON = datetime.date(2026, 3, 17)
PRIORITISED_STAGES = (Initiative.Stage.IDEA, Initiative.Stage.PACKAGED, Initiative.Stage.INFORMED,
                      Initiative.Stage.INTEREST, Initiative.Stage.PLAN)
# scores 1–100 per criterion code, in the order of DEFAULT_CRITERIA (examples)
SCORES = {
    "licences": (70, 85, 50, 80, 20, 10, 60, 70),
    "spreading": (60, 55, 40, 10, 20, 10, 90, 95),
    "archive": (70, 40, 60, 30, 85, 50, 60, 30),
}


def _idea(admin, board, proposer, group, idea) -> Initiative:
    name, kind, problem, solution, on = idea
    found = Initiative.objects.filter(name=name, organisation=board).first()
    if found is not None:
        return found
    return stages.propose(admin, Initiative(
        organisation=board, name=name, kind=kind, problem=problem, proposed_solution=solution,
        proposer_organisation=proposer, steering_group=group), on=on)


def _routine(admin, board, group) -> None:
    if Routine.objects.filter(organisation=board).exists():
        return
    core_services.save_record(admin, Routine(
        organisation=board, steering_group=group,
        who_approves="Programstyrgruppen godkänner initiativ som ryms i budget och mandat; "
                     "större åtaganden beslutas av varje kommun.",
        criteria_text="De åtta kriterierna nedan med lika vikt; avtal som löper ut hämtas ur "
                      "avtalsregistret.",
        escalation="Frågor som kräver nya medel eller ändrad organisation lyfts till "
                   "kommunledningsgrupperna.",
        reporting="Projektstatus och nyttor till varje möte, var tredje månad.",
        reporting_months=3))


def _scores(admin, board, initiatives) -> None:
    criteria = {c.code: c for c in Criterion.objects.filter(organisation=board)}
    codes = [code for code, _name in DEFAULT_CRITERIA]
    scores = {}
    for key, values in SCORES.items():
        for code, value in zip(codes, values, strict=True):
            scores[(initiatives[key].pk, criteria[code].pk)] = value
    if not Score.objects.filter(initiative__organisation=board).exists():
        priority.save_scores(admin, board, {c.pk: c.weight for c in criteria.values()}, scores)


def _decide(admin, board, meeting) -> None:
    """The group adopts the ranking of the three open initiatives at its spring meeting."""
    if PrioritisationDecision.objects.filter(organisation=board).exists():
        return
    open_ones = Initiative.objects.filter(organisation=board, stage__in=PRIORITISED_STAGES)
    ranked = priority.ranking(open_ones, list(Criterion.objects.filter(organisation=board)))
    priority.decide(admin, board, meeting, ranked,
                    "E-arkivet tas upp igen när förstudiens budget är känd.")


def _realised(admin, initiative, towns) -> None:
    benefit = initiative.benefits.filter(kind=Benefit.Kind.MONEY).first()
    if benefit is None or benefit.years.filter(year=2026).exists():
        return
    year = benefit.years.get(year=2025)
    year.realised, year.realised_on = 2_100_000_00, datetime.date(2026, 1, 20)
    year.comment = "Utfall efter implementationen; lägre än beräknat."
    core_services.save_child(admin, year, initiative, expected_version=year.version)
    # 2026: due at the benefit's follow-up date (31 March), no value yet: overdue
    core_services.save_child(admin, BenefitYear(benefit=benefit, year=2026,
                                                target=ALONE_FOUR_ORE - TOGETHER_ORE),
                             initiative)
    hallsberg = towns["1861"]
    time = core_services.save_child(admin, Benefit(
        initiative=initiative, name="Mindre tid för administration av lärplattformen",
        organisation=hallsberg, kind=Benefit.Kind.TIME, indicator="Timmar per år",
        baseline="600 h per år med egen plattform", confidence=Benefit.Confidence.ESTIMATE),
        initiative)
    for year, target, realised in ((2025, 400, 300), (2026, 400, 350)):
        core_services.save_child(admin, BenefitYear(
            benefit=time, year=year, target=target, realised=realised,
            realised_on=datetime.date(year, 12, 1)), initiative)


def _programme_group(admin, board):
    group = SteeringGroup.objects.filter(organisation=board, name=GROUP).first() or \
        core_services.save_record(admin, SteeringGroup(
            organisation=board, name=GROUP, level=SteeringGroup.Level.PROGRAMME,
            mandate="Godkänner och prioriterar kommungemensamma initiativ; frågor utanför "
                    "mandatet lyfts till kommunledningsgrupperna."))
    meetings = {}
    for day in (datetime.date(2025, 3, 11), datetime.date(2025, 4, 1),
                datetime.date(2026, 1, 20), PRIORITISED_ON):
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
    first, agreed, handed = sorted(meetings)[:3]
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
    # the agreed budget invoiced to the three through a cost pool approved in Ekonomi
    pools.approve(admin, invoicing.create_pool(admin, initiative))
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
