"""The decision basis's rules as plain functions: utkast → beredd → beslutad, decided only once
the meeting's decision (§) on its own item exists (then linked), a decided basis unchanged, a
stale form refused, only the meeting's editors writing; and its consequences per municipality
taken from the initiative's split (to the öre) and the scenario's savings."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samverkan.analysis.models import Scenario
from samverkan.analysis.services import calculations
from samverkan.core.services import StaleVersionError
from samverkan.initiatives.services import benefits, money
from samverkan.planning import services as planning
from samverkan.planning.models import AgendaItem, Decision
from samverkan.reports import basis as bases
from samverkan.reports.models import DecisionBasis
from samverkan.testing.factories import OrganisationFactory

S = DecisionBasis.State


def unsaved(state, item_id=7) -> DecisionBasis:
    return DecisionBasis(state=state, agenda_item_id=item_id)


# -- the state rules, without a database ---------------------------------------------------------


def test_the_states_run_draft_prepared_decided_and_back_only_to_draft():
    assert bases.next_states(S.DRAFT) == (S.PREPARED,)
    assert bases.next_states(S.PREPARED) == (S.DRAFT, S.DECIDED)
    assert bases.next_states(S.DECIDED) == ()


@pytest.mark.parametrize("state,target", [
    (S.DRAFT, S.DECIDED), (S.DECIDED, S.DRAFT), (S.DECIDED, S.PREPARED), (S.DRAFT, S.DRAFT),
    (S.PREPARED, "okänd")])
def test_it_refuses_a_jump_or_a_step_back_from_decided(state, target):
    with pytest.raises(ValidationError):
        bases.check_transition(unsaved(state), target, Decision(agenda_item_id=7))


def test_decided_needs_the_meetings_decision_on_the_same_item():
    with pytest.raises(ValidationError, match="inte fattat"):
        bases.check_transition(unsaved(S.PREPARED), S.DECIDED, None)
    with pytest.raises(ValidationError, match="annan punkt"):
        bases.check_transition(unsaved(S.PREPARED), S.DECIDED, Decision(agenda_item_id=8))
    bases.check_transition(unsaved(S.PREPARED), S.DECIDED, Decision(agenda_item_id=7))
    bases.check_transition(unsaved(S.DRAFT), S.PREPARED, None)
    bases.check_transition(unsaved(S.PREPARED), S.DRAFT, None)


# -- the services --------------------------------------------------------------------------------


def test_a_new_basis_is_a_draft_with_history(basis_world):
    basis = basis_world.basis
    assert basis.state == S.DRAFT and basis.decision is None and basis.version == 1
    assert basis.history.count() == 1


def test_it_is_decided_with_the_meetings_decision_linked(basis_world, coop_editor):
    basis = basis_world.basis
    bases.change_state(coop_editor, basis, S.PREPARED, expected_version=1)
    with pytest.raises(ValidationError, match="inte fattat"):
        bases.change_state(coop_editor, basis, S.DECIDED, expected_version=2)
    decision = planning.record_decision(coop_editor, Decision(
        meeting=basis_world.item.meeting, agenda_item=basis_world.item, title="Lärplattform",
        text="Styrgruppen beslutar att upphandla gemensamt."))
    bases.change_state(coop_editor, basis, S.DECIDED, expected_version=2)
    stored = DecisionBasis.objects.get(pk=basis.pk)
    assert (stored.state, stored.decision, stored.version) == (S.DECIDED, decision, 3)
    assert [h.state for h in stored.history.order_by("history_date")] == [
        S.DRAFT, S.PREPARED, S.DECIDED]


def test_a_decided_basis_is_not_changed(basis_world, coop_editor):
    basis = basis_world.basis
    bases.change_state(coop_editor, basis, S.PREPARED)
    planning.record_decision(coop_editor, Decision(
        meeting=basis_world.item.meeting, agenda_item=basis_world.item, title="Beslut",
        text="Ja."))
    bases.change_state(coop_editor, basis, S.DECIDED)
    basis.proposal = "Något annat"
    with pytest.raises(ValidationError, match="beslutat"):
        bases.save_basis(coop_editor, basis, expected_version=basis.version)
    with pytest.raises(ValidationError):
        bases.change_state(coop_editor, basis, S.DRAFT)
    assert DecisionBasis.objects.get(pk=basis.pk).proposal.startswith("Styrgruppen")


def test_a_stale_form_is_refused(basis_world, coop_editor):
    first = DecisionBasis.objects.get(pk=basis_world.basis.pk)
    second = DecisionBasis.objects.get(pk=basis_world.basis.pk)
    first.background = "Först"
    bases.save_basis(coop_editor, first, expected_version=1)
    second.background = "Sen"
    with pytest.raises(StaleVersionError):
        bases.save_basis(coop_editor, second, expected_version=1)
    with pytest.raises(StaleVersionError):
        bases.change_state(coop_editor, second, S.PREPARED, expected_version=1)
    assert DecisionBasis.objects.get(pk=first.pk).background == "Först"


@pytest.mark.parametrize("who", ["reader", "outsider", "editor"])
def test_only_the_meetings_editors_write_it(basis_world, who, request):
    user = request.getfixturevalue(who)
    basis = DecisionBasis.objects.get(pk=basis_world.basis.pk)
    basis.proposal = "Inget"
    with pytest.raises(PermissionDenied):
        bases.save_basis(user, basis, expected_version=1)
    with pytest.raises(PermissionDenied):
        bases.change_state(user, basis, S.PREPARED, expected_version=1)
    assert DecisionBasis.objects.get(pk=basis.pk).version == 1


def test_it_belongs_to_a_decision_item_once(basis_world, coop_editor):
    info = AgendaItem.objects.create(meeting=basis_world.item.meeting, order=3,
                                     title="Information", kind=AgendaItem.Kind.INFORMATION)
    with pytest.raises(ValidationError):
        bases.save_basis(coop_editor, DecisionBasis(agenda_item=info, subject="x",
                                                    proposal="y"))
    with pytest.raises(ValidationError):
        bases.save_basis(coop_editor, DecisionBasis(agenda_item=basis_world.item, subject="x",
                                                    proposal="y"))


def test_it_refuses_a_scenario_of_an_unrelated_organisation(basis_world, coop_editor):
    stranger = OrganisationFactory(name="Karlstad")
    foreign = Scenario.objects.create(organisation=stranger, owner=coop_editor, name="Annat")
    basis = DecisionBasis.objects.get(pk=basis_world.basis.pk)
    basis.scenario = foreign
    with pytest.raises(ValidationError, match="scenario"):
        bases.save_basis(coop_editor, basis, expected_version=1)


# -- consequences per municipality ----------------------------------------------------------------


def test_each_municipalitys_costs_are_the_initiatives_split_and_sum_to_the_budget(basis_world):
    world = basis_world
    result = bases.consequences(world.basis)
    splits, problems = money.budget_splits(world.initiative)
    assert problems == []
    assert [r.name for r in result.rows] == ["Hallsberg", "Laxå"]
    for row in result.rows:
        own = benefits.member_basis(world.initiative, row.organisation_id, splits)
        assert row.shares == [share.amount_ore for _l, share, _t in own.shares]
        assert row.benefit_ore == own.benefit_ore
    total = result.total()
    assert total.shares == [split.total_ore for _l, split in splits] == [1_000_000_01,
                                                                          300_000_00]
    saved = calculations.summary(world.scenario)
    assert {r.name: r.saving_ore for r in result.rows} == saved.per_member
    assert total.saving_ore == saved.total_ore
    assert total.net_ore == total.benefit_ore + total.saving_ore - total.cost_ore


def test_a_members_consequences_are_its_own_alone(basis_world):
    world = basis_world
    whole = {r.name: r for r in bases.consequences(world.basis).rows}
    own = bases.consequences(world.basis, world.hallsberg).rows
    assert [(r.name, r.shares, r.saving_ore, r.benefit_ore) for r in own] == [
        ("Hallsberg", whole["Hallsberg"].shares, whole["Hallsberg"].saving_ore,
         whole["Hallsberg"].benefit_ore)]


def test_a_member_outside_the_basis_is_refused(basis_world):
    stranger = OrganisationFactory(name="Karlstad")
    assert bases.member_of(basis_world.basis, "") is None
    assert bases.member_of(basis_world.basis, str(basis_world.laxa.pk)) == basis_world.laxa
    for value in (str(stranger.pk), "abc"):
        with pytest.raises(ValidationError):
            bases.member_of(basis_world.basis, value)
