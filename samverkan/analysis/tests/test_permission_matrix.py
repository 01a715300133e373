"""Every analysis page × every role × records owned by Laxå (own), Hallsberg (other) and their
cooperation (coop). Reading is open to everyone signed in (the results are the cooperation's
shared analysis); changing is for editors of the owner. Refused requests change nothing."""

import pytest
from django.urls import resolve, reverse

from samverkan.analysis.models import Calculation, HourlyCost, Scenario, ScenarioStep
from samverkan.testing.cast import CHANGERS, EDITORS_ANYWHERE, SCOPES, SIGNED_IN
from samverkan.testing.matrix import INVALID, SAVED, Case, check_every_role

from . import benchmark_cases

pytestmark = pytest.mark.django_db


def url(name, *args, query=""):
    def build(cast):
        return reverse(name, args=[getattr(cast, group)[scope].pk for group, scope in args]) + query
    return build


def step_url(name, s, *rest):
    def build(cast):
        scenario = cast.scenarios[s]
        return reverse(name, args=[scenario.pk, scenario.steps.get().pk, *rest])
    return build


def fixed(path):
    return lambda cast: path


def invalid_elsewhere(s):
    return {who: INVALID for who in EDITORS_ANYWHERE - CHANGERS[s]}


LISTS = [
    Case("overview", fixed(reverse("analysis:index")), SIGNED_IN,
         shows=lambda c: [c.procurements[s].name for s in SCOPES],
         link=fixed(reverse("analysis:calculation_add", args=["upphandling"])),
         link_roles=EDITORS_ANYWHERE),
    Case("licence comparison", fixed(reverse("analysis:licences") + "?ar=2021"), SIGNED_IN),
    Case("licence comparison export", fixed(reverse("analysis:licences") + "?export=xlsx"),
         SIGNED_IN),
    Case("scenarios side by side", fixed(reverse("analysis:scenarios")), SIGNED_IN,
         shows=lambda c: [c.scenarios[s].name for s in SCOPES]),
    Case("procurement add form", fixed(reverse("analysis:calculation_add", args=["upphandling"])),
         EDITORS_ANYWHERE),
    Case("hosting add form", fixed(reverse("analysis:calculation_add", args=["drift"])),
         EDITORS_ANYWHERE),
    Case("hourly cost add form", fixed(reverse("analysis:hourly_cost_add")), EDITORS_ANYWHERE),
    Case("scenario add form", fixed(reverse("analysis:scenario_add")), EDITORS_ANYWHERE),
]


def rows(prefix="rad", lines=()):
    data = {f"{prefix}-TOTAL_FORMS": len(lines), f"{prefix}-INITIAL_FORMS": 0}
    for i, line in enumerate(lines):
        data.update({f"{prefix}-{i}-{k}": v for k, v in line.items()})
    return data


