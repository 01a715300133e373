"""End to end in Chromium: a finance officer in Laxå uploads a SIE file, sees the preview,
commits it (as a background task, with its progress page), finds the largest deviation on the
reconciliation page, matches an unmatched line by hand and turns it into a rule; every page
passes axe-core and the Content Security Policy."""

import datetime

import pytest

from samverkan.ledger import services
from samverkan.ledger.models import CostLine, MatchingRule
from samverkan.testing.browser import assert_accessible, assert_no_csp_errors, go_to_menu_entry
from samverkan.testing.factories import ContractFactory, ContractPartyFactory

from .conftest import sie_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def contracts(laxa, editor, tieto):
    procapita = ContractFactory(organisation=laxa, supplier=tieto, title="Procapita Edlevo",
                                start_date=datetime.date(2008, 7, 1), original_end_date=None)
    ContractPartyFactory(contract=procapita, organisation=laxa, annual_amount_ore=296_400_00)
    hosting = ContractFactory(organisation=laxa, supplier=tieto, title="Serverdrift Procapita",
                              start_date=datetime.date(2019, 1, 1), original_end_date=None)
    ContractPartyFactory(contract=hosting, organisation=laxa, annual_amount_ore=33_600_00)
    services.save_rule(editor, MatchingRule(organisation=laxa, contract=procapita,
                                            supplier_pattern="Tietoevry", account_from="6450"))
    return procapita, hosting


def test_import_reconcile_and_match_by_hand(logged_in_page, editor, laxa, contracts, settings,
                                            tmp_path):
    settings.SAMVERKAN_LEDGER_BACKGROUND_BYTES = 100
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    objects = '9 "5560715210"'
    text = sie_text([
        ("20210129", [("6450", 82_800_00, "Procapita licens", objects)]),
        ("20210430", [("6450", 82_800_00, "Procapita licens", objects)]),
        ("20210730", [("6450", 165_600_00, "Procapita licens", objects)]),
        ("20210125", [("7471", 2_800_00, "Drift av Procapita-server", objects)]),
        ("20210225", [("7471", 2_800_00, "Drift av Procapita-server", objects)]),
        ("20210301", [("4610", 41_250_00, "Livsmedel", "")]),
    ], extra_header='#OBJEKT 9 "5560715210" "Tietoevry Sweden AB"')
    path = tmp_path / "bokforing-2021-laxa.se"
    path.write_bytes(text.encode("cp437"))
    page = logged_in_page(editor)

    go_to_menu_entry(page, "Ekonomi", "Bokföring")
    assert_accessible(page)
    page.get_by_role("link", name="Importera bokföring").first.click()
    page.locator("#id_file").set_input_files(str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="Ladda upp och granska").click()
    # a large file is checked in the background; the page follows its progress
    page.wait_for_selector("text=Förhandsgranskning")
    assert_accessible(page)
    assert_no_csp_errors(page)
    main = page.locator("main").inner_text()
    assert "Matchade mot avtal" in main and "Procapita Edlevo" in main
    assert CostLine.objects.count() == 0
    with page.expect_navigation():
        page.get_by_role("button", name="Bekräfta och importera").click()
    page.wait_for_selector("text=rader importerade")
    assert CostLine.objects.filter(organisation=laxa).count() == 12
    assert_accessible(page)

    go_to_menu_entry(page, "Ekonomi", "Avstämning")
    assert_accessible(page)
    assert_no_csp_errors(page)
    first = page.locator("#reconciliation tbody tr").first.inner_text()
    # the largest deviation first: 296 400 contracted − 331 200 invoiced
    assert "Procapita Edlevo" in first and "\u221234\u00a0800" in first
    second = page.locator("#reconciliation tbody tr").nth(1).inner_text()
    assert "Serverdrift Procapita" in second and "33\u00a0600" in second  # nothing matched yet

    go_to_menu_entry(page, "Ekonomi", "Omatchade rader")
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("#results tbody a", has_text="Matcha").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Matcha kostnadsrad"
    assert_accessible(page)
    page.get_by_label("Avtal").select_option(label="Tietoevry Sweden AB – "
                                             f"{contracts[1]}")
    page.get_by_label("Gör om till en regel").check()
    page.get_by_label("konto", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    assert "regeln" in page.locator(".messages").inner_text()
    hosting = CostLine.objects.filter(account="7471")
    assert set(hosting.values_list("contract_id", flat=True)) == {contracts[1].pk}
    assert set(hosting.values_list("match_method", flat=True)) == {"manual", "rule"}
    assert_no_csp_errors(page)
