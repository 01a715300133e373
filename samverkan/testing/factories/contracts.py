import datetime

import factory

from samverkan.contracts.models import (
    Contract,
    ContractDocument,
    ContractExtensionOption,
    ContractParty,
)

from .organisations import OrganisationFactory
from .portfolio import SupplierFactory


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    organisation = factory.SubFactory(OrganisationFactory)
    supplier = factory.SubFactory(SupplierFactory)
    title = factory.Sequence(lambda n: f"Avtal {n}")
    number = factory.Sequence(lambda n: f"AV-{n:04d}")
    start_date = datetime.date(2020, 1, 1)
    original_end_date = datetime.date(2022, 12, 31)
    renewal_period_months = 12
    notice_period_months = 3


class ContractPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractParty

    contract = factory.SubFactory(ContractFactory)
    organisation = factory.SelfAttribute("contract.organisation")
    annual_amount_ore = 100_000_00


class ExtensionOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractExtensionOption

    contract = factory.SubFactory(ContractFactory)
    ordering = factory.Sequence(lambda n: n + 1)
    length_months = 12


class ContractDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractDocument

    contract = factory.SubFactory(ContractFactory)
    title = factory.Sequence(lambda n: f"Dokument {n}")
    url = "https://intranat.example.se/avtal.pdf"
