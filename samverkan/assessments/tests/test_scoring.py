"""Scoring and TIME as plain functions (REQUIREMENTS §3.3–3.4, §7.1)."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from samverkan.assessments.models import Disposition
from samverkan.assessments.services import scoring
from samverkan.assessments.services.scoring import AnswerValue, SubAreaSpec

# scoring is pure and fast; a loaded machine must not fail it on time alone
relaxed = settings(deadline=None)

SUBS = [SubAreaSpec("F", "verksamhetsvarde", "Funktionalitet", Decimal("33.34")),
        SubAreaSpec("A", "verksamhetsvarde", "Användbarhet", Decimal("33.33")),
        SubAreaSpec("L", "verksamhetsvarde", "Legala krav", Decimal("33.33")),
        SubAreaSpec("T", "teknik", "Teknik", Decimal("50")),
        SubAreaSpec("S", "leverantor", "Leverantör", Decimal("50"))]

values = st.one_of(st.none(), st.integers(1, 5))
answers = st.lists(st.tuples(st.sampled_from("FALTS"), values, st.booleans()), max_size=60)


def to_answers(raw):
    return [AnswerValue(sub, value, knock and sub == "L") for sub, value, knock in raw]


@relaxed
@given(st.lists(values, max_size=30))
def test_stats_leave_vet_ej_out_of_mean_min_max_and_n(raw):
    result = scoring.stats(raw)
    answered = [v for v in raw if v is not None]
    assert result.n == len(answered)
    if answered:
        assert result.mean == Fraction(sum(answered), len(answered))
        assert result.minimum <= result.mean <= result.maximum
    else:
        assert result.mean is None and result.minimum is None


@relaxed
@given(answers, answers)
def test_a_disposition_never_depends_on_other_systems_scores(mine, others):
    alone = scoring.score(SUBS, to_answers(mine))
    scoring.score(SUBS, to_answers(others))  # another system scored in between
    again = scoring.score(SUBS, to_answers(mine))
    assert (alone.disposition, alone.business_value, alone.technical_fit) == \
        (again.disposition, again.business_value, again.technical_fit)


@relaxed
@given(answers)
def test_the_disposition_follows_the_absolute_threshold_of_three(raw):
    result = scoring.score(SUBS, to_answers(raw))
    if result.business_value is None or result.technical_fit is None:
        assert result.disposition == ""
        return
    high_value = result.business_value >= 3
    high_fit = result.technical_fit >= 3
    expected = {(True, True): Disposition.INVEST, (True, False): Disposition.MIGRATE,
                (False, True): Disposition.TOLERATE,
                (False, False): Disposition.ELIMINATE}[high_value, high_fit]
    assert result.disposition == expected
    assert 1 <= result.business_value <= 5 and 1 <= result.technical_fit <= 5


def test_exactly_three_is_high():
    assert scoring.disposition(Fraction(3), Fraction(3)) == Disposition.INVEST
    assert scoring.disposition(Fraction(299, 100), Fraction(3)) == Disposition.TOLERATE
    assert scoring.disposition(Fraction(3), Fraction(299, 100)) == Disposition.MIGRATE
    assert scoring.disposition(Fraction(1), Fraction(1)) == Disposition.ELIMINATE


def test_weights_decide_the_axis_score_and_unanswered_sub_areas_do_not_pull_it_down():
    subs = [SubAreaSpec(1, "verksamhetsvarde", "a", Decimal(75)),
            SubAreaSpec(2, "verksamhetsvarde", "b", Decimal(25)),
            SubAreaSpec(3, "verksamhetsvarde", "c", Decimal(0))]
    result = scoring.score(subs, [AnswerValue(1, 4), AnswerValue(2, 2)])
    assert result.business_value == Fraction(7, 2)  # 0,75·4 + 0,25·2
    only_first = scoring.score(subs, [AnswerValue(1, 4), AnswerValue(2, None)])
    assert only_first.business_value == 4


def test_v9_at_two_or_below_flags_the_system_whatever_its_quadrant():
    high = [AnswerValue(s.key, 5) for s in SUBS]
    flagged = scoring.score(SUBS, high + [AnswerValue("L", 2, knock_out=True)])
    assert flagged.legal_knock_out and flagged.disposition == Disposition.INVEST
    fine = scoring.score(SUBS, high + [AnswerValue("L", 3, knock_out=True)])
    assert not fine.legal_knock_out
    unknown = scoring.score(SUBS, high + [AnswerValue("L", None, knock_out=True)])
    assert not unknown.legal_knock_out


@relaxed
@given(st.lists(st.tuples(st.one_of(st.none(), st.fractions(1, 5)),
                          st.one_of(st.none(), st.fractions(1, 5))), max_size=6))
def test_spread_is_max_minus_min_of_the_members(members):
    result = scoring.spread(members)
    business = [b for b, _ in members if b is not None]
    if business:
        assert result.business_spread == max(business) - min(business) >= 0
    else:
        assert result.business_spread is None
    assert result.members_disagree == (len({scoring.disposition(b, t) for b, t in members
                                            if b is not None and t is not None}) > 1)
