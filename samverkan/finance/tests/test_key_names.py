"""One name per allocation key: every page, export and API answer that names the key of a
split names it the same way – its name, with what its version does."""

import datetime

import pytest
from django.urls import reverse

from samverkan.finance import services
from samverkan.finance.models import Budget, BudgetLine, key_text

from .factories import PopulationFactory, pool_with, population_key

pytestmark = pytest.mark.django_db

NAME = "Sydnärke: kostnadsfördelning (folkmängd)"


@pytest.fixture
def split(laxa, hallsberg, cooperation, coop_editor):
    for town, people in ((laxa, 5424), (hallsberg, 16065)):
        PopulationFactory(organisation=town, year=2026, inhabitants=people)
    key = population_key(cooperation, name="Sydnärke: kostnadsfördelning")
    pool = pool_with(cooperation, key, [laxa, hallsberg], name="Lärplattform")
    distribution = services.approve(coop_editor, pool)
    services.issue_bases(coop_editor, cooperation, 2026, datetime.date(2026, 1, 31))
    return pool, distribution


def _text(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8-sig", errors="replace")
    return response.content.decode("utf-8-sig", errors="replace")


def test_the_name_is_the_keys_name_with_what_it_does(cooperation):
    key = population_key(cooperation, name="Invånare")
    assert key_text(key, "Folkmängd") == "Invånare (folkmängd)"
    assert key_text(key, "Invånare") == "Invånare"
    assert key_text(None, "Faktisk förbrukning (volym × pris)") == \
        "Faktisk förbrukning (volym × pris)"


def test_every_page_export_and_api_names_the_key_alike(split, client_for, coop_editor,
                                                       cooperation, laxa):
    pool, distribution = split
    client = client_for(coop_editor)
    basis = laxa.invoicing_bases.get()
    urls = [pool.get_absolute_url(), distribution.get_absolute_url(),
            reverse("finance:distributions"), reverse("finance:summary") + "?year=2026",
            pool.get_absolute_url() + "?export=csv", distribution.get_absolute_url() + "?export=csv",
            reverse("finance:distributions") + "?export=csv",
            reverse("finance:summary") + "?year=2026&export=csv", basis.get_absolute_url()]
    for url in urls:
        text = _text(client.get(url))
        assert NAME in text, url
    api = client.get(f"/api/distributions/{distribution.pk}/").json()
    assert api["key_name"] == NAME and api["key_label"] == "Folkmängd"
    assert client.get(f"/api/cost-pools/{pool.pk}/preview/").json()["key_name"] == NAME


def test_a_budgets_follow_up_names_its_key_alike(split, client_for, coop_editor, cooperation):
    from samverkan.testing.factories import ManagementObjectFactory
    obj = ManagementObjectFactory(organisation=cooperation)
    budget = Budget.objects.create(management_object=obj, year=2026, key=split[0].key)
    BudgetLine.objects.create(budget=budget, category="licenser", amount_ore=100_000_00)
    assert NAME in client_for(coop_editor).get(budget.get_absolute_url()).content.decode()
