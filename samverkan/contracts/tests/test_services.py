"""Term, status and deadline rules as plain functions: examples first, then properties."""

import datetime

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from samverkan.contracts import services
from samverkan.contracts.services import (
    Flag,
    Option,
    StatusKind,
    Terms,
    add_months,
    current_term_end,
    next_notice,
    notice_deadline,
    shift_end,
    status,
)

D = datetime.date


# -- month arithmetic -------------------------------------------------------------------------

@pytest.mark.parametrize("day, months, expected", [
    (D(2021, 1, 31), 1, D(2021, 2, 28)),
    (D(2020, 1, 31), 1, D(2020, 2, 29)),
    (D(2020, 2, 29), 12, D(2021, 2, 28)),
    (D(2020, 2, 29), 48, D(2024, 2, 29)),
    (D(2021, 3, 31), -1, D(2021, 2, 28)),
    (D(2021, 12, 15), 1, D(2022, 1, 15)),
    (D(2021, 1, 15), -13, D(2019, 12, 15)),
])
def test_add_months_clamps_to_the_length_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize("end, months, expected", [
    (D(2021, 4, 30), 1, D(2021, 5, 31)),  # a month end stays a month end
    (D(2021, 2, 28), 1, D(2021, 3, 31)),
    (D(2020, 2, 29), 12, D(2021, 2, 28)),  # leap day
    (D(2021, 2, 28), 12, D(2022, 2, 28)),
    (D(2023, 2, 28), 12, D(2024, 2, 29)),  # into a leap year
    (D(2022, 12, 31), -3, D(2022, 9, 30)),
    (D(2022, 6, 30), -3, D(2022, 3, 31)),
    (D(2021, 1, 30), 1, D(2021, 2, 28)),  # not a month end: clamped
    (D(2022, 6, 15), -3, D(2022, 3, 15)),
])
def test_shift_end_keeps_month_ends(end, months, expected):
    assert shift_end(end, months) == expected


# -- status, term end and notice deadline: examples --------------------------------------------

PASSIVE_SINCE_2011 = Terms(D(2008, 1, 1), D(2010, 12, 31), renewal_period_months=12,
                           notice_period_months=6)


def test_a_contract_is_not_started_before_its_start():
    assert status(PASSIVE_SINCE_2011, D(2007, 12, 31)).kind == StatusKind.NOT_STARTED


def test_it_is_within_the_agreed_term_until_the_original_end():
    current = status(PASSIVE_SINCE_2011, D(2010, 12, 31))
    assert current.kind == StatusKind.WITHIN_TERM
    assert current.since == D(2008, 1, 1) and current.until == D(2010, 12, 31)


def test_it_is_passively_extended_since_the_day_after_the_agreed_term():
    current = status(PASSIVE_SINCE_2011, D(2022, 11, 29))
    assert current.kind == StatusKind.PASSIVELY_EXTENDED
    assert current.since == D(2011, 1, 1)
    assert current.until == D(2022, 12, 31)
    assert current_term_end(PASSIVE_SINCE_2011, D(2022, 11, 29)) == D(2022, 12, 31)


def test_the_notice_deadline_moves_to_the_next_term_once_it_has_passed():
    # the 2022 term's deadline was 30 June 2022; on 29 November it is the 2023 term's
    assert notice_deadline(PASSIVE_SINCE_2011, D(2022, 6, 30)) == D(2022, 6, 30)
    notice = next_notice(PASSIVE_SINCE_2011, D(2022, 7, 1))
    assert notice.deadline == D(2023, 6, 30) and notice.term_end == D(2023, 12, 31)


def test_used_options_extend_the_agreed_term():
    terms = Terms(D(2020, 1, 1), D(2021, 12, 31),
                  options=(Option(24, D(2021, 6, 1)), Option(12, None), Option(12, None)),
                  renewal_period_months=12, notice_period_months=3)
    assert terms.agreed_end == D(2023, 12, 31)
    assert terms.latest_possible_end == D(2025, 12, 31)
    current = status(terms, D(2022, 3, 1))
    assert current.kind == StatusKind.OPTION_PERIOD
    assert (current.since, current.until) == (D(2022, 1, 1), D(2023, 12, 31))
    assert status(terms, D(2024, 1, 1)).kind == StatusKind.PASSIVELY_EXTENDED
    assert notice_deadline(terms, D(2022, 3, 1)) == D(2023, 9, 30)


