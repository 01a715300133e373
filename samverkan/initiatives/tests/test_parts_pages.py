"""External parties, payments against the budget and costs per year are entered on the
initiative's page by the cooperation's editors; the budget left follows the payments to the öre,
a party with payments cannot be removed, and nobody else may change them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ..models import CostYear, ExternalParty, Initiative, Participation, Payment

S = Initiative.Stage


def _client(world, who):
    client = Client()
    client.force_login(world.users[who])
    return client


@pytest.fixture
def project(world):
    return world.initiative(name="Gemensam lärplattform", stage=S.EXECUTION,
                            project_budget_ore=300_000_00)


def test_a_party_and_its_payments_are_entered_and_the_budget_left_follows(world, project):
    client = _client(world, "coop_editor")
    page = client.get(project.get_absolute_url()).content.decode()
    assert f"/initiativ/{project.pk}/externa-parter/ny/" in page
    assert f"/initiativ/{project.pk}/utbetalningar/ny/" not in page  # no party to pay yet
    response = client.post(f"/initiativ/{project.pk}/externa-parter/ny/", {
        "name": "Örebro universitet", "kind": "fou", "agreement": "SGM7",
        "signed_on": "2025-02-01", "role": "Följeforskning"})
    assert response.status_code == 302, response.content.decode()[:1500]
    party = ExternalParty.objects.get()
    for paid_on, amount in (("2025-03-31", "120 000,50"), ("2025-06-30", "60000")):
        response = client.post(f"/initiativ/{project.pk}/utbetalningar/ny/", {
            "party": party.pk, "budget": "projekt", "paid_on": paid_on, "amount": amount,
            "note": "Delrapport"})
        assert response.status_code == 302, response.content.decode()[:1500]
    assert sorted(Payment.objects.values_list("amount_ore", flat=True)) == [60_000_00,
                                                                            120_000_50]
    page = client.get(project.get_absolute_url()).content.decode()
    left = 300_000_00 - 180_000_50
    assert "119\u00a0999,50\u00a0kr" in page and left == 119_999_50
    assert "180\u00a0000,50\u00a0kr" in page  # paid to the party, in its row
    # a party with payments stays: no link, and a hand-made removal is refused with the reason
    assert f"/externa-parter/{party.pk}/ta-bort/" not in page
    response = client.post(f"/initiativ/{project.pk}/externa-parter/{party.pk}/ta-bort/",
                           {"expected_version": party.version})
    assert response.status_code == 400 and "hänvisar hit" in response.content.decode()
    assert ExternalParty.objects.filter(pk=party.pk).exists()


def test_an_overrun_budget_is_said(world, project):
    party = ExternalParty.objects.create(initiative=project, name="Konsult AB", kind="konsult")
    Payment.objects.create(initiative=project, party=party, paid_on="2025-05-01",
                           amount_ore=300_000_01)
    page = _client(world, "coop_editor").get(project.get_absolute_url()).content.decode()
    assert "\u22120,01\u00a0kr" in page and "överskriden" in page


def test_a_payment_can_only_go_to_the_initiatives_own_parties(world, project):
    other = world.initiative(name="Annat projekt", stage=S.EXECUTION)
    stranger = ExternalParty.objects.create(initiative=other, name="Främling AB", kind="konsult")
    ExternalParty.objects.create(initiative=project, name="Konsult AB", kind="konsult")
    response = _client(world, "coop_editor").post(
        f"/initiativ/{project.pk}/utbetalningar/ny/", {
            "party": stranger.pk, "budget": "projekt", "paid_on": "2025-05-01",
            "amount": "100"})
    assert response.status_code == 400 and not Payment.objects.exists()


def test_costs_per_year_are_entered_and_feed_the_benefit_table(world, project):
    client = _client(world, "coop_editor")
    response = client.post(f"/initiativ/{project.pk}/kostnader/ny/", {
        "year": 2025, "amount": "50 000,25", "note": "Licenser"})
    assert response.status_code == 302, response.content.decode()[:1500]
    cost = CostYear.objects.get()
    assert cost.amount_ore == 50_000_25
    edit = f"/initiativ/{project.pk}/kostnader/{cost.pk}/"
    assert "50000,25" in client.get(edit).content.decode()
    response = client.post(edit, {"year": 2025, "amount": "40000", "expected_version": 1})
    assert response.status_code == 302 and CostYear.objects.get().amount_ore == 40_000_00
    stale = client.post(edit, {"year": 2025, "amount": "1", "expected_version": 1})
    assert stale.status_code == 400 and CostYear.objects.get().amount_ore == 40_000_00


@pytest.mark.parametrize("who", ["proposer", "member_reader", "outsider"])
def test_only_the_cooperations_editors_change_the_parts(world, project, who):
    party = ExternalParty.objects.create(initiative=project, name="Konsult AB", kind="konsult")
    client = _client(world, who)
    page = client.get(project.get_absolute_url())
    if page.status_code == 200:
        assert "/externa-parter/ny/" not in page.content.decode()
    for url, data in ((f"/initiativ/{project.pk}/externa-parter/ny/",
                       {"name": "X", "kind": "konsult"}),
                      (f"/initiativ/{project.pk}/utbetalningar/ny/",
                       {"party": party.pk, "budget": "projekt", "paid_on": "2025-01-01",
                        "amount": "1"}),
                      (f"/initiativ/{project.pk}/kostnader/ny/", {"year": 2025, "amount": "1"}),
                      (f"/initiativ/{project.pk}/externa-parter/{party.pk}/ta-bort/",
                       {"expected_version": party.version})):
        assert client.post(url, data).status_code in (403, 404), url
    assert ExternalParty.objects.count() == 1
    assert not Payment.objects.exists() and not CostYear.objects.exists()


@pytest.fixture
def signing(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    initiative = world.initiative(name="E-tjänst", stage=S.PLAN)
    return Participation.objects.create(initiative=initiative,
                                        organisation=world.members["Hallsberg"])


def _sign(client, participation, world, upload):
    return client.post(f"/initiativ/deltagande/{participation.pk}/teckna/", {
        "agreement": "SGM3", "signatory": world.people["Hallsberg"].pk,
        "signed_on": "2025-03-04", "expected_version": participation.version,
        "document": upload})


def test_the_signed_agreement_is_kept_and_downloaded(world, signing):
    client = _client(world, "hallsberg_editor")
    response = _sign(client, signing, world,
                     SimpleUploadedFile("SGM3 Hallsberg.pdf", b"%PDF-1.4 signed"))
    assert response.status_code == 302
    signing.refresh_from_db()
    assert signing.status == Participation.Status.BINDING and signing.document
    reader = _client(world, "member_reader")
    page = reader.get(signing.initiative.get_absolute_url()).content.decode()
    url = f"/initiativ/deltagande/{signing.pk}/dokument/"
    assert url in page
    download = reader.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == \
        b"%PDF-1.4 signed"


def test_a_program_is_not_taken_as_an_agreement(world, signing):
    client = _client(world, "hallsberg_editor")
    _sign(client, signing, world, SimpleUploadedFile("avtal.exe", b"MZ\x90\x00"))
    signing.refresh_from_db()
    assert signing.status == Participation.Status.INTEREST and not signing.document
    assert client.get(f"/initiativ/deltagande/{signing.pk}/dokument/").status_code == 404
