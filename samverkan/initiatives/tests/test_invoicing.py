"""Invoicing the participants: the agreed budget becomes a cost pool of the cooperation that
splits exactly as the agreement did (the gift member exempt), is approved in Ekonomi like any
other split, and only the cooperation's editors make it, once, after the agreement."""

import datetime

import pytest
from django.test import Client

from samverkan.finance.allocation import AllocationError
from samverkan.finance.models import AllocationKey, CostPool, KeyVersion, PoolParticipant
from samverkan.finance.services import pools

from ..models import Initiative, Participation, Payment
from ..services import invoicing, money

S = Initiative.Stage
BUDGET = 1_000_000_01  # an öre that has to go somewhere


@pytest.fixture
def agreed(world):
    initiative = world.initiative(stage=S.AGREEMENT, agreement_year=2025,
                                  project_budget_ore=BUDGET)
    for name in ("Laxå", "Hallsberg", "Askersund"):
        Participation.objects.create(initiative=initiative, organisation=world.members[name],
                                     status=Participation.Status.BINDING,
                                     gave_solution=name == "Laxå")
    return initiative


def test_the_pool_splits_as_the_agreement_did(world, agreed):
    pool = invoicing.create_pool(world.users["coop_editor"], agreed)
    agreed.refresh_from_db()
    assert agreed.project_pool == pool and pool.organisation == world.coop
    assert (pool.source, pool.purpose, pool.year, pool.amount_ore) == (
        CostPool.Source.FIXED, CostPool.Purpose.PROJECT, 2025, BUDGET)
    gift = PoolParticipant.objects.get(pool=pool, organisation=world.members["Laxå"])
    assert gift.reduction == PoolParticipant.Reduction.EXEMPT and "SGM4" in gift.reason
    expected = {s.id: s.amount_ore for s in money.budget_split(agreed).shares}
    distribution = pools.approve(world.users["coop_editor"], pool)
    approved = {line.organisation_id: line.amount_ore for line in distribution.lines.all()}
    assert approved == expected and sum(approved.values()) == BUDGET
    assert approved[world.members["Laxå"].pk] == 0
    with pytest.raises(AllocationError, match="redan"):
        invoicing.create_pool(world.users["coop_editor"], agreed)


def test_linking_the_pool_is_in_the_initiatives_history_under_the_users_name(world, agreed):
    before = agreed.history.count()
    Initiative.objects.filter(pk=agreed.pk).update(name="Nytt namn")  # changed by someone else
    pool = invoicing.create_pool(world.users["coop_editor"], agreed)
    entry = agreed.history.latest()
    assert agreed.history.count() == before + 1
    assert (entry.project_pool_id, entry.history_user, entry.history_type) == (
        pool.pk, world.users["coop_editor"], "~")
    assert Initiative.objects.get(pk=agreed.pk).name == "Nytt namn"  # not written back


def test_the_management_budget_waits_for_the_handover(world, agreed):
    agreed.management_budget_ore = 200_000_00
    agreed.save()
    with pytest.raises(AllocationError, match="överlämningen"):
        invoicing.create_pool(world.users["coop_editor"], agreed, Payment.Budget.MANAGEMENT)
    assert not CostPool.objects.exists()


def test_nothing_is_invoiced_before_the_agreement(world, agreed):
    Initiative.objects.filter(pk=agreed.pk).update(stage=S.PLAN)
    agreed.refresh_from_db()
    with pytest.raises(AllocationError):
        invoicing.create_pool(world.users["coop_editor"], agreed)
    assert not CostPool.objects.exists()


@pytest.mark.parametrize("who,allowed", [("coop_editor", True), ("proposer", False),
                                         ("hallsberg_editor", False), ("member_reader", False),
                                         ("outsider", False)])
def test_the_button_on_the_initiatives_page(world, agreed, who, allowed):
    client = Client()
    client.force_login(world.users[who])
    url = f"/initiativ/{agreed.pk}/fakturera/projekt/"
    page = client.get(agreed.get_absolute_url())
    assert (url in page.content.decode()) == allowed if page.status_code == 200 else True
    response = client.post(url)
    if allowed:
        pool = CostPool.objects.get()
        assert response.status_code == 302 and response["Location"] == pool.get_absolute_url()
        assert pool.name in client.get(agreed.get_absolute_url()).content.decode()
    else:
        assert response.status_code in (403, 404) and not CostPool.objects.exists()


def test_an_unknown_budget_is_not_found(world, agreed):
    client = Client()
    client.force_login(world.users["coop_editor"])
    assert client.post(f"/initiativ/{agreed.pk}/fakturera/annat/").status_code == 404


def test_a_key_that_once_split_otherwise_is_not_taken_for_population(world, agreed):
    mixed = AllocationKey.objects.create(organisation=world.coop, name="Blandad")
    KeyVersion.objects.create(key=mixed, valid_from=datetime.date(2020, 1, 1),
                              method=KeyVersion.Method.MIXED, equal_weight=50,
                              population_weight=50)
    KeyVersion.objects.create(key=mixed, valid_from=datetime.date(2026, 1, 1),
                              method=KeyVersion.Method.POPULATION, population_weight=100)
    pool = invoicing.create_pool(world.users["coop_editor"], agreed)
    assert pool.key != mixed and pool.key.versions.get().method == KeyVersion.Method.POPULATION