def test_a_contract_without_tacit_renewal_expires_and_needs_no_notice():
    terms = Terms(D(2020, 1, 1), D(2022, 12, 31), notice_period_months=3)
    assert notice_deadline(terms, D(2021, 1, 1)) is None
    assert status(terms, D(2023, 1, 1)).kind == StatusKind.EXPIRED
    assert status(terms, D(2023, 1, 1)).since == D(2023, 1, 1)
    assert current_term_end(terms, D(2024, 5, 5)) == D(2022, 12, 31)


def test_a_notice_period_longer_than_the_renewal_period_reaches_into_earlier_terms():
    # renewed six months at a time, but notice must be given nine months ahead
    terms = Terms(D(2020, 1, 1), D(2021, 12, 31), renewal_period_months=6, notice_period_months=9)
    notice = next_notice(terms, D(2021, 6, 1))
    assert notice.term_end == D(2022, 6, 30)
    assert notice.deadline == D(2021, 9, 30)
    assert current_term_end(terms, D(2021, 6, 1)) == D(2021, 12, 31)
    # on 1 October 2021 the deadline for mid-2022 has passed: next is the end of 2022
    assert next_notice(terms, D(2021, 10, 1)) == services.Notice(D(2022, 3, 31), D(2022, 12, 31))


def test_deadlines_at_month_ends_and_leap_days():
    terms = Terms(D(2016, 3, 1), D(2020, 2, 29), renewal_period_months=12, notice_period_months=1)
    assert notice_deadline(terms, D(2020, 1, 1)) == D(2020, 1, 31)
    assert next_notice(terms, D(2020, 2, 1)).term_end == D(2021, 2, 28)
    assert notice_deadline(terms, D(2020, 2, 1)) == D(2021, 1, 31)
    assert current_term_end(terms, D(2023, 6, 1)) == D(2024, 2, 29)


def test_a_contract_without_an_end_date_runs_until_further_notice():
    terms = Terms(D(2015, 5, 1), None, notice_period_months=3)
    assert status(terms, D(2030, 1, 1)).kind == StatusKind.WITHIN_TERM
    assert current_term_end(terms, D(2030, 1, 1)) is None
    assert notice_deadline(terms, D(2030, 1, 1)) is None
    ended = Terms(D(2015, 5, 1), None, notice_period_months=3, terminated_on=D(2024, 1, 15))
    assert status(ended, D(2024, 3, 1)).kind == StatusKind.TERMINATED
    assert status(ended, D(2024, 3, 1)).until == D(2024, 4, 15)
    assert status(ended, D(2024, 4, 16)).kind == StatusKind.EXPIRED


def test_a_contract_without_an_end_date_but_with_periods_counts_them_from_the_start():
    terms = Terms(D(2015, 5, 1), None, renewal_period_months=12, notice_period_months=3)
    assert current_term_end(terms, D(2022, 11, 29)) == D(2023, 4, 30)
    assert notice_deadline(terms, D(2022, 11, 29)) == D(2023, 1, 31)


def test_termination_ends_the_contract_at_the_end_of_the_term_notice_reached():
    base = dict(start_date=D(2008, 1, 1), original_end_date=D(2010, 12, 31),
                renewal_period_months=12, notice_period_months=6)
    in_time = Terms(**base, terminated_on=D(2022, 6, 1))
    assert services.end_of_contract(in_time) == D(2022, 12, 31)
    late = Terms(**base, terminated_on=D(2022, 7, 1))
    assert services.end_of_contract(late) == D(2023, 12, 31)
    assert status(late, D(2022, 7, 1)).kind == StatusKind.TERMINATED
    assert notice_deadline(late, D(2022, 7, 1)) is None
    assert current_term_end(late, D(2022, 8, 1)) == D(2023, 12, 31)
    assert status(late, D(2024, 1, 1)).kind == StatusKind.EXPIRED
    agreed = Terms(**base, terminated_on=D(2022, 7, 1), termination_effective_date=D(2023, 3, 31))
    assert services.end_of_contract(agreed) == D(2023, 3, 31)


