"""The split as pure functions: properties that must hold for every input (hypothesis) and the
cases a finance officer checks by hand."""

import math
import random
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from samverkan.finance import allocation
from samverkan.finance.allocation import AMOUNT, EXEMPT, PERCENT, AllocationError, Claim, Reduction, split

NAMES = ["Askersund", "Hallsberg", "Laxå", "Lekeberg", "Örebro", "Ängelholm", "Åre", "Kumla"]

totals = st.integers(min_value=-10**12, max_value=10**12)
weights = st.one_of(
    st.integers(min_value=0, max_value=10**7),
    st.decimals(min_value=0, max_value=100, places=4, allow_nan=False, allow_infinity=False),
)
reductions = st.one_of(
    st.none(),
    st.just(Reduction(EXEMPT, reason="Gåva")),
    st.decimals(min_value=0, max_value=100, places=2).map(lambda p: Reduction(PERCENT, percent=p)),
    st.integers(min_value=0, max_value=10**9).map(lambda a: Reduction(AMOUNT, amount_ore=a)),
)


@st.composite
def claims(draw, min_size=1, max_size=8, with_reductions=False):
    size = draw(st.integers(min_value=min_size, max_value=max_size))
    result = []
    for index in range(size):
        reduction = draw(reductions) if with_reductions else None
        result.append(Claim(id=index * 7 + 3, name=draw(st.sampled_from(NAMES)),
                            weight=draw(weights), reduction=reduction))
    assume(any(allocation.as_fraction(c.weight) > 0 for c in result))
    if with_reductions:
        assume(any(c.reduction is None and allocation.as_fraction(c.weight) > 0 for c in result))
    return result


def amounts(result):
    return {s.id: s.amount_ore for s in result.shares}


@settings(max_examples=300, deadline=None)
@given(total=totals, members=claims(with_reductions=True))
def test_every_split_adds_up_exactly_to_the_pool(total, members):
    result = split(total, members)
    assert sum(s.amount_ore for s in result.shares) == total
    assert sum(s.full_ore for s in result.shares) == total
    assert sum(s.adjustment_ore for s in result.shares) == 0


@settings(max_examples=200, deadline=None)
@given(total=totals, members=claims(with_reductions=True), seed=st.integers())
def test_the_result_does_not_depend_on_the_order_of_the_members(total, members, seed):
    shuffled = list(members)
    random.Random(seed).shuffle(shuffled)
    first, second = split(total, members), split(total, shuffled)
    assert amounts(first) == amounts(second)
    assert [s.id for s in first.shares] == [s.id for s in second.shares]
    assert first.explanation() == second.explanation()


@settings(max_examples=200, deadline=None)
@given(total=totals, members=claims(with_reductions=True))
def test_a_member_with_zero_basis_pays_nothing(total, members):
    zero = Claim(id=10_000, name="Nollkommun", weight=0)
    result = split(total, [*members, zero])
    assert result.by_id()[10_000].amount_ore == 0
    assert result.by_id()[10_000].full_ore == 0


@settings(max_examples=300, deadline=None)
@given(total=totals, members=claims(with_reductions=True))
def test_each_amount_is_its_exact_share_rounded_down_or_up(total, members):
    result = split(total, members)
    for share in result.shares:
        assert share.amount_ore in (math.floor(share.exact), math.ceil(share.exact))
        assert abs(share.amount_ore - share.exact) < 1


@settings(max_examples=300, deadline=None)
@given(total=st.integers(min_value=0, max_value=10**12), members=claims(with_reductions=True))
def test_reductions_are_redistributed_exactly_by_the_same_key(total, members):
    result = split(total, members)
    weight_sum = sum(allocation.as_fraction(c.weight) for c in members)
    reduced_paid = Fraction(0)
    for claim in members:
        share = result.by_id()[claim.id]
        full = total * allocation.as_fraction(claim.weight) / weight_sum
        if claim.reduction is not None:
            expected = claim.reduction.apply(full)
            assert share.exact == expected
            assert share.exact <= full
            reduced_paid += expected
    payers = [c for c in members if c.reduction is None and allocation.as_fraction(c.weight) > 0]
    payer_weight = sum(allocation.as_fraction(c.weight) for c in payers)
    for claim in payers:
        expected = (total - reduced_paid) * allocation.as_fraction(claim.weight) / payer_weight
        assert result.by_id()[claim.id].exact == expected


@settings(max_examples=100, deadline=None)
@given(total=totals, members=claims(with_reductions=True))
def test_a_credit_is_split_as_the_mirror_of_a_charge(total, members):
    assert amounts(split(-total, members)) == {k: -v for k, v in amounts(split(total, members)).items()}


@settings(max_examples=100, deadline=None)
@given(total=totals, members=claims())
def test_only_the_left_over_ore_are_handed_out_one_each(total, members):
    result = split(total, members)
    assert result.leftover_ore == sum(s.extra_ore for s in result.shares) * (1 if total >= 0 else -1)
    assert 0 <= result.leftover_ore < len(members)


