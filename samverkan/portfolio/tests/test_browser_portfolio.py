"""End to end in Chromium: an editor in Laxå adds a system, finds it, exports it and reads its
history; a reader in Hallsberg sees it but cannot change it; the main pages pass axe-core and
the Content Security Policy."""

import re

import openpyxl
import pytest

from samverkan.core.permissions import Role
from samverkan.demo import sydnarke
from samverkan.portfolio.models import ManagementObject, System
from samverkan.portfolio.services import load_capabilities
from samverkan.testing.browser import (
    assert_accessible,
    assert_no_csp_errors,
    log_in,
    new_page,
)
from samverkan.testing.factories import OrganisationFactory, UserFactory, role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_SYSTEM = "Skolskjuts Planering Laxå"


@pytest.fixture
def example(laxa, hallsberg):
    """The Sydnärke example: real pages, with charts, roles and gaps to show."""
    OrganisationFactory(name="Askersund", municipality_code="1882")
    OrganisationFactory(name="Lekeberg", municipality_code="1814")
    load_capabilities()
    return sydnarke.load()


@pytest.fixture
def laxa_editor(editor):
    editor.first_name, editor.last_name = "Lena", "Nyberg"
    editor.save()
    return editor


@pytest.fixture
def hallsberg_reader(hallsberg):
    return role(UserFactory(username="hallsberg_reader", first_name="Johan", last_name="Ström"),
                hallsberg, Role.READER)


def add_system(page, name):
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="System",
                                                                   exact=True).click()
    page.get_by_role("link", name="Lägg till", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Lägg till")
    page.locator("#id_name").fill(name)
    page.locator("#id_organisation").select_option(label="Laxå")
    page.locator("#id_capability").select_option(label="Utbildning › Elevadministration")
    page.locator("#id_criticality").select_option(label="Medel")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    assert page.get_by_role("heading", level=1).inner_text() == name


def test_an_editor_adds_finds_exports_and_sees_the_history_of_a_system(
        example, laxa_editor, logged_in_page, browser_context_factory, tmp_path):
    page = logged_in_page(laxa_editor)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Översikt")

    add_system(page, NEW_SYSTEM)
    system = System.objects.get(name=NEW_SYSTEM)
    assert system.organisation.name == "Laxå"

    # find it with htmx: the search field updates the results in place
    page.goto("/system/")
    total = page.locator("#results").inner_text()
    page.get_by_role("searchbox", name="Sök", exact=True).fill("Skolskjuts Planering")
    page.locator("#results", has_text="1 träff").wait_for()
    assert NEW_SYSTEM in page.locator("#results table").inner_text()
    assert "q=Skolskjuts" in page.url, "filtret ska synas i adressen"
    assert total != page.locator("#results").inner_text()

    # export the list to Excel: the export follows the filter, so the file holds the new system
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exportera Excel").click()
    path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(path)
    assert path.suffix == ".xlsx"
    rows = list(openpyxl.load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == 2 and NEW_SYSTEM in rows[1]

    # the system's page shows its change history with the editor's name
    page.locator("#results").get_by_role("link", name=NEW_SYSTEM).click()
    page.wait_for_url(re.compile(rf"/system/{system.pk}/$"))
    history = page.get_by_role("region", name="Ändringshistorik")
    assert "Lena Nyberg" in history.inner_text()
    assert_no_csp_errors(page)


def test_the_filter_form_works_without_javascript(example, laxa, laxa_editor, browser_context_factory,
                                                   tmp_path):
    System.objects.create(name=NEW_SYSTEM, organisation=laxa)
    page = log_in(new_page(browser_context_factory(java_script_enabled=False)), laxa_editor)
    page.goto("/system/")
    page.get_by_role("searchbox", name="Sök", exact=True).fill("Skolskjuts Planering")
    with page.expect_navigation():
        page.get_by_role("button", name="Filtrera").click()
    assert "q=Skolskjuts+Planering" in page.url
    results = page.locator("#results")
    assert "1 träff" in results.inner_text()
    assert NEW_SYSTEM in results.locator("table").inner_text()

    # the export link carries the filter: only the found system is exported
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exportera Excel").click()
    path = tmp_path / "export.xlsx"
    download_info.value.save_as(path)
    rows = list(openpyxl.load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == 2 and NEW_SYSTEM in rows[1]


def test_a_reader_in_another_municipality_sees_but_cannot_change(
        example, laxa, hallsberg_reader, logged_in_page):
    system = System.objects.filter(organisation=laxa).first()
    page = logged_in_page(hallsberg_reader)
    page.goto(f"/system/{system.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == system.name
    assert page.get_by_role("link", name="Ändra", exact=True).count() == 0
    assert page.get_by_role("link", name="Arkivera").count() == 0
    response = page.goto(f"/system/{system.pk}/andra/")
    assert response.status == 403
    assert System.objects.get(pk=system.pk).version == system.version


def test_editing_a_system_changes_only_what_the_editor_changed(example, laxa, laxa_editor,
                                                               logged_in_page):
    system = System.objects.filter(organisation=laxa, personal_data=True,
                                   criticality="hog").first()
    page = logged_in_page(laxa_editor)
    page.goto(f"/system/{system.pk}/andra/")
    page.locator("#id_service_window").fill("Onsdagar 18–20")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    changed = System.objects.get(pk=system.pk)
    assert changed.service_window == "Onsdagar 18–20"
    unchanged = ("personal_data", "criticality", "confidentiality", "integrity", "availability",
                 "hosting", "dpa", "lifecycle", "product_id", "capability_id",
                 "management_object_id", "owner_person_id")
    assert {f: getattr(changed, f) for f in unchanged} == {f: getattr(system, f) for f in unchanged}
    latest = page.get_by_role("region", name="Ändringshistorik").locator("tbody tr").first
    assert "Lena Nyberg" in latest.inner_text() and "servicefönster" in latest.inner_text()
    assert "personuppgifter" not in latest.inner_text()


def test_the_main_pages_pass_axe_core(example, laxa, laxa_editor, logged_in_page):
    system = System.objects.filter(organisation=laxa, product__isnull=False).first()
    learning = ManagementObject.objects.get(name="Lärplattform")
    page = logged_in_page(laxa_editor)
    pages = {
        "översikt": "/",
        "systemlista": "/system/",
        "system": f"/system/{system.pk}/",
        "systemformulär": "/system/ny/",
        "ändra system": f"/system/{system.pk}/andra/",
        "förvaltningsobjekt": f"/objekt/{learning.pk}/",
        "objektlista": "/objekt/",
    }
    failures = []
    for label, url in pages.items():
        response = page.goto(url)
        assert response.ok, f"{label}: {response.status}"
        try:
            assert_accessible(page)
        except pytest.fail.Exception as exc:
            failures.append(f"{label}: {exc}")
    assert not failures, "\n\n".join(failures)


def test_the_dashboard_draws_its_charts_within_the_content_security_policy(
        example, laxa_editor, logged_in_page):
    page = logged_in_page(laxa_editor)
    page.goto("/")
    charts = page.locator("div.chart")
    assert charts.count() == 2
    for index in range(charts.count()):
        charts.nth(index).locator("svg.main-svg").first.wait_for()
    assert_no_csp_errors(page)
    assert not [m for m in page.console_errors if "pageerror" in m]
