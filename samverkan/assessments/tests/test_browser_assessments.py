"""End to end in Chromium: Laxå's editor opens an assessment round for its learning platform
(Bedömningar → Lägg till) and adds a business and an IT respondent; each respondent signs in,
finds the round and answers only their own areas (the IT person in a browser without JavaScript),
one statement with «Vet ej / ej tillämpligt»; the editor closes the round and the result shows
the scores per area and the TIME disposition, computed here by the scoring service from the same
answers. The TIME page's data table places the system there, lists the systems without a closed
round, and moves the system after a second round; «Skapa initiativ» carries the evidence into the
initiative. Every page passes axe-core and the Content Security Policy and fits 1 280 and 1 440
pixels without scrolling sideways."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest
from django.urls import reverse

from samverkan.core.formatting import format_number
from samverkan.core.permissions import Role
from samverkan.organisations.models import Person
from samverkan.testing.browser import assert_accessible, assert_no_csp_errors, go_to_menu_entry
from samverkan.testing.factories import SystemFactory, UserFactory, role

from .. import bilaga3
from ..models import (
    Answer,
    Area,
    Assessment,
    Disposition,
    EconomyField,
    Questionnaire,
    Respondent,
    Statement,
    SubArea,
)
from ..services import rounds, scoring
from .world import make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 1440)
SYSTEM = "Lärplattform"
# the business person answers 4 except V3 («Vet ej») and V10; the IT person 2 except T1
FIRST = {"V3": None, "V10": 5, "T1": 3}
FIRST_DEFAULT = {Area.BUSINESS: 4, Area.TECHNOLOGY: 2, Area.SUPPLIER: 2}
# the second round: the technology has been upgraded
SECOND_DEFAULT = {Area.BUSINESS: 4, Area.TECHNOLOGY: 4, Area.SUPPLIER: 5}


def text(locator) -> str:
    return locator.inner_text().replace("\u00a0", " ")


def scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def checked(page, visited: list[str] | None = None):
    """axe-core, the CSP, and no sideways scrolling at the page's own width; the address is
    remembered to be measured at the other width at the end."""
    assert_accessible(page)
    assert_no_csp_errors(page)
    assert [e for e in page.console_errors if e.startswith("pageerror")] == []
    assert not scrolls_sideways(page), f"{page.url} rullar i sidled"
    if visited is not None:
        visited.append(page.url)


def fits_every_width(context_factory, user, urls):
    from samverkan.testing.browser import log_in, new_page

    wide = []
    for width in WIDTHS:
        page = log_in(new_page(context_factory(viewport={"width": width, "height": 900})), user)
        for url in dict.fromkeys(urls):
            page.goto(url)
            if scrolls_sideways(page):
                wide.append(f"{width}px {url}")
    assert wide == [], "rullar i sidled:\n" + "\n".join(wide)


def save(page, button="Spara"):
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def intended(statements, overrides, defaults) -> dict[int, int | None]:
    return {s.pk: overrides.get(s.code, defaults[s.sub_area.area]) for s in statements}


def expected_result(questionnaire, answers: dict[int, int | None]) -> scoring.Result:
    """What the scoring service makes of these answers: the figures the pages must show."""
    subs = dict(Statement.objects.filter(pk__in=answers).values_list("pk", "sub_area_id"))
    knock = set(Statement.objects.filter(pk__in=answers, knock_out=True).values_list(
        "pk", flat=True))
    return scoring.score(rounds.sub_area_specs(questionnaire),
                         [scoring.AnswerValue(subs[pk], value, pk in knock)
                          for pk, value in answers.items()])


def shown(value: Fraction | None) -> str:
    return format_number(value, 2) if value is not None else "–"


def menu_without_javascript(page, group: str, entry: str):
    """Without JavaScript a group of the main menu is a link to the group's own page."""
    menu = page.get_by_role("navigation", name="Huvudmeny")
    with page.expect_navigation():
        menu.get_by_role("button", name=group, exact=True).click()
    page.locator("main").get_by_role("link", name=entry, exact=True).click()
    page.wait_for_load_state()


