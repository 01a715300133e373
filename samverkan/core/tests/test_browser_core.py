"""End to end in Chromium: the login page, and plotly's styles under the Content Security Policy."""

import re

import pytest
from playwright.sync_api import expect

from samverkan.testing.browser import (
    PLOTLY_CSS,
    PLOTLY_INCLUDE,
    assert_accessible,
    assert_no_csp_errors,
)
from samverkan.testing.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_login_page_is_accessible_and_within_the_content_security_policy(browser_page):
    response = browser_page.goto("/")
    assert "/konto/logga-in/" in browser_page.url, "anonyma skickas till inloggningen"
    assert response.ok
    assert browser_page.get_by_role("heading", level=1).inner_text() == "Logga in i Samverkan"
    assert_accessible(browser_page)
    assert_no_csp_errors(browser_page)


def test_a_wrong_password_is_refused_with_a_swedish_message(browser_page):
    UserFactory(username="lena")
    browser_page.goto("/konto/logga-in/")
    browser_page.get_by_label("Användarnamn").fill("lena")
    browser_page.get_by_label("Lösenord").fill("fel lösenord")
    browser_page.get_by_role("button", name="Logga in").click()
    alert = browser_page.get_by_role("alert")
    alert.wait_for()
    assert re.search(r"korrekt användarnamn och lösenord", alert.inner_text())
    assert_accessible(browser_page)


def _selectors(css: str) -> set[str]:
    return {rule.split("{")[0].strip() for rule in css.splitlines() if "{" in rule}


def test_the_static_plotly_stylesheet_matches_the_installed_plotly(chromium_browser):
    """core/plotly.css and core/_plotly.html stand in for what plotly.js would inject; after an
    upgrade of plotly they must be written again with `bin/plotly-css`."""
    from samverkan.testing.browser import injected_styles

    rules, other_ids = injected_styles(chromium_browser)
    assert _selectors("\n".join(rules)) == _selectors(PLOTLY_CSS.read_text(encoding="utf-8")), \
        "core/plotly.css är inaktuell: kör bin/plotly-css"
    include = PLOTLY_INCLUDE.read_text(encoding="utf-8")
    assert all(f'id="{style_id}"' in include for style_id in other_ids), \
        "core/_plotly.html är inaktuell: kör bin/plotly-css"


def test_the_menus_work_without_javascript(logged_in_page, editor):
    """A dropdown cannot open without JavaScript; its link leads to a page of the same entries."""
    page = logged_in_page(editor, java_script_enabled=False)
    page.get_by_role("button", name="Register").or_(
        page.get_by_role("link", name="Register")).first.click()
    expect(page).to_have_url(re.compile(r"/meny/register/$"))
    page.get_by_role("link", name="Organisationer").click()
    expect(page).to_have_url(re.compile(r"/organisationer/$"))
    page.get_by_role("button", name="Ekonomi").or_(
        page.get_by_role("link", name="Ekonomi")).first.click()
    expect(page).to_have_url(re.compile(r"/meny/ekonomi/$"))
    # The URL changes when the response starts; the entries are there once the page has loaded.
    expect(page.get_by_role("link", name="Avstämning")).to_be_visible()


def test_pages_print_without_menus_buttons_or_filters(logged_in_page, editor):
    page = logged_in_page(editor)
    page.goto("/system/")
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['header nav', 'main aside', 'main .btn', 'footer']
        .map(s => [...document.querySelectorAll(s)].every(e => getComputedStyle(e).display === 'none'))""")
    assert hidden == [True, True, True, True]
    assert page.evaluate("getComputedStyle(document.querySelector('main table thead')).display") \
        == "table-header-group"


def test_the_header_stays_on_one_row_at_1280_and_1440_px(logged_in_page, live_server):
    """Every menu group of a superuser, a long name and the longer English labels ("Management
    objects") still fit; a wrapped header pushes every page down and splits "Log out"."""
    user = UserFactory(is_superuser=True, first_name="Anna-Karin",
                       last_name="Johansson Lindqvist-Öberg")
    page = logged_in_page(user)
    for language in ("sv", "en"):
        page.context.add_cookies([{"name": "django_language", "value": language,
                                   "url": live_server.url}])
        for width in (1280, 1440):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto("/")
            expect(page.locator("html")).to_have_attribute("lang", language)
            assert page.locator("nav.navbar").bounding_box()["height"] < 70, (language, width)
