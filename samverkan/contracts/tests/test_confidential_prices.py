"""Prices under commercial secrecy (OSL 31:16 / 19:3) reach only the owner's members (any role)
and superusers, on every surface: list, detail, exports, API, search, change history, files."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from samverkan.contracts import services
from samverkan.contracts.models import Contract, ContractParty
from samverkan.core import services as core_services
from samverkan.testing.factories import (
    ContractDocumentFactory,
    ContractFactory,
    ContractPartyFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

AMOUNT_ORE = 987_654_32
SHOWN = "987\u00a0654,32"  # as the detail page formats it
PREFIX = "987\u00a065"  # lists round to whole kronor
EXPORTED = "987654,32"
DETAILS = "Hemligt styckpris 4711 kr per elev"


@pytest.fixture
def secret(laxa, cooperation, editor):
    contract = ContractFactory(organisation=laxa, title="Sekretessavtal", number="SEK-1",
                               prices_confidential=True, price_details=DETAILS)
    ContractPartyFactory(contract=contract, organisation=laxa, annual_amount_ore=AMOUNT_ORE)
    ContractDocumentFactory(contract=contract, title="Prisbilaga", kind="prisbilaga",
                            contains_prices=True, url="",
                            file=SimpleUploadedFile("pris.txt", b"Pris 4711"))
    return contract


@pytest.fixture
def members(reader, editor, org_admin, superuser):
    return [reader, editor, org_admin, superuser]


@pytest.fixture
def strangers(outsider, coop_editor):
    # coop_editor edits the cooperation Laxå belongs to, but is no member of Laxå itself
    return [outsider, coop_editor]


def text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode()


def test_can_see_prices_is_for_the_owners_members_and_superusers(secret, members, strangers):
    for user in members:
        assert services.can_see_prices(user, secret), user
    for user in strangers:
        assert not services.can_see_prices(user, secret), user
    from django.contrib.auth.models import AnonymousUser
    assert not services.can_see_prices(AnonymousUser(), secret)


def test_open_prices_are_seen_by_everybody_signed_in(laxa, outsider, client_for):
    contract = ContractFactory(organisation=laxa, prices_confidential=False)
    ContractPartyFactory(contract=contract, annual_amount_ore=AMOUNT_ORE)
    assert services.can_see_prices(outsider, contract)
    assert SHOWN in text(client_for(outsider).get(contract.get_absolute_url()))
    assert PREFIX in text(client_for(outsider).get("/avtal/"))


@pytest.mark.parametrize("path", ["/avtal/", "/avtal/?sort=status", "detail", "supplier"])
def test_pages_hide_confidential_amounts_from_non_members(secret, members, strangers,
                                                          client_for, path):
    if path == "detail":
        path = secret.get_absolute_url()
    elif path == "supplier":
        path = f"/avtal/leverantorer/{secret.supplier_id}/"
    for user in strangers:
        page = text(client_for(user).get(path))
        assert "Sekretessavtal" in page
        assert PREFIX not in page and DETAILS not in page, user
        assert "Sekretess" in page
    for user in members:
        page = text(client_for(user).get(path))
        assert PREFIX in page, user


def test_detail_page_offers_the_price_appendix_to_members_only(secret, reader, outsider,
                                                               client_for):
    document = secret.documents.get()
    link = f"/avtal/{secret.pk}/dokument/{document.pk}/fil/"
    assert link not in text(client_for(outsider).get(secret.get_absolute_url()))
    assert client_for(outsider).get(link).status_code == 403
    assert link in text(client_for(reader).get(secret.get_absolute_url()))
    assert text(client_for(reader).get(link)) == "Pris 4711"


def test_csv_export_hides_confidential_amounts(secret, members, strangers, client_for):
    for user in strangers:
        exported = text(client_for(user).get("/avtal/?export=csv"))
        assert "Sekretessavtal" in exported and EXPORTED not in exported
        assert "Sekretess" in exported
    for user in members:
        assert EXPORTED in text(client_for(user).get("/avtal/?export=csv"))


def _xlsx_values(response) -> list:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [cell for row in workbook.active.iter_rows(values_only=True) for cell in row]


def test_xlsx_export_hides_confidential_amounts(secret, outsider, reader, client_for):
    hidden = _xlsx_values(client_for(outsider).get("/avtal/?export=xlsx"))
    assert "Sekretessavtal" in hidden
    assert not any(str(v).replace(".", ",").startswith("987654") for v in hidden if v)
    shown = _xlsx_values(client_for(reader).get("/avtal/?export=xlsx"))
    assert any(str(v) == "987654.32" for v in shown)


def test_api_nulls_confidential_amounts_with_a_flag(secret, members, strangers, client_for):
    for user in strangers:
        client = client_for(user)
        data = client.get(f"/api/contracts/{secret.pk}/").json()
        assert data["prices_hidden"] is True
        assert data["price_details"] is None
        assert [p["annual_amount_ore"] for p in data["parties"]] == [None]
        listed = client.get("/api/contracts/").json()["results"][0]
        assert listed["parties"][0]["annual_amount_ore"] is None
        party = client.get(f"/api/contract-parties/?contract={secret.pk}").json()["results"][0]
        assert party["annual_amount_ore"] is None and party["prices_hidden"] is True
        assert str(AMOUNT_ORE) not in client.get("/api/contracts/").content.decode()
    for user in members:
        data = client_for(user).get(f"/api/contracts/{secret.pk}/").json()
        assert data["prices_hidden"] is False
        assert data["price_details"] == DETAILS
        assert data["parties"][0]["annual_amount_ore"] == AMOUNT_ORE


def test_global_search_finds_the_contract_but_never_by_amount(secret, editor, outsider,
                                                              client_for):
    for user in (editor, outsider):
        found = text(client_for(user).get("/sok/?q=Sekretessavtal"))
        assert "Sekretessavtal" in found
        assert SHOWN not in found
        for query in ("987654", "4711"):
            assert "Sekretessavtal" not in text(client_for(user).get(f"/sok/?q={query}"))


def test_history_masks_amounts_and_price_details_for_non_members(secret, editor, members,
                                                                 strangers, client_for):
    party = secret.parties.get()
    party.annual_amount_ore = 111_222_33
    core_services.save_child(editor, party, secret)
    secret.price_details = "Nytt hemligt pris 5812"
    core_services.save_record(editor, secret, expected_version=secret.version)
    for user in strangers:
        page = text(client_for(user).get(secret.get_absolute_url()))
        assert "•••" in page
        for secret_text in (SHOWN, "111\u00a0222,33", "5812", "4711"):
            assert secret_text not in page, (user, secret_text)
    for user in members:
        page = text(client_for(user).get(secret.get_absolute_url()))
        assert f"{SHOWN}\u00a0kr → 111\u00a0222,33\u00a0kr" in page, user
        assert "Nytt hemligt pris 5812" in page


def test_party_history_is_masked_even_though_it_is_a_child_record(secret, editor, outsider):
    from samverkan.core.history import history_for

    party = secret.parties.get()
    party.annual_amount_ore = 5
    core_services.save_child(editor, party, secret)
    entries = history_for(Contract.objects.get(pk=secret.pk), outsider)
    changes = [c for e in entries for c in e.changes]
    assert changes and all(c.old == c.new == "•••" for c in changes if "belopp" in c.field)
    assert all("987" not in e.subject for e in entries)


def test_open_prices_are_shown_in_history_to_everybody(laxa, editor, outsider):
    from samverkan.core.history import history_for

    contract = ContractFactory(organisation=laxa)
    party = ContractPartyFactory(contract=contract, annual_amount_ore=100)
    party.annual_amount_ore = 200
    core_services.save_child(editor, party, contract)
    changes = [c for e in history_for(contract, outsider) for c in e.changes]
    assert any(c.old == "1,00\u00a0kr" and c.new == "2,00\u00a0kr" for c in changes)


def test_reminder_mail_and_calendar_feed_carry_no_amounts(secret, editor, mailoutbox):
    from samverkan.contracts import calendar_feed, reminders

    secret.responsible_people.add(PersonFactory(organisation=secret.organisation,
                                                email="ansvarig@example.se"))
    reminders.send_contract_reminders(services.notice_deadline(secret, secret.start_date))
    token = calendar_feed.issue_token(editor, secret.organisation)
    feed = calendar_feed.feed(calendar_feed.find_token(token), "https://samverkan.example.se")
    for body in [m.body for m in mailoutbox] + [feed.decode()]:
        assert "987" not in body and "4711" not in body


def test_amounts_are_stored_in_whole_ore(secret):
    party = ContractParty.objects.get(contract=secret)
    assert isinstance(party.annual_amount_ore, int)
    assert str(party.annual_amount) == "987654.32"


def test_api_party_writes_are_checked_like_pages(secret, outsider, client_for):
    response = client_for(outsider).post("/api/contract-parties/", data=json.dumps(
        {"contract": secret.pk, "organisation": secret.organisation_id,
         "annual_amount_ore": 1}), content_type="application/json")
    assert response.status_code == 403
    assert secret.parties.count() == 1


def test_history_masks_the_link_and_file_of_a_price_document(secret, editor, strangers, members):
    """A changed link or file name of a price appendix would tell what the prices are."""
    from samverkan.core.history import history_for

    document = secret.documents.get()
    document.url = "https://intranat.laxa.se/pris-4711-kr-per-elev.pdf"
    core_services.save_child(editor, document, secret)
    for user in strangers:
        entries = history_for(Contract.objects.get(pk=secret.pk), user)
        texts = [f"{c.old} {c.new}" for e in entries for c in e.changes]
        assert texts and not any("4711" in t or "pris.txt" in t for t in texts), user
    for user in members:
        entries = history_for(Contract.objects.get(pk=secret.pk), user)
        assert any("4711" in c.new for e in entries for c in e.changes), user


def test_a_link_made_confidential_later_is_masked_in_its_earlier_changes(laxa, editor,
                                                                        outsider):
    """Inference: the version before the flag was set still shows the value it then had."""
    from samverkan.core.history import history_for

    contract = ContractFactory(organisation=laxa, prices_confidential=False)
    document = ContractDocumentFactory(contract=contract, title="Prisbilaga", kind="prisbilaga",
                                       contains_prices=True, url="https://a.example/pris-1.pdf")
    document.url = "https://a.example/pris-2.pdf"
    core_services.save_child(editor, document, contract)
    contract.prices_confidential = True
    core_services.save_record(editor, contract, expected_version=contract.version)
    changes = [c for e in history_for(Contract.objects.get(pk=contract.pk), outsider)
               for c in e.changes]
    assert not any("pris-1" in f"{c.old}{c.new}" or "pris-2" in f"{c.old}{c.new}"
                   for c in changes)


def test_api_names_the_hidden_values(secret, editor, outsider, client_for):
    hidden = client_for(outsider).get(f"/api/contracts/{secret.pk}/").json()["hidden_fields"]
    assert hidden == ["price_details", "prices"]
    assert client_for(editor).get(f"/api/contracts/{secret.pk}/").json()["hidden_fields"] == []


@pytest.fixture
def above_threshold(laxa, settings):
    """A confidential direct award worth more than the threshold (250 000 kr here)."""
    settings.SAMVERKAN_DIRECT_AWARD_THRESHOLD = 250_000
    import datetime

    contract = ContractFactory(organisation=laxa, title="Hemlig direktupphandling",
                               prices_confidential=True, procurement_form="direktupphandling",
                               start_date=datetime.date(2020, 1, 1),
                               original_end_date=datetime.date(2030, 12, 31))
    ContractPartyFactory(contract=contract, organisation=laxa, annual_amount_ore=100_000_00)
    return contract


def test_the_threshold_flag_of_a_confidential_contract_is_for_those_who_see_its_prices(
        above_threshold, members, strangers, client_for):
    """Inference: 'över direktupphandlingsgränsen' tells the amount exceeds the threshold."""
    flag = services.Flag.ABOVE_THRESHOLD
    badge = f'text-bg-warning">{flag.label}<'
    for user in strangers:
        client = client_for(user)
        assert badge not in text(client.get("/avtal/"))
        assert badge not in text(client.get(above_threshold.get_absolute_url()))
        assert flag.value not in client.get(f"/api/contracts/{above_threshold.pk}/").json()["flags"]
        assert "Hemlig direktupphandling" not in text(client.get(f"/avtal/?flag={flag.value}"))
    for user in members:
        client = client_for(user)
        assert badge in text(client.get(above_threshold.get_absolute_url())), user
        assert "Hemlig direktupphandling" in text(client.get(f"/avtal/?flag={flag.value}")), user
