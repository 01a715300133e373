"""The licence comparison fed from the reconciliation: confidential contract values stay hidden
from those who may not see them and move nothing they are shown."""

import datetime

import pytest

from samverkan.analysis.services import licences as service
from samverkan.ledger import services as ledger_services
from samverkan.ledger.models import MatchingRule
from samverkan.ledger.tests.conftest import import_sie, sie_text, stage  # noqa: F401 (fixtures)
from samverkan.organisations.models import Population
from samverkan.testing.factories import ContractFactory, ContractPartyFactory, SupplierFactory


def rule_for(user, organisation, contract, text):
    return ledger_services.save_rule(user, MatchingRule(organisation=organisation,
                                                        contract=contract, text_pattern=text))


@pytest.fixture
def secret(laxa, hallsberg, cooperation, editor, outsider, import_sie):  # noqa: F811
    Population.objects.create(organisation=laxa, year=2021, inhabitants=5_000, source="SCB 2021")
    Population.objects.create(organisation=hallsberg, year=2021, inhabitants=16_000,
                              source="SCB 2021")
    contract = ContractFactory(organisation=laxa, title="Hemligt system", prices_confidential=True,
                               start_date=datetime.date(2019, 1, 1), original_end_date=None,
                               supplier=SupplierFactory(name="Hemlig AB"))
    ContractPartyFactory(contract=contract, organisation=laxa, annual_amount_ore=100_000_00)
    ContractPartyFactory(contract=contract, organisation=hallsberg, annual_amount_ore=50_000_00)
    rule_for(editor, laxa, contract, "hemlig")
    rule_for(outsider, hallsberg, contract, "hemlig")
    import_sie(editor, laxa, sie_text([("20210301", [("7461", 80_000_00, "hemlig tjänst", "")])]))
    import_sie(outsider, hallsberg,
               sie_text([("20210301", [("7461", 40_000_00, "hemlig tjänst", "")])]))
    return contract


def seen(user):
    table = service.comparison(user, 2021)
    return [(c.organisation_name, c.contracted_ore, c.invoiced_ore, c.difference_ore, c.hidden,
             c.without_contract_value, c.per_inhabitant,
             [(label, cell.entry.contracted_ore, cell.entry.invoiced_ore, cell.difference_ore)
              for label, cell in c.cells.items()]) for c in table.columns]


def test_a_member_sees_the_contract_values_and_the_population_source(secret, reader, laxa):
    table = service.comparison(reader, 2021)
    laxas = next(c for c in table.columns if c.organisation_id == laxa.pk)
    cell = laxas.cells["Hemligt system"]
    assert (cell.entry.contracted_ore, cell.entry.invoiced_ore) == (100_000_00, 80_000_00)
    assert cell.difference_ore == 20_000_00
    assert laxas.per_inhabitant == 16  # 80 000 kr / 5 000 inhabitants
    assert laxas.population.source == "SCB 2021"


def test_an_outsider_sees_only_its_own_invoices_and_no_contract_value(secret, outsider, laxa,
                                                                        hallsberg):
    table = service.comparison(outsider, 2021)
    by_org = {c.organisation_id: c for c in table.columns}
    assert laxa.pk not in by_org  # neither amount of Laxå's row may be seen
    theirs = by_org[hallsberg.pk]
    assert theirs.invoiced_ore == 40_000_00
    assert theirs.contracted_ore == 0 and theirs.hidden == 1
    assert theirs.cells["Hemligt system"].difference_ore is None


def test_nothing_the_outsider_is_shown_moves_with_the_hidden_values(secret, outsider, editor,
                                                                   laxa, import_sie,  # noqa: F811
                                                                   django_capture_on_commit_callbacks):
    before = seen(outsider)
    with django_capture_on_commit_callbacks(execute=True):
        for party in secret.parties.all():
            party.annual_amount_ore = 1_00
            party.save()
    import_sie(editor, laxa, sie_text([("20210401", [("7461", 7_00, "hemlig tjänst", "")])]))
    assert seen(outsider) == before
    assert seen(editor) != before
