"""Budget split between an initiative's participants (IN1–IN4): `finance`'s allocation key
when one is chosen (its version on the agreement's day, frozen then), otherwise the population
of the agreement's year (or the nearest year a member has, said in `population_notes`); a
member that gave the solution (SGM4) pays less or nothing, and the others carry the difference,
exact to the öre by largest remainder."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from samverkan.finance import allocation
from samverkan.finance.allocation import AllocationError
from samverkan.finance.services.keys import key_bases, population_bases, version_for
from samverkan.organisations import population as population_data

from ..models import Initiative, Participation, Payment


def payers(initiative: Initiative) -> list[Participation]:
    """The members who share the budget: the bound ones, or before the agreement everyone who
    has not declined (a preview that changes with the participant set, IN2)."""
    rows = initiative.participations.select_related("organisation")
    if initiative.stage in (Initiative.Stage.IDEA, Initiative.Stage.PACKAGED,
                            Initiative.Stage.INFORMED, Initiative.Stage.INTEREST,
                            Initiative.Stage.PLAN):
        rows = rows.exclude(status=Participation.Status.WITHDRAWN)
    else:
        rows = rows.filter(status=Participation.Status.BINDING)
    return list(rows)


def freeze_key(initiative: Initiative, on: datetime.date):
    """The key version in force on the agreement's day, or None for the population default."""
    return version_for(initiative.key, on) if initiative.key_id else None


def key_text(initiative: Initiative) -> str:
    version = initiative.frozen_key_version
    if version is None and initiative.key_id:
        version = initiative.key.version_on(datetime.date.today())
    if version is not None:
        return version.label
    return _("Folkmängd %(year)s") % {"year": split_year(initiative)}


def split_year(initiative: Initiative) -> int:
    return initiative.agreement_year or datetime.date.today().year


def _weights(initiative: Initiative, organisations) -> dict:
    version = initiative.frozen_key_version
    if version is None and initiative.key_id:
        version = version_for(initiative.key, datetime.date.today())
    if version is not None:
        return {k: b.weight for k, b in key_bases(version, organisations).items()}
    found = population_bases(split_year(initiative), organisations)
    return {k: p.inhabitants for k, p in found.items()}


def population_notes(initiative: Initiative) -> list[str]:
    """'Folkmängd 2026 saknas, 2025 används (Laxå).' when the population default borrowed a
    year; nothing when a key is chosen or every member has the agreement year's figure."""
    if initiative.frozen_key_version_id or initiative.key_id:
        return []
    members = payers(initiative)
    found = population_data.figures(split_year(initiative), [p.organisation_id for p in members])
    return population_data.notes(found.values(),
                                 {p.organisation_id: p.organisation.name for p in members})


def gift_reduction(participation: Participation) -> allocation.Reduction | None:
    if not participation.gave_solution:
        return None
    reason = _("gåva av lösningen (SGM4)")
    percent = Decimal(participation.gift_reduction_percent)
    if percent == 100:
        return allocation.Reduction(allocation.EXEMPT, reason=reason)
    return allocation.Reduction(allocation.PERCENT, percent=percent, reason=reason)


def budget_total(initiative: Initiative, budget: str = Payment.Budget.PROJECT) -> int | None:
    """The project or the management budget in öre (None when not set)."""
    return initiative.project_budget_ore if budget == Payment.Budget.PROJECT \
        else initiative.management_budget_ore


def budget_split(initiative: Initiative, total_ore: int | None = None,
                 budget: str = Payment.Budget.PROJECT) -> allocation.Split:
    """The budget's split between the payers; raises AllocationError with a readable reason."""
    if total_ore is None:
        total_ore = budget_total(initiative, budget)
    if total_ore is None:
        raise AllocationError(_("Budgeten är inte angiven."))
    members = payers(initiative)
    organisations = [p.organisation for p in members]
    weights = _weights(initiative, organisations)
    claims = [allocation.Claim(p.organisation_id, p.organisation.name,
                               weights[p.organisation_id], gift_reduction(p)) for p in members]
    return allocation.split(total_ore, claims)


def paid_ore(initiative: Initiative, budget: str = Payment.Budget.PROJECT) -> int:
    """Payments to external parties recorded against the budget (IN4)."""
    return initiative.payments.filter(budget=budget).aggregate(
        s=Sum("amount_ore"))["s"] or 0


def budgets_left(initiative: Initiative) -> list[dict]:
    """Each budget with what has been paid against it and what is left (negative when overrun)."""
    rows = []
    for budget, label in Payment.Budget.choices:
        total = budget_total(initiative, budget)
        paid = paid_ore(initiative, budget)
        if total is None and not paid:
            continue
        rows.append({"label": label, "total": total, "paid": paid,
                     "left": None if total is None else total - paid})
    return rows


def budget_splits(initiative: Initiative) -> tuple[list, list[str]]:
    """Each budget that is set, split between the payers: ([(budget label, Split)], problems),
    a budget that cannot be split named in `problems` with its reason (a member's decision
    basis shows what can be computed and says what cannot)."""
    splits, problems = [], []
    for budget, label in Payment.Budget.choices:
        if budget_total(initiative, budget) is None:
            continue
        try:
            splits.append((label, budget_split(initiative, budget=budget)))
        except AllocationError as exc:
            problems.append(f"{label}: {exc}")
    return splits, problems
