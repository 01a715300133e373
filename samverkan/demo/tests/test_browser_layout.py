"""Every main page of the demo fits the screens people have (1 280 and 1 440 px wide): no table
or page wider than the window, the header on one row. With the demo's real data, as the
municipality editor and the cooperation's editor see it. A matrix with a column per pool or
member may scroll inside its own labelled, keyboard-reachable region (WCAG 1.4.10 allows it for
data tables); the region itself must fit."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from samverkan.testing.browser import log_in, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

APPS = ("portfolio", "organisations", "contracts", "ledger", "finance", "planning", "initiatives",
        "assessments", "analysis", "reports", "core")
NOT_PAGES = ("calendar_tokens",)  # a form posted from the calendar page
DETAILS = ("portfolio.System", "portfolio.ManagementObject", "contracts.Contract",
           "organisations.Organisation", "finance.CostPool", "finance.AllocationKey",
           "finance.Budget", "finance.Distribution", "finance.InvoicingBasis", "ledger.MatchingRule",
           "planning.Plan", "planning.Meeting", "planning.StatusReport", "planning.SteeringGroup",
           "initiatives.Initiative", "assessments.Assessment", "analysis.Calculation",
           "analysis.Scenario", "reports.DecisionBasis")
MEASURE = """() => {
  const width = window.innerWidth;
  const fits = e => e.getBoundingClientRect().right <= width + 1;
  const wide = [...document.querySelectorAll('main table')]
    .map(t => t.closest('.table-responsive[role=region][tabindex]') || t)
    .filter(t => t.offsetParent !== null && !fits(t))
    .map(t => (t.id || t.getAttribute('aria-label') || '') + ' ' + Math.round(t.getBoundingClientRect().right));
  return {page: document.documentElement.scrollWidth, width, wide,
          header: document.querySelector('header nav').getBoundingClientRect().height};
}"""


def pages() -> list[str]:
    """Every page without parameters of the apps, and one record's page of each kind."""
    found = []
    for resolver in get_resolver().url_patterns:
        if isinstance(resolver, URLResolver) and resolver.namespace in APPS:
            for pattern in resolver.url_patterns:
                if isinstance(pattern, URLPattern) and pattern.name and \
                        not pattern.pattern.regex.groups and pattern.name not in NOT_PAGES:
                    found.append(reverse(f"{resolver.namespace}:{pattern.name}"))
    for label in DETAILS:
        record = apps.get_model(label)._default_manager.order_by("pk").first()
        if record is not None:
            found.append(record.get_absolute_url())
    participation = apps.get_model("initiatives.Participation")._default_manager.select_related(
        "initiative").order_by("pk").first()
    if participation is not None:  # pages of an initiative's cooperation and its members
        found += [reverse("initiatives:member_basis", args=[participation.initiative_id,
                                                            participation.organisation_id]),
                  reverse("initiatives:priorities", args=[participation.initiative.organisation_id])]
    cooperation = apps.get_model("organisations.Membership")._default_manager.order_by(
        "pk").values_list("cooperation_id", flat=True).first()
    if cooperation is not None:  # the finder's candidates and a yearly follow-up's form
        found += [reverse("analysis:consolidation") + f"?samverkan={cooperation}&ar=2021",
                  reverse("analysis:benchmarks") + f"?ar=2021&samverkan={cooperation}",
                  reverse("reports:make", args=["yearly-followup"])
                  + f"?organisation={cooperation}&year=2022"]
    return found


@pytest.fixture
def demo_users(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("demo", "--no-serve", stdout=io.StringIO())
    model = apps.get_model("auth", "User")
    return [model.objects.get(username=name) for name in ("laxa", "sydnarke")]


def test_every_main_page_fits_1280_and_1440_pixels(demo_users, browser_context_factory):
    urls = pages()
    assert len(urls) > 30
    problems = []
    for user in demo_users:
        for width in (1280, 1440):
            page = log_in(new_page(browser_context_factory(
                viewport={"width": width, "height": 900})), user)
            for url in urls:
                page.goto(url)
                seen = page.evaluate(MEASURE)
                if seen["page"] > width or seen["wide"]:
                    problems.append(f"{user.username} {width}px {url}: page {seen['page']}px, "
                                    f"tables {seen['wide']}")
                if seen["header"] > 70:
                    problems.append(f"{user.username} {width}px {url}: header on two rows")
    assert problems == [], "\n".join(problems)
