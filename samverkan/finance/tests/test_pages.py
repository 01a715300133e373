"""What each member sees on the pages, and query counts that do not grow with the rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.finance import services
from samverkan.finance.models import InvoiceAccounts, KeyVersion
from samverkan.testing.factories import ManagementObjectFactory, OrganisationFactory

from .factories import (
    BudgetFactory,
    BudgetLineFactory,
    PopulationFactory,
    ServiceFactory,
    ServicePriceFactory,
    ServiceVolumeFactory,
    pool_with,
    population_key,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def split(laxa, hallsberg, cooperation, coop_editor):
    """100 000 kr between Laxå (5 424) and Hallsberg (16 065): 25 240,82 and 74 759,18 kr."""
    PopulationFactory(organisation=laxa, inhabitants=5424)
    PopulationFactory(organisation=hallsberg, inhabitants=16065)
    pool = pool_with(cooperation, population_key(cooperation), [laxa, hallsberg], name="Lärplattform")
    distribution = services.approve(coop_editor, pool)
    amounts = {line.organisation.name: line.amount_ore for line in distribution.lines.all()}
    assert amounts == {"Laxå": 25_240_82, "Hallsberg": 74_759_18}
    return pool, distribution


LAXA, HALLSBERG = "25\u00a0240,82\u00a0kr", "74\u00a0759,18\u00a0kr"


@pytest.mark.parametrize("who, sees, hidden", [
    ("coop_editor", [LAXA, HALLSBERG], []),
    ("superuser", [LAXA, HALLSBERG], []),
    ("reader", [LAXA], [HALLSBERG]),
    ("editor", [LAXA], [HALLSBERG]),
    ("outsider", [HALLSBERG], [LAXA]),
])
@pytest.mark.parametrize("page", ["pool", "distribution", "overview", "summary"])
def test_a_member_sees_its_own_share_and_the_totals(split, page, who, sees, hidden, client_for,
                                                    request):
    pool, distribution = split
    user = request.getfixturevalue(who)
    url = {"pool": pool.get_absolute_url(), "distribution": distribution.get_absolute_url(),
           "overview": reverse("finance:overview") + "?year=2026",
           "summary": reverse("finance:summary") + "?year=2026"}[page]
    text = client_for(user).get(url).content.decode()
    assert "100\u00a0000,00\u00a0kr" in text
    for amount in sees:
        assert amount in text
    for amount in hidden:
        assert amount not in text


def test_the_pool_page_explains_the_key_and_the_rounding(split, client_for, coop_editor):
    pool, _distribution = split
    text = client_for(coop_editor).get(pool.get_absolute_url()).content.decode()
    assert "årets egen (2026) · SCB, folkmängd 31 december" in text
    assert "Folkmängd 2026 saknas, 2025 används (Hallsberg, Laxå)." in text
    assert "5\u00a0424 invånare 2025 (folkmängd 2026 saknas, 2025 används)" in text
    assert "Fick ett öre extra" in text or "ingen avrundning" in text
    assert 'data-chart="chart-pool"' in text


def test_a_changed_basis_is_flagged_until_approved_again(split, client_for, coop_editor, laxa):
    pool, _distribution = split
    laxa.populations.update(inhabitants=6000)
    text = client_for(coop_editor).get(pool.get_absolute_url()).content.decode()
    assert "Underlaget har ändrats sedan fördelningen fastställdes" in text
    assert "Fastställ på nytt" in text


def test_the_exempt_member_sees_why_it_pays_nothing(laxa, hallsberg, cooperation, coop_editor,
                                                    client_for, reader):
    PopulationFactory(organisation=laxa)
    PopulationFactory(organisation=hallsberg)
    pool = pool_with(cooperation, population_key(cooperation), [laxa, hallsberg])
    pool.participants.filter(organisation=laxa).update(reduction="exempt", reason="Gåva av e-tjänsten")
    distribution = services.approve(coop_editor, pool)
    text = client_for(reader).get(distribution.get_absolute_url()).content.decode()
    assert "befriad från avgift (Gåva av e-tjänsten)" in text
    assert "0,00\u00a0kr" in text


def test_approving_through_the_page(laxa, hallsberg, cooperation, coop_editor, client_for):
    PopulationFactory(organisation=laxa)
    PopulationFactory(organisation=hallsberg)
    pool = pool_with(cooperation, population_key(cooperation), [laxa, hallsberg])
    client = client_for(coop_editor)
    page = client.get(pool.get_absolute_url()).content.decode()
    fingerprint = page.split('name="fingerprint" value="')[1].split('"')[0]
    response = client.post(reverse("finance:pool_approve", args=[pool.pk]),
                           {"fingerprint": fingerprint})
    distribution = services.current_distribution(pool)
    assert response["Location"] == distribution.get_absolute_url()


def test_a_new_pool_without_chosen_participants_gets_the_members(laxa, hallsberg, cooperation,
                                                                  coop_editor, client_for):
    key = population_key(cooperation)
    response = client_for(coop_editor).post(reverse("finance:pool_add"), {
        "name": "Projekt", "organisation": cooperation.pk, "purpose": "projekt", "year": 2026,
        "source": "belopp", "amount": "10000", "key": key.pk})
    assert response.status_code == 302
    pool = cooperation.cost_pools.get(name="Projekt")
    assert {p.organisation for p in pool.participants.all()} == {laxa, hallsberg}


def test_a_key_is_created_with_its_first_version(cooperation, coop_editor, client_for, laxa,
                                                 hallsberg):
    response = client_for(coop_editor).post(reverse("finance:key_add"), {
        "name": "Egna andelar", "organisation": cooperation.pk, "v-valid_from": "2026-01-01",
        "v-method": "procent", "andel-TOTAL_FORMS": 3, "andel-INITIAL_FORMS": 0,
        "andel-0-organisation": laxa.pk, "andel-0-percent": "33,5",
        "andel-1-organisation": hallsberg.pk, "andel-1-percent": "66,5"})
    assert response.status_code == 302, response.content.decode()[:3000]
    version = KeyVersion.objects.get(key__name="Egna andelar")
    assert version.custom_weight == 100
    assert {s.organisation: str(s.percent) for s in version.shares.all()} == {
        laxa: "33.500000", hallsberg: "66.500000"}


# -- query counts -----------------------------------------------------------------------------------

def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def grow(build, count: int, client, url_for) -> int:
    made = build(count)
    return queries(client, url_for(made))


def towns(count: int) -> list:
    result = []
    for index in range(count):
        org = OrganisationFactory(name=f"Kommun {index:03d}")
        PopulationFactory(organisation=org, inhabitants=1000 + index)
        result.append(org)
    return result


@pytest.fixture
def coop(cooperation, coop_editor, client_for):
    return cooperation, coop_editor, client_for(coop_editor)


def _pools(cooperation, user, count, start=0):
    key = population_key(cooperation)
    members = towns(3)
    result = []
    for index in range(count):
        pool = pool_with(cooperation, key, members, name=f"Pool {start + index}")
        services.approve(user, pool)
        result.append(pool)
    services.issue_bases(user, cooperation, 2026, datetime.date(2026, 1, 31))
    return result


LIST_PAGES = ["finance:keys", "finance:pools", "finance:distributions", "finance:bases",
              "finance:overview", "finance:summary", "finance:services", "finance:volumes",
              "finance:budgets", "finance:accounts"]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_pages_make_the_same_number_of_queries_for_3_and_30_rows(coop, name):
    cooperation, user, client = coop

    def build(count):
        _pools(cooperation, user, count, start=len(cooperation.cost_pools.all()))
        for index in range(count):
            org = OrganisationFactory(name=f"Medlem {index}")
            InvoiceAccounts.objects.create(organisation=org)
            service = ServiceFactory(organisation=cooperation)
            ServicePriceFactory(service=service)
            ServiceVolumeFactory(service=service, organisation=org)
            BudgetFactory(management_object=ManagementObjectFactory(organisation=cooperation),
                          key=population_key(cooperation))

    url = reverse(name) + ("?year=2026" if name in ("finance:overview", "finance:summary") else "")
    build(3)
    few = queries(client, url)
    build(27)
    assert queries(client, url) == few


def test_the_pool_page_makes_the_same_number_of_queries_for_3_and_30_participants(coop):
    cooperation, user, client = coop
    key = population_key(cooperation)
    small = pool_with(cooperation, key, towns(3), name="Liten")
    large = pool_with(cooperation, key, towns(30), name="Stor")
    services.approve(user, small)
    services.approve(user, large)
    assert queries(client, small.get_absolute_url()) == queries(client, large.get_absolute_url())


def test_detail_pages_make_the_same_number_of_queries_for_3_and_30_lines(coop):
    cooperation, user, client = coop
    key = population_key(cooperation)
    small = services.approve(user, pool_with(cooperation, key, towns(3), name="Liten"))
    large = services.approve(user, pool_with(cooperation, key, towns(30), name="Stor"))
    assert queries(client, small.get_absolute_url()) == queries(client, large.get_absolute_url())
    bases = services.issue_bases(user, cooperation, 2026, datetime.date(2026, 1, 31))
    few = queries(client, bases[0].get_absolute_url())
    for index in range(27):
        pool = pool_with(cooperation, key, [bases[0].recipient], name=f"Extra {index}")
        services.approve(user, pool)
    [many] = services.issue_bases(user, cooperation, 2026, datetime.date(2026, 2, 1),
                                  bases[0].recipient)
    assert many.lines.count() == 27
    assert queries(client, many.get_absolute_url()) == few


def test_the_key_page_makes_the_same_number_of_queries_for_3_and_30_versions(coop):
    cooperation, _user, client = coop
    towns(3)
    keys = []
    for count in (3, 30):
        key = population_key(cooperation, name=f"Nyckel {count}")
        for index in range(1, count):
            KeyVersion.objects.create(key=key, valid_from=datetime.date(2020 + index, 1, 1),
                                      method="lika", equal_weight=100)
        keys.append(key)
    assert queries(client, keys[0].get_absolute_url()) == queries(client, keys[1].get_absolute_url())


def test_the_budget_page_makes_the_same_number_of_queries_for_3_and_30_members(coop):
    cooperation, _user, client = coop
    budgets = []
    for count in (3, 30):
        owner = OrganisationFactory(name=f"Samverkan {count}", kind="gemensam_namnd",
                                    municipality_code="")
        for town in towns(count):
            owner.member_links.create(member=town)
        budget = BudgetFactory(management_object=ManagementObjectFactory(organisation=owner),
                               key=population_key(owner))
        for category in ("licenser", "drift", "konsulter"):
            BudgetLineFactory(budget=budget, category=category)
        budgets.append(budget)
    from samverkan.core.permissions import Role
    from samverkan.testing.factories import role

    for budget in budgets:
        role(_user, budget.management_object.organisation, Role.READER)
    few, many = (queries(client, b.get_absolute_url()) for b in budgets)
    assert few == many
