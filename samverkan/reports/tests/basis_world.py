"""A decision basis with every part filled: the cooperation's steering group decides on a joint
learning platform (management object Lärplattform, a system used by Laxå and Hallsberg, Laxå's
contract whose prices are under secrecy with its booked cost), an initiative whose project budget
is split by population, and a scenario whose procurement saves per member."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from samverkan.analysis.models import Calculation, HourlyCost, Scenario
from samverkan.analysis.services import calculations
from samverkan.core.services import save_record
from samverkan.initiatives.models import Benefit, BenefitYear, Initiative, Participation
from samverkan.ledger.models import CostSummary
from samverkan.organisations.models import Population
from samverkan.planning.models import AgendaItem
from samverkan.planning.tests.factories import MeetingFactory, PlanFactory, RiskFactory
from samverkan.reports import basis as bases
from samverkan.reports.models import DecisionBasis
from samverkan.testing.factories import ManagementObjectFactory
from samverkan.testing.factories.contracts import ContractFactory, ContractPartyFactory
from samverkan.testing.factories.portfolio import SystemFactory, SystemUsageFactory

SECRET_ORE = 4_711_123_45  # Laxå's contracted amount per year, under secrecy
SECRET_COST_ORE = 3_999_876_54  # what Laxå's ledger booked on that contract in 2025
OPEN_ORE = 250_000_00  # an open contract's amount
YEAR = 2026


@dataclass
class BasisWorld:
    basis: DecisionBasis
    item: AgendaItem
    initiative: Initiative
    scenario: Scenario
    party: object
    summary: CostSummary
    laxa: object
    hallsberg: object


@pytest.fixture
def basis_world(laxa, hallsberg, cooperation, coop_editor) -> BasisWorld:
    for org, inhabitants in ((laxa, 5476), (hallsberg, 16032)):
        Population.objects.create(organisation=org, year=YEAR, inhabitants=inhabitants,
                                  source="SCB")
    obj = ManagementObjectFactory(organisation=cooperation, name="Lärplattform")
    system = SystemFactory(organisation=laxa, name="Lärplattformen", management_object=obj)
    SystemUsageFactory(system=system, organisation=laxa, users=120)
    SystemUsageFactory(system=system, organisation=hallsberg, users=80)
    secret = ContractFactory(organisation=laxa, title="Lärplattformsavtalet",
                             prices_confidential=True)
    secret.management_objects.add(obj)
    party = ContractPartyFactory(contract=secret, organisation=laxa, annual_amount_ore=SECRET_ORE)
    open_contract = ContractFactory(organisation=hallsberg, title="Supportavtalet")
    open_contract.systems.add(system)
    ContractPartyFactory(contract=open_contract, organisation=hallsberg,
                         annual_amount_ore=OPEN_ORE)
    summary = CostSummary.objects.create(organisation=laxa, year=YEAR - 1, contract=secret,
                                         category="licenser", amount_ore=SECRET_COST_ORE,
                                         line_count=1)
    CostSummary.objects.create(organisation=hallsberg, year=YEAR - 1, contract=open_contract,
                               category="drift", amount_ore=12_345_67, line_count=1)
    plan = PlanFactory(management_object=obj, organisation=cooperation, year=YEAR,
                       name="Förvaltningsplan Lärplattform")
    RiskFactory(plan=plan, number=1, description="Kommunerna enas inte", probability=3,
                impact=4)
    meeting = MeetingFactory(management_object=obj, organisation=cooperation,
                             held_on=datetime.date(YEAR, 11, 30))
    item = AgendaItem.objects.create(meeting=meeting, order=2, title="Gemensam lärplattform",
                                     kind=AgendaItem.Kind.DECISION, documents="Slutrapport")
    initiative = Initiative.objects.create(
        organisation=cooperation, name="Gemensam upphandling", kind=Initiative.Kind.PROCUREMENT,
        problem="Två plattformar", proposer_organisation=laxa, stage=Initiative.Stage.PLAN,
        project_budget_ore=1_000_000_01, management_budget_ore=300_000_00, agreement_year=YEAR)
    for org in (laxa, hallsberg):
        Participation.objects.create(initiative=initiative, organisation=org)
    benefit = Benefit.objects.create(initiative=initiative, name="Lägre licenskostnad",
                                     organisation=hallsberg, kind=Benefit.Kind.MONEY,
                                     indicator="kr")
    BenefitYear.objects.create(benefit=benefit, year=YEAR + 1, target=55_000_00)
    Benefit.objects.create(initiative=initiative, name="Gemensam kravbild",
                           organisation=cooperation, kind=Benefit.Kind.QUALITY, indicator="")
    save_record(coop_editor, HourlyCost(organisation=cooperation, year=YEAR, rate_ore=425_00))
    calc = calculations.save_calculation(coop_editor, Calculation(
        organisation=cooperation, name="Ny lärplattform", year=YEAR,
        kind=Calculation.Kind.PROCUREMENT), {"members": [laxa.pk, hallsberg.pk], "activities": [
            {"name": "Kravställning", "hours_alone": "500", "hours_together": "700"}]})
    scenario = save_record(coop_editor, Scenario(organisation=cooperation, owner=coop_editor,
                                                 name="En plattform för båda"))
    calculations.add_step(coop_editor, scenario, "Upphandla tillsammans", calc)
    basis = bases.save_basis(coop_editor, DecisionBasis(
        agenda_item=item, subject="Ska kommunerna ha en gemensam lärplattform?",
        background="Båda kommunerna har egna avtal.", management_object=obj, scenario=scenario,
        initiative=initiative, proposal="Styrgruppen beslutar att upphandla gemensamt.",
        appendices="Estimat\nRiskkarta"))
    return BasisWorld(basis, item, initiative, scenario, party, summary, laxa, hallsberg)
