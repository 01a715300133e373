"""The permission cast of the system register (samverkan/testing/cast.py) with a contract in each
organisation: owned by Laxå (own), Hallsberg (other) and their cooperation (coop)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from samverkan.testing.cast import SCOPES, extend_cast, module_cast, shared_cast  # noqa: F401
from samverkan.testing.factories import ContractDocumentFactory, ContractFactory, ContractPartyFactory
from samverkan.testing.fixtures import _fast_passwords  # noqa: F401

NUMBERS = {"own": "K-LAXA", "other": "K-HALLSBERG", "coop": "K-NAMNDEN"}


def add_contracts(cast) -> None:
    cast.contracts, cast.parties, cast.options, cast.contract_documents = {}, {}, {}, {}
    for scope in SCOPES:
        org = cast.orgs[scope]
        contract = ContractFactory(
            organisation=org, supplier=cast.supplier, number=NUMBERS[scope],
            title=f"Lärplattformsavtal {org.name}", start_date=datetime.date(2020, 1, 1),
            original_end_date=datetime.date(2022, 12, 31), renewal_period_months=12,
            notice_period_months=3)
        contract.systems.add(cast.systems[scope])
        contract.management_objects.add(cast.objects[scope])
        contract.responsible_people.add(cast.people[scope])
        cast.contracts[scope] = contract
        cast.parties[scope] = ContractPartyFactory(contract=contract, organisation=org,
                                                   annual_amount_ore=123_456_00)
        cast.options[scope] = contract.extension_options.create(ordering=1, length_months=12)
        cast.contract_documents[scope] = ContractDocumentFactory(
            contract=contract, title=f"Avtalstext {org.name}", url="",
            file=SimpleUploadedFile(f"avtal-{org.pk}.txt", f"Avtal {org.name}".encode()))


@pytest.fixture(scope="module")
def contract_cast(shared_cast, django_db_blocker):  # noqa: F811
    """Contracts added once per module inside the shared cast's transaction (and its settings:
    the files go where the shared cast keeps its own)."""
    with django_db_blocker.unblock():
        add_contracts(shared_cast)
    return shared_cast


@pytest.fixture
def ccast(contract_cast, module_cast, monkeypatch):  # noqa: F811
    """The cast for one test; a refused request must leave the contract tables as they were."""
    extend_cast(monkeypatch, snapshot_apps=("contracts",))
    return module_cast
