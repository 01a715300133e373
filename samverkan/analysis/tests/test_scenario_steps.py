"""A scenario's steps are reordered and removed on its page: positions stay 1, 2, 3, …, each
change is a new version in the history, and a stale page's change is refused."""

import pytest
from django.test import Client

from samverkan.analysis.models import Calculation, Scenario, ScenarioStep
from samverkan.analysis.services import calculations
from samverkan.core.services import StaleVersionError


@pytest.fixture
def scenario(cooperation, coop_editor):
    scenario = Scenario.objects.create(organisation=cooperation, name="En plattform",
                                       owner=coop_editor)
    for position, name in enumerate(("Upphandla", "Implementera", "Avveckla"), start=1):
        calc = Calculation.objects.create(organisation=cooperation, name=name, year=2021,
                                          kind=Calculation.Kind.PROCUREMENT, owner=coop_editor,
                                          inputs={"hourly_rate_ore": 500_00, "activities": []})
        ScenarioStep.objects.create(scenario=scenario, position=position, name=name,
                                    calculation=calc)
    return scenario


def order(scenario):
    return list(scenario.steps.order_by("position").values_list("position", "name"))


def test_moving_swaps_with_the_neighbour_and_the_ends_stay(scenario, coop_editor):
    last = scenario.steps.get(name="Avveckla")
    calculations.move_step(coop_editor, last, -1, expected_version=1)
    assert order(scenario) == [(1, "Upphandla"), (2, "Avveckla"), (3, "Implementera")]
    first = scenario.steps.get(name="Upphandla")
    calculations.move_step(coop_editor, first, -1, expected_version=first.version)
    assert order(scenario)[0] == (1, "Upphandla")


def test_removing_closes_the_gap(scenario, coop_editor):
    calculations.remove_step(coop_editor, scenario.steps.get(name="Upphandla"),
                             expected_version=1)
    assert order(scenario) == [(1, "Implementera"), (2, "Avveckla")]


def test_a_stale_move_is_refused(scenario, coop_editor):
    step = scenario.steps.get(name="Avveckla")
    calculations.move_step(coop_editor, step, -1, expected_version=1)
    with pytest.raises(StaleVersionError):
        calculations.move_step(coop_editor, scenario.steps.get(name="Avveckla"), -1,
                               expected_version=1)


def test_the_page_offers_and_does_it(scenario, coop_editor, reader):
    client = Client()
    client.force_login(coop_editor)
    page = client.get(scenario.get_absolute_url()).content.decode()
    step = scenario.steps.get(name="Implementera")
    action = f"/analys/scenarier/{scenario.pk}/steg/{step.pk}/flytta/upp/"
    assert action in page
    response = client.post(action, {"expected_version": step.version}, follow=True)
    assert "Steget är flyttat" in response.content.decode()
    assert order(scenario)[0] == (1, "Implementera")
    missing = client.post(f"/analys/scenarier/{scenario.pk}/steg/{step.pk}/ta-bort/", {},
                          follow=True)
    assert "saknar postens version" in missing.content.decode()
    assert scenario.steps.count() == 3
    other = Client()
    other.force_login(reader)
    assert "/flytta/" not in other.get(scenario.get_absolute_url()).content.decode()
