"""The earliest common window as plain functions over contract terms: table tests for each kind
of contract and properties over generated contracts."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from samverkan.analysis.services.windows import common_window, earliest_end, planned_end
from samverkan.contracts.terms import Terms, deadline_for

D = datetime.date
ON = D(2026, 3, 1)


def test_a_renewing_contract_ends_at_the_first_term_whose_notice_day_is_still_ahead():
    yearly = Terms(D(2016, 8, 1), D(2019, 7, 31), renewal_period_months=12,
                   notice_period_months=3)
    assert earliest_end(yearly, ON) == D(2026, 7, 31)
    late = Terms(D(2016, 8, 1), D(2019, 7, 31), renewal_period_months=12,
                 notice_period_months=6)  # 2026-01-31 has passed: the next term
    assert earliest_end(late, ON) == D(2027, 7, 31)


def test_a_fixed_term_ends_by_itself_and_an_open_ended_one_after_the_notice_period():
    assert earliest_end(Terms(D(2020, 1, 1), D(2027, 12, 31)), ON) == D(2027, 12, 31)
    assert earliest_end(Terms(D(2020, 1, 1), notice_period_months=3), ON) == D(2026, 6, 1)
    assert earliest_end(Terms(None), ON) is None


def test_a_terminated_contract_ends_when_notice_says():
    given_notice = Terms(D(2016, 8, 1), D(2019, 7, 31), renewal_period_months=12,
                         notice_period_months=3, terminated_on=D(2026, 1, 10))
    assert earliest_end(given_notice, ON) == D(2026, 7, 31)
    plan = planned_end(given_notice, ON, D(2027, 12, 31))
    assert (plan.planned_end, plan.notice_by, plan.gap) == (D(2026, 7, 31), None, True)


def test_the_window_opens_after_the_latest_earliest_end_and_each_contract_ends_after_it():
    window = common_window([
        ("own", Terms(D(2016, 8, 1), D(2019, 7, 31), renewal_period_months=12,
                      notice_period_months=3)),
        ("other", Terms(D(2020, 1, 1), D(2027, 12, 31))),
        ("coop", Terms(D(2021, 1, 1), D(2022, 12, 31), renewal_period_months=12,
                       notice_period_months=6)),
        ("ended", Terms(D(2010, 1, 1), D(2012, 12, 31))),
        ("undated", Terms(None)),
    ], ON)
    plans = {p.key: p for p in window.plans}
    assert window.opens == D(2028, 1, 1)
    assert (plans["own"].planned_end, plans["own"].notice_by) == (D(2028, 7, 31), D(2028, 4, 30))
    assert (plans["coop"].planned_end, plans["coop"].notice_by) == (D(2027, 12, 31),
                                                                    D(2027, 6, 30))
    assert (plans["other"].planned_end, plans["other"].notice_by) == (D(2027, 12, 31), None)
    assert window.closes == D(2028, 7, 31)
    assert window.decide_by == D(2027, 6, 30)
    assert "ended" not in plans and window.unknown == ["undated"] and not window.complete


def test_no_dated_contract_gives_no_window():
    window = common_window([("a", Terms(None))], ON)
    assert window.opens is None and window.plans == [] and window.unknown == ["a"]


days = st.dates(min_value=D(2005, 1, 1), max_value=D(2030, 12, 31))
terms = st.builds(
    lambda start, years, renewal, notice, open_ended: Terms(
        start, None if open_ended else D(min(start.year + years, 2035), start.month, 1)
        - datetime.timedelta(days=1), renewal_period_months=renewal,
        notice_period_months=notice),
    days, st.integers(1, 6), st.sampled_from([None, 1, 6, 12, 24]),
    st.sampled_from([None, 0, 1, 3, 6, 12, 18]), st.booleans())


@settings(max_examples=150, deadline=None)
@given(st.lists(terms, min_size=1, max_size=6), days)
def test_every_contract_can_end_by_the_window_and_none_ends_later_than_it_must(contracts, on):
    window = common_window(list(enumerate(contracts)), on)
    if not window.plans:
        return
    last_day = window.opens - datetime.timedelta(days=1)
    assert last_day in {p.earliest_end for p in window.plans}
    for plan in window.plans:
        t = contracts[plan.key]
        assert plan.earliest_end <= last_day
        assert plan.notice_by is None or plan.notice_by >= on
        if t.renews:
            assert plan.planned_end >= last_day
            assert deadline_for(t, plan.planned_end) == plan.notice_by
            # the first such end: one period earlier would be before the window
            assert plan.planned_end < last_day + datetime.timedelta(
                days=31 * t.renewal_period_months + 1)
        assert plan.gap == (plan.planned_end < last_day)
    assert window.closes == max(p.planned_end for p in window.plans)


@settings(max_examples=60, deadline=None)
@given(st.lists(terms, min_size=1, max_size=5), days, st.randoms())
def test_the_window_does_not_depend_on_the_order_of_the_contracts(contracts, on, rnd):
    pairs = list(enumerate(contracts))
    first = common_window(pairs, on)
    rnd.shuffle(pairs)
    second = common_window(pairs, on)
    assert (first.opens, first.closes, first.decide_by) == (second.opens, second.closes,
                                                            second.decide_by)
    assert sorted(first.plans, key=lambda p: p.key) == sorted(second.plans, key=lambda p: p.key)
