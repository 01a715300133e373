"""End to end in Chromium: a choice among all 290 municipalities and 21 regions is usable.
With JavaScript a search field narrows it; without, the user's own organisations come first
and the rest are grouped by kind in alphabetical order. Both pass axe-core and the CSP."""

import pytest

from samverkan.core import permissions
from samverkan.core.formatting import swedish_sort_key
from samverkan.organisations.models import Organisation, OrganisationRole
from samverkan.organisations.services import load_reference_data
from samverkan.testing.browser import assert_accessible, assert_no_csp_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FORM = "/system/ny/"  # the new system's owner: every organisation, for a superuser


@pytest.fixture
def everyone(laxa, superuser):
    load_reference_data()  # Laxå (1860) is the cast's Laxå
    OrganisationRole.objects.create(user=superuser, organisation=laxa, role=permissions.Role.ADMIN)
    assert Organisation.objects.count() >= 311
    return superuser


def test_the_search_field_narrows_the_choice_and_picks_the_only_match(everyone, logged_in_page):
    page = logged_in_page(everyone)
    page.goto(FORM)
    search = page.locator("#id_organisation-search")
    assert search.get_attribute("aria-label") == "Sök organisation"
    search.fill("hallsb")
    visible = page.locator("#id_organisation option:not([hidden]):not([value=''])")
    assert visible.count() == 1 and visible.first.inner_text() == "Hallsberg"
    hallsberg = Organisation.objects.get(municipality_code="1861")
    assert page.locator("#id_organisation").input_value() == str(hallsberg.pk)
    search.fill("berg")
    shown = page.locator("#id_organisation option:not([hidden]):not([value=''])").all_inner_texts()
    assert len(shown) > 5 and all("berg" in name.lower() for name in shown)
    assert "organisationer matchar sökningen" in page.locator("#id_organisation + .form-text").inner_text()
    search.fill("xyzzy")
    assert page.locator("#id_organisation option:not([hidden]):not([value=''])").count() == 0
    assert "Ingen organisation matchar" in page.locator("#id_organisation + .form-text").inner_text()
    search.press("Enter")  # searching never submits the form
    assert page.url.endswith(FORM)
    search.fill("")
    assert_accessible(page)
    assert_no_csp_errors(page)


def test_without_javascript_own_organisations_come_first_then_groups(everyone, logged_in_page):
    page = logged_in_page(everyone, java_script_enabled=False)
    page.goto(FORM)
    assert page.locator("#id_organisation-search").count() == 0
    groups = page.locator("#id_organisation optgroup")
    labels = [groups.nth(i).get_attribute("label") for i in range(groups.count())]
    assert labels[:3] == ["Dina organisationer", "Kommuner", "Regioner"]
    assert groups.first.locator("option").all_inner_texts() == ["Laxå"]
    towns = groups.nth(1).locator("option").all_inner_texts()
    assert len(towns) == 289 and towns == sorted(towns, key=swedish_sort_key)  # Å, Ä, Ö last
    assert towns.index("Vännäs") < towns.index("Åre") < towns.index("Älmhult") < towns.index("Öckerö")
    # (axe-core needs JavaScript: the page is checked with it in the test above)


def test_a_long_filter_list_is_searchable_too(everyone, logged_in_page):
    page = logged_in_page(everyone)
    page.goto("/system/")
    select = page.locator("select[data-searchable]").first
    assert select.count() == 1
    select_id = select.get_attribute("id")
    page.locator(f"#{select_id}-search").fill("laxå")
    assert page.locator(f"#{select_id} option:not([hidden]):not([value=''])").all_inner_texts() == ["Laxå"]
    assert_accessible(page)
