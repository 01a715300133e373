"""Money on the system's and the management object's pages: their contracts and what was
invoiced against them, as the reader may see it."""

import datetime

import pytest

from samverkan.ledger import services
from samverkan.ledger.models import MatchingRule
from samverkan.testing.factories import (
    ContractFactory,
    ContractPartyFactory,
    ManagementObjectFactory,
    SupplierFactory,
    SystemFactory,
)

from .conftest import sie_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(laxa, editor, import_sie):
    target = ManagementObjectFactory(organisation=laxa, name="Skolstöd")
    system = SystemFactory(organisation=laxa, name="Procapita", management_object=target)
    contract = ContractFactory(organisation=laxa, title="Procapita drift", prices_confidential=True,
                               supplier=SupplierFactory(name="Tieto"),
                               start_date=datetime.date(2020, 1, 1), original_end_date=None)
    contract.systems.add(system)
    ContractPartyFactory(contract=contract, organisation=laxa, annual_amount_ore=123_456_00)
    services.save_rule(editor, MatchingRule(organisation=laxa, contract=contract,
                                            text_pattern="Procapita"))
    import_sie(editor, laxa, sie_text([("20210301", [("6450", 98_765_00, "Procapita", "")])]))
    return system, target, contract


def test_the_system_and_object_pages_show_contracts_and_costs(booked, reader, client_for):
    system, target, contract = booked
    for record in (system, target):
        page = client_for(reader).get(record.get_absolute_url()).content.decode()
        assert "Avtal och kostnader" in page and "Procapita drift" in page
        assert "123\u00a0456" in page and "98\u00a0765" in page, record
        assert "Enligt bokföringen 2021" in page


def test_the_pages_keep_confidential_prices_from_outsiders(booked, outsider, client_for):
    """Inference: Hallsberg's user sees the contract but no amount derived from its price or
    from Laxå's invoices under it."""
    system, target, _contract = booked
    for record in (system, target):
        page = client_for(outsider).get(record.get_absolute_url()).content.decode()
        assert "Procapita drift" in page
        assert "123\u00a0456" not in page and "98\u00a0765" not in page
        assert "24\u00a0691" not in page  # the difference either way
