"""End to end in Chromium: the object manager (an editor of Laxå) drafts Lärplattform's plan for
the year from the menu, adds a measurable goal and an activity with hours and money, reports
time and submits the plan; the object owner (who edits nothing) approves it with the meeting's
reference. Every page on the way passes axe-core and the Content Security Policy."""

import pytest

from samverkan.planning.models import Plan
from samverkan.portfolio.models import ObjectRole
from samverkan.testing.browser import assert_accessible, assert_no_csp_errors, go_to_menu_entry
from samverkan.testing.factories import (
    ManagementObjectFactory,
    PersonFactory,
    SystemFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def learning(laxa):
    obj = ManagementObjectFactory(name="Lärplattform", organisation=laxa)
    SystemFactory(name="Infomentor", organisation=laxa, management_object=obj)
    return obj


@pytest.fixture
def object_owner(laxa, learning):
    user = UserFactory(username="objektagare", first_name="Marcus", last_name="Cederberg")
    person = PersonFactory(name="Marcus Cederberg", organisation=laxa, user=user)
    ObjectRole.objects.create(management_object=learning, person=person, organisation=laxa,
                              role=ObjectRole.Kind.OWNER)
    return user


def save(page, button="Spara"):
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def checked(page):
    assert_accessible(page)
    assert_no_csp_errors(page)


def test_draft_submit_and_approve_a_management_plan(logged_in_page, editor, object_owner,
                                                    learning):
    page = logged_in_page(editor)
    go_to_menu_entry(page, "Planering", "Planer")
    checked(page)
    page.get_by_role("link", name="Lägg till").click()
    page.locator("#id_name").fill("Förvaltningsplan Lärplattform 2026")
    page.locator("#id_management_object").select_option(label="Lärplattform")
    page.locator("#id_year").fill("2026")
    page.locator("#id_mission").fill("Gemensam förvaltning av kommunernas lärplattform.")
    checked(page)
    save(page)
    assert page.get_by_role("heading", level=1).inner_text().startswith(
        "Förvaltningsplan Lärplattform 2026")
    assert "Infomentor" in page.locator("#scope-systems").inner_text()  # live from the register
    checked(page)

    page.get_by_role("link", name="Lägg till mål").click()
    page.locator("#id_title").fill("Fler lärare använder plattformen")
    page.locator("#id_indicator").fill("Andel lärare som loggar in varje vecka")
    page.locator("#id_baseline").fill("55 %")
    page.locator("#id_target").fill("80 %")
    checked(page)
    save(page)
    page.get_by_role("link", name="Lägg till aktivitet").click()
    page.locator("#id_title").fill("Gemensamt servicefönster")
    page.locator("#id_kind").select_option(label="Vidareutveckla")
    page.locator("#id_internal_hours").fill("40")
    page.locator("#id_external_hours").fill("180")
    page.locator("#id_budget").fill("150 000")
    save(page)
    page.get_by_role("link", name="Rapportera tid").click()
    page.locator("#id_activity").select_option(label="Gemensamt servicefönster")
    page.locator("#id_date").fill("2026-11-25")
    page.locator("#id_category").select_option(label="Externa konsulttimmar")
    page.locator("#id_hours").fill("173,5")
    page.locator("#id_cost").fill("151 812,50")
    checked(page)
    save(page)
    follow = page.locator("#follow-up tfoot").inner_text().replace("\u00a0", " ")
    assert "220" in follow and "173,5" in follow and "150 000,00 kr" in follow
    assert "−1 812,50 kr" in follow  # over budget by the öre
    page.wait_for_selector('[data-chart="chart-hours"] .main-svg')  # the chart beside the table
    save(page, "Lämna för beslut")
    assert "För beslut" in page.get_by_role("heading", level=1).inner_text()
    assert page.locator("#approve-form").count() == 0  # the manager does not approve
    checked(page)
    plan = Plan.objects.get(name="Förvaltningsplan Lärplattform 2026")

    owner_page = logged_in_page(object_owner)
    owner_page.goto(plan.get_absolute_url())
    checked(owner_page)
    owner_page.locator("#id_approved_on").fill("2026-01-27")
    owner_page.locator("#id_reference").fill("Styrgruppen 2026-01-27 § 2")
    save(owner_page, "Fastställ")
    assert "Fastställd" in owner_page.get_by_role("heading", level=1).inner_text()
    approval = owner_page.locator("#approval").inner_text()
    assert "2026-01-27" in approval and "objektägare" in approval and "§ 2" in approval
    checked(owner_page)
    plan.refresh_from_db()
    assert (plan.state, plan.approved_by) == (Plan.State.APPROVED, object_owner)


def test_a_steering_group_meeting_decides_and_follows_up(logged_in_page, editor, object_owner,
                                                         learning, laxa):
    """The object manager prepares the meeting from the agenda template, records a numbered
    decision and an action, approves the minutes, and writes a status report that is sent; the
    meeting, the report and the import page pass axe-core and the CSP."""
    plan = Plan.objects.create(name="Förvaltningsplan Lärplattform 2026", organisation=laxa,
                               management_object=learning, year=2026,
                               state=Plan.State.APPROVED)
    page = logged_in_page(editor)
    go_to_menu_entry(page, "Planering", "Styrgruppsmöten")
    checked(page)
    page.get_by_role("link", name="Lägg till").click()
    page.locator("#id_management_object").select_option(label="Lärplattform")
    page.locator("#id_held_on").fill("2026-03-10")
    page.locator("#id_place").fill("Hallsberg")
    checked(page)
    save(page)
    assert "Förvaltningsplan Lärplattform 2026" in page.locator("main").inner_text()
    assert "2. Ärenden för beslut" in page.locator("#agenda-items").inner_text()
    page.get_by_role("link", name="Lägg till punkt").click()
    page.locator("#id_title").fill("Servicefönster")
    page.locator("#id_kind").select_option("beslut")
    page.locator("#id_documents").fill("Förslag servicefönster.pdf")
    checked(page)
    save(page)
    assert "6. Servicefönster" in page.locator("#agenda-items").inner_text()
    page.get_by_role("link", name="Lägg till beslut").click()
    page.locator("#id_agenda_item").select_option(label="6. Servicefönster")
    page.locator("#id_title").fill("Gemensamt servicefönster")
    page.locator("#id_text").fill("Servicefönster tisdagar 18–22 för alla fyra kommuner.")
    page.locator("#id_plan").select_option(label="Förvaltningsplan Lärplattform 2026")
    save(page)
    assert "§ 1/2026 Gemensamt servicefönster" in page.locator("#decision-list").inner_text()
    page.get_by_role("link", name="Lägg till åtgärd").click()
    page.locator("#id_title").fill("Informera användarna")
    page.locator("#id_owner").select_option(label="Marcus Cederberg")
    page.locator("#id_due_on").fill("2026-03-31")
    save(page)
    page.get_by_role("link", name="Ändra", exact=True).click()
    page.locator("#id_minutes").fill("Beslut enligt nedan.")
    save(page)
    save(page, "Justera protokollet")
    assert "Justerat" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_role("link", name="Lägg till beslut").count() == 0  # locked
    assert page.get_by_role("link", name="Lägg till punkt").count() == 0
    assert "§ 1/2026 Gemensamt servicefönster" in page.locator("#agenda-items").inner_text()
    checked(page)

    page.goto(plan.get_absolute_url())
    assert "§ 1/2026" in page.locator("#decisions").inner_text()
    page.get_by_role("link", name="Ny statusrapport").click()
    page.locator("#id_as_of").fill("2026-03-09")
    page.locator("#id_comment").fill("Enligt plan.")
    save(page)
    checked(page)
    save(page, "Skicka till styrgruppen (låser rapporten)")
    assert "Skickad" in page.get_by_role("heading", level=1).inner_text()
    page.goto(plan.get_absolute_url())
    assert "2026-03-09" in page.locator("#trend").inner_text()
    page.get_by_role("link", name="Importera tid från Excel eller CSV").click()
    checked(page)
