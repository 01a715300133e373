"""Saved calculations and scenarios: recomputed from their inputs, changed only through the
service path (permission layer, lost-update protection, history)."""

import pytest
from django.core.exceptions import PermissionDenied

from samverkan.analysis.models import Calculation, HourlyCost, Scenario
from samverkan.analysis.services import calculations
from samverkan.core.services import StaleVersionError, save_record

SEED_ACTIVITIES = [
    {"name": "Kravställning", "hours_alone": "500", "hours_together": "1000"},
    {"name": "Upphandlingsprocess", "hours_alone": "400", "hours_together": "500"},
    {"name": "Implementation", "hours_alone": "2000", "hours_together": "4000"},
]


@pytest.fixture
def rate(cooperation, coop_editor):
    return save_record(coop_editor, HourlyCost(organisation=cooperation, year=2021,
                                               rate_ore=425_00, basis="Seed 001"))


def procurement_calc(user, cooperation, members):
    calc = Calculation(organisation=cooperation, name="Ny lärplattform", year=2021,
                       kind=Calculation.Kind.PROCUREMENT, caveats="Indikation")
    return calculations.save_calculation(
        user, calc, {"activities": SEED_ACTIVITIES, "members": [m.pk for m in members]})


def test_procurement_uses_the_cooperations_hourly_cost_of_the_year(rate, cooperation, coop_editor,
                                                                   laxa, hallsberg):
    calc = procurement_calc(coop_editor, cooperation, [laxa, hallsberg])
    assert calc.owner == coop_editor
    result = calculations.result(calc)
    assert result.hourly_rate_ore == 425_00
    # two members: separately 5 800 h, together 5 500 h
    assert result.total.saved_ore == (5800 - 5500) * 425_00
    saved = calculations.savings(calc)
    assert sum(saved.per_member.values()) == saved.total_ore
    assert set(saved.per_member) == {"Hallsberg", "Laxå"}


def test_no_hourly_cost_for_the_year_is_said_plainly(cooperation, coop_editor, laxa):
    calc = procurement_calc(coop_editor, cooperation, [laxa])
    with pytest.raises(calculations.MissingRate, match="2021"):
        calculations.result(calc)


def test_a_stale_edit_is_refused_and_history_kept(rate, cooperation, coop_editor, laxa):
    calc = procurement_calc(coop_editor, cooperation, [laxa])
    first = Calculation.objects.get(pk=calc.pk)
    second = Calculation.objects.get(pk=calc.pk)
    calculations.save_calculation(coop_editor, first, {"activities": [], "members": []},
                                  expected_version=1)
    with pytest.raises(StaleVersionError):
        calculations.save_calculation(coop_editor, second, {"activities": [], "members": []},
                                      expected_version=1)
    assert calc.history.count() == 2


def test_only_editors_of_the_owner_may_save(rate, cooperation, outsider, reader, laxa):
    for user in (outsider, reader):
        with pytest.raises(PermissionDenied):
            procurement_calc(user, cooperation, [laxa])


def test_scenario_sums_its_steps_per_member(rate, cooperation, coop_editor, laxa, hallsberg):
    calc = procurement_calc(coop_editor, cooperation, [laxa, hallsberg])
    hosting_calc = calculations.save_calculation(coop_editor, Calculation(
        organisation=cooperation, name="Drift", year=2021, kind=Calculation.Kind.HOSTING), {
        "horizon_months": 12, "members": [laxa.pk, hallsberg.pk], "alternatives": [
            {"name": "Egen", "lines": [{"label": "Server", "quantity": "1",
                                        "unit_price_ore": 1000_01}]},
            {"name": "Moln", "lines": [{"label": "Moln", "quantity": "1",
                                        "unit_price_ore": 900_00}]}]})
    scenario = save_record(coop_editor, Scenario(organisation=cooperation, name="En för alla",
                                                 owner=coop_editor, recommended=True))
    calculations.add_step(coop_editor, scenario, "Upphandla", calc)
    calculations.add_step(coop_editor, scenario, "Samdrift", hosting_calc)
    summary = calculations.summary(scenario)
    assert [s.position for s, _x in summary.steps] == [1, 2]
    assert summary.total_ore == 300 * 425_00 + 12 * 100_01
    assert sum(summary.per_member.values()) == summary.total_ore


def test_a_finance_key_splits_the_joint_cost_by_population_of_the_year(rate, cooperation,
                                                                       coop_editor, laxa,
                                                                       hallsberg):
    import datetime

    from samverkan.finance.models import AllocationKey, KeyVersion
    from samverkan.organisations.models import Population

    Population.objects.create(organisation=laxa, year=2021, inhabitants=5_600, source="SCB")
    Population.objects.create(organisation=hallsberg, year=2021, inhabitants=15_700,
                              source="SCB")
    key = AllocationKey.objects.create(organisation=cooperation, name="Folkmängd")
    KeyVersion.objects.create(key=key, valid_from=datetime.date(2020, 1, 1),
                              method=KeyVersion.Method.POPULATION, population_weight=100)
    calc = procurement_calc(coop_editor, cooperation, [laxa, hallsberg])
    calc.inputs["key"] = key.pk
    result = calculations.result(calc)
    shares = {s.name: s.joint_share_ore for s in result.shares}
    assert sum(shares.values()) == result.total.cost_together_ore
    # 5 600 : 15 700 of the joint cost, to the öre by largest remainder
    exact = result.total.cost_together_ore * 5_600 / 21_300
    assert abs(shares["Laxå"] - exact) < 1
    assert calculations.share_key(calc) == key
    equal = procurement_calc(coop_editor, cooperation, [laxa, hallsberg])
    assert {s.joint_share_ore for s in calculations.result(equal).shares} == {
        result.total.cost_together_ore // 2}
