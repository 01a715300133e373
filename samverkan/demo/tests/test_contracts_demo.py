"""The Sydnärke demo contracts reproduce the seed report: thirteen contracts, two within a stated
period of validity, the rest passively extended (oldest since 2010/2011), and the 2021 licence
table's contracted amounts for kommun A (Lekeberg), B (Hallsberg) and C (Askersund)."""

import datetime

import pytest
from django.db import transaction

from samverkan.contracts import services
from samverkan.contracts.models import Contract, ContractParty
from samverkan.demo import contracts as demo
from samverkan.demo import sydnarke
from samverkan.organisations.services import load_reference_data
from samverkan.portfolio.services import load_capabilities

pytestmark = pytest.mark.django_db

# the report's table "År 2021 ... Avtalat" in kronor; None is its "n/a"
CONTRACTED_2021 = {
    ("Lekeberg", "Procapita"): 372_000, ("Lekeberg", "Unikum"): 18_000,
    ("Lekeberg", "Infomentor"): None,
    ("Hallsberg", "Procapita"): 680_484, ("Hallsberg", "Haldor"): 100_000,
    ("Askersund", "Procapita"): 536_700, ("Askersund", "Infomentor"): 72_480,
}
# the report's column totals ("Total systemkostnad per år", contracted)
TOTALS_2021 = {"Lekeberg": 390_000, "Hallsberg": 780_484, "Askersund": 609_180}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_reference_data()
            load_capabilities()
            sydnarke.load()
            first = demo.load()
            second = demo.load()
            yield first, second
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _owned_by_municipality(town, product):
    return ContractParty.objects.get(contract__organisation__name=town,
                                     contract__title__icontains=product, organisation__name=town)


def test_thirteen_contracts_loaded_once(loaded, db):
    first, second = loaded
    assert first == {"contracts": 13} and second == {"contracts": 0}
    assert Contract.objects.count() == 13


def test_the_2021_contracted_amounts_match_the_report(loaded, db):
    for (town, product), kronor in CONTRACTED_2021.items():
        party = _owned_by_municipality(town, product)
        amount = services.contracted_amount_ore(party, 2021)
        assert amount == (None if kronor is None else kronor * 100), (town, product)
    for town, total in TOTALS_2021.items():
        amounts = [services.contracted_amount_ore(_owned_by_municipality(town, product), 2021)
                   for (where, product) in CONTRACTED_2021 if where == town]
        assert sum(a for a in amounts if a is not None) == total * 100


def test_two_within_their_term_and_the_rest_passively_extended(loaded, db):
    as_of_the_report = datetime.date(2022, 11, 29)
    kinds = [services.status(c, as_of_the_report).kind for c in Contract.objects.all()]
    within = [k for k in kinds if k in (services.StatusKind.WITHIN_TERM,
                                        services.StatusKind.OPTION_PERIOD)]
    assert len(within) == 2
    assert kinds.count(services.StatusKind.PASSIVELY_EXTENDED) == 11
    today = datetime.date(2026, 11, 23)
    kinds = [services.status(c, today).kind for c in Contract.objects.all()]
    assert kinds.count(services.StatusKind.PASSIVELY_EXTENDED) == 11
    assert len([k for k in kinds if k in (services.StatusKind.WITHIN_TERM,
                                          services.StatusKind.OPTION_PERIOD)]) == 2
    since = sorted(services.status(c, today).since.year for c in Contract.objects.all()
                   if services.status(c, today).kind == services.StatusKind.PASSIVELY_EXTENDED)
    assert since[:2] == [2010, 2011] and 2016 in since and since[-1] >= 2021


def test_contracts_link_the_demo_systems(loaded, db):
    linked = set(Contract.objects.values_list("systems__name", flat=True))
    for name in ("Procapita Edlevo Lekeberg", "Unikum Lekeberg", "Infomentor Askersund",
                 "Haldor Education Hallsberg"):
        assert name in linked
    assert Contract.objects.filter(management_objects__name="Lärplattform").count() == 5


def test_every_party_belongs_to_the_owner_or_its_cooperation(loaded, db):
    for party in ContractParty.objects.select_related("contract"):
        party.full_clean()
