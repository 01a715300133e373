"""Contract terms as plain functions: term end, status, notice deadlines, flags and contracted
amounts. Nothing here is stored; everything is derived from the dates and terms of a contract.

Date conventions
----------------
- All end dates are inclusive: a term that "ends 2022-12-31" runs through that day.
- Adding months to an end date keeps month ends: a term ending on the last day of a month is
  extended to the last day of the target month (30 April + 1 month = 31 May; 29 February 2020
  + 12 months = 28 February 2021). Other days are clamped to the length of the target month
  (30 January + 1 month = 28 February). Renewal period k is always computed from the agreed term
  end in one step (end + k × period), never by repeated steps, so clamping never drifts.
- The last day to give notice for a term ending on E with n months' notice is E − n months by the
  same rule (31 December − 3 months = 30 September).

Terms
-----
- agreed term end = original end date extended by every used option, in order;
- tacit renewal (renewal_period_months) extends the contract by that period at a time after the
  agreed term unless notice is given by the deadline; without it the contract simply ends;
- a contract without an original end date runs until further notice ("tills vidare"); if it has a
  renewal period, its periods are counted from the start date;
- once notice is given (terminated_on), the contract ends on termination_effective_date, or, when
  that is empty, at the end of the first period whose notice deadline had not passed when notice
  was given (for a contract without periods: terminated_on + notice period).

The rules live in modules of one job each: dates (month arithmetic), terms (terms, status,
notice, flags, summaries), prorating and amounts (contracted amounts), visibility (who sees
confidential prices), scope (organisations a contract may refer to) and events (calendar). This
module gathers their public names so callers have one import.

The functions the ledger and finance apps use: `current_term_end`, `status`, `notice_deadline`,
`internal_deadline`, `years_since_procurement`, `flags`, `contracted_amount_ore` and
`can_see_prices`.
"""

from __future__ import annotations

from .amounts import annual_total, contracted_amount_ore, party_validity
from .dates import ONE_DAY, add_months, days_in_month, is_month_end, shift_end
from .events import Event, EventKind, events
from .prorating import _prorated_exact, _round_ore
from .scope import related_organisation_ids, unrelated_references
from .terms import (
    DEFAULT_DIRECT_AWARD_THRESHOLD_KR,
    DEFAULT_HORIZON_DAYS,
    FRAMEWORK_MAX_MONTHS,
    Flag,
    Notice,
    Option,
    Status,
    StatusKind,
    Summary,
    Terms,
    _period_base,
    current_term_end,
    deadline_for,
    direct_award_threshold_ore,
    end_of_contract,
    estimated_value_ore,
    flags,
    flags_seen_by,
    framework_limit,
    internal_deadline,
    is_framework_or_call_off,
    next_notice,
    notice_deadline,
    period_ends,
    procurement_date,
    runs_beyond_four_years,
    status,
    summary,
    terms_of,
    without_procurement,
    years_since_procurement,
)
from .visibility import can_see_prices, visible_amount_ore

__all__ = [
    "DEFAULT_DIRECT_AWARD_THRESHOLD_KR", "DEFAULT_HORIZON_DAYS", "FRAMEWORK_MAX_MONTHS", "ONE_DAY",
    "Event", "EventKind", "Flag", "Notice", "Option", "Status", "StatusKind", "Summary", "Terms",
    "_period_base", "_prorated_exact", "_round_ore", "add_months", "annual_total", "can_see_prices",
    "contracted_amount_ore", "current_term_end", "days_in_month", "deadline_for",
    "direct_award_threshold_ore", "end_of_contract", "estimated_value_ore", "events", "flags",
    "framework_limit", "internal_deadline", "is_framework_or_call_off", "is_month_end",
    "next_notice", "notice_deadline", "party_validity", "period_ends", "procurement_date",
    "related_organisation_ids", "runs_beyond_four_years", "shift_end", "status", "summary", "flags_seen_by",
    "terms_of", "unrelated_references", "visible_amount_ore", "without_procurement",
    "years_since_procurement",
]
