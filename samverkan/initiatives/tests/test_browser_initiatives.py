"""End to end in Chromium: the cooperation's editor takes a member's idea through Sambruk's
process on the initiative page with its stage buttons – packaged, approved and sent to the members
at the programme steering group's meeting, interest opened – while Hallsberg's editor registers
its interest and signs binding participation; the cooperation records Askersund's, proposes the
plan with its budget, agrees at the meeting, sees the budget split by population to the öre,
starts the project and hands it over to management; then a benefit and its realised value for a
year are recorded and followed up. Every page on the way passes axe-core and the Content Security
Policy."""

import datetime

import pytest

from samverkan.testing.browser import assert_accessible, assert_no_csp_errors, go_to_menu_entry

from ..models import Initiative, Participation
from ..services import stages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEETING = "Programstyrgruppens möte 2025-03-04"


def save(page, button="Spara"):
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def checked(page):
    assert_accessible(page)
    assert_no_csp_errors(page)


def stage_form(page, action):
    return page.locator(f"form[action$='/steg/{action}/']")


LABELS = {"note": "Kommentar / beslut", "meeting": "Styrgruppens möte", "on": "Datum",
          "ends_on": "Slutdatum", "budget_kr": "Budget (kr)"}


def step(page, action, button, **fields):
    """Fill the stage button's own form by its labels and press it; the page comes back with
    the new stage."""
    form = stage_form(page, action)
    for name, value in fields.items():
        field = form.get_by_label(LABELS[name], exact=True)
        if name == "meeting":
            field.select_option(label=value)
        else:
            field.fill(value)
    with page.expect_navigation():
        form.get_by_role("button", name=button, exact=True).click()
    assert "Initiativets steg är ändrat." in page.locator("main").inner_text()
    checked(page)


def heading(page):
    return page.get_by_role("heading", level=1).inner_text()


@pytest.fixture
def idea(world):
    initiative = Initiative(
        organisation=world.coop, name="Gemensam lärplattform",
        kind=Initiative.Kind.PROCUREMENT, problem="Fem olika lärplattformar i tre kommuner.",
        proposer_organisation=world.members["Laxå"], steering_group=world.group)
    return stages.propose(world.users["proposer"], initiative, on=datetime.date(2025, 2, 3))


def test_an_idea_becomes_a_shared_application_with_a_realised_benefit(logged_in_page, world,
                                                                       idea):
    page = logged_in_page(world.users["coop_editor"])
    go_to_menu_entry(page, "Planering", "Initiativ")
    checked(page)
    page.get_by_role("link", name="Gemensam lärplattform").click()
    assert "1. Problem och projektidé" in heading(page)
    checked(page)

    step(page, "package", "Paketera förslag",
         note="Gemensam upphandling av en lärplattform för alla medlemmar.")
    assert "Gemensam upphandling av en lärplattform" in page.locator("main dl").first.inner_text()
    step(page, "inform", "Godkänn och informera medlemmarna", meeting=MEETING,
         note="Förslaget skickas till medlemmarna.")
    assert "§ 1/2025" in page.locator("#timeline").inner_text()  # numbered at the meeting
    step(page, "interest", "Öppna intresseanmälan")
    page.locator("#interest-org").select_option(label="Askersund")
    save(page, "Anmäl intresse")
    assert "Intresset är anmält." in page.locator("main").inner_text()
    checked(page)

    # Hallsberg's own editor answers for Hallsberg only
    hallsberg = logged_in_page(world.users["hallsberg_editor"])
    hallsberg.goto(idea.get_absolute_url())
    checked(hallsberg)
    options = hallsberg.locator("#interest-org option").all_inner_texts()
    assert options == ["Hallsberg"]
    save(hallsberg, "Anmäl intresse")
    assert "Intresseanmälan" in hallsberg.locator("#participations tr",
                                                  has_text="Hallsberg").inner_text()
    assert Participation.objects.filter(initiative=idea, status=Participation.Status.INTEREST
                                        ).count() == 2

    page.reload()
    step(page, "plan", "Projektplan med budget", budget_kr="1 000 000",
         note="Projektdefinition med budget för upphandling och införande.")
    # before the agreement the split previews everyone who has shown interest
    assert "Askersund" in page.locator("#budget-split").inner_text()

    hallsberg.reload()
    hallsberg.locator("#participations summary").click()
    sign = hallsberg.locator("#participations form")
    sign.get_by_label("Överenskommelse", exact=True).select_option(label="SGM3 Utveckling")
    sign.get_by_label("Undertecknad av").select_option(label="Kommunchef Hallsberg")
    sign.get_by_label("Datum").fill("2025-04-10")
    checked(hallsberg)
    with hallsberg.expect_navigation():
        sign.get_by_role("button", name="Teckna", exact=True).click()
    row = hallsberg.locator("#participations tr", has_text="Hallsberg").inner_text()
    assert "Kommunchef Hallsberg" in row and "2025-04-10" in row
    checked(hallsberg)

    # the cooperation's editor records Askersund's signature, then the agreement
    page.reload()
    page.locator("#participations summary").click()
    sign = page.locator("#participations form")
    sign.get_by_label("Överenskommelse", exact=True).select_option(label="SGM3 Utveckling")
    sign.get_by_label("Undertecknad av").select_option(label="Kommunchef Askersund")
    sign.get_by_label("Datum").fill("2025-04-14")
    with page.expect_navigation():
        sign.get_by_role("button", name="Teckna", exact=True).click()
    checked(page)
    step(page, "agree", "Överenskommelse", on="2025-05-20", meeting=MEETING,
         note="Överenskommelse om gemensam lärplattform.")
    assert "6. Överenskommelse om projektplan" in heading(page)
    assert page.locator("#interest-org").count() == 0  # the participant set is closed

    split = page.locator("#fordelning").inner_text().replace("\u00a0", " ")
    assert "Folkmängd 2025" in split
    assert "Hallsberg" in split and "582 833,46 kr" in split  # 16 032 of 27 507 inhabitants
    assert "Askersund" in split and "417 166,54 kr" in split
    assert "1 000 000,00 kr" in split and "Laxå" not in page.locator("#budget-split").inner_text()

    step(page, "start", "Starta projektet", on="2025-06-01", ends_on="2026-05-31")
    assert page.get_by_role("link", name="Gemensam lärplattform").count() >= 1  # project plan
    step(page, "handover", "Överlämna till förvaltning", on="2026-06-01", meeting=MEETING,
         budget_kr="250 000")
    assert "9. Projektavslut och överlämning till förvaltning" in heading(page)
    managed = page.locator("main dl").first.inner_text()
    assert "Förvaltningsobjekt" in managed
    idea.refresh_from_db()
    assert idea.stage == Initiative.Stage.HANDOVER and idea.management_object is not None
    assert idea.management_budget_ore == 25_000_000

    page.get_by_role("link", name="Lägg till nytta").click()
    checked(page)
    page.locator("#id_name").fill("Lägre licenskostnad")
    page.locator("#id_organisation").select_option(label="Hallsberg")
    page.locator("#id_kind").select_option(label="Pengar (finansiell nytta)")
    page.locator("#id_indicator").fill("Licenskostnad per år")
    page.locator("#id_baseline").fill("420 000 kr")
    save(page)
    checked(page)
    page.get_by_role("link", name="Lägg till år Lägre licenskostnad").click()
    checked(page)
    page.locator("#id_year").fill("2026")
    page.locator("#id_target_value").fill("120000")
    page.locator("#id_realised_value").fill("98500,50")
    page.locator("#id_realised_on").fill("2026-11-30")
    save(page)
    benefits = page.locator("#nyttor").inner_text().replace("\u00a0", " ")
    assert "2026: mål 120 000,00 kr, realiserat 98 500,50 kr" in benefits
    checked(page)

    page.get_by_role("link", name="Nyttouppföljning för samverkan").click()
    follow_up = page.locator("main").inner_text().replace("\u00a0", " ")
    assert "Lägre licenskostnad" in follow_up and "98 500,50" in follow_up
    checked(page)
    go_to_menu_entry(page, "Planering", "Initiativ per steg")
    assert "Gemensam lärplattform" in page.locator("main").inner_text()
    checked(page)


