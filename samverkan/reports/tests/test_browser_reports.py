"""In Chromium: from the meeting's page to the steering pack's print view; printed (print
media) it shows no navigation or buttons, its tables repeat their header on every page and the
as-of line is on every page; the pack is issued from the meeting's page and found under
Planering → Rapporter. Every page passes axe-core and the Content Security Policy."""

import re

import pytest

from samverkan.testing.browser import assert_accessible, assert_no_csp_errors, go_to_menu_entry
from samverkan.testing.factories import ManagementObjectFactory

from .helpers import followed_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_print_view_prints_cleanly_and_the_pack_is_issued(logged_in_page, editor, laxa):
    meeting = followed_meeting(laxa, ManagementObjectFactory(organisation=laxa,
                                                             name="Lärplattform"))
    page = logged_in_page(editor)
    page.goto(meeting.get_absolute_url())
    panel = page.locator("#styrgruppspaket")
    assert_accessible(page)
    panel.get_by_role("link", name="Utskriftsvy").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Styrgruppspaket")
    assert_accessible(page)
    assert_no_csp_errors(page)
    assert page.get_by_role("link", name=re.compile("^Tillbaka till ")).is_visible()

    page.emulate_media(media="print")
    assert not page.get_by_role("link", name=re.compile("^Tillbaka till ")).is_visible()
    assert page.locator("nav, button, .navbar").evaluate_all(
        "els => els.filter(e => e.offsetParent !== null).length") == 0
    assert page.locator("thead").evaluate_all(
        "els => els.every(e => getComputedStyle(e).display === 'table-header-group')")
    as_of = page.locator(".pack-as-of")
    assert "Uppgifter per" in as_of.inner_text()
    assert as_of.evaluate("e => getComputedStyle(e).position") == "fixed"  # on every page
    assert len(page.pdf(format="A4")) > 1000
    page.emulate_media(media="screen")

    page.goto(meeting.get_absolute_url())
    panel = page.locator("#styrgruppspaket")
    panel.get_by_label("Utskriftsvy").check()
    with page.expect_navigation():
        panel.get_by_role("button", name="Ta fram styrgruppspaket").click()
    assert "Rapporten är utfärdad" in page.content()
    assert_accessible(page)
    go_to_menu_entry(page, "Planering", "Rapporter")
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Utfärdade rapporter"
    assert "styrgruppspaket-2026-11-30" in page.content()
    assert_accessible(page)
    assert_no_csp_errors(page)
