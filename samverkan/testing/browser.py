"""End-to-end fixtures: pages in Debian's Chromium, driven by Playwright, against `live_server`.

Use them in tests marked `browser` with a transactional database:

    pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

    def test_it_shows_the_dashboard(logged_in_page, editor):
        page = logged_in_page(editor)
        assert_accessible(page)

Playwright's own browser download is never used: the tests run the system Chromium
(`SAMVERKAN_CHROMIUM`, default /usr/bin/chromium). When it is missing the tests are skipped,
unless SAMVERKAN_REQUIRE_BROWSER=1 (as in CI), which makes them fail instead.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test import testcases

CHROMIUM = os.environ.get("SAMVERKAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct horse battery"
SERIOUS = ("serious", "critical")

class OneRequestAtATimeServer(ThreadedWSGIServer):
    """The live server, answering one request at a time when the test database is SQLite in
    memory: its threads then share the test's one connection, and a request that starts while
    another is inside a transaction (a search typed while an export starts) fails with
    "cannot start a transaction within a transaction". The whole body is read under the lock,
    since a streamed export still queries while it is sent."""

    _lock = threading.Lock()

    def set_app(self, application):
        if not self.connections_override:
            return super().set_app(application)

        def one_at_a_time(environ, start_response):
            with self._lock:
                response = application(environ, start_response)
                try:
                    return [b"".join(response)]
                finally:
                    if hasattr(response, "close"):
                        response.close()

        return super().set_app(one_at_a_time)


testcases.LiveServerThread.server_class = OneRequestAtATimeServer

# Runs in every page before its own scripts: remembers Content Security Policy violations.
_CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline")
    + " at " + (e.sourceFile || "") + ":" + (e.lineNumber || ""));
});
"""


def browser_required() -> bool:
    return os.environ.get("SAMVERKAN_REQUIRE_BROWSER", "") == "1"


