"""The initiatives' domain rules as plain functions: each stage change with its own permission
rule and decision, the participant set closing at the agreement, the budget split exact to the
öre (population of the agreement's year, the SGM4 gift), handover and the project plan."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samverkan.core.services import StaleVersionError
from samverkan.finance.allocation import AllocationError
from samverkan.organisations.models import Population
from samverkan.planning.models import Decision, Plan, PlanSteeringMember
from samverkan.portfolio.models import SteeringGroupMember

from ..models import Initiative, Participation, StageChange
from ..services import money, project, stages

S = Initiative.Stage
DAY = datetime.date(2025, 3, 4)


def _new(world, **values):
    values = {"organisation": world.coop, "name": "Gemensam lärplattform",
              "kind": Initiative.Kind.PROCUREMENT, "problem": "Fem olika plattformar",
              "proposer_organisation": world.members["Laxå"], "steering_group": world.group,
              **values}
    return Initiative(**values)


def _to_plan(world, budget_ore=120_000_000):
    coop = world.users["coop_editor"]
    initiative = stages.propose(world.users["proposer"], _new(world), on=DAY)
    stages.package(coop, initiative, proposal="Gemensam upphandling av lärplattform")
    stages.inform_members(coop, initiative, meeting=world.meeting)
    stages.open_interest(coop, initiative)
    for name in ("Laxå", "Hallsberg", "Askersund"):
        stages.register_interest(coop, initiative, world.members[name], on=DAY)
    stages.propose_plan(coop, initiative, project_budget_ore=budget_ore)
    return initiative


def _sign_all(world, initiative, gift=None):
    for participation in initiative.participations.all():
        name = participation.organisation.name
        stages.sign(world.users["coop_editor"], participation,
                    agreement="SGM4" if name == gift else "SGM3",
                    signatory=world.people[name], on=DAY)


# -- who may move the stages ----------------------------------------------------------------------

def test_a_member_editor_proposes_an_idea_for_the_cooperation(world):
    initiative = stages.propose(world.users["proposer"], _new(world), on=DAY)
    assert initiative.stage == S.IDEA
    assert initiative.history.count() == 1
    assert StageChange.objects.get(initiative=initiative).to_stage == S.IDEA


@pytest.mark.parametrize("who", ["member_reader", "outsider"])
def test_readers_and_outsiders_cannot_propose(world, who):
    with pytest.raises(PermissionDenied):
        stages.propose(world.users[who], _new(world))
    assert not Initiative.objects.exists()


def test_an_outsider_cannot_propose_on_behalf_of_a_non_member(world):
    with pytest.raises(PermissionDenied):
        stages.propose(world.users["outsider"], _new(world, proposer_organisation=world.stranger))


@pytest.mark.parametrize("who", ["proposer", "member_reader", "outsider"])
def test_only_the_cooperation_packages(world, who):
    initiative = stages.propose(world.users["proposer"], _new(world))
    with pytest.raises(PermissionDenied):
        stages.package(world.users[who], initiative, proposal="x")
    initiative.refresh_from_db()
    assert initiative.stage == S.IDEA


def test_stages_come_in_order(world):
    initiative = stages.propose(world.users["proposer"], _new(world))
    with pytest.raises(ValidationError):
        stages.open_interest(world.users["coop_editor"], initiative)


def test_approval_is_a_numbered_decision_of_the_steering_group(world):
    coop = world.users["coop_editor"]
    initiative = stages.propose(world.users["proposer"], _new(world))
    stages.package(coop, initiative, proposal="Förslag")
    with pytest.raises(ValidationError):
        stages.inform_members(coop, initiative, meeting=None)
    stages.inform_members(coop, initiative, meeting=world.meeting)
    decision = Decision.objects.get()
    assert decision.meeting == world.meeting and decision.number == 1
    change = initiative.stage_changes.get(to_stage=S.INFORMED)
    assert change.decision == decision


def test_a_decision_must_be_taken_by_the_initiatives_steering_group(world):
    from samverkan.planning.models import Meeting, SteeringGroup
    other = SteeringGroup.objects.create(organisation=world.coop, name="Annan grupp",
                                         level=SteeringGroup.Level.PORTFOLIO)
    meeting = Meeting.objects.create(organisation=world.coop, steering_group=other,
                                     title="Möte", held_on=DAY)
    coop = world.users["coop_editor"]
    initiative = stages.propose(world.users["proposer"], _new(world))
    stages.package(coop, initiative, proposal="Förslag")
    with pytest.raises(ValidationError):
        stages.inform_members(coop, initiative, meeting=meeting)
    assert not Decision.objects.exists()


def test_a_stale_stage_change_is_refused(world):
    coop = world.users["coop_editor"]
    initiative = stages.propose(world.users["proposer"], _new(world))
    version = initiative.version
    stages.package(coop, initiative, proposal="Förslag", expected_version=version)
    stale = Initiative.objects.get(pk=initiative.pk)
    stale.stage = S.IDEA
    with pytest.raises(StaleVersionError):
        stages.move(coop, stale, S.PACKAGED, expected_version=version)


def test_closing_needs_a_reason_and_a_decision(world):
    coop = world.users["coop_editor"]
    initiative = stages.propose(world.users["proposer"], _new(world))
    with pytest.raises(ValidationError):
        stages.close(coop, initiative, reason=" ", meeting=world.meeting)
    stages.close(coop, initiative, reason="Ingen medlem intresserad", meeting=world.meeting)
    initiative.refresh_from_db()
    assert initiative.stage == S.CLOSED
    assert initiative.closed_reason == "Ingen medlem intresserad"
    assert Decision.objects.get().text == "Ingen medlem intresserad"


# -- participation --------------------------------------------------------------------------------

def test_a_member_answers_only_for_itself(world):
    initiative = _to_plan(world)
    with pytest.raises(PermissionDenied):
        stages.register_interest(world.users["proposer"], initiative, world.members["Hallsberg"])
    with pytest.raises(PermissionDenied):
        stages.register_interest(world.users["outsider"], initiative, world.stranger)
    participation = stages.register_interest(world.users["hallsberg_editor"], initiative,
                                             world.members["Hallsberg"])
    assert participation.status == Participation.Status.INTEREST


def test_the_participant_set_closes_at_the_agreement(world):
    initiative = _to_plan(world)
    coop = world.users["coop_editor"]
    hallsberg = initiative.participations.get(organisation__name="Hallsberg")
    stages.withdraw(coop, hallsberg)
    with pytest.raises(ValidationError):  # Askersund only showed interest
        stages.agree(coop, initiative, meeting=world.meeting, on=DAY)
    _sign_all(world, initiative.__class__.objects.get(pk=initiative.pk))
    stages.agree(coop, initiative, meeting=world.meeting, on=DAY)
    initiative.refresh_from_db()
    assert initiative.stage == S.AGREEMENT and initiative.agreement_year == 2025
    with pytest.raises(ValidationError):
        stages.register_interest(coop, initiative, world.members["Hallsberg"])


def test_signing_a_gift_marks_the_gift_municipality(world):
    initiative = _to_plan(world)
    _sign_all(world, initiative, gift="Laxå")
    laxa = initiative.participations.get(organisation__name="Laxå")
    assert laxa.agreement == "SGM4" and laxa.gave_solution


# -- money ----------------------------------------------------------------------------------------

def test_the_project_budget_splits_by_the_agreement_years_population_to_the_ore(world):
    initiative = _to_plan(world)
    _sign_all(world, initiative)
    stages.agree(world.users["coop_editor"], initiative, meeting=world.meeting, on=DAY)
    split = money.budget_split(Initiative.objects.get(pk=initiative.pk))
    amounts = {s.name: s.amount_ore for s in split.shares}
    # 1 200 000 kr × 5 476 / 32 983 = 199 229,906…; the two left-over öre go to the largest
    # remainders (Hallsberg ,694, Askersund ,674), not Laxå (,632)
    assert amounts == {"Laxå": 19_922_990, "Hallsberg": 58_328_230, "Askersund": 41_748_780}
    assert sum(amounts.values()) == 120_000_000


def test_the_gift_municipality_pays_nothing_and_the_others_carry_it(world):
    initiative = _to_plan(world)
    _sign_all(world, initiative, gift="Laxå")
    stages.agree(world.users["coop_editor"], initiative, meeting=world.meeting, on=DAY)
    split = money.budget_split(Initiative.objects.get(pk=initiative.pk))
    amounts = {s.name: s.amount_ore for s in split.shares}
    assert amounts == {"Laxå": 0, "Hallsberg": 69_940_015, "Askersund": 50_059_985}


def test_a_missing_population_year_uses_the_nearest_and_says_so(world):
    initiative = _to_plan(world)
    _sign_all(world, initiative)
    stages.agree(world.users["coop_editor"], initiative, meeting=world.meeting,
                 on=datetime.date(2026, 1, 15))
    initiative = Initiative.objects.get(pk=initiative.pk)
    split = money.budget_split(initiative)
    amounts = {s.name: s.amount_ore for s in split.shares}
    # the fixture has 2025 figures only: the same split as an agreement in 2025
    assert amounts == {"Laxå": 19_922_990, "Hallsberg": 58_328_230, "Askersund": 41_748_780}
    assert money.population_notes(initiative) == [
        "Folkmängd 2026 saknas, 2025 används (Askersund, Hallsberg, Laxå)."]


def test_a_member_without_any_population_is_an_error(world):
    initiative = _to_plan(world)
    _sign_all(world, initiative)
    stages.agree(world.users["coop_editor"], initiative, meeting=world.meeting, on=DAY)
    Population.objects.filter(organisation__name="Laxå").delete()
    with pytest.raises(AllocationError):
        money.budget_split(Initiative.objects.get(pk=initiative.pk))


def test_before_the_agreement_the_split_follows_the_participant_set(world):
    initiative = _to_plan(world)
    initiative.agreement_year = 2025
    first = money.budget_split(initiative)
    stages.withdraw(world.users["coop_editor"],
                    initiative.participations.get(organisation__name="Hallsberg"))
    second = money.budget_split(initiative)
    assert len(first.shares) == 3 and len(second.shares) == 2
    assert sum(s.amount_ore for s in second.shares) == 120_000_000


# -- project and handover -------------------------------------------------------------------------

def _agreed(world):
    initiative = _to_plan(world)
    _sign_all(world, initiative)
    stages.agree(world.users["coop_editor"], initiative, meeting=world.meeting, on=DAY)
    return Initiative.objects.get(pk=initiative.pk)


def test_a_project_gets_a_project_plan_with_the_participants_in_its_steering_group(world):
    initiative = project.start_project(world.users["coop_editor"], _agreed(world),
                                       starts_on=datetime.date(2025, 4, 1),
                                       ends_on=datetime.date(2025, 12, 31))
    plan = initiative.project_plan
    assert plan.kind == Plan.Kind.PROJECT and plan.organisation == world.coop
    assert PlanSteeringMember.objects.filter(plan=plan).count() == 3


def test_handover_creates_the_object_seats_the_participants_and_starts_its_plan(world):
    coop = world.users["coop_editor"]
    initiative = project.start_project(coop, _agreed(world), starts_on=DAY,
                                       ends_on=datetime.date(2025, 12, 31))
    initiative = project.hand_over(coop, initiative, meeting=world.meeting,
                                   on=datetime.date(2026, 1, 10),
                                   management_budget_ore=30_000_000)
    obj = initiative.management_object
    assert obj.organisation == world.coop and initiative.stage == S.HANDOVER
    assert SteeringGroupMember.objects.filter(management_object=obj).count() == 3
    assert Plan.objects.filter(management_object=obj, year=2026).exists()
    assert initiative.stage_changes.get(to_stage=S.HANDOVER).decision is not None


def test_the_proposer_cannot_hand_over(world):
    coop = world.users["coop_editor"]
    initiative = project.start_project(coop, _agreed(world), starts_on=DAY,
                                       ends_on=datetime.date(2025, 12, 31))
    with pytest.raises(PermissionDenied):
        project.hand_over(world.users["proposer"], initiative, meeting=world.meeting,
                          on=DAY)