def test_internal_deadline_subtracts_the_owners_lead_time():
    terms = Terms(D(2008, 1, 1), D(2010, 12, 31), renewal_period_months=12,
                  notice_period_months=6, internal_lead_days=30)
    assert services.internal_deadline(terms, D(2022, 1, 1)) == D(2022, 5, 31)


def test_calendar_events_list_each_deadline_and_the_term_end():
    terms = Terms(D(2020, 1, 1), D(2022, 12, 31), renewal_period_months=12,
                  notice_period_months=3, internal_lead_days=14)
    found = services.events(terms, D(2022, 1, 1), D(2023, 12, 31))
    assert [(e.day, e.kind) for e in found] == [
        (D(2022, 9, 16), services.EventKind.INTERNAL_DEADLINE),
        (D(2022, 9, 30), services.EventKind.NOTICE_DEADLINE),
        (D(2022, 12, 31), services.EventKind.TERM_END),
        (D(2023, 9, 16), services.EventKind.INTERNAL_DEADLINE),
        (D(2023, 9, 30), services.EventKind.NOTICE_DEADLINE),
    ]
    assert found[0].contract is terms


# -- properties -------------------------------------------------------------------------------

dates = st.dates(min_value=D(1995, 1, 1), max_value=D(2045, 12, 31))


@st.composite
def terms_strategy(draw):
    start = draw(dates)
    original_end = draw(st.one_of(st.none(), st.integers(0, 4000).map(
        lambda n: start + datetime.timedelta(days=n))))
    lengths = draw(st.lists(st.integers(1, 36), max_size=3))
    used = draw(st.integers(0, len(lengths)))
    options = tuple(Option(n, start if i < used else None) for i, n in enumerate(lengths))
    renewal = draw(st.one_of(st.none(), st.integers(1, 36)))
    notice = draw(st.one_of(st.none(), st.integers(0, 40)))
    terminated = draw(st.one_of(st.none(), dates))
    effective = None
    if terminated is not None and draw(st.booleans()):
        effective = terminated + datetime.timedelta(days=draw(st.integers(0, 800)))
    lead = draw(st.integers(0, 200))
    return Terms(start, original_end, options, renewal, notice, terminated, effective, lead)


@settings(max_examples=300, deadline=None)
@given(dates, st.integers(-600, 600))
def test_shift_end_lands_in_the_right_month_and_keeps_month_ends(end, months):
    moved = shift_end(end, months)
    assert (moved.year * 12 + moved.month) - (end.year * 12 + end.month) == months
    if services.is_month_end(end):
        assert services.is_month_end(moved)
    else:
        assert moved.day == min(end.day, services.days_in_month(moved.year, moved.month))


@settings(max_examples=300, deadline=None)
@given(dates, st.integers(0, 600), st.integers(0, 600))
def test_shift_end_is_monotone_in_months(end, a, b):
    if a <= b:
        assert shift_end(end, a) <= shift_end(end, b)


@settings(max_examples=400, deadline=None)
@given(terms_strategy(), dates)
def test_the_notice_deadline_is_never_after_the_term_end_it_leads_to(terms, on):
    notice = next_notice(terms, on)
    if notice is None:
        return
    assert on <= notice.deadline <= notice.term_end
    assert notice.deadline == services.deadline_for(terms, notice.term_end)
    term_end = current_term_end(terms, on)
    assert term_end is not None and notice.term_end >= term_end


@settings(max_examples=400, deadline=None)
@given(terms_strategy(), dates)
def test_the_notice_deadline_is_the_earliest_one_not_yet_passed(terms, on):
    notice = next_notice(terms, on)
    assume(notice is not None)
    earlier = [end for end in _ends_before(terms, notice.term_end)]
    for end in earlier:
        assert services.deadline_for(terms, end) < on