def _unavailable(reason: str):
    if browser_required():
        pytest.fail(f"{reason} (SAMVERKAN_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


def launch(playwright):
    """The one way to start Chromium, shared by the tests and bin/screenshots."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@pytest.fixture(scope="session")
def chromium_browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _unavailable(f"Chromium saknas ({CHROMIUM}); webbläsartesterna hoppas över")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright är inte installerat; webbläsartesterna hoppas över")
    # Playwright's sync API keeps an event loop running in this thread; the ORM calls the tests
    # make around it are still synchronous, so Django's async guard must stand aside.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = launch(playwright)
    except Exception as exc:  # a broken Chromium is reported like a missing one
        playwright.stop()
        _unavailable(f"Chromium gick inte att starta: {exc}")
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def browser_context_factory(chromium_browser, live_server):
    """New, isolated browser contexts against the live server; all closed after the test."""
    contexts = []

    def make(**options):
        options.setdefault("base_url", live_server.url)
        options.setdefault("locale", "sv-SE")
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = chromium_browser.new_context(accept_downloads=True, **options)
        context.set_default_timeout(15_000)
        context.add_init_script(_CSP_WATCH)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def new_page(context):
    """A page that remembers CSP errors and uncaught script errors (see `assert_no_csp_errors`)."""
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(f"pageerror: {e}"))
    return page


@pytest.fixture
def browser_page(browser_context_factory):
    """A fresh, anonymous page."""
    return new_page(browser_context_factory())


def log_in(page, user, password: str = PASSWORD):
    """Log in through the real login form and land on the dashboard."""
    user.set_password(password)
    user.save(update_fields=["password"])
    page.goto("/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(user.username)
    page.get_by_label("Lösenord").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Logga in").click()
    assert "/konto/logga-in/" not in page.url, "inloggningen misslyckades"
    return page


@pytest.fixture
def logged_in_page(browser_context_factory):
    """`logged_in_page(user, **context_options)` → a page of a new context, signed in as `user`."""

    def make(user, **options):
        page = new_page(browser_context_factory(**options))
        return log_in(page, user)

    return make


def assert_accessible(page, context=None) -> None:
    """axe-core on the current page: no violations of impact serious or critical."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context)
    bad = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    if bad:
        lines = [f"{page.url}: {len(bad)} allvarliga tillgänglighetsfel (axe-core)"]
        for violation in bad:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"][:5]:
                lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
        report = "\n".join(lines)
        print(report)
        pytest.fail(report, pytrace=False)


def csp_violations(page) -> list[str]:
    """CSP violations seen by the page: reported events plus the console's "Refused to …"."""
    events = page.evaluate("window.__cspViolations || []")
    console = [m for m in page.console_errors if "Content Security Policy" in m]
    return list(events) + console


def assert_no_csp_errors(page) -> None:
    problems = csp_violations(page)
    if problems:
        report = f"{page.url}: Content Security Policy blockerade:\n" + "\n".join(problems)
        print(report)
        pytest.fail(report, pytrace=False)


# -- plotly.js under the Content Security Policy ------------------------------------------------
# A strict CSP (no 'unsafe-inline' in style-src) blocks the <style> elements plotly.js creates.
# Pages with charts include core/_plotly.html instead: it links core/plotly.css with
# id="plotly.js-style-global" and class "no-inline-styles" (which stops plotly.js injecting its
# rules) and holds an element with the id of each stylesheet bundled in plotly.js (which stops
# those). `bin/plotly-css` writes both files from the installed plotly; a test checks they match.

PLOTLY_CSS = Path(__file__).resolve().parents[1] / "core" / "static" / "core" / "plotly.css"
PLOTLY_INCLUDE = Path(__file__).resolve().parents[1] / "core" / "templates" / "core" / "_plotly.html"


def plotly_js() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def injected_styles(browser) -> tuple[list[str], list[str]]:
    """The CSS rules plotly.js inserts when it loads and draws a chart (without any CSP), and the
    ids of the other <style> elements it creates (bundled stylesheets of features we don't use)."""
    page = browser.new_page()
    source = plotly_js().read_text(encoding="utf-8")

    def serve(route):
        if route.request.url.endswith("/plotly.js"):
            route.fulfill(body=source, content_type="text/javascript")
        else:
            route.fulfill(body='<!doctype html><html><head><script src="/plotly.js"></script>'
                               '</head><body><div id="c"></div></body></html>',
                          content_type="text/html")

    page.route("**/*", serve)
    page.goto("http://plotly.invalid/")
    page.evaluate('Plotly.newPlot("c", [{type: "bar", x: [1], y: ["a"]}], {}, {displayModeBar: false})')
    rules = page.evaluate(
        'Array.from(document.getElementById("plotly.js-style-global").sheet.cssRules, r => r.cssText)')
    others = page.evaluate('Array.from(document.querySelectorAll("style"), s => s.id)'
                           '.filter(id => id !== "plotly.js-style-global")')
    page.close()
    return rules, others


def stylesheet(rules: list[str]) -> str:
    import plotly

    header = (f"/* Style rules of plotly.js (plotly {plotly.__version__}), served as a file so the\n"
              "   Content Security Policy needs no 'unsafe-inline'. Generated by bin/plotly-css. */\n")
    return header + "\n".join(rules) + "\n"


def include(other_ids: list[str]) -> str:
    """core/_plotly.html: every page with charts includes it in its head block."""
    lines = [
        "{% load static %}{% comment %}Generated by bin/plotly-css: plotly.js under a strict Content",
        "Security Policy. The link carries plotly's style rules and, by its id and class, stops plotly.js",
        "from injecting them; an element with the id of each bundled stylesheet stops that one being",
        "injected. Include it in the head block of every page with charts.{% endcomment %}",
        '<link rel="stylesheet" id="plotly.js-style-global" class="no-inline-styles" '
        "href=\"{% static 'core/plotly.css' %}\">",
        *(f'<template id="{style_id}"></template>' for style_id in other_ids),
        "<script src=\"{% static 'plotly/plotly.min.js' %}\" defer></script>",
    ]
    return "\n".join(lines) + "\n"


def go_to_menu_entry(page, group: str, entry: str):
    """Open a group of the main menu and follow one of its entries, as a user does; returns once
    the entry's page has loaded, so what the caller checks next is that page, not the last."""
    menu = page.get_by_role("navigation", name="Huvudmeny")
    menu.get_by_role("button", name=group, exact=True).click()
    with page.expect_navigation():
        menu.get_by_role("link", name=entry, exact=True).click()
    return page
