"""The initiative's outcome from the ledger: bookings on the contracts named as the initiative's
(and on the management object's after handover) per year from the agreement, a year without an
imported ledger said as unknown, never zero; a contract's hidden prices count only from the
reader's own ledgers, and nothing the reader sees depends on the hidden amount."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from samverkan.core.formatting import format_ore
from samverkan.ledger.models import CostSummary
from samverkan.testing.factories import ContractFactory, ContractPartyFactory

from ..models import Initiative, Participation
from ..services import outcome

S = Initiative.Stage
TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def running(world):
    initiative = world.initiative(stage=S.EXECUTION, agreement_year=2025,
                                  project_budget_ore=500_000_00)
    for name in ("Laxå", "Hallsberg"):
        Participation.objects.create(initiative=initiative, organisation=world.members[name],
                                     status=Participation.Status.BINDING)
    return initiative


def book(organisation, contract, year, ore, category="licens"):
    CostSummary.objects.create(organisation=organisation, year=year, contract=contract,
                               category=category, amount_ore=ore, line_count=1)


def consultant(world, confidential=False):
    contract = ContractFactory(organisation=world.coop, title="Konsultstöd",
                               prices_confidential=confidential)
    ContractPartyFactory(contract=contract, organisation=world.coop)
    return contract


def test_bookings_on_the_initiatives_contracts_per_year_against_the_budget(world, running):
    contract = consultant(world)
    running.contracts.add(contract)
    book(world.members["Laxå"], contract, 2025, 120_000_00)
    book(world.members["Hallsberg"], contract, 2025, 30_000_50)
    book(world.members["Laxå"], contract, 2026, 10_000_00)
    book(world.members["Laxå"], contract, 2024, 99_999_00)  # before the agreement
    book(world.members["Laxå"], contract, 2025, 77_00, category="")  # not an IT cost
    result = outcome.ledger_outcome(world.users["coop_editor"], running, today=TODAY)
    assert [(y.year, y.loaded, y.project_ore, y.management_ore) for y in result.years] == [
        (2025, True, 150_000_50, None), (2026, True, 10_000_00, None)]
    assert result.project_total_ore == 160_000_50
    assert result.project_left_ore == 500_000_00 - 160_000_50


def test_a_year_without_any_ledger_is_unknown_not_zero(world, running):
    contract = consultant(world)
    running.contracts.add(contract)
    book(world.members["Laxå"], contract, 2025, 1_00)
    result = outcome.ledger_outcome(world.users["coop_editor"], running, today=TODAY)
    assert [(y.year, y.loaded, y.project_ore) for y in result.years] == [
        (2025, True, 1_00), (2026, False, None)]


def test_nothing_before_the_agreement(world):
    initiative = world.initiative(stage=S.INTEREST)
    assert outcome.ledger_outcome(world.users["coop_editor"], initiative, today=TODAY).years == []


def test_after_handover_the_management_objects_contracts_count_from_its_year(world, running):
    from samverkan.testing.factories import ManagementObjectFactory, SystemFactory
    obj = ManagementObjectFactory(organisation=world.coop)
    system = SystemFactory(organisation=world.coop, management_object=obj)
    licence = ContractFactory(organisation=world.coop)
    licence.systems.add(system)
    Initiative.objects.filter(pk=running.pk).update(management_object=obj, stage=S.HANDOVER)
    running.refresh_from_db()
    running.stage_changes.create(from_stage=S.EXECUTION, to_stage=S.HANDOVER,
                                 on=datetime.date(2026, 1, 15), by=world.users["coop_editor"])
    book(world.members["Laxå"], licence, 2025, 5_00)
    book(world.members["Laxå"], licence, 2026, 7_00)
    result = outcome.ledger_outcome(world.users["coop_editor"], running, today=TODAY)
    assert [(y.year, y.management_ore) for y in result.years] == [(2025, None), (2026, 7_00)]


@pytest.mark.parametrize("hidden_amount", [1_00, 10**12])
def test_a_hidden_price_counts_only_from_the_readers_own_ledger(world, running, hidden_amount):
    """Hallsberg's reader sees its own booking on a confidential contract of the cooperation,
    not Laxå's, and nothing shown changes with Laxå's amount (the inference test)."""
    secret = consultant(world, confidential=True)
    running.contracts.add(secret)
    book(world.members["Hallsberg"], secret, 2025, 40_000_00)
    book(world.members["Laxå"], secret, 2025, hidden_amount)
    reader = world.users["member_reader"]
    result = outcome.ledger_outcome(reader, running, today=TODAY)
    assert [(y.year, y.project_ore) for y in result.years][0] == (2025, 40_000_00)
    assert result.hidden == 1
    client = Client()
    client.force_login(reader)
    page = client.get(running.get_absolute_url()).content.decode()
    section = page[page.index('id="utfall"'):page.index('id="nyttor"')]
    assert format_ore(40_000_00) in section
    assert format_ore(hidden_amount) not in section
    assert format_ore(40_000_00 + hidden_amount) not in section
    editor = outcome.ledger_outcome(world.users["coop_editor"], running, today=TODAY)
    assert editor.years[0].project_ore == 40_000_00 + hidden_amount


def test_only_contracts_of_the_cooperations_circle(world, running):
    foreign = ContractFactory(organisation=world.stranger)
    with pytest.raises(ValidationError, match="hör inte till"):
        outcome.check_contracts(world.coop, [foreign])
    client = Client()
    client.force_login(world.users["coop_editor"])
    response = client.get(f"/initiativ/{running.pk}/andra/")
    assert response.status_code == 200 and "Avtal för initiativet" in response.content.decode()
