"""A year (2026) of the cast's cooperation for the yearly follow-up: plans with goals and risks,
initiatives at several stages with benefits, ledger costs, an approved distribution, populations
and contracts – one of Hallsberg's under secrecy."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from samverkan.contracts.models import Contract
from samverkan.finance import services as finance
from samverkan.finance.tests.factories import PopulationFactory, pool_with, population_key
from samverkan.initiatives.models import Benefit, BenefitYear, Initiative, Participation
from samverkan.ledger.models import CostSummary
from samverkan.planning.models import Goal
from samverkan.planning.tests.factories import GoalFactory, PlanFactory, RiskFactory
from samverkan.testing.factories import ManagementObjectFactory
from samverkan.testing.factories.contracts import ContractFactory, ContractPartyFactory

YEAR = 2026
SECRET_ORE = 3_141_592_65  # Hallsberg's confidential contract: price and booked cost
POPULATION = {"Laxå": 5_600, "Hallsberg": 16_200}


@dataclass
class YearlyWorld:
    laxa: object
    hallsberg: object
    cooperation: object
    secret: Contract
    secret_party: object
    secret_summary: CostSummary


def build(laxa, hallsberg, cooperation, superuser) -> YearlyWorld:
    for org in (laxa, hallsberg):
        PopulationFactory(organisation=org, year=2025, inhabitants=POPULATION[org.name],
                          source="SCB 2025")
    # plans: the cooperation's, Laxå's own and Hallsberg's own
    board = PlanFactory(management_object=ManagementObjectFactory(
        organisation=cooperation, name="Lärplattform"), organisation=cooperation,
        name="Förvaltningsplan Lärplattform 2026")
    GoalFactory(plan=board, title="Fler lärare använder plattformen",
                light=Goal.Light.GREEN)
    GoalFactory(plan=board, title="Färre ärenden", follow_up=Goal.FollowUp.PERCENT, percent=60)
    GoalFactory(plan=board, title="Servicefönster hålls", light=Goal.Light.RED)
    own = PlanFactory(management_object=ManagementObjectFactory(
        organisation=laxa, name="Ekonomisystem"), organisation=laxa,
        name="Förvaltningsplan Ekonomi 2026")
    GoalFactory(plan=own, title="Bokslut i tid")
    other = PlanFactory(management_object=ManagementObjectFactory(
        organisation=hallsberg, name="Vård"), organisation=hallsberg, name="Hallsbergs plan")
    GoalFactory(plan=other, title="Hallsbergs mål", light=Goal.Light.GREEN)
    PlanFactory(management_object=board.management_object, organisation=cooperation,
                year=2025, name="Förra årets plan")
    RiskFactory(plan=board, number=1, description="Leverantören svarar inte", probability=4,
                impact=4)
    only_hallsberg = RiskFactory(plan=board, number=2, description="Hallsbergs nät",
                                 probability=3, impact=4)
    only_hallsberg.affected.add(hallsberg)
    RiskFactory(plan=board, number=3, description="Liten risk", probability=2, impact=2)
    RiskFactory(plan=own, number=1, description="Nyckelperson slutar", probability=3, impact=4)
    RiskFactory(plan=other, number=1, description="Hallsbergs egen risk", probability=4,
                impact=4)
    # initiatives
    common = {"organisation": cooperation, "problem": "Olika lösningar",
              "proposer_organisation": laxa}
    running = Initiative.objects.create(name="Gemensam lärplattform", stage="genomforande",
                                        kind=Initiative.Kind.PROCUREMENT, **common)
    idea = Initiative.objects.create(name="Gemensam e-arkivering", stage="ide",
                                     kind=Initiative.Kind.DEVELOPMENT, **common)
    spread = Initiative.objects.create(name="Laxås bokningssystem", stage="intresse",
                                       kind=Initiative.Kind.SPREADING, **common)
    left = Initiative.objects.create(name="Gemensam växel", stage="projektplan",
                                     kind=Initiative.Kind.RESOURCES, **common)
    for initiative, org, status in ((running, laxa, "bindande"), (running, hallsberg, "bindande"),
                                    (idea, hallsberg, "intresse"), (spread, laxa, "intresse"),
                                    (left, laxa, "avstar"), (left, hallsberg, "intresse")):
        Participation.objects.create(initiative=initiative, organisation=org, status=status)
    money = Benefit.objects.create(initiative=running, name="Lägre licenskostnad",
                                   organisation=laxa, kind=Benefit.Kind.MONEY,
                                   indicator="Licenskostnad, kr")
    BenefitYear.objects.create(benefit=money, year=YEAR, target=120_000_00,
                               realised=95_000_50)
    BenefitYear.objects.create(benefit=money, year=2025, target=50_000_00, realised=50_000_00)
    time = Benefit.objects.create(initiative=running, name="Mindre administration",
                                  organisation=laxa, kind=Benefit.Kind.TIME,
                                  indicator="Timmar per år")
    BenefitYear.objects.create(benefit=time, year=YEAR, target=400, realised=None)
    theirs = Benefit.objects.create(initiative=running, name="Hallsbergs besparing",
                                    organisation=hallsberg, kind=Benefit.Kind.MONEY,
                                    indicator="kr")
    BenefitYear.objects.create(benefit=theirs, year=YEAR, target=300_000_00, realised=10_00)
    # contracts: Laxå's ending next year, passively extended, running on; Hallsberg's secret
    ContractFactory(organisation=laxa, title="Skolplattform", start_date=datetime.date(2024, 1, 1),
                    original_end_date=datetime.date(2027, 6, 30), renewal_period_months=None,
                    notice_period_months=None)
    passive = ContractFactory(organisation=laxa, title="Ekonomisystem",
                              start_date=datetime.date(2020, 1, 1),
                              original_end_date=datetime.date(2022, 12, 31),
                              renewal_period_months=12, notice_period_months=3)
    ContractPartyFactory(contract=passive, organisation=laxa, annual_amount_ore=250_000_00)
    ContractFactory(organisation=laxa, title="Långt avtal", start_date=datetime.date(2025, 1, 1),
                    original_end_date=datetime.date(2030, 12, 31), renewal_period_months=None,
                    notice_period_months=None)
    secret = ContractFactory(organisation=hallsberg, title="Vårdsystem",
                             prices_confidential=True, start_date=datetime.date(2024, 1, 1),
                             original_end_date=datetime.date(2027, 3, 31),
                             renewal_period_months=None, notice_period_months=None)
    party = ContractPartyFactory(contract=secret, organisation=hallsberg,
                                 annual_amount_ore=SECRET_ORE)
    joint = ContractFactory(organisation=cooperation, title="Gemensam lärplattform",
                            start_date=datetime.date(2024, 1, 1),
                            original_end_date=datetime.date(2027, 12, 31),
                            renewal_period_months=None, notice_period_months=None)
    ContractPartyFactory(contract=joint, organisation=laxa, annual_amount_ore=40_000_00)
    ContractPartyFactory(contract=joint, organisation=hallsberg, annual_amount_ore=110_000_00)
    # ledger: booked IT cost; Hallsberg's includes the secret contract's
    CostSummary.objects.create(organisation=laxa, year=YEAR, category="saas",
                               amount_ore=1_234_567_89, line_count=3)
    CostSummary.objects.create(organisation=laxa, year=YEAR, category="", amount_ore=9_99,
                               line_count=1)
    CostSummary.objects.create(organisation=hallsberg, year=YEAR, category="licenser",
                               amount_ore=2_000_000_00, line_count=5)
    summary = CostSummary.objects.create(organisation=hallsberg, year=YEAR, category="saas",
                                         contract=secret, amount_ore=SECRET_ORE, line_count=2)
    # finance: the cooperation's approved distribution of the year by population
    pool = pool_with(cooperation, population_key(cooperation), [laxa, hallsberg],
                     amount_ore=1_000_000_00, year=YEAR)
    finance.approve(superuser, pool)
    return YearlyWorld(laxa, hallsberg, cooperation, secret, party, summary)
