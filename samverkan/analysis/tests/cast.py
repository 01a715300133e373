"""The permission cast with analysis records owned by Laxå (own), Hallsberg (other) and their
cooperation (coop): an hourly cost, a procurement and a hosting calculation, a scenario."""

import pytest

from samverkan.analysis.models import Calculation, HourlyCost, Scenario, ScenarioStep
from samverkan.testing.cast import SCOPES, SUPERUSER, extend_cast

from .benchmark_cases import add_benchmarks

YEAR = 2021
GROUPS = ("rates", "procurements", "hostings", "scenarios")


def add_analysis(cast) -> None:
    root = cast.users[SUPERUSER]
    for name in GROUPS:
        setattr(cast, name, {})
    members = [cast.orgs["own"].pk, cast.orgs["other"].pk]
    for s in SCOPES:
        org = cast.orgs[s]
        cast.rates[s] = HourlyCost.objects.create(organisation=org, year=YEAR, rate_ore=425_00)
        cast.procurements[s] = Calculation.objects.create(
            organisation=org, name=f"Upphandling {org.name}", kind=Calculation.Kind.PROCUREMENT,
            owner=root, year=YEAR, caveats="Bara en indikation", inputs={
                "members": members, "activities": [
                    {"name": "Kravställning", "hours_alone": "500", "hours_together": "600"}]})
        cast.hostings[s] = Calculation.objects.create(
            organisation=org, name=f"Drift {org.name}", kind=Calculation.Kind.HOSTING,
            owner=root, year=YEAR, inputs={"horizon_months": 24, "members": members,
                                           "alternatives": [
                {"name": "Egen drift", "lines": [{"label": "Server", "quantity": "2",
                                                  "unit_price_ore": 500_00}]},
                {"name": "Moln", "lines": [{"label": "Tjänst", "quantity": "1",
                                            "unit_price_ore": 800_00}]}]})
        cast.scenarios[s] = Scenario.objects.create(organisation=org, name=f"Scenario {org.name}",
                                                    owner=root)
        ScenarioStep.objects.create(scenario=cast.scenarios[s], position=1, name="Upphandla",
                                    calculation=cast.procurements[s])
    add_benchmarks(cast)


@pytest.fixture(scope="module")
def analysis_cast(shared_cast, django_db_blocker):
    with django_db_blocker.unblock():
        add_analysis(shared_cast)
    return shared_cast


@pytest.fixture
def acast(analysis_cast, module_cast, monkeypatch):
    """A refused request must leave the analysis tables as they were too."""
    extend_cast(monkeypatch, snapshot_apps=("analysis",), kept=GROUPS)
    return module_cast
