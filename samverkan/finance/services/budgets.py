"""Budget follow-up: budget, forecast and outcome per category and member."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from samverkan.ledger import services as ledger_services
from samverkan.organisations.models import Organisation, related_organisation_ids

from .. import allocation
from ..allocation import AllocationError
from ..models import (
    Budget,
    CostCategory,
    KeyVersion,
    key_text,
)
from .common import default_participants
from .keys import PopulationFacts, key_bases, population_facts, version_for

# -- budgets ---------------------------------------------------------------------------------------

@dataclass
class CategoryRow:
    category: str
    label: str
    budget_ore: int
    forecast_ore: int | None
    outcome_ore: int

    @property
    def outcome_variance_ore(self) -> int:
        return self.outcome_ore - self.budget_ore

    @property
    def effective_forecast_ore(self) -> int:
        """The forecast, or the budget where none is entered."""
        return self.budget_ore if self.forecast_ore is None else self.forecast_ore

    @property
    def forecast_variance_ore(self) -> int:
        return self.effective_forecast_ore - self.budget_ore


@dataclass
class BudgetMemberRow:
    organisation: Organisation
    basis_text: str
    share_percent: Decimal
    budget_ore: int
    forecast_ore: int
    outcome_ore: int

    @property
    def variance_ore(self) -> int:
        return self.outcome_ore - self.budget_ore

    @property
    def forecast_variance_ore(self) -> int:
        return self.forecast_ore - self.budget_ore


@dataclass
class BudgetFollowUp:
    categories: list[CategoryRow]
    members: list[BudgetMemberRow]
    version: KeyVersion | None
    error: str
    closed: bool = False  # the year is over: the outcome is final and is what is compared
    hidden: int = 0  # the object's contracts whose prices are confidential to the user
    # a ledger of the year is imported for the object's organisation or one related to it;
    # without one the outcome is unknown, not zero, and no deviation is computed
    ledger_loaded: bool = True
    population: PopulationFacts = field(default_factory=PopulationFacts)
    key_text: str = ""  # the key's one name (`models.key_text`)

    @property
    def budget_ore(self) -> int:
        return sum(c.budget_ore for c in self.categories)

    @property
    def forecast_ore(self) -> int:
        """The forecast, with the budget where no forecast is entered."""
        return sum(c.effective_forecast_ore for c in self.categories)

    @property
    def outcome_ore(self) -> int:
        return sum(c.outcome_ore or 0 for c in self.categories)

    @property
    def variance_ore(self) -> int | None:
        if self.closed:
            return self.outcome_ore - self.budget_ore if self.ledger_loaded else None
        return self.forecast_ore - self.budget_ore


def budget_follow_up(budget: Budget, user, members=None) -> BudgetFollowUp:
    """Budget, forecast and outcome by category, and each member's part by the budget's key.

    The outcome is what the ledgers booked on the object's contracts, as the ledger shows it to
    `user` (amounts of contracts whose prices are confidential to the user are left out and
    counted). `members` share the object (default: members of its owner on 1 January)."""
    obj = budget.management_object
    outcome = ledger_services.outcome_by_category(user, obj, budget.year)
    booked = outcome["by_category"]
    lines = {line.category: line for line in budget.lines.all()}
    categories = [
        CategoryRow(value, label, lines[value].amount_ore if value in lines else 0,
                    lines[value].forecast_ore if value in lines else None, booked.get(value, 0))
        for value, label in CostCategory.choices if value in lines or booked.get(value)]
    follow_up = BudgetFollowUp(
        categories, [], None, "", closed=budget.year < datetime.date.today().year,
        hidden=outcome["hidden"], ledger_loaded=ledger_services.ledger_loaded(
            budget.year, related_organisation_ids(obj.organisation_id)))
    if budget.key_id is None:
        follow_up.error = _("Budgeten har ingen fördelningsnyckel.")
        return follow_up
    members = list(members if members is not None else default_participants(obj.organisation,
                                                                             budget.year))
    if not members:
        follow_up.error = _("%(org)s har inga medlemmar att fördela på.") % {"org": obj.organisation}
        return follow_up
    try:
        version = version_for(budget.key, datetime.date(budget.year, 1, 1))
        bases = key_bases(version, members, budget.year)
        claims = [allocation.Claim(o.pk, o.name, bases[o.pk].weight) for o in members]
        splits = [allocation.split(total, claims).by_id() for total in
                  (follow_up.budget_ore, follow_up.forecast_ore, follow_up.outcome_ore)]
    except AllocationError as exc:
        follow_up.error = str(exc)
        return follow_up
    follow_up.version = version
    follow_up.key_text = key_text(budget.key, version.label)
    follow_up.population = population_facts(bases, budget.year, {o.pk: o.name for o in members})
    for organisation in sorted(members, key=lambda o: allocation.swedish_sort_key(o.name)):
        budget_share, forecast_share, outcome_share = (split[organisation.pk] for split in splits)
        follow_up.members.append(BudgetMemberRow(
            organisation, bases[organisation.pk].text, budget_share.share_percent,
            budget_share.amount_ore, forecast_share.amount_ore, outcome_share.amount_ore))
    return follow_up
