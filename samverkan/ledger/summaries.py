"""The summaries the pages and other apps read, and the reconciliation against contracts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, F, Q, Sum

from samverkan.contracts.models import Contract, ContractParty
from samverkan.contracts.services import contracted_amount_ore
from samverkan.core import permissions

from .models import (
    CostLine,
    CostSummary,
    Reconciliation,
)
from .visibility import hidden_price_contracts

# -- summaries ----------------------------------------------------------------------------------

def apply_summary_deltas(organisation_id: int, deltas: dict) -> None:
    """Add (year, contract id, category) → [öre, lines] to the summaries."""
    for (year, contract_id, category), (amount, count) in deltas.items():
        if not amount and not count:
            continue
        rows = CostSummary.objects.filter(organisation_id=organisation_id, year=year,
                                          contract_id=contract_id, category=category)
        if not rows.update(amount_ore=F("amount_ore") + amount,
                           line_count=F("line_count") + count):
            CostSummary.objects.create(organisation_id=organisation_id, year=year,
                                       contract_id=contract_id, category=category,
                                       amount_ore=amount, line_count=count)
    CostSummary.objects.filter(organisation_id=organisation_id, line_count=0).delete()


def rebuild_summaries(organisation_id: int, years: Iterable[int] | None = None) -> None:
    """Recompute the organisation's summaries from its lines (after lines were removed)."""
    summaries = CostSummary.objects.filter(organisation_id=organisation_id)
    lines = CostLine.objects.filter(organisation_id=organisation_id).exclude(cost_category="")
    if years is not None:
        years = sorted(set(years))
        summaries = summaries.filter(year__in=years)
        lines = lines.filter(year__in=years)
    summaries.delete()
    CostSummary.objects.bulk_create([
        CostSummary(organisation_id=organisation_id, year=row["year"],
                    contract_id=row["contract_id"], category=row["cost_category"],
                    amount_ore=row["amount"], line_count=row["lines"])
        for row in lines.order_by().values("year", "contract_id", "cost_category").annotate(
            amount=Sum("amount_ore"), lines=Count("pk"))
    ], batch_size=1000)


def rebuild_everything() -> None:
    """Every summary and reconciliation row from the lines and contracts (a repair tool)."""
    for organisation_id in CostLine.objects.order_by().values_list(
            "organisation_id", flat=True).distinct():
        with transaction.atomic():
            rebuild_summaries(organisation_id)
    CostSummary.objects.exclude(organisation_id__in=CostLine.objects.values(
        "organisation_id")).delete()
    with transaction.atomic():
        Reconciliation.objects.all().delete()
        refresh_reconciliation()


# -- reconciliation rows ------------------------------------------------------------------------

def refresh_reconciliation(*, organisation_ids: Iterable[int] | None = None,
                           years: Iterable[int] | None = None,
                           contract_ids: Iterable[int] | None = None) -> None:
    """Recompute the reconciliation rows in scope (all when nothing is given): for each
    contract party and each year its organisation has ledger data, the contracted amount
    (contracts.services.contracted_amount_ore, pro-rated; None when missing) against the
    invoiced amount (lines matched to the contract); and rows for lines matched to a contract
    the organisation is no party to."""
    org_ids = set(organisation_ids) if organisation_ids is not None else None
    year_set = set(years) if years is not None else None
    contract_set = set(contract_ids) if contract_ids is not None else None

    summaries = CostSummary.objects.order_by()
    if org_ids is not None:
        summaries = summaries.filter(organisation_id__in=org_ids)
    if year_set is not None:
        summaries = summaries.filter(year__in=year_set)
    ledger_years: dict[int, set[int]] = defaultdict(set)
    for organisation_id, year in summaries.values_list("organisation_id", "year").distinct():
        ledger_years[organisation_id].add(year)

    matched = summaries.filter(contract__isnull=False)
    if contract_set is not None:
        matched = matched.filter(contract_id__in=contract_set)
    invoiced: dict[tuple, list] = {}
    for contract_id, organisation_id, year, amount, count in matched.values_list(
            "contract_id", "organisation_id", "year").annotate(
            amount=Sum("amount_ore"), count=Sum("line_count")).values_list(
            "contract_id", "organisation_id", "year", "amount", "count"):
        invoiced[(contract_id, organisation_id, year)] = [amount or 0, count or 0]

    parties = ContractParty.objects.select_related("contract").prefetch_related(
        "contract__extension_options")
    if org_ids is not None:
        parties = parties.filter(organisation_id__in=org_ids)
    if contract_set is not None:
        parties = parties.filter(contract_id__in=contract_set)
    contracted: dict[tuple, int | None] = {}
    for party in parties:
        for year in ledger_years.get(party.organisation_id, ()):
            key = (party.contract_id, party.organisation_id, year)
            amount = contracted_amount_ore(party, year)
            if key in contracted:
                previous = contracted[key]
                contracted[key] = None if previous is None or amount is None \
                    else previous + amount
            else:
                contracted[key] = amount

    rows = []
    for key in set(contracted) | set(invoiced):
        contract_id, organisation_id, year = key
        amount, count = invoiced.get(key, (0, 0))
        is_party = key in contracted
        agreed = contracted.get(key)
        if is_party and agreed == 0 and not count:
            continue  # the contract did not run that year and nothing was invoiced
        difference = None if agreed is None else agreed - amount
        deviation = abs(difference) if difference is not None else abs(amount)
        rows.append(Reconciliation(
            contract_id=contract_id, organisation_id=organisation_id, year=year,
            is_party=is_party, contracted_ore=agreed, invoiced_ore=amount,
            difference_ore=difference, deviation_ore=deviation, line_count=count))

    existing = Reconciliation.objects.all()
    if org_ids is not None:
        existing = existing.filter(organisation_id__in=org_ids)
    if year_set is not None:
        existing = existing.filter(year__in=year_set)
    if contract_set is not None:
        existing = existing.filter(contract_id__in=contract_set)
    existing.delete()
    Reconciliation.objects.bulk_create(rows, batch_size=1000)


