"""Ledger summaries, populations and usage for the benchmarking tests (not collected)."""

from samverkan.analysis.models import ITCostCategory
from samverkan.ledger.models import CostCategory, CostSummary
from samverkan.organisations.models import Population
from samverkan.testing.factories import SystemFactory, SystemUsageFactory

YEAR = 2021


def define_it(*categories) -> None:
    for category in categories or (CostCategory.LICENCES, CostCategory.SAAS):
        ITCostCategory.objects.create(name=str(CostCategory(category).label),
                                      ledger_category=category)


def cost(org, amount_ore, category=CostCategory.LICENCES, year=YEAR, contract=None) -> None:
    CostSummary.objects.create(organisation=org, year=year, category=category,
                               contract=contract, amount_ore=amount_ore, line_count=1)


def people(org, inhabitants, year=YEAR, source="SCB") -> None:
    Population.objects.create(organisation=org, year=year, inhabitants=inhabitants, source=source)


def uses(org, *users) -> None:
    for count in users:
        SystemUsageFactory(system=SystemFactory(organisation=org), organisation=org, users=count)
