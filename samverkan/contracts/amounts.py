"""Contracted amounts of the parties: per calendar year and the current annual total."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .prorating import _prorated_exact, _round_ore, _year_bounds
from .terms import _parties, end_of_contract
from .visibility import can_see_prices


def party_validity(party) -> tuple[datetime.date | None, datetime.date | None]:
    """First and last day the party's amount applies: the contract's run within the party's own
    validity (None: open)."""
    contract = party.contract
    firsts = [d for d in (contract.start_date, party.valid_from) if d is not None]
    lasts = [d for d in (end_of_contract(contract), party.valid_to) if d is not None]
    return (max(firsts) if firsts else None), (min(lasts) if lasts else None)


def contracted_amount_ore(party, year: int) -> int | None:
    """The party's contracted amount for a calendar year in whole öre, or None when no amount is
    known (missing is never zero).

    A full year gives the annual amount exactly. A partial year (the contract or the party's
    validity starts or ends within it) gives annual × valid days / days in that year (365 or
    366), rounded half up to the whole öre. A year outside the validity gives 0.
    """
    if party.annual_amount_ore is None:
        return None
    first, last = party_validity(party)
    jan1, dec31 = _year_bounds(year)
    first = max(first, jan1) if first else jan1
    last = min(last, dec31) if last else dec31
    return _round_ore(_prorated_exact(party.annual_amount_ore, first, last, year))




def annual_total(user, contract, on: datetime.date | None = None) -> tuple[int | None, int, int]:
    """(sum of the known annual amounts, parties with an amount, parties without) of the party
    rows valid on `on` (today); the sum is None when the user may not see the prices or nothing
    is known."""
    on = on or timezone.localdate()
    parties = [p for p in _parties(contract)
               if (p.valid_from is None or p.valid_from <= on)
               and (p.valid_to is None or on <= p.valid_to)]
    known = [p.annual_amount_ore for p in parties if p.annual_amount_ore is not None]
    missing = len(parties) - len(known)
    if not can_see_prices(user, contract) or not known:
        return None, len(known), missing
    return sum(known), len(known), missing