def _ends_before(terms, limit):
    base, first = services._period_base(terms)
    k = first
    while True:
        end = shift_end(base, k * terms.renewal_period_months)
        if end >= limit:
            return
        yield end
        k += 1


@settings(max_examples=400, deadline=None)
@given(terms_strategy(), dates, dates)
def test_status_only_moves_forward_in_time(terms, a, b):
    first, second = sorted((a, b))
    assert status(terms, first).rank <= status(terms, second).rank


@settings(max_examples=300, deadline=None)
@given(terms_strategy(), dates)
def test_status_since_is_never_after_the_day_asked_about(terms, on):
    current = status(terms, on)
    if current.since is not None:
        assert current.since <= on
    if current.until is not None and current.kind != StatusKind.EXPIRED:
        assert current.until >= on


@settings(max_examples=300, deadline=None)
@given(terms_strategy(), dates)
def test_a_running_contracts_term_end_is_not_in_the_past(terms, on):
    kind = status(terms, on).kind
    end = current_term_end(terms, on)
    if kind in (StatusKind.WITHIN_TERM, StatusKind.OPTION_PERIOD, StatusKind.PASSIVELY_EXTENDED,
                StatusKind.TERMINATED) and end is not None:
        assert end >= on
    if kind == StatusKind.PASSIVELY_EXTENDED:
        assert status(terms, on).since == terms.agreed_end + datetime.timedelta(days=1)
        assert terms.renews


@settings(max_examples=300, deadline=None)
@given(terms_strategy(), dates)
def test_a_contract_without_an_end_date_is_never_passively_extended(terms, on):
    assume(terms.original_end_date is None)
    assert status(terms, on).kind not in (StatusKind.OPTION_PERIOD, StatusKind.PASSIVELY_EXTENDED)


@settings(max_examples=200, deadline=None)
@given(terms_strategy(), dates, st.integers(0, 800))
def test_events_lie_within_the_window_and_agree_with_the_deadline(terms, first, span):
    last = first + datetime.timedelta(days=span)
    found = services.events(terms, first, last)
    assert all(first <= e.day <= last for e in found)
    notice = next_notice(terms, first)
    if notice is not None and notice.deadline <= last and terms.terminated_on is None:
        assert any(e.kind == services.EventKind.NOTICE_DEADLINE and e.day == notice.deadline
                   for e in found)
    # the calendar adds only a late decision that can still be taken: its notice day is ahead
    late = [e for e in services.events(terms, first, last, overdue=True) if e.day < first]
    assert all(e.kind == services.EventKind.INTERNAL_DEADLINE for e in late)
    assert all(notice is not None and notice.deadline >= first for e in late)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**12), dates, dates, st.integers(1990, 2050))
def test_prorated_amounts_stay_between_zero_and_the_annual_amount(annual, a, b, year):
    first, last = sorted((a, b))
    value = services._round_ore(services._prorated_exact(annual, first, last, year))
    assert 0 <= value <= annual
    if first <= D(year, 1, 1) and last >= D(year, 12, 31):
        assert value == annual


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**12), st.integers(1990, 2050), st.integers(0, 365))
def test_a_year_split_in_two_adds_up_to_within_one_ore(annual, year, offset):
    split = D(year, 1, 1) + datetime.timedelta(days=offset)
    assume(split.year == year)
    before = services._round_ore(services._prorated_exact(annual, D(year, 1, 1),
                                                          split - datetime.timedelta(days=1), year))
    after = services._round_ore(services._prorated_exact(annual, split, D(year, 12, 31), year))
    assert abs(before + after - annual) <= 1


def test_flag_values_are_stable_codes():
    # the API and filters publish these codes; renaming one breaks integrations
    assert [f.value for f in Flag] == ["passivt_forlangt", "saknar_slutdatum", "uppsagning_snart",
                                       "over_fyra_ar", "over_direktupphandlingsgrans"]