def refresh_for_contract(contract_id: int) -> None:
    """After a contract, party or option changed (called once the change is committed)."""
    with transaction.atomic():
        refresh_reconciliation(contract_ids=[contract_id])


# -- what other apps read -----------------------------------------------------------------------

def actual_cost_ore(*, year: int, organisation=None, contract=None, management_object=None,
                    system=None, category=None, seen_by: int | None = None) -> int:
    """Booked cost in whole öre for a year (see the module documentation). With `seen_by` (an
    organisation), only what that organisation's users may read: lines of a contract whose
    prices are confidential to it count only from its own ledger."""
    summaries = CostSummary.objects.filter(year=year).exclude(category="")
    if seen_by is not None:
        hidden = permissions.hidden_from_organisation_q(Contract, seen_by)
        if hidden is not None:
            summaries = summaries.exclude(
                Q(contract_id__in=Contract.objects.filter(hidden).values("pk"))
                & ~Q(organisation_id=seen_by))
    if organisation is not None:
        summaries = summaries.filter(organisation_id=getattr(organisation, "pk", organisation))
    if contract is not None:
        summaries = summaries.filter(contract_id=getattr(contract, "pk", contract))
    linked = None
    if management_object is not None:
        object_id = getattr(management_object, "pk", management_object)
        linked = Contract.objects.filter(
            Q(management_objects=object_id) | Q(systems__management_object_id=object_id))
    if system is not None:
        system_id = getattr(system, "pk", system)
        by_system = Contract.objects.filter(systems=system_id)
        linked = by_system if linked is None else linked.filter(pk__in=by_system.values("pk"))
    if linked is not None:
        summaries = summaries.filter(contract_id__in=linked.values("pk"))
    if category is not None:
        values = [category] if isinstance(category, str) else list(category)
        summaries = summaries.filter(category__in=[str(v) for v in values])
    return summaries.aggregate(total=Sum("amount_ore"))["total"] or 0


# -- outcome per management object ---------------------------------------------------------------

def linked_contracts(management_object):
    """Contracts linked to the object directly or through one of its systems."""
    object_id = getattr(management_object, "pk", management_object)
    return Contract.objects.filter(
        Q(management_objects=object_id) | Q(systems__management_object_id=object_id)).distinct()


def ledger_loaded(year: int, organisation_ids) -> bool:
    """Whether any of these organisations has a ledger of the year imported: without one an
    outcome of 0 means "not known", not "nothing spent"."""
    return CostSummary.objects.filter(year=year, organisation_id__in=organisation_ids).exists()


def outcome_by_category(user, management_object, year: int) -> dict:
    """What the organisations' ledgers booked for a year on the contracts of a management
    object (linked to it directly or through its systems), per cost category in öre, read from
    the summaries: {"by_category": {category: öre}, "hidden": n}. Summaries of contracts whose
    prices the user may not see are left out (outside the user's own organisations' ledgers);
    "hidden" is the number of such contracts of the object. Budgets against this
    outcome are the finance app's."""
    linked = linked_contracts(management_object)
    summaries, hidden = _visible_summaries(user, linked, [year])
    totals = summaries.values_list("category").annotate(total=Sum("amount_ore")).order_by()
    return {"by_category": {category: total for category, total in totals if total},
            "hidden": hidden}


def _visible_summaries(user, contracts, years):
    """The summaries of these contracts and years that the user may read, and how many of the
    contracts have prices hidden from the user. Summaries of such a contract count only from
    the user's own organisations' ledgers."""
    summaries = CostSummary.objects.filter(year__in=list(years),
                                           contract_id__in=contracts.values("pk"))
    hidden = 0
    if not user.is_superuser:
        members = permissions.organisations_where(user, permissions.Role.READER)
        secret = Q(contract_id__in=hidden_price_contracts(user)) & ~Q(organisation_id__in=members)
        # how many of the contracts are confidential (as the contract list shows), never how
        # many bookings were left out: that would tell what the user may not see
        hidden = contracts.filter(pk__in=hidden_price_contracts(user)).distinct().count()
        summaries = summaries.exclude(secret)
    return summaries, hidden


def outcome_by_year(user, contracts, years, *, organisation=None, categories=None) -> dict:
    """What the ledgers (or one organisation's) booked on these contracts per year (öre), in
    the given cost categories or all IT ones, as `user` may read it:
    {"by_year": {year: öre}, "hidden": n contracts with prices hidden from the user}."""
    summaries, hidden = _visible_summaries(user, contracts, years)
    if organisation is not None:
        summaries = summaries.filter(organisation_id=getattr(organisation, "pk", organisation))
    if categories is not None:
        summaries = summaries.filter(category__in=[str(c) for c in categories])
    totals = summaries.exclude(category="").values_list("year").annotate(
        total=Sum("amount_ore")).order_by()
    return {"by_year": {year: total for year, total in totals}, "hidden": hidden}
