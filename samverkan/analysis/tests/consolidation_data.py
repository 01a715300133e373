"""Consolidation records on top of the permission cast: one capability with two products in
three installations (Laxå's and Hallsberg's own Unikum, the cooperation's shared Haldor), their
contracts (Hallsberg's with prices under secrecy), ledger reconciliation rows for YEAR and a
closed assessment of Laxå's installation."""

import datetime

import pytest
from django.utils import timezone

from samverkan.assessments.services import questionnaires
from samverkan.assessments.tests.world import make_round
from samverkan.ledger.models import Reconciliation
from samverkan.testing.cast import extend_cast
from samverkan.testing.factories import (
    CapabilityFactory,
    ContractFactory,
    ContractPartyFactory,
    ProductFactory,
    SystemFactory,
    SystemUsageFactory,
)

YEAR = 2021
ON = datetime.date(2026, 3, 1)
SECRET_ORE = 123_456_78  # Hallsberg's confidential contracted amount
SECRET_INVOICED_ORE = 98_765_43


def add_consolidation(cast, secret_ore=SECRET_ORE, secret_invoiced_ore=SECRET_INVOICED_ORE):
    own, other, coop = cast.orgs["own"], cast.orgs["other"], cast.orgs["coop"]
    capability = CapabilityFactory(name="Lärplattform (test)")
    unikum = ProductFactory(name="Unikum (test)", supplier__name="Unikum test AB")
    haldor = ProductFactory(name="Haldor (test)", supplier__name="Haldor test AB")
    systems = {
        "own": SystemFactory(name="Unikum Laxå", organisation=own, product=unikum,
                             capability=capability),
        "other": SystemFactory(name="Unikum Hallsberg", organisation=other, product=unikum,
                               capability=capability),
        "coop": SystemFactory(name="Haldor gemensam", organisation=coop, product=haldor,
                              capability=capability),
    }
    SystemUsageFactory(system=systems["own"], organisation=own, users=120)
    SystemUsageFactory(system=systems["other"], organisation=other, users=80)
    SystemUsageFactory(system=systems["coop"], organisation=own, users=30)
    SystemUsageFactory(system=systems["coop"], organisation=other, users=50)
    contracts = {
        "own": ContractFactory(organisation=own, title="Unikum Laxå-avtal",
                               supplier=unikum.supplier, start_date=datetime.date(2016, 8, 1),
                               original_end_date=datetime.date(2019, 7, 31),
                               renewal_period_months=12, notice_period_months=3),
        "other": ContractFactory(organisation=other, title="Unikum Hallsberg-avtal",
                                 supplier=unikum.supplier, start_date=datetime.date(2020, 1, 1),
                                 original_end_date=datetime.date(2027, 12, 31),
                                 renewal_period_months=None, notice_period_months=None,
                                 prices_confidential=True),
        "coop": ContractFactory(organisation=coop, title="Haldor gemensamt avtal",
                                supplier=haldor.supplier, start_date=datetime.date(2021, 1, 1),
                                original_end_date=datetime.date(2022, 12, 31),
                                renewal_period_months=12, notice_period_months=6),
    }
    for scope, contract in contracts.items():
        contract.systems.add(systems[scope])
    ContractPartyFactory(contract=contracts["own"], organisation=own, annual_amount_ore=18_000_00)
    ContractPartyFactory(contract=contracts["other"], organisation=other,
                         annual_amount_ore=secret_ore)
    ContractPartyFactory(contract=contracts["coop"], organisation=own, annual_amount_ore=10_000_00)
    ContractPartyFactory(contract=contracts["coop"], organisation=other,
                         annual_amount_ore=15_000_00)
    for contract, org, invoiced in ((contracts["own"], own, 17_000_00),
                                    (contracts["other"], other, secret_invoiced_ore),
                                    (contracts["coop"], own, 10_000_00),
                                    (contracts["coop"], other, 15_000_00)):
        Reconciliation.objects.create(contract=contract, organisation=org, year=YEAR,
                                      invoiced_ore=invoiced, line_count=1)
    questionnaires.default()  # the shipped version again where a browser test flushed it
    closed = make_round(own, system=systems["own"])
    closed.state, closed.business_value, closed.technical_fit = "stangd", 4, 2
    closed.disposition, closed.closed_at = "migrate", timezone.now()
    closed.save()
    cast.consolidation = {"capability": capability, "systems": systems, "contracts": contracts,
                          "assessment": closed, "products": (unikum, haldor)}
    return cast


def more_installations(cast, n: int) -> None:
    """n more installations with a contract each in a capability of their own (query counts)."""
    capability = CapabilityFactory(name="Ekonomi (test)")
    product = ProductFactory(name="Raindance (test)")
    for i in range(n):
        org = cast.orgs[("own", "other", "coop")[i % 3]]
        system = SystemFactory(name=f"Ekonomisystem {i}", product=product, capability=capability,
                               organisation=org)
        SystemUsageFactory(system=system, organisation=org, users=i)
        contract = ContractFactory(organisation=org, title=f"Ekonomiavtal {i}",
                                   prices_confidential=bool(i % 2))
        contract.systems.add(system)
        ContractPartyFactory(contract=contract, organisation=org, annual_amount_ore=1000_00 + i)
        Reconciliation.objects.create(contract=contract, organisation=org, year=YEAR,
                                      invoiced_ore=900_00, line_count=1)


# -- fixtures (imported by the test modules that use them) --------------------------------------



@pytest.fixture(scope="module")
def consolidation_cast(shared_cast, django_db_blocker):
    with django_db_blocker.unblock():
        add_consolidation(shared_cast)
    return shared_cast


@pytest.fixture
def ccast(consolidation_cast, module_cast, monkeypatch):
    """A refused request must leave the initiatives and analysis tables as they were too."""
    extend_cast(monkeypatch, snapshot_apps=("analysis", "initiatives", "contracts", "ledger"),
                kept=("consolidation",))
    return module_cast
