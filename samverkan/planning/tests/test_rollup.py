"""The roll-up of a family's or a portfolio's objects: the same figures as each plan's own
follow-up, every object listed (none left out for want of a plan), worst first with the reasons,
and a query count that does not grow with the number of objects."""

import datetime
import io
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from samverkan.planning import followup, rollup
from samverkan.planning.models import Activity, Plan, SteeringGroup
from samverkan.portfolio.models import ManagementObject
from samverkan.testing.factories import ManagementObjectFactory

from .factories import (
    ActivityFactory,
    DecisionFactory,
    EstimateFactory,
    GoalFactory,
    PlanFactory,
    RiskFactory,
    TimeReportFactory,
)

pytestmark = pytest.mark.django_db
YEAR = 2026


def _random_plan(rng, obj, year=YEAR):
    plan = PlanFactory(management_object=obj, year=year, state=Plan.State.APPROVED)
    for _n in range(rng.randint(0, 4)):
        kind = rng.choice([Activity.Kind.MAINTAIN, Activity.Kind.DEVELOP,
                           Activity.Kind.OUTSIDE_PLAN])
        decided = kind == Activity.Kind.OUTSIDE_PLAN and rng.random() < 0.5
        activity = ActivityFactory(
            plan=plan, kind=kind, internal_hours=Decimal(rng.randint(0, 4000)) / 4,
            external_hours=Decimal(rng.randint(0, 400)) / 2, budget_ore=rng.randint(0, 10**8),
            decision=DecisionFactory() if decided else None,
            decision_basis="Underlag" if decided else "")
        for _m in range(rng.randint(0, 5)):
            TimeReportFactory(activity=activity, category=rng.choice(["intern", "extern"]),
                              hours=Decimal(rng.randint(1, 60)) / 4,
                              cost_ore=rng.randint(0, 10**6),
                              date=datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)))
    for _n in range(rng.randint(0, 3)):
        EstimateFactory(plan=plan, category=rng.choice(["intern", "extern"]),
                        as_of=datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                        remaining_hours=Decimal(rng.randint(0, 200)) / 4,
                        remaining_ore=rng.randint(0, 10**6))
    return plan


@pytest.mark.parametrize("seed", range(4))
def test_the_roll_up_figures_are_each_plans_own_follow_up(seed):
    rng = random.Random(seed)
    plans = [_random_plan(rng, ManagementObjectFactory()) for _n in range(5)]
    as_of = datetime.date(YEAR, rng.randint(1, 12), 15)
    for when in (None, as_of):
        figures = rollup.plan_figures([p.pk for p in plans], as_of=when)
        for plan in plans:
            own = followup.follow_up(plan, as_of=when)
            got = figures[plan.pk]
            for mine, theirs in ((got.internal, own.internal), (got.external, own.external),
                                 (got.money, own.money), (got.hours, own.hours)):
                assert (mine.budget, mine.outcome, mine.remaining, mine.forecast,
                        mine.deviation) == (theirs.budget, theirs.outcome, theirs.remaining,
                                            theirs.forecast, theirs.deviation)


@pytest.fixture
def portfolio(laxa, editor):
    """Four objects: over budget, a draft, green, and one without a plan."""
    objects = {name: ManagementObjectFactory(name=name, organisation=laxa)
               for name in ("Ekonomi", "Lärplattform", "Skolfamiljen", "Växel")}
    over = PlanFactory(management_object=objects["Ekonomi"], year=YEAR,
                       state=Plan.State.APPROVED)
    activity = ActivityFactory(plan=over, internal_hours=Decimal(100), budget_ore=1_000_00)
    TimeReportFactory(activity=activity, hours=Decimal(90), category="intern", cost_ore=50_00)
    EstimateFactory(plan=over, category="intern", remaining_hours=Decimal(25))  # 115 of 100
    PlanFactory(management_object=objects["Lärplattform"], year=YEAR)  # utkast
    green = PlanFactory(management_object=objects["Skolfamiljen"], year=YEAR,
                        state=Plan.State.APPROVED)
    ActivityFactory(plan=green, internal_hours=Decimal(40))
    RiskFactory(plan=green, probability=2, impact=2)
    PlanFactory(management_object=objects["Skolfamiljen"], year=YEAR + 1)  # next year's draft
    group = SteeringGroup.objects.create(organisation=laxa, level=SteeringGroup.Level.PORTFOLIO,
                                         name="Portföljstyrgrupp")
    return group, objects


