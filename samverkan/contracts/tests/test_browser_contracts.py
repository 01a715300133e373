"""End to end in Chromium: an editor in Laxå records a contract with its party, uses an
extension option with a decision date, finds it by status and in the calendar, and subscribes
to the calendar; the contract pages pass axe-core and the Content Security Policy."""

import datetime

import pytest

from samverkan.testing.browser import assert_accessible, assert_no_csp_errors, go_to_menu_entry
from samverkan.testing.factories import ContractFactory, ContractPartyFactory, ExtensionOptionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def existing(laxa, cooperation):
    contract = ContractFactory(organisation=laxa, title="Procapita Edlevo", number="LAX-1",
                               start_date=datetime.date(2008, 7, 1),
                               original_end_date=datetime.date(2011, 6, 30),
                               renewal_period_months=12, notice_period_months=6,
                               prices_confidential=True)
    ContractPartyFactory(contract=contract, organisation=laxa, annual_amount_ore=296_400_00)
    ContractPartyFactory(contract=contract, organisation=cooperation, annual_amount_ore=None)
    return contract


def test_an_editor_records_a_contract_and_uses_an_option(logged_in_page, editor, existing):
    page = logged_in_page(editor)
    go_to_menu_entry(page, "Avtal", "Avtal")
    assert_accessible(page)
    assert_no_csp_errors(page)
    page.get_by_role("link", name="Lägg till", exact=True).click()
    page.locator("#id_title").fill("Unikum lärplattform")
    page.locator("#id_organisation").select_option(label="Laxå")
    page.locator("#id_supplier").select_option(index=1)
    page.locator("#id_start_date").fill("2024-08-01")
    page.locator("#id_original_end_date").fill("2026-07-31")
    page.locator("#id_renewal_period_months").fill("12")
    page.locator("#id_notice_period_months").fill("3")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Unikum lärplattform"
    assert "Passivt förlängt sedan 2026-08-01" in page.content()

    page.get_by_role("link", name="Lägg till part").click()
    page.locator("#id_annual_amount").fill("18 000")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    assert "18\u00a0000,00\u00a0kr" in page.locator("main").inner_text()

    page.get_by_role("link", name="Lägg till option").click()
    page.locator("#id_length_months").fill("12")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    page.get_by_role("link", name="Utnyttja").click()
    page.locator("#id_used_on").fill("2026-05-04")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    assert "Förlängt med option" in page.content()
    assert "2026-05-04" in page.content()
    assert_accessible(page)
    assert_no_csp_errors(page)

    page.goto("/avtal/?status=optionsperiod")
    assert "Unikum lärplattform" in page.content() and "Procapita Edlevo" not in page.content()


def test_the_calendar_and_a_subscription_link(logged_in_page, editor, existing):
    page = logged_in_page(editor)
    page.goto("/avtal/kalender/?horisont=365")
    assert "Sista dag för uppsägning" in page.content()
    assert_accessible(page)
    assert_no_csp_errors(page)
    page.get_by_role("link", name="Prenumerera i Outlook").click()
    page.locator("#id_organisation").select_option(label="Laxå")
    page.get_by_role("button", name="Skapa länk").click()
    link = page.locator("#new-link").input_value()
    assert link.endswith(".ics")
    assert_accessible(page)
    response = page.request.get(link)
    assert response.status == 200 and "BEGIN:VCALENDAR" in response.text()


def test_detail_page_for_a_reader_outside_the_owner(logged_in_page, outsider, existing):
    page = logged_in_page(outsider)
    page.goto(existing.get_absolute_url())
    content = page.locator("main").inner_text()
    assert "Sekretess" in content and "296" not in content
    assert page.get_by_role("link", name="Ändra").count() == 0
    assert_accessible(page)
    assert_no_csp_errors(page)


def test_an_option_marks_the_detail_page(logged_in_page, editor, existing):
    ExtensionOptionFactory(contract=existing, ordering=1, length_months=24,
                           used_on=datetime.date(2011, 1, 10))
    page = logged_in_page(editor)
    page.goto(existing.get_absolute_url())
    assert "med utnyttjade optioner till 2013-06-30" in page.content()
    assert_accessible(page)
