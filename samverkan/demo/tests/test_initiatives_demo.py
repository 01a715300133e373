"""The demo's initiatives: the Lärplattform procurement is handed over with the seed's budget
split to the öre, its benefit is the seed's saving; loading twice changes nothing."""

import datetime

import pytest

from samverkan.demo import finance, planning, sydnarke
from samverkan.demo import initiatives as demo
from samverkan.finance.services import pools
from samverkan.initiatives.models import Initiative, Participation, StageChange
from samverkan.initiatives.services import benefits, money
from samverkan.organisations.services import load_reference_data
from samverkan.portfolio.services import load_capabilities
from samverkan.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 30)


def test_the_initiatives_demo_loads_once_on_the_seed_figures():
    UserFactory(username="admin", is_superuser=True, is_staff=True)
    load_reference_data()
    load_capabilities()
    sydnarke.load()
    finance.load(today=TODAY)
    planning.load(today=TODAY)
    demo.load()
    counts = (Initiative.objects.count(), StageChange.objects.count())
    demo.load()
    assert (Initiative.objects.count(), StageChange.objects.count()) == counts

    procurement = Initiative.objects.get(name=demo.PROCUREMENT)
    assert procurement.stage == Initiative.Stage.HANDOVER
    assert procurement.management_object.name == "Lärplattform"
    split = money.budget_split(procurement)
    assert split.total_ore == 233_750_000
    assert sum(s.amount_ore for s in split.shares) == 233_750_000
    # invoiced through an approved cost pool that splits exactly as the agreement did
    distribution = pools.current_distribution(procurement.project_pool)
    assert {line.organisation_id: line.amount_ore for line in distribution.lines.all()} == {
        s.id: s.amount_ore for s in split.shares}
    # folkmängd 2025 (SCB): Askersund 11 405, Hallsberg 16 065, Laxå 5 424, Lekeberg 8 592
    assert {s.name: s.amount_ore for s in split.shares} == {
        "Askersund": 64_260_685, "Hallsberg": 90_517_132, "Laxå": 30_561_153,
        "Lekeberg": 48_411_030}
    assert benefits.yearly(procurement) == [(2025, 259_250_000, 210_000_000, 233_750_000),
                                            (2026, 259_250_000, 0, 0)]

    spreading = Initiative.objects.get(name=demo.SPREADING)
    assert spreading.stage == Initiative.Stage.INTEREST
    assert spreading.participations.filter(status=Participation.Status.INTEREST,
                                           gave_solution=True).count() == 1

    # the programme steering group ranks the three open initiatives; one benefit year is overdue
    from samverkan.initiatives.models import (
        Benefit,
        CostYear,
        Criterion,
        PrioritisationDecision,
    )
    from samverkan.initiatives.services import priority

    board = procurement.organisation
    criteria = list(Criterion.objects.filter(organisation=board))
    open_ones = Initiative.objects.filter(organisation=board).exclude(
        stage__in=[Initiative.Stage.HANDOVER, Initiative.Stage.EVALUATED])
    ranked = priority.ranking(open_ones, criteria)
    assert [r.initiative.name for r in ranked] == [
        "Gemensam licensförvaltning", "Gemensamt e-arkiv", demo.SPREADING]
    assert all(r.score is not None for r in ranked)
    decided = PrioritisationDecision.objects.get(organisation=board)
    assert [row["name"] for row in decided.ranking] == [r.initiative.name for r in ranked]
    assert decided.decision.meeting.held_on == demo.PRIORITISED_ON
    result = benefits.follow_up(Benefit.objects.filter(initiative=procurement),
                                CostYear.objects.filter(initiative=procurement), today=TODAY)
    assert [(r.benefit.kind, r.year.year) for r in result.overdue] == [("pengar", 2026)]
    assert sum(1 for r in result.rows if r.year.realised is not None) == 3
    assert result.money_by_year[0] == (2025, 259_250_000, 210_000_000, 233_750_000)