def test_payments_invoicing_and_evaluation(logged_in_page, world, idea):
    """An agreed project: the cooperation's editor records a consultant and a payment against
    the project budget and sees what is left, invoices the participants through a cost pool in
    Ekonomi whose split is the agreement's, and after the handover marks it evaluated."""
    from decimal import Decimal

    from samverkan.finance.models import CostPool

    from ..services import money, project

    editor = world.users["coop_editor"]
    for name in ("Hallsberg", "Askersund"):
        Participation.objects.create(initiative=idea, organisation=world.members[name],
                                     status=Participation.Status.BINDING)
    Initiative.objects.filter(pk=idea.pk).update(stage=Initiative.Stage.AGREEMENT,
                                                 agreement_year=2025,
                                                 project_budget_ore=1_000_000_00)
    idea.refresh_from_db()
    project.start_project(editor, idea, starts_on=datetime.date(2025, 6, 1),
                          ends_on=datetime.date(2026, 5, 31))
    page = logged_in_page(editor)
    page.goto(idea.get_absolute_url())
    checked(page)

    page.get_by_role("link", name="Lägg till extern part").click()
    checked(page)
    page.locator("#id_name").fill("Konsultbolaget AB")
    page.locator("#id_kind").select_option(label="Konsult")
    page.locator("#id_role").fill("Kravställning")
    save(page)
    page.get_by_role("link", name="Registrera utbetalning").click()
    checked(page)
    page.locator("#id_party").select_option(label="Konsultbolaget AB")
    page.locator("#id_budget").select_option(label="Projektbudget")
    page.locator("#id_paid_on").fill("2025-09-30")
    page.locator("#id_amount").fill("125 000,50")
    save(page)
    left = page.locator("#budget-left").inner_text().replace("\u00a0", " ")
    assert "utbetalt 125 000,50 kr" in left and "kvar +874 999,50 kr" in left
    checked(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Fakturera deltagarna: projektbudget").click()
    assert "Kostnadspoolen är skapad" in page.locator("main").inner_text()
    checked(page)
    pool = CostPool.objects.get()
    assert page.url.endswith(pool.get_absolute_url())
    shown = page.locator("main").inner_text().replace("\u00a0", " ")
    for share in money.budget_split(idea).shares:
        amount = f"{Decimal(share.amount_ore) / 100:,.2f}".replace(",", " ").replace(".", ",")
        assert f"{amount} kr" in shown, (share.name, amount)

    project.hand_over(editor, idea, meeting=world.meeting, on=datetime.date(2026, 6, 1),
                      management_object=None)
    page.goto(idea.get_absolute_url())
    step(page, "evaluate", "Utvärderad", note="Nyttorna följs upp i förvaltningen.")
    idea.refresh_from_db()
    assert idea.stage == Initiative.Stage.EVALUATED
