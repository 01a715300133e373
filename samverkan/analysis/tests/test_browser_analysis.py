"""End to end in Chromium: the cooperation's editor opens Analys from the menu, makes a joint
procurement calculation (activities, hours, participating members, hourly cost) through its form,
and the saved result shows the hours, kronor and per cent saved that the procurement calculator
computes from the same inputs, per activity, in total and per member; then a hosting comparison
is made, and the licence comparison and the scenarios side by side are opened, the scenario
showing the calculation's saving per member. Every page passes axe-core and the Content Security
Policy and fits 1 280 and 1 440 pixels without scrolling sideways. A reader is offered no
buttons to add what they may not add."""

from __future__ import annotations

from decimal import Decimal

import pytest

from samverkan.core.formatting import kronor_to_ore
from samverkan.core.templatetags.samverkan import number, ore, ore_signed, percent
from samverkan.testing.browser import (
    assert_accessible,
    assert_no_csp_errors,
    go_to_menu_entry,
    log_in,
    new_page,
)

from ..calculators import hosting, procurement
from ..models import Calculation, Scenario
from ..services import calculations
from ..templatetags.analysis import rounded

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 1440)
ACTIVITIES = [("Kravställning", "120", "150,5"), ("Utvärdering av anbud", "80", "95")]
HOURLY_RATE = "812,50"
LINES = [("Egen drift", "Servrar", "2", "1 500,50"), ("Moln", "Abonnemang", "1", "2 000")]


def text(locator) -> str:
    return locator.inner_text().replace("\u00a0", " ")


def scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def checked(page, visited: list[str]):
    assert_accessible(page)
    assert_no_csp_errors(page)
    assert [e for e in page.console_errors if e.startswith("pageerror")] == []
    assert not scrolls_sideways(page), f"{page.url} rullar i sidled"
    visited.append(page.url)


def save(page, button="Spara"):
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def cells(row) -> list[str]:
    return [c.strip() for c in text(row).split("\t")]


def hours(value) -> str:
    return number(rounded(value, 2), 0)


def share(value) -> str:
    return percent(rounded(value)).replace("\u00a0", " ")


def money(value) -> str:
    return ore(value).replace("\u00a0", " ")


