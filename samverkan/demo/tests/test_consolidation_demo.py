"""The demo's learning platforms as a consolidation candidate: three products (Unikum,
Infomentor, Haldor Education) in five installations of the four municipalities, with the 2021
contracted and invoiced amounts of the seed's licence table and a common window."""

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from samverkan.analysis.services import consolidation
from samverkan.demo import contracts as contracts_demo
from samverkan.demo import ledger as ledger_demo
from samverkan.demo import sydnarke
from samverkan.organisations.services import load_reference_data
from samverkan.portfolio.services import load_capabilities
from samverkan.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    with django_db_blocker.unblock(), override_settings(DATA_DIR=folder):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            UserFactory(username="admin", is_superuser=True, is_staff=True)
            load_reference_data()
            load_capabilities()
            found = sydnarke.load()
            contracts_demo.load()
            ledger_demo.load()
            yield found
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(loaded, db):
    return loaded


def test_the_learning_platforms_are_a_consolidation_candidate(demo, client):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username="admin")
    report = consolidation.report(admin, year=2021, cooperation=demo["cooperation"])
    group = next(g for g in report.groups if g.capability.name == "Lärplattform")
    assert group.candidate and group in report.candidates
    assert [p.name for p in group.products] == ["Haldor Education", "Infomentor", "Unikum"]
    assert [(p.name, n) for p, n in group.shared_products] == [("Infomentor", 2), ("Unikum", 2)]
    assert {o.name for o in group.members} >= {"Askersund", "Hallsberg", "Laxå", "Lekeberg"}
    assert len(group.installations) == 5
    # the seed's licence table 2021: contracted (Infomentor in Lekeberg has none) and invoiced
    assert group.contracted.ore == (18_000 + 72_480 + 100_000 + 15_600) * 100
    assert group.contracted.missing == 1
    assert group.invoiced.ore == (17_000 + 220_000 + 252_800 + 182_340 + 15_600) * 100
    assert len(group.contracts) == 5 and group.outside_term == 4
    assert group.window.opens is not None and group.window.decide_by is not None

    client.force_login(admin)
    page = client.get(reverse("analysis:consolidation") + f"?samverkan={demo['cooperation'].pk}"
                      "&ar=2021").content.decode()
    assert "Infomentor finns i 2 separata installationer." in page
    assert "Skapa initiativ" in page
