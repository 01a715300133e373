"""Benchmarking as plain functions: exact ratios, ranks with ties, the median of an even count,
municipalities without a ledger named as such, the population of the same year (or the nearest,
said), the definition of IT cost, and a handful of queries however many municipalities."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse

from samverkan.analysis.services import benchmarks
from samverkan.ledger.models import CostCategory
from samverkan.testing.factories import OrganisationFactory

from .benchmark_data import YEAR, cost, define_it, people, uses


def test_ranks_share_ties_and_skip_the_next():
    assert benchmarks.ranks({"a": Fraction(5), "b": Fraction(3), "c": Fraction(5),
                             "d": Fraction(9), "e": None}) == {"b": 1, "a": 2, "c": 2, "d": 4}


def test_ties_are_exact_not_rounded():
    close = {"a": Fraction(100, 3), "b": Fraction(3333, 100)}  # both 0,33 kr when rounded
    assert benchmarks.ranks(close) == {"b": 1, "a": 2}


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert benchmarks.median([Fraction(4), Fraction(1), Fraction(3), Fraction(10)]) == Fraction(7, 2)
    assert benchmarks.median([Fraction(4), Fraction(1), Fraction(3)]) == 3
    assert benchmarks.median([None]) is None and benchmarks.median([]) is None


def test_kronor_round_half_up_from_exact_ore():
    assert benchmarks.kronor(Fraction(1, 2)) == Decimal("0.01")  # half an öre
    assert benchmarks.kronor(Fraction(1, 3)) == Decimal("0.00")
    assert benchmarks.kronor(Fraction(-1, 2)) == Decimal("-0.01")
    assert benchmarks.kronor(Fraction(77_000_00 * 100 + 50, 100)) == Decimal("77000.01")
    assert benchmarks.ratio(100, 0) is None and benchmarks.ratio(None, 5) is None


@pytest.mark.django_db
def test_figures_rank_median_and_missing_ledger(laxa, hallsberg, superuser):
    lekeberg = OrganisationFactory(name="Lekeberg", municipality_code="1814")
    askersund = OrganisationFactory(name="Askersund", municipality_code="1882")
    define_it()
    cost(laxa, 100_000_00)
    cost(laxa, 12_000_00, CostCategory.SAAS)
    cost(laxa, 999_999_00, CostCategory.OTHER)  # not IT
    cost(hallsberg, 224_000_00)
    cost(lekeberg, 1_000_00, CostCategory.OTHER)  # a ledger, but no IT cost in it
    people(laxa, 5_600)
    people(hallsberg, 11_200, year=2020, source="SCB 2020")  # nearest year
    people(lekeberg, 8_600)
    uses(laxa, 100, 60)
    uses(hallsberg, 200, None)
    result = benchmarks.compute(superuser)
    table = result.table(YEAR)
    by_name = {r.name: r for r in table.rows}
    assert [r.name for r in table.rows] == ["Lekeberg", "Hallsberg", "Laxå"]
    assert [r.name for r in table.missing] == ["Askersund"]
    assert askersund.pk not in table.rows_by_org
    laxa_row = by_name["Laxå"]
    assert laxa_row.outcome_ore == 112_000_00
    assert laxa_row.per_inhabitant == Fraction(112_000_00, 5_600) == 2000
    assert laxa_row.per_user == Fraction(112_000_00, 160) and laxa_row.systems == 2
    assert laxa_row.per_system == 56_000_00
    assert by_name["Hallsberg"].per_inhabitant == 2000  # a tie with Laxå
    assert by_name["Hallsberg"].per_user is None and by_name["Hallsberg"].users_unknown == 1
    assert by_name["Hallsberg"].population_note and by_name["Hallsberg"].population_year == 2020
    assert by_name["Lekeberg"].outcome_ore == 0 and by_name["Lekeberg"].per_system is None
    ranks = {r.name: r.ranks["per_inhabitant"] for r in table.rows}
    assert ranks == {"Lekeberg": 1, "Hallsberg": 2, "Laxå": 2}
    assert table.medians["per_inhabitant"] == 2000  # 0, 2000, 2000
    assert table.medians["per_system"] == (56_000_00 + 112_000_00) / 2  # two systems each
    assert any("Hallsberg" in note for note in result.population_notes)


@pytest.mark.django_db
def test_a_cooperation_narrows_the_comparison(laxa, hallsberg, cooperation, superuser):
    other = OrganisationFactory(name="Örebro", municipality_code="1880")
    define_it()
    for org in (laxa, hallsberg, other):
        cost(org, 10_000_00)
    names = [r.name for r in benchmarks.compute(superuser, cooperation.pk).table(YEAR).rows]
    assert sorted(names) == ["Hallsberg", "Laxå"]


@pytest.mark.django_db
def test_trend_over_years_says_where_no_ledger_was_read(laxa, hallsberg, superuser, client_for):
    define_it()
    cost(laxa, 50_000_00, year=2020)
    cost(laxa, 60_000_00, year=2022)
    cost(hallsberg, 10_000_00, year=2022)
    people(laxa, 5_000, year=2020)
    result = benchmarks.compute(superuser)
    assert result.years == [2022, 2020]
    (hallsberg_name, hallsberg_rows), (name, rows) = result.trend
    assert name == "Laxå" and [r.per_inhabitant for r in rows] == [1000, 1200]
    assert hallsberg_name == "Hallsberg" and hallsberg_rows[0] is None
    page = client_for(superuser).get(reverse("analysis:benchmarks") + "?ar=2022")
    text = page.content.decode()
    assert "Utveckling över åren" in text and "ingen bokföring inläst" in text
    assert "folkmängd saknas" in text  # Hallsberg has no population at all
    assert "chart-trend" in text and "chart-benchmark" in text


@pytest.mark.django_db
def test_the_definition_names_the_default_accounts():
    define_it(CostCategory.LICENCES)
    [(category, ranges)] = benchmarks.definition()
    assert category.ledger_category == CostCategory.LICENCES
    assert ranges[0][:2] == ("6450", "6459")


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_it_takes_a_handful_of_queries_however_many_municipalities(
        count, editor, django_assert_max_num_queries):
    define_it()
    for n in range(count):
        org = OrganisationFactory()
        for year in (2020, 2021):
            cost(org, 1_000_00 + n, year=year)
        people(org, 1_000 + n)
        uses(org, 10)
    with django_assert_max_num_queries(8):
        result = benchmarks.compute(editor)
    assert len(result.table(YEAR).rows) == count


@pytest.mark.parametrize("value", [Fraction(1, 2), Fraction(-1, 2), Fraction(1, 3),
                                   Fraction(2000), Fraction(123_456_78, 5_600),
                                   Fraction(-7, 6), Fraction(10**15 + 1, 7)])
def test_whole_ore_rounding_is_the_same_as_the_kronor_shown(value):
    assert Decimal(benchmarks.rounded_ore(value)).scaleb(-2) == benchmarks.kronor(value)


def test_exact_keys_order_values_a_float_cannot_tell_apart():
    big = Fraction(10**20)
    a, b = big + Fraction(1, 3), big + Fraction(2, 3)
    assert float(a) == float(b)
    assert benchmarks.ranks({"b": b, "a": a}) == {"a": 1, "b": 2}
