import datetime

import factory

from samverkan.finance.models import (
    AllocationKey,
    Budget,
    BudgetLine,
    CostPool,
    KeyVersion,
    PoolParticipant,
    Service,
    ServicePrice,
    ServiceVolume,
)
from samverkan.organisations.models import Population
from samverkan.testing.factories import OrganisationFactory


class PopulationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Population

    organisation = factory.SubFactory(OrganisationFactory)
    year = 2025
    inhabitants = 10_000
    source = "SCB, folkmängd 31 december"


class AllocationKeyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllocationKey

    name = factory.Sequence(lambda n: f"Nyckel {n}")
    organisation = factory.SubFactory(OrganisationFactory)


class KeyVersionFactory(factory.django.DjangoModelFactory):
    """A population key from 2020 unless told otherwise."""

    class Meta:
        model = KeyVersion

    key = factory.SubFactory(AllocationKeyFactory)
    valid_from = datetime.date(2020, 1, 1)
    method = KeyVersion.Method.POPULATION
    population_weight = 100


def population_key(organisation, valid_from=datetime.date(2020, 1, 1), **extra):
    """A key by population: each split uses the population of its own year."""
    key = AllocationKeyFactory(organisation=organisation, **extra)
    KeyVersionFactory(key=key, valid_from=valid_from)
    return key


def equal_key(organisation, valid_from=datetime.date(2020, 1, 1), **extra):
    key = AllocationKeyFactory(organisation=organisation, **extra)
    KeyVersionFactory(key=key, valid_from=valid_from, method=KeyVersion.Method.EQUAL,
                      population_weight=0, equal_weight=100)
    return key


class CostPoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostPool

    name = factory.Sequence(lambda n: f"Pool {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    year = 2026
    source = CostPool.Source.FIXED
    purpose = CostPool.Purpose.PROJECT
    amount_ore = 100_000_00


def pool_with(organisation, key, members, amount_ore=100_000_00, **extra):
    pool = CostPoolFactory(organisation=organisation, key=key, amount_ore=amount_ore, **extra)
    for member in members:
        PoolParticipant.objects.create(pool=pool, organisation=member)
    return pool


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    code = factory.Sequence(lambda n: f"T{n}")
    name = factory.Sequence(lambda n: f"Tjänst {n}")
    unit = "användare och månad"
    organisation = factory.SubFactory(OrganisationFactory)


class ServicePriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServicePrice

    service = factory.SubFactory(ServiceFactory)
    year = 2026
    unit_price_ore = 95_50
    budget_ore = 100_000_00


class ServiceVolumeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceVolume

    service = factory.SubFactory(ServiceFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    year = 2026
    month = 0
    volume = 100


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget

    year = 2026


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    budget = factory.SubFactory(BudgetFactory)
    category = "licenser"
    amount_ore = 500_000_00
