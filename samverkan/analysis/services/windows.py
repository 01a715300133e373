"""The earliest common window in which every member could leave its contract, from the contracts'
terms alone (plain functions over `contracts.terms.Terms`, no database).

Definitions, as seen on the day `on`:

- A contract's **possible ends** are the days it can be brought to an end by notice given on or
  after `on`: for a contract that renews tacitly, every term end whose notice deadline
  (`terms.deadline_for`) is on or after `on`; for a contract with a fixed end that does not
  renew, that end (it ends by itself); for a contract that runs until further notice, every day
  from `on` + the notice period; for a contract already given notice, the day it ends.
- Its **earliest end** is the first of its possible ends.
- The window **opens** the day after the latest earliest end: the first day on which every
  member's contract can have ended, so the members can move together from it.
- Each contract's **planned end** is its first possible end on or after the day before the window
  opens (the member keeps its system until the move, never a day without it, and pays no
  longer than one renewal period beyond it); its **notice by** is the last day to give notice
  for that end (None when it ends by itself or notice is already given). A fixed-term contract
  ending before the window has a **gap**: it must be extended (an unused option or a bridge).
- The window **closes** on the latest planned end: by then every old contract has ended.
  **Decide by** is the earliest notice-by day in the plan.

A contract whose earliest end cannot be derived (no start and no end date) is left out of the
window and named in `unknown`: the window is then a lower bound, and says so.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from samverkan.contracts.dates import ONE_DAY, add_months
from samverkan.contracts.terms import Terms, deadline_for, end_of_contract, period_ends


@dataclass(frozen=True)
class Plan:
    key: object
    earliest_end: datetime.date
    planned_end: datetime.date
    notice_by: datetime.date | None
    gap: bool = False


@dataclass
class Window:
    opens: datetime.date | None = None
    closes: datetime.date | None = None
    decide_by: datetime.date | None = None
    plans: list[Plan] = field(default_factory=list)
    unknown: list = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.unknown


def _terminated(t: Terms, on: datetime.date) -> bool:
    return t.terminated_on is not None and t.terminated_on <= on


def has_ended(t: Terms, on: datetime.date) -> bool:
    end = end_of_contract(t)
    return end is not None and end < on


def earliest_end(t: Terms, on: datetime.date) -> datetime.date | None:
    """The first day the contract can end by notice given on or after `on` (see the module)."""
    if _terminated(t, on) or t.termination_effective_date is not None:
        return end_of_contract(t)
    if t.renews:
        for end in period_ends(t, on):
            if deadline_for(t, end) >= on:
                return end
        return None  # pragma: no cover - period_ends is endless when the contract renews
    if t.agreed_end is not None:
        return t.agreed_end
    if t.start_date is None:
        return None
    return add_months(on, t.notice_period_months or 0)


def planned_end(t: Terms, on: datetime.date, last_day: datetime.date) -> Plan | None:
    """The contract's first possible end on or after `last_day` and its notice day."""
    first = earliest_end(t, on)
    if first is None:
        return None
    if _terminated(t, on) or t.termination_effective_date is not None:
        return Plan(None, first, first, None, gap=first < last_day)
    if t.renews:
        for end in period_ends(t, max(on, last_day)):
            if end >= last_day and deadline_for(t, end) >= on:
                return Plan(None, first, end, deadline_for(t, end))
    if t.agreed_end is not None:
        return Plan(None, first, first, None, gap=first < last_day)
    end = max(first, last_day)
    return Plan(None, first, end, max(on, deadline_for(t, end)))


def common_window(contracts: list[tuple[object, Terms]], on: datetime.date) -> Window:
    """The window for (key, terms) pairs; contracts ended before `on` take no part."""
    running = [(key, t) for key, t in contracts if not has_ended(t, on)]
    firsts = {}
    window = Window()
    for key, t in running:
        first = earliest_end(t, on)
        if first is None:
            window.unknown.append(key)
        else:
            firsts[key] = first
    if not firsts:
        return window
    last_day = max(firsts.values())
    for key, t in running:
        if key not in firsts:
            continue
        plan = planned_end(t, on, last_day)
        window.plans.append(Plan(key, plan.earliest_end, plan.planned_end, plan.notice_by,
                                 plan.gap))
    window.opens = last_day + ONE_DAY
    window.closes = max(p.planned_end for p in window.plans)
    notices = [p.notice_by for p in window.plans if p.notice_by is not None]
    window.decide_by = min(notices) if notices else None
    return window
