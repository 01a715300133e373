"""The API resources through the permission matrix: reading for everyone signed in, changing
for editors of the owner, with the version check against lost updates; a calculation's outputs
are computed from its inputs."""

import pytest

from samverkan.analysis.models import Calculation, HourlyCost, Scenario
from samverkan.testing.cast import CHANGERS, SCOPES, SIGNED_IN
from samverkan.testing.matrix import (
    ARCHIVED,
    CREATED,
    DENIED,
    OK,
    UNAUTHORISED,
    Case,
    api_send,
    check_every_role,
)

from . import benchmark_cases

pytestmark = pytest.mark.django_db

API = "/api/"


def cases(s):
    def detail(group, resource):
        return lambda c: f"{API}{resource}/{getattr(c, group)[s].pk}/"
    return [
        Case(f"calculation detail ({s})", detail("procurements", "calculations"), SIGNED_IN,
             anonymous=UNAUTHORISED, shows=lambda c: ['"saved_ore":17000000', '"hours_saved"']),
        Case(f"hosting outputs ({s})", detail("hostings", "calculations"), SIGNED_IN,
             anonymous=UNAUTHORISED, shows=lambda c: ['"break_even_month":1']),
        Case(f"calculation change ({s})", detail("procurements", "calculations"), CHANGERS[s],
             method="patch", anonymous=UNAUTHORISED, no=DENIED,
             data=lambda c: {"name": "Via API", "version": 1},
             effect=lambda c: Calculation.objects.filter(pk=c.procurements[s].pk,
                                                         name="Via API").exists()),
        Case(f"calculation create ({s})", lambda c: f"{API}calculations/", CHANGERS[s],
             yes=CREATED, method="post", anonymous=UNAUTHORISED, no=DENIED,
             data=lambda c: {"organisation": c.orgs[s].pk, "name": "Ny", "kind": "upphandling",
                             "year": 2021, "inputs": {"members": [], "member_count": 2,
                                                      "activities": [{"name": "A",
                                                                      "hours_alone": "10",
                                                                      "hours_together": "5"}]}},
             effect=lambda c: Calculation.objects.filter(name="Ny", organisation=c.orgs[s])
             .exists()),
        Case(f"calculation archive ({s})", detail("hostings", "calculations"), CHANGERS[s],
             yes=ARCHIVED, method="delete", anonymous=UNAUTHORISED,
             data=lambda c: {"version": 1},
             effect=lambda c: Calculation.objects.get(pk=c.hostings[s].pk).archived_at
             is not None),
        Case(f"hourly cost change ({s})", detail("rates", "hourly-costs"), CHANGERS[s],
             method="patch", anonymous=UNAUTHORISED, data=lambda c: {"rate_ore": 500_00,
                                                                    "version": 1},
             effect=lambda c: HourlyCost.objects.get(pk=c.rates[s].pk).rate_ore == 500_00),
        Case(f"scenario detail ({s})", detail("scenarios", "scenarios"), SIGNED_IN,
             anonymous=UNAUTHORISED, shows=lambda c: ['"total_ore":17000000']),
        Case(f"scenario change ({s})", detail("scenarios", "scenarios"), CHANGERS[s],
             method="patch", anonymous=UNAUTHORISED,
             data=lambda c: {"recommended": True, "version": 1},
             effect=lambda c: Scenario.objects.get(pk=c.scenarios[s].pk).recommended),
    ]


LISTS = [Case(f"{name} list", lambda c, n=name: f"{API}{n}/", SIGNED_IN, anonymous=UNAUTHORISED)
         for name in ("calculations", "hourly-costs", "scenarios")]
CASES = LISTS + benchmark_cases.API + [case for s in SCOPES for case in cases(s)]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_api_matrix(case, acast):
    check_every_role(case, acast, send=api_send)


def test_a_stale_version_is_refused(acast):
    from samverkan.testing.cast import SUPERUSER

    client = acast.client(SUPERUSER)
    url = f"{API}calculations/{acast.procurements['own'].pk}/"
    first = api_send(client, "patch", url, {"name": "Först", "version": 1})
    second = api_send(client, "patch", url, {"name": "Sist", "version": 1})
    assert (first.status_code, second.status_code) == (200, 412)
    assert OK