def scoped_cases(s):
    return [
        Case(f"procurement detail ({s})", url("analysis:calculation", ("procurements", s)),
             SIGNED_IN, shows=lambda c: ["Kravställning", "425\u00a0000,00\u00a0kr",
                                         "Bara en indikation"],
             link=url("analysis:calculation_edit", ("procurements", s)), link_roles=CHANGERS[s]),
        Case(f"procurement export ({s})",
             url("analysis:calculation", ("procurements", s), query="?export=csv"), SIGNED_IN,
             shows=lambda c: ["Kravställning;500"]),
        Case(f"hosting detail ({s})", url("analysis:calculation", ("hostings", s)), SIGNED_IN,
             shows=lambda c: ["Egen drift", "Moln", "4\u00a0800,00\u00a0kr"]),
        Case(f"hosting export ({s})",
             url("analysis:calculation", ("hostings", s), query="?export=xlsx"), SIGNED_IN),
        Case(f"procurement add ({s})", fixed(reverse("analysis:calculation_add",
                                                     args=["upphandling"])),
             CHANGERS[s], yes=SAVED, overrides=invalid_elsewhere(s), method="post",
             data=lambda c: {"organisation": c.orgs[s].pk, "name": "Ny kalkyl", "year": 2021,
                             "confidence": "estimat", "members": [c.orgs["own"].pk],
                             **rows(lines=[{"name": "Krav", "hours_alone": "10",
                                            "hours_together": "12"}])},
             effect=lambda c: Calculation.objects.filter(
                 name="Ny kalkyl", organisation=c.orgs[s],
                 inputs__activities__0__name="Krav").exists()),
        Case(f"hosting edit form ({s})", url("analysis:calculation_edit", ("hostings", s)),
             CHANGERS[s]),
        Case(f"hosting edit ({s})", url("analysis:calculation_edit", ("hostings", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: {"organisation": c.orgs[s].pk, "name": "Omräknad", "year": 2021,
                             "confidence": "kalkyl", "horizon_months": 48, "expected_version": 1,
                             **rows(lines=[
                                 {"alternative": "Egen", "label": "Server", "quantity": "1",
                                  "unit_price": "100", "spread_months": "36"},
                                 {"alternative": "Moln", "label": "Flytt", "quantity": "1",
                                  "unit_price": "3600", "one_off": "on", "spread_months": "36"}])},
             effect=lambda c: Calculation.objects.filter(
                 pk=c.hostings[s].pk, name="Omräknad", inputs__horizon_months=48).exists()),
        Case(f"calculation archive ({s})",
             url("analysis:calculation_archive", ("hostings", s)), CHANGERS[s], yes=SAVED,
             method="post", data=lambda c: {"expected_version": 1},
             effect=lambda c: Calculation.objects.get(pk=c.hostings[s].pk).archived_at is not None),
        Case(f"hourly cost edit ({s})", url("analysis:hourly_cost_edit", ("rates", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: {"organisation": c.orgs[s].pk, "year": 2021, "rate": "450",
                             "expected_version": 1},
             effect=lambda c: HourlyCost.objects.get(pk=c.rates[s].pk).rate_ore == 450_00),
        Case(f"scenario detail ({s})", url("analysis:scenario", ("scenarios", s)), SIGNED_IN,
             shows=lambda c: ["Upphandla", c.procurements[s].name],
             link=url("analysis:scenario_edit", ("scenarios", s)), link_roles=CHANGERS[s]),
        Case(f"scenario edit ({s})", url("analysis:scenario_edit", ("scenarios", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: {"organisation": c.orgs[s].pk, "name": "Nytt namn",
                             "recommended": "on", "expected_version": 1},
             effect=lambda c: Scenario.objects.filter(pk=c.scenarios[s].pk, name="Nytt namn",
                                                      recommended=True).exists()),
        Case(f"scenario add step ({s})", url("analysis:scenario_step", ("scenarios", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: {"name": "Samdrift", "calculation": c.hostings[s].pk},
             effect=lambda c: ScenarioStep.objects.filter(scenario=c.scenarios[s],
                                                          name="Samdrift").exists()),
        Case(f"scenario step removed ({s})", step_url("analysis:scenario_step_remove", s),
             CHANGERS[s], yes=SAVED, method="post", data=lambda c: {"expected_version": 1},
             effect=lambda c: not c.scenarios[s].steps.exists()),
        Case(f"scenario step moved ({s})", step_url("analysis:scenario_step_move", s, "ned"),
             CHANGERS[s], yes=SAVED, method="post", data=lambda c: {"expected_version": 1},
             # the only step stays first: nothing to swap with
             effect=lambda c: c.scenarios[s].steps.get().position == 1),
    ]


CASES = LISTS + benchmark_cases.PAGES + [case for s in SCOPES for case in scoped_cases(s)]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_permission_matrix(case, acast):
    check_every_role(case, acast)


def test_every_analysis_page_is_in_the_matrix(acast):
    from samverkan.analysis import urls
    from samverkan.analysis.tests.test_consolidation_matrix import COVERED

    covered = {resolve(case.url(acast).split("?")[0]).url_name for case in CASES} | COVERED
    assert {p.name for p in urls.urlpatterns} - covered == set()