def answer_own_areas(page, respondent: Respondent, answers: dict[int, int | None], *,
                     javascript=True):
    """The respondent finds the round through the menu and answers on their own form."""
    if javascript:
        go_to_menu_entry(page, "Planering", "Bedömningar")
    else:
        menu_without_javascript(page, "Planering", "Bedömningar")
    page.get_by_role("link", name=re.compile(SYSTEM)).first.click()
    page.wait_for_load_state()
    # only their own row offers «Svara»
    rows = page.locator("#resp-h + table tbody tr")
    assert rows.filter(has=page.get_by_role("link", name="Svara", exact=True)).count() == 1
    row = rows.filter(has_text=respondent.person.name)
    row.get_by_role("link", name="Svara", exact=True).click()
    page.wait_for_load_state()
    own = list(rounds.statements_for(respondent))
    legends = page.locator("form fieldset legend").all_inner_texts()
    assert legends == [f"{s.code} {s.text}" for s in own]
    others = Statement.objects.filter(questionnaire=respondent.assessment.questionnaire).exclude(
        sub_area__area__in=respondent.areas)
    assert others.exists()
    for statement in others:  # the other areas are not offered
        assert page.locator(f"[name=s{statement.pk}]").count() == 0
    for statement in own:
        value = answers[statement.pk]
        group = page.get_by_role("group", name=f"{statement.code} {statement.text}")
        label = "Vet ej / ej tillämpligt" if value is None else re.compile(f"^{value} ")
        group.get_by_label(label).check()
    return page