def test_a_procurement_calculation_and_the_other_analyses(logged_in_page, browser_context_factory,
                                                          coop_editor, cooperation, laxa,
                                                          hallsberg, reader):
    visited: list[str] = []
    page = logged_in_page(coop_editor)
    go_to_menu_entry(page, "Planering", "Analys")
    checked(page, visited)

    page.get_by_role("link", name="Ny upphandlingskalkyl").click()
    page.wait_for_load_state()
    checked(page, visited)
    page.locator("#id_organisation").select_option(label=cooperation.name)
    page.locator("#id_name").fill("Gemensam upphandling av e-arkiv")
    page.locator("#id_confidence").select_option(label="Estimat")
    for member in (laxa, hallsberg):
        page.get_by_label(member.name, exact=True).check()
    page.get_by_label("Timkostnad (kr)", exact=False).fill(HOURLY_RATE)
    for i, (name, alone, together) in enumerate(ACTIVITIES):
        page.locator(f"#id_rad-{i}-name").fill(name)
        page.locator(f"#id_rad-{i}-hours_alone").fill(alone)
        page.locator(f"#id_rad-{i}-hours_together").fill(together)
    save(page)
    calculation = Calculation.objects.get(name="Gemensam upphandling av e-arkiv")
    assert page.url.endswith(calculation.get_absolute_url())
    checked(page, visited)

    # the figures are the calculator's for the same inputs, typed here a second time
    expected = procurement.calculate(
        [procurement.Activity.of(*activity) for activity in ACTIVITIES], 2, 81250,
        procurement.equal_claims((o.pk, o.name) for o in sorted(
            (laxa, hallsberg), key=lambda o: (o.name, o.pk))))
    table = page.locator("table", has=page.get_by_text("Timmar och kronor per aktivitet"))
    for row in expected.rows:
        f = row.figures
        assert cells(table.locator("tbody tr", has_text=row.activity.name)) == [
            row.activity.name, hours(f.hours_alone), hours(f.hours_separately),
            hours(f.hours_together), hours(f.hours_saved), share(f.hours_saved_percent)]
    total = expected.total
    foot = table.locator("tfoot tr")
    assert cells(foot.nth(0)) == ["Summa timmar", hours(total.hours_alone),
                                  hours(total.hours_separately), hours(total.hours_together),
                                  hours(total.hours_saved), share(total.hours_saved_percent)]
    assert cells(foot.nth(1))[:4] == ["Summa internkostnad", money(total.cost_alone_ore),
                                      money(total.cost_separately_ore),
                                      money(total.cost_together_ore)]
    assert cells(foot.nth(2))[-2:] == [money(total.saved_ore), share(total.saved_percent)]
    assert total.saved_ore > 0 and total.saved_percent is not None
    per_member = page.locator("table", has=page.get_by_text("Per kommun"))
    for member in expected.shares:
        assert cells(per_member.locator("tbody tr", has_text=member.name)) == [
            member.name, money(member.cost_alone_ore), money(member.joint_share_ore),
            money(member.saved_ore), share(member.saved_percent)]
    assert sum(m.saved_ore for m in expected.shares) == total.saved_ore
    assert page.locator("#chart-procurement").count() == 1

    # a hosting comparison: own operation against the supplier's cloud
    go_to_menu_entry(page, "Planering", "Analys")
    page.get_by_role("link", name="Ny driftkalkyl").click()
    page.wait_for_load_state()
    checked(page, visited)
    page.locator("#id_organisation").select_option(label=cooperation.name)
    page.locator("#id_name").fill("E-arkiv: egen drift eller moln")
    for i, (alternative, label, quantity, price) in enumerate(LINES):
        page.locator(f"#id_rad-{i}-alternative").fill(alternative)
        page.locator(f"#id_rad-{i}-label").fill(label)
        page.locator(f"#id_rad-{i}-quantity").fill(quantity)
        page.locator(f"#id_rad-{i}-unit_price").fill(price)
    save(page)
    comparison = Calculation.objects.get(name="E-arkiv: egen drift eller moln")
    assert page.url.endswith(comparison.get_absolute_url())
    checked(page, visited)
    assert "jämförelsebas" in text(page.locator("main"))
    alternatives = [hosting.Alternative(alternative, (hosting.CostLine.of(
        label, quantity, kronor_to_ore(Decimal(price.replace(" ", "").replace(",", ".")))),))
        for alternative, label, quantity, price in LINES]
    compared = hosting.calculate(alternatives, 36)
    by_year = page.locator("table", has=page.get_by_text("Per år över 36 månader"))
    assert cells(by_year.locator("tfoot tr")) == [
        "Summa", *(money(o.total_ore) for o in compared.outcomes),
        *(ore_signed(s.total_ore).replace("\u00a0", " ") for s in compared.savings)]

    # the scenario built on the procurement shows its saving per member side by side
    scenario = Scenario.objects.create(organisation=cooperation, name="E-arkiv tillsammans",
                                       owner=coop_editor, recommended=True)
    calculations.add_step(coop_editor, scenario, "Upphandla tillsammans", calculation)
    go_to_menu_entry(page, "Planering", "Analys")
    page.get_by_role("link", name="Scenarier sida vid sida").click()
    page.wait_for_load_state()
    checked(page, visited)
    side_by_side = page.locator("table")
    for member in expected.shares:
        assert cells(side_by_side.locator("tbody tr", has_text=member.name)) == [
            member.name, money(member.saved_ore)]
    assert cells(side_by_side.locator("tfoot tr")) == ["Summa", money(total.saved_ore)]
    page.get_by_role("link", name="E-arkiv tillsammans").click()
    page.wait_for_load_state()
    checked(page, visited)

    go_to_menu_entry(page, "Planering", "Analys")
    page.get_by_role("link", name="Licensjämförelse: avtalat och fakturerat per invånare").click()
    page.wait_for_load_state()
    checked(page, visited)

    # a reader is offered no «new» buttons that would only refuse them
    reading = logged_in_page(reader)
    go_to_menu_entry(reading, "Planering", "Analys")
    checked(reading, [])
    assert reading.get_by_role("link", name="Ny upphandlingskalkyl").count() == 0
    reading.get_by_role("link", name="Scenarier sida vid sida").click()
    reading.wait_for_load_state()
    checked(reading, [])
    assert reading.get_by_role("link", name="Nytt scenario").count() == 0

    wide = []
    for width in WIDTHS:
        other = log_in(new_page(browser_context_factory(
            viewport={"width": width, "height": 900})), coop_editor)
        for url in dict.fromkeys(visited):
            other.goto(url)
            if scrolls_sideways(other):
                wide.append(f"{width}px {url}")
    assert wide == [], "rullar i sidled:\n" + "\n".join(wide)
