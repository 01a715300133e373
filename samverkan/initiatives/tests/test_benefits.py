"""Benefit register and prioritisation as plain functions: totals per organisation and year,
NPV only with a discount rate, overdue follow-ups, the member's decision basis, weighted
ranking of the programme steering group's criteria."""

import datetime
from decimal import Decimal
from fractions import Fraction

from ..models import Benefit, BenefitYear, CostYear, Criterion, Score
from ..services import benefits, priority


def _benefit(world, initiative, org="Laxå", **values):
    values = {"kind": Benefit.Kind.MONEY, **values}
    return Benefit.objects.create(initiative=initiative, name="Lägre licenskostnad",
                                  organisation=world.members[org], indicator="kr per år",
                                  **values)


def test_totals_per_organisation_and_year(world):
    initiative = world.initiative()
    b1, b2 = _benefit(world, initiative), _benefit(world, initiative, "Hallsberg")
    BenefitYear.objects.create(benefit=b1, year=2026, target=10_000_00, realised=8_000_00)
    BenefitYear.objects.create(benefit=b2, year=2026, target=30_000_00)
    CostYear.objects.create(initiative=initiative, year=2026, amount_ore=25_000_00)
    totals = benefits.money_totals(initiative)
    assert totals[(world.members["Laxå"].pk, 2026)] == {"target": 10_000_00,
                                                         "realised": 8_000_00}
    assert benefits.yearly(initiative) == [(2026, 40_000_00, 8_000_00, 25_000_00)]


def test_quality_benefits_do_not_count_as_money(world):
    initiative = world.initiative()
    b = _benefit(world, initiative, kind=Benefit.Kind.QUALITY)
    BenefitYear.objects.create(benefit=b, year=2026, target=90)
    assert benefits.money_totals(initiative) == {}


def test_npv_only_with_a_discount_rate(world):
    initiative = world.initiative()
    b = _benefit(world, initiative)
    BenefitYear.objects.create(benefit=b, year=2026, target=0)
    BenefitYear.objects.create(benefit=b, year=2027, target=110_000_00)
    CostYear.objects.create(initiative=initiative, year=2026, amount_ore=100_000_00)
    assert benefits.net_present_value_ore(initiative) is None
    initiative.discount_rate = Decimal("10")
    # −100 000 + 110 000 / 1,1 = 0
    assert benefits.net_present_value_ore(initiative) == 0
    initiative.discount_rate = Decimal("3")
    # −10 000 000 + 11 000 000 / 1,03 = 679 611,65… → 679 612 öre
    assert benefits.net_present_value_ore(initiative) == 679_612


def test_a_benefit_past_its_date_without_a_value_is_flagged(world):
    initiative = world.initiative()
    b = _benefit(world, initiative, follow_up_on=datetime.date(2026, 6, 30))
    BenefitYear.objects.create(benefit=b, year=2026, target=1)
    BenefitYear.objects.create(benefit=b, year=2027, target=1)
    found = benefits.overdue([b], today=datetime.date(2026, 7, 1))
    assert [(f.benefit, f.year) for f in found] == [(b, 2026)]
    assert benefits.overdue([b], today=datetime.date(2026, 6, 30)) == []


def test_default_criteria_have_equal_weights_and_rank_by_weighted_score(world):
    criteria = priority.ensure_criteria(world.coop)
    assert len(criteria) == 8 and {c.weight for c in criteria} == {1}
    assert len(priority.ensure_criteria(world.coop)) == 8
    first, second = world.initiative(name="A"), world.initiative(name="B")
    Score.objects.create(initiative=first, criterion=criteria[0], score=40)
    Score.objects.create(initiative=second, criterion=criteria[1], score=80)
    ranked = priority.ranking([first, second], criteria)
    assert [r.initiative.name for r in ranked] == ["B", "A"]
    assert ranked[0].score == Fraction(80, 8)
    Criterion.objects.filter(pk=criteria[0].pk).update(weight=3)
    criteria = list(Criterion.objects.filter(organisation=world.coop))
    ranked = priority.ranking([first, second], criteria)
    assert [r.initiative.name for r in ranked] == ["A", "B"]  # 120/10 > 80/10


def test_the_follow_up_page_sums_every_benefit_year_but_lists_one_page(world):
    """The page's overdue count and money per year are the same as over all rows, whatever
    page of rows is shown; the last page holds the rest."""
    initiative = world.initiative()
    for n, org in enumerate(["Laxå", "Hallsberg", "Askersund"] * 3):
        benefit = _benefit(world, initiative, org,
                           follow_up_on=datetime.date(2026, 6, 30) if n % 2 else None,
                           kind=Benefit.Kind.MONEY if n % 3 else Benefit.Kind.TIME)
        for year in (2025, 2026, 2027):
            BenefitYear.objects.create(benefit=benefit, year=year, target=(n + 1) * 1000,
                                       realised=n * 900 if (n + year) % 2 else None)
    _benefit(world, initiative, "Laxå")  # no years yet: neither a row nor a count
    CostYear.objects.create(initiative=initiative, year=2026, amount_ore=5_000_00)
    found = Benefit.objects.filter(initiative=initiative)
    costs = CostYear.objects.filter(initiative=initiative)
    today = datetime.date(2026, 7, 1)
    everything = benefits.follow_up(found, costs, today=today)
    first = benefits.follow_up_page(found, costs, 1, today=today, per_page=10)
    last = benefits.follow_up_page(found, costs, 3, today=today, per_page=10)
    assert first.overdue_count == last.overdue_count == len(everything.overdue) > 0
    assert first.money_by_year == last.money_by_year == everything.money_by_year
    assert [len(first.rows), len(last.rows)] == [10, 7]
    assert first.page.paginator.count == len(everything.rows) == 27
    paged = [(r.benefit.pk, r.year.year, r.overdue) for r in first.rows + last.rows]
    listed = [(r.benefit.pk, r.year.year, r.overdue) for r in everything.rows]
    assert paged == listed[:10] + listed[20:]