def test_a_round_is_answered_closed_and_moves_on_the_time_chart(
        logged_in_page, browser_context_factory, editor, laxa):
    # the shipped questionnaire (loaded by a migration; a transactional test may have flushed it)
    questionnaire = bilaga3.load(Questionnaire, SubArea, Statement, EconomyField)
    system = SystemFactory(organisation=laxa, name=SYSTEM, criticality="hog")
    SystemFactory(organisation=laxa, name="Ekonomisystem")  # never assessed
    business = role(UserFactory(username="verksamhet"), laxa, Role.READER)
    it_user = role(UserFactory(username="itteknik"), laxa, Role.READER)
    Person.objects.create(organisation=laxa, name="Vera Verksamhet", email="vera@example.se",
                          user=business)
    Person.objects.create(organisation=laxa, name="Ivar IT", email="ivar@example.se",
                          user=it_user)
    visited: list[str] = []

    # the editor opens the round and adds the respondents, through the pages
    page = logged_in_page(editor)
    go_to_menu_entry(page, "Planering", "Bedömningar")
    checked(page, visited)
    page.get_by_role("link", name="Lägg till", exact=True).click()
    page.wait_for_load_state()
    checked(page, visited)
    page.locator("#id_organisation").select_option(label="Laxå")
    page.locator("#id_system").select_option(label=str(system))
    page.locator("#id_questionnaire").select_option(label=str(questionnaire))
    page.locator("#id_opened_on").fill("2026-03-01")
    page.locator("#id_due_on").fill("2026-03-31")
    save(page)
    assessment = Assessment.objects.get(system=system)
    assert page.url.endswith(assessment.get_absolute_url())
    checked(page, visited)
    for name, areas in (("Vera Verksamhet", ("Verksamhetsvärde", "Ekonomi")),
                        ("Ivar IT", ("Teknik", "Leverantör"))):
        page.get_by_role("link", name="Lägg till svarande").click()
        page.wait_for_load_state()
        checked(page, visited)
        page.locator("#id_person").select_option(label=name)
        for area in areas:
            page.get_by_label(area, exact=True).check()
        save(page)
        assert name in text(page.locator("#resp-h + table"))
    checked(page)
    vera = assessment.respondents.get(person__name="Vera Verksamhet")
    ivar = assessment.respondents.get(person__name="Ivar IT")
    assert set(vera.areas) == {Area.BUSINESS, Area.ECONOMY}
    assert set(ivar.areas) == {Area.TECHNOLOGY, Area.SUPPLIER}

    # the business person answers her areas, one with «Vet ej», and the yearly support cost
    statements = list(questionnaire.statements.select_related("sub_area"))
    answers = intended(statements, FIRST, FIRST_DEFAULT)
    vera_page = answer_own_areas(logged_in_page(business), vera, answers)
    checked(vera_page, visited)
    vera_page.get_by_label("Årlig supportkostnad (tkr)").fill("120,5")
    save(vera_page, "Spara svar")
    assert "Dina svar är sparade." in text(vera_page.locator("main"))
    checked(vera_page)
    # the IT person's form is not hers, even by its address
    refused = vera_page.goto(reverse("assessments:answer", args=[ivar.pk]))
    assert refused.status == 403
    checked(vera_page)

    # the IT person answers in a browser without JavaScript: the plain form does it all
    ivar_page = answer_own_areas(logged_in_page(it_user, java_script_enabled=False), ivar,
                                 answers, javascript=False)
    save(ivar_page, "Spara svar")
    assert "Dina svar är sparade." in text(ivar_page.locator("main"))
    stored = dict(Answer.objects.filter(respondent__assessment=assessment).values_list(
        "statement_id", "value"))
    assert stored == answers

    # the editor closes the round; the result is the scoring service's for those answers
    expected = expected_result(questionnaire, answers)
    assert expected.disposition == Disposition.MIGRATE  # the case this test is about
    page.reload()
    assert "2 av 2 har svarat" in text(page.locator("#resp-h"))
    save(page, "Avsluta och spara resultatet")
    assert "Bedömningen är avslutad" in text(page.locator("main"))
    checked(page)
    result = text(page.locator("#res-h").locator(".."))
    assert (f"Verksamhetsvärde {shown(expected.business_value)} · Teknik och leverantör "
            f"{shown(expected.technical_fit)} · TIME: "
            f"{Disposition(expected.disposition).label}") in result
    table = page.locator("#res-h ~ table").first
    for area, stats in expected.areas.items():
        row = text(table.locator("tbody tr", has_text=str(Area(area).label)).filter(
            has_text="Hela området"))
        cells = row.split("\t")
        assert cells[2:] == [shown(stats.mean), str(stats.minimum), str(stats.maximum),
                             str(stats.n)], row
    business_row = text(table.locator("tbody tr", has_text="Funktionalitet"))
    assert business_row.split("\t")[-1] == "3"  # V1–V4 less the «Vet ej»
    assert "120,50" in text(page.locator("#res-h ~ table").nth(1))

    # «Skapa initiativ» carries the evidence into the initiative
    save(page, "Skapa initiativ av resultatet")
    checked(page, visited)
    initiative_page = text(page.locator("main"))
    assert f"{SYSTEM}: {Disposition(expected.disposition).label}" in text(
        page.get_by_role("heading", level=1))
    assert (f"Verksamhetsvärde {shown(expected.business_value)}, teknik och leverantör "
            f"{shown(expected.technical_fit)}, TIME: "
            f"{Disposition(expected.disposition).label}.") in initiative_page
    assert f"av {SYSTEM} i Laxå" in initiative_page

    # the TIME page: the data table places the system; the other system is not assessed
    go_to_menu_entry(page, "Planering", "TIME och ej bedömda system")
    checked(page, visited)
    assert_time_row(page, expected)
    not_assessed = text(page.locator("#ej-bedomda + table"))
    assert "Ekonomisystem" in not_assessed and SYSTEM not in not_assessed
    assert "(1)" in text(page.locator("#ej-bedomda"))
    assert page.locator("#chart-time").count() == 1

    # a second round, after the upgrade, moves the system to another quadrant
    second = make_round(laxa, system=system)
    second_answers = intended(statements, {}, SECOND_DEFAULT)
    for respondent in second.respondents.all():
        own = {s.pk for s in rounds.statements_for(respondent)}
        rounds.save_answers(editor, respondent,
                            {pk: v for pk, v in second_answers.items() if pk in own})
    rounds.close(editor, second)
    moved = expected_result(questionnaire, second_answers)
    assert moved.disposition != expected.disposition
    page.reload()
    checked(page)
    assert_time_row(page, moved)
    assert page.locator("table").first.locator("tbody tr", has_text=SYSTEM).count() == 1

    fits_every_width(browser_context_factory, editor, visited)


def assert_time_row(page, expected: scoring.Result):
    row = text(page.locator("table").first.locator("tbody tr", has_text=SYSTEM))
    cells = row.split("\t")
    assert cells[:5] == [SYSTEM, "Laxå", shown(expected.business_value),
                         shown(expected.technical_fit),
                         str(Disposition(expected.disposition).label)], row