def test_worst_first_with_the_reasons_and_no_object_left_out(portfolio, editor):
    group, objects = portfolio
    result = rollup.roll_up(group.covered_objects(), editor, YEAR)
    assert [(r.management_object.name, r.status) for r in result.rows] == [
        ("Ekonomi", "rod"), ("Växel", "saknas"), ("Lärplattform", "gul"),
        ("Skolfamiljen", "gron")]
    red = result.rows[0]
    assert red.hours.forecast == Decimal(115) and red.hours.deviation == Decimal(-15)
    assert red.reasons == ["Timmar: 15 (15 %) över budget"]
    assert result.rows[2].reasons == ["Planen är inte fastställd (utkast)."]
    assert result.rows[3].plan.year == YEAR  # next year's draft does not replace this year's
    assert [r.management_object.name for r in result.over_budget] == ["Ekonomi"]
    assert (result.count("rod"), result.count("saknas"), result.count("gul"),
            result.count("gron")) == (1, 1, 1, 1)


def test_an_open_red_risk_makes_the_object_red(portfolio, editor):
    group, objects = portfolio
    plan = Plan.objects.get(management_object=objects["Skolfamiljen"], year=YEAR)
    RiskFactory(plan=plan, number=7, probability=4, impact=3, description="Nyckelperson slutar")
    result = rollup.roll_up(group.covered_objects(), editor, YEAR)
    row = next(r for r in result.rows if r.management_object.name == "Skolfamiljen")
    assert row.status == "rod" and row.reasons == ["Öppen risk med priorvärde 12."]
    assert [(r.description, r.p) for r in result.top_risks][:1] == [("Nyckelperson slutar", 12)]


def test_a_red_goal_and_an_old_plan_are_yellow(laxa, editor):
    obj = ManagementObjectFactory(organisation=laxa)
    plan = PlanFactory(management_object=obj, year=YEAR - 1, state=Plan.State.APPROVED)
    GoalFactory(plan=plan, light="rod")
    result = rollup.roll_up(ManagementObject.objects.filter(pk=obj.pk), editor, YEAR)
    assert result.rows[0].status == "gul"
    assert result.rows[0].reasons == [f"Senaste planen gäller {YEAR - 1}.",
                                      "1 mål med röd signal."]


def test_the_query_count_does_not_grow_with_the_portfolio(laxa, editor):
    rng = random.Random(7)

    def queries(n):
        for _n in range(n):
            _random_plan(rng, ManagementObjectFactory(organisation=laxa))
        with CaptureQueriesContext(connection) as captured:
            rollup.roll_up(ManagementObject.objects.filter(organisation=laxa), editor, YEAR)
        return len(captured)

    assert queries(2) == queries(10)


def test_the_group_page_shows_and_exports_the_roll_up(portfolio, client, editor):
    group, _objects = portfolio
    client.force_login(editor)
    page = client.get(reverse("planning:group", args=[group.pk]))
    text = page.content.decode()
    assert 'id="rollup"' in text and text.index("Ekonomi") < text.index("Skolfamiljen")
    assert "Timmar: 15 (15 %) över budget" in text
    export = client.get(reverse("planning:group", args=[group.pk]) + f"?ar={YEAR}&export=xlsx")
    content = export.getvalue() if not export.streaming else b"".join(export.streaming_content)
    rows = list(load_workbook(io.BytesIO(content), read_only=True).active.values)
    header, first = rows[0], rows[1]
    assert first[header.index("Förvaltningsobjekt")] == "Ekonomi"
    assert first[header.index("Timmar prognos")] == 115
    assert first[header.index("Kostnad budget (kr)")] == 1000