def test_an_even_split_needs_no_rounding():
    result = split(900, [Claim(1, "A", 1), Claim(2, "B", 1), Claim(3, "C", 1)])
    assert [s.amount_ore for s in result.shares] == [300, 300, 300]
    assert "ingen avrundning" in " ".join(result.explanation())


def test_equal_remainders_go_in_swedish_alphabetical_order():
    members = [Claim(5, "Örebro", 1), Claim(4, "Åre", 1), Claim(3, "Ängelholm", 1),
               Claim(2, "Zinkgruvan", 1)]
    result = split(2, members)
    paid = {s.name: s.amount_ore for s in result.shares}
    # Z before Å before Ä before Ö: the two öre go to Zinkgruvan and Åre
    assert paid == {"Zinkgruvan": 1, "Åre": 1, "Ängelholm": 0, "Örebro": 0}
    assert [s.name for s in result.shares] == ["Zinkgruvan", "Åre", "Ängelholm", "Örebro"]
    text = " ".join(result.explanation())
    assert "Fick ett öre extra: Zinkgruvan" in text
    assert "lika stor rest" in text and "bokstavsordning" in text


def test_the_largest_remainder_wins_the_extra_ore():
    # 100 öre by 1:1:1:4 → 14,29 / 14,29 / 14,29 / 57,14: the three small ones get the öre
    result = split(100, [Claim(1, "A", 1), Claim(2, "B", 1), Claim(3, "C", 1), Claim(4, "D", 4)])
    assert {s.name: s.amount_ore for s in result.shares} == {"A": 15, "B": 14, "C": 14, "D": 57}


def test_a_donor_pays_nothing_and_the_others_carry_it_by_the_key():
    members = [Claim(1, "Gävle", 104_141, Reduction(EXEMPT, reason="Gåva")),
               Claim(2, "Sundsvall", 99_127), Claim(3, "Borlänge", 51_382)]
    result = split(850_000_00, members)
    paid = {s.name: s for s in result.shares}
    assert paid["Gävle"].amount_ore == 0
    assert paid["Gävle"].full_ore > 0
    assert paid["Sundsvall"].amount_ore + paid["Borlänge"].amount_ore == 850_000_00
    ratio = Fraction(paid["Sundsvall"].amount_ore, paid["Borlänge"].amount_ore)
    assert abs(ratio - Fraction(99_127, 51_382)) < Fraction(1, 10**6)
    assert "Gävle: befriad från avgift (Gåva)" in " ".join(result.explanation())


def test_a_fixed_reduction_larger_than_the_share_leaves_nothing_to_pay():
    result = split(1000, [Claim(1, "A", 1, Reduction(AMOUNT, amount_ore=10_000)), Claim(2, "B", 1)])
    assert {s.name: s.amount_ore for s in result.shares} == {"A": 0, "B": 1000}


def test_a_percentage_reduction_halves_the_share():
    result = split(1000, [Claim(1, "A", 1, Reduction(PERCENT, percent=Decimal(50))), Claim(2, "B", 1)])
    assert {s.name: s.amount_ore for s in result.shares} == {"A": 250, "B": 750}


def test_it_refuses_when_everyone_with_a_basis_is_reduced():
    with pytest.raises(AllocationError, match="Minst en deltagare"):
        split(1000, [Claim(1, "A", 1, Reduction(EXEMPT)), Claim(2, "B", 0)])


def test_it_refuses_when_nobody_has_a_basis():
    with pytest.raises(AllocationError, match="inget underlag|något underlag"):
        split(1000, [Claim(1, "A", 0), Claim(2, "B", 0)])


def test_it_refuses_the_same_member_twice():
    with pytest.raises(AllocationError):
        split(1000, [Claim(1, "A", 1), Claim(1, "A", 2)])


def test_it_refuses_floats():
    with pytest.raises(TypeError):
        split(1000, [Claim(1, "A", 0.5)])


def test_a_zero_pool_splits_to_zeros_even_without_bases():
    assert [s.amount_ore for s in split(0, [Claim(1, "A", 0), Claim(2, "B", 0)]).shares] == [0, 0]


def test_a_weighted_mix_combines_equal_shares_and_population():
    weights = allocation.combine([(30, {1: 1, 2: 1}), (70, {1: 1000, 2: 3000})], [1, 2])
    assert weights == {1: Fraction(15, 100) + Fraction(70, 400), 2: Fraction(15, 100) + Fraction(210, 400)}
    assert sum(weights.values()) == 1


def test_swedish_sort_key_puts_a_ring_and_umlauts_last():
    assert sorted(["Örebro", "Åre", "Ängelholm", "Zinkgruvan", "Alingsås"],
                  key=allocation.swedish_sort_key) == ["Alingsås", "Zinkgruvan", "Åre", "Ängelholm",
                                                       "Örebro"]
