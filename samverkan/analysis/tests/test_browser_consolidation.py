"""End to end in Chromium: the cooperation's editor opens the consolidation finder from the
menu, chooses the cooperation, sees the candidate with its flags, chart and tables, and makes an
initiative of it; the initiative carries the evidence. Every page passes axe-core and the Content
Security Policy; without JavaScript the same figures are in the tables."""

import pytest

from samverkan.analysis.tests.consolidation_data import YEAR, add_consolidation
from samverkan.testing.browser import assert_accessible, assert_no_csp_errors, go_to_menu_entry
from samverkan.testing.cast import COOP_EDITOR, READER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def checked(page):
    assert_accessible(page)
    assert_no_csp_errors(page)


def test_a_candidate_becomes_an_initiative(logged_in_page, cast):
    add_consolidation(cast)
    page = logged_in_page(cast.users[COOP_EDITOR])
    go_to_menu_entry(page, "Planering", "Konsolidering")
    checked(page)
    page.get_by_label("Samverkan", exact=True).select_option(label=cast.orgs["coop"].name)
    page.get_by_label("År", exact=True).fill(str(YEAR))
    with page.expect_navigation():
        page.get_by_role("button", name="Visa", exact=True).click()
    main = page.locator("main").inner_text()
    assert "Unikum (test) finns i 2 separata installationer." in main
    assert "2028-01-01" in main and "Kandidat" in main
    assert page.locator(".chart svg").count() >= 1  # the chart is drawn
    checked(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Skapa initiativ", exact=True).click()
    main = page.locator("main").inner_text()
    assert "Konsolidering: Lärplattform (test)" in main
    assert "Initiativet är skapat med konsolideringsanalysen som underlag." in main
    assert "Gemensamt fönster: alla kan flytta tillsammans från 2028-01-01" in main
    checked(page)


def test_without_javascript_the_tables_carry_the_figures(logged_in_page, cast):
    add_consolidation(cast)
    page = logged_in_page(cast.users[READER], java_script_enabled=False)
    page.goto(f"/analys/konsolidering/?samverkan={cast.orgs['coop'].pk}&ar={YEAR}")
    main = page.locator("main").inner_text()
    assert "Haldor gemensam" in main and "sekretess" in main
    assert "Skapa initiativ" not in main


def test_the_whole_country_is_a_summary_that_leads_to_one_capability(logged_in_page, cast):
    add_consolidation(cast)
    page = logged_in_page(cast.users[READER])
    page.goto(f"/analys/konsolidering/?ar={YEAR}")
    main = page.locator("main").inner_text()
    assert "Sammanfattning för hela landet per förmåga" in main
    assert "Haldor gemensam" not in main
    checked(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Lärplattform (test)", exact=True).click()
    main = page.locator("main").inner_text()
    assert "Visar förmågan Lärplattform (test) i hela landet." in main
    assert "Haldor gemensam" in main and "Unikum (test) finns i 2 separata installationer." in main
    checked(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Tillbaka till sammanfattningen för hela landet").click()
    assert "Förmågor i hela landet" in page.locator("main").inner_text()
