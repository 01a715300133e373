"""Decisions link to what they decide (a plan, an out-of-plan assignment, a contract's extension
option, a cost pool) and show on that record's page, for every role that reads the page."""

import pytest
from django.urls import reverse

from samverkan.finance.tests.factories import CostPoolFactory
from samverkan.planning.models import Decision, Meeting
from samverkan.testing.cast import EDITOR, OWN, READER, SIGNED_IN
from samverkan.testing.factories.contracts import ContractFactory, ExtensionOptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(pcast):
    org = pcast.orgs[OWN]
    contract = ContractFactory(organisation=org, title="Lärplattformsavtalet")
    option = ExtensionOptionFactory(contract=contract, ordering=1, length_months=12)
    pool = CostPoolFactory(organisation=org, name="Lärplattform 2026")
    decision = pcast.decisions[OWN]
    Decision.objects.filter(pk=decision.pk).update(contract_option=option, cost_pool=pool,
                                                   exceeds_mandate=True,
                                                   escalated_to="Sydnärkes IT-nämnd")
    return contract, pool, decision


@pytest.mark.parametrize("record", ["contract", "pool"])
def test_the_decision_shows_on_the_contract_and_the_pool_for_everyone_who_reads_them(
        pcast, linked, record):
    contract, pool, decision = linked
    url = (reverse("contracts:contract", args=[contract.pk]) if record == "contract"
           else reverse("finance:pool", args=[pool.pk]))
    seen = 0
    for who in SIGNED_IN:
        page = pcast.client(who).get(url)
        if page.status_code != 200:
            continue
        seen += 1
        text = page.content.decode()
        assert decision.title in text and decision.get_absolute_url() in text, who
        assert "Går utöver styrgruppens mandat" in text, who
    assert seen >= 2


def test_an_archived_meeting_decides_nothing_on_the_record_pages(pcast, linked):
    contract, pool, decision = linked
    Meeting.objects.filter(pk=decision.meeting_id).update(archived_at="2026-03-01T00:00Z")
    for url in (reverse("contracts:contract", args=[contract.pk]),
                reverse("finance:pool", args=[pool.pk])):
        text = pcast.client(EDITOR).get(url).content.decode()
        assert decision.title not in text and 'id="contract-decisions"' not in text


def test_the_meeting_page_links_the_decision_to_the_option_and_the_pool(pcast, linked):
    contract, pool, decision = linked
    text = pcast.client(READER).get(decision.meeting.get_absolute_url()).content.decode()
    assert contract.get_absolute_url() in text and pool.get_absolute_url() in text


def test_the_decision_form_offers_the_meetings_decision_items_and_saves_the_links(pcast, linked):
    contract, pool, decision = linked
    meeting = decision.meeting
    client = pcast.client(EDITOR)
    url = reverse("planning:decision_add", args=[meeting.pk])
    form = client.get(url).content.decode()
    assert "Ärenden för beslut" in form and "Övriga frågor" not in form.split(
        'name="agenda_item"')[1].split("</select>")[0]
    response = client.post(url, {
        "agenda_item": pcast.agenda_items[OWN].pk, "title": "Förläng avtalet",
        "text": "Optionen utnyttjas.", "mandate": "Förvaltningsplanen",
        "contract_option": contract.extension_options.get().pk, "cost_pool": pool.pk})
    assert response.status_code == 302
    saved = Decision.objects.get(title="Förläng avtalet")
    assert saved.agenda_item == pcast.agenda_items[OWN] and saved.cost_pool == pool
    refused = client.post(url, {"title": "Utöver", "text": "x", "exceeds_mandate": "on"})
    assert refused.status_code == 400 and not Decision.objects.filter(title="Utöver").exists()
