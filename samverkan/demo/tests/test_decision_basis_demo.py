"""The demo's decision basis: item 2 of the meeting of 2022-11-29, beredd, on the scenario «En
lärplattform för alla fyra» and the procurement initiative; its consequences for the four
municipalities are the scenario's savings and the initiative's split to the öre, in the
PowerPoint as in the services; loading twice changes nothing."""

import datetime

import pytest
from django.urls import reverse

from samverkan.analysis.services import calculations
from samverkan.demo import analysis, finance, initiatives, planning, sydnarke
from samverkan.demo import reports as demo
from samverkan.initiatives.services import money
from samverkan.organisations.services import load_reference_data
from samverkan.portfolio.services import load_capabilities
from samverkan.reports import basis as bases
from samverkan.reports import registry, services
from samverkan.reports.models import DecisionBasis
from samverkan.reports.pack import cell_text
from samverkan.reports.tests.helpers import pptx_tables
from samverkan.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 30)


def test_the_demo_prepares_the_basis_of_the_final_report(client):
    root = UserFactory(username="admin", is_superuser=True, is_staff=True)
    load_reference_data()
    load_capabilities()
    sydnarke.load()
    finance.load(today=TODAY)
    planning.load(today=TODAY)
    initiatives.load()
    analysis.load()
    basis = demo.load()["basis"]
    demo.load()
    assert DecisionBasis.objects.count() == 1

    assert basis.state == DecisionBasis.State.PREPARED
    assert basis.agenda_item.title == "Genomgång av slutrapport"
    assert basis.agenda_item.meeting.held_on == datetime.date(2022, 11, 29)
    assert basis.scenario.name == analysis.SCENARIO
    assert bases.decision_for(basis.agenda_item) is not None  # it can be marked beslutad

    result = bases.consequences(basis)
    assert len(result.rows) == 4
    summary = calculations.summary(basis.scenario)
    assert {r.name: r.saving_ore for r in result.rows} == summary.per_member
    splits, _problems = money.budget_splits(basis.initiative)
    assert result.total().shares == [split.total_ore for _l, split in splits]

    subject = registry.kind("decision-basis").resolve(root, {"item": str(basis.agenda_item_id)})
    _pack, deck = services.document(root, "decision-basis", subject, fmt="pptx")
    rows = pptx_tables(deck)["Konsekvenser per kommun"][1:]
    assert [row[0] for row in rows[:-1]] == [r.name for r in result.rows]
    assert rows[-1][-2] == cell_text(summary.total_ore, registry.MONEY)

    client.force_login(root)
    page = client.get(basis.get_absolute_url()).content.decode()
    assert "Beredd" in page and "Markera som beslutad" in page
    for row in result.rows:
        assert f"&amp;member={row.organisation_id}" in page
    meeting = client.get(basis.agenda_item.meeting.get_absolute_url()).content.decode()
    assert reverse("reports:basis_for_item", args=[basis.agenda_item_id]) in meeting
