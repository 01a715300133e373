"""The initiative's outcome from the ledger ([002] IN4): what the members' ledgers booked on the
contracts named as the initiative's (the project's consultant, the procured solution) and, after
handover, on the contracts of its management object, per year from the agreement, beside the
budgets and the payments recorded against them. Booked amounts are what the reader may see: a
contract whose prices are hidden from the reader counts only from the reader's own ledgers, and
only the number of such contracts is said. A year without any imported ledger of the
participants is "not known", never zero."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samverkan.ledger.summaries import ledger_loaded, linked_contracts, outcome_by_year
from samverkan.organisations.models import related_organisation_ids

from ..models import Initiative, Payment
from .money import budget_total, paid_ore


def check_contracts(organisation, contracts) -> None:
    """A contract of an organisation outside the initiative's circle is not its outcome."""
    if organisation is None:
        return
    allowed = related_organisation_ids(organisation.pk)
    outside = [str(c) for c in contracts if c.organisation_id not in allowed]
    if outside:
        raise ValidationError({"contracts": _(
            "%(contracts)s hör inte till samverkan, dess medlemmar eller en samverkan den "
            "ingår i.") % {"contracts": ", ".join(outside)}})


@dataclass
class OutcomeYear:
    year: int
    loaded: bool  # a participant's ledger of the year is imported
    project_ore: int | None  # None: no ledger, not known, or no contract named
    management_ore: int | None  # from the handover's year


@dataclass
class Outcome:
    years: list[OutcomeYear] = field(default_factory=list)
    project_budget_ore: int | None = None
    management_budget_ore: int | None = None
    project_paid_ore: int = 0
    management_paid_ore: int = 0
    hidden: int = 0  # contracts whose bookings outside the reader's ledgers are left out
    has_contracts: bool = False
    has_management_object: bool = False

    @property
    def project_total_ore(self) -> int:
        return sum(y.project_ore or 0 for y in self.years)

    @property
    def project_left_ore(self) -> int | None:
        if self.project_budget_ore is None:
            return None
        return self.project_budget_ore - self.project_total_ore


def years_of(initiative: Initiative, today: datetime.date | None = None) -> list[int]:
    """From the agreement's year to this year; nothing before an agreement."""
    if not initiative.agreement_year:
        return []
    last = (today or datetime.date.today()).year
    return list(range(initiative.agreement_year, max(last, initiative.agreement_year) + 1))


def ledger_outcome(user, initiative: Initiative, today: datetime.date | None = None) -> Outcome:
    years = years_of(initiative, today)
    outcome = Outcome(
        project_budget_ore=budget_total(initiative, Payment.Budget.PROJECT),
        management_budget_ore=budget_total(initiative, Payment.Budget.MANAGEMENT),
        project_paid_ore=paid_ore(initiative, Payment.Budget.PROJECT),
        management_paid_ore=paid_ore(initiative, Payment.Budget.MANAGEMENT),
        has_contracts=initiative.contracts.exists(),
        has_management_object=initiative.management_object_id is not None)
    if not years:
        return outcome
    project = outcome_by_year(user, initiative.contracts.all(), years)
    management = {"by_year": {}, "hidden": 0}
    if initiative.management_object_id:
        management = outcome_by_year(user, linked_contracts(initiative.management_object_id),
                                     years)
    outcome.hidden = project["hidden"] + management["hidden"]
    handed_over = initiative.stage_changes.filter(
        to_stage=Initiative.Stage.HANDOVER).order_by("on").values_list("on", flat=True).first()
    participants = list(initiative.participations.values_list("organisation_id", flat=True))
    participants.append(initiative.organisation_id)
    for year in years:
        loaded = ledger_loaded(year, participants)
        outcome.years.append(OutcomeYear(
            year, loaded,
            project["by_year"].get(year, 0) if loaded and outcome.has_contracts else None,
            management["by_year"].get(year, 0)
            if loaded and outcome.has_management_object
            and (handed_over is None or year >= handed_over.year) else None))
    return outcome
