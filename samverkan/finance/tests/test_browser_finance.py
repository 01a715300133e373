"""End to end in Chromium: the cooperation's finance officer makes a population key, creates a
project pool split by it, lets one member pay nothing for its gift, approves the split, creates
the invoicing bases and exports one member's basis to Excel, whose sums are checked with
openpyxl. The finance pages pass axe-core and the Content Security Policy."""

import datetime
from decimal import Decimal

import openpyxl
import pytest

from samverkan.finance.models import CostPool, InvoicingBasis
from samverkan.testing.browser import assert_accessible, assert_no_csp_errors, go_to_menu_entry
from samverkan.testing.factories import MembershipFactory, OrganisationFactory

from .factories import PopulationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2026
TOWNS = {"Laxå": 5424, "Hallsberg": 16065, "Lekeberg": 8592}


@pytest.fixture
def members(laxa, hallsberg, cooperation):
    lekeberg = OrganisationFactory(name="Lekeberg", municipality_code="1814")
    MembershipFactory(cooperation=cooperation, member=lekeberg)
    towns = {"Laxå": laxa, "Hallsberg": hallsberg, "Lekeberg": lekeberg}
    for name, people in TOWNS.items():
        PopulationFactory(organisation=towns[name], year=2025, inhabitants=people,
                          source="SCB, folkmängd 31 december")
    return towns


def kronor(text: str) -> Decimal:
    return Decimal(text.replace("\u00a0", "").replace(" ", "").replace("kr", "").replace(",", "."))


def save(page, button="Spara"):
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def make_population_key(page):
    go_to_menu_entry(page, "Ekonomi", "Finansiering")
    page.get_by_role("link", name="Ny fördelningsnyckel").click()
    page.locator("#id_name").fill("Invånare")
    page.locator("#id_v-valid_from").fill(f"{YEAR}-01-01")
    page.locator("#id_v-method").select_option(label="Folkmängd")
    save(page)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Invånare")
    assert "Folkmängd" in page.content()  # what the key does; each split names its own year


def make_pool(page):
    page.goto("/finansiering/pooler/ny/")
    page.locator("#id_name").fill("Projekt e-arkiv")
    page.locator("#id_purpose").select_option(label="Projekt")
    page.locator("#id_year").fill(str(YEAR))
    page.locator("#id_source").select_option(label="Fast belopp (t.ex. projektbudget)")
    page.locator("#id_amount").fill("2 400 000")
    page.locator("#id_key").select_option(label="Invånare")
    page.locator("#id_participants").select_option(label=list(TOWNS))
    save(page)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Projekt e-arkiv")


def preview_amounts(page) -> dict[str, Decimal]:
    rows = page.locator("#preview-split tbody tr")
    result = {}
    for index in range(rows.count()):
        row = rows.nth(index)
        name = row.locator("th").inner_text().split("\n")[0].strip()
        result[name] = kronor(row.locator("td").nth(4).inner_text())
    return result


def test_a_project_pool_is_split_by_population_with_a_gift_and_invoiced(
        members, coop_editor, logged_in_page, tmp_path):
    page = logged_in_page(coop_editor)
    make_population_key(page)
    make_pool(page)

    # split by population, exactly to the pool
    amounts = preview_amounts(page)
    assert sum(amounts.values()) == Decimal("2400000.00")
    assert amounts["Hallsberg"] > amounts["Lekeberg"] > amounts["Laxå"] > 0
    assert "5\u00a0424 invånare 2025" in page.locator("#preview-split").inner_text()

    # Laxå gave the solution to the cooperation and pays nothing; the others carry its share
    page.get_by_role("link", name="Ändra Laxå").click()
    page.locator("#id_reduction").select_option(label="Befriad – betalar ingenting")
    page.locator("#id_reason").fill("Gåva av e-tjänsten (SGM4)")
    save(page)
    after = preview_amounts(page)
    assert after["Laxå"] == 0 and sum(after.values()) == Decimal("2400000.00")
    assert after["Hallsberg"] > amounts["Hallsberg"]
    assert "Laxå: befriad från avgift (Gåva av e-tjänsten (SGM4))" in page.locator(
        "#rounding").inner_text()
    assert_no_csp_errors(page)

    save(page, "Fastställ fördelningen")
    assert "Fastställd" in page.get_by_role("heading", level=1).inner_text()
    pool = CostPool.objects.get(name="Projekt e-arkiv")
    assert pool.distributions.get().total_ore == 2_400_000_00

    # the invoicing bases, then Hallsberg's as an Excel file
    page.goto("/finansiering/underlag/skapa/")
    page.locator("#id_year").fill(str(YEAR))
    page.locator("#id_voucher_date").fill(f"{YEAR}-01-31")
    save(page, "Skapa underlag")
    assert InvoicingBasis.objects.count() == 3
    basis = InvoicingBasis.objects.get(recipient=members["Hallsberg"])
    page.goto(basis.get_absolute_url())
    with page.expect_download() as download:
        page.get_by_role("link", name="Exportera Excel").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    workbook = openpyxl.load_workbook(path)
    rows = list(workbook["Rader"].iter_rows(values_only=True))
    column = rows[0].index("Belopp (kr)")
    lines = [Decimal(str(row[column])) for row in rows[1:]]
    total = Decimal(str(workbook["Summa"].cell(row=2, column=7).value))
    assert sum(lines) == total == Decimal(basis.total_ore) / 100 == after["Hallsberg"]
    assert rows[1][rows[0].index("Till")] == "Hallsberg"
    assert basis.voucher_date == datetime.date(YEAR, 1, 31)


@pytest.mark.parametrize("page_name", ["overview", "pools", "summary", "pool", "key", "basis"])
def test_the_finance_pages_are_accessible(members, cooperation, coop_editor, logged_in_page,
                                          page_name):
    from samverkan.finance import services

    from .factories import pool_with, population_key

    key = population_key(cooperation, name="Invånare")
    for year, amount in ((2025, 900_000_00), (2026, 1_000_000_00)):
        pool = pool_with(cooperation, key, list(members.values()), amount_ore=amount, year=year,
                         name="Förvaltning Lärplattform")
        pool.participants.filter(organisation=members["Laxå"]).update(reduction="percent",
                                                                    reduction_percent=50,
                                                                    reason="Gåva")
        services.approve(coop_editor, pool)
    basis = services.issue_bases(coop_editor, cooperation, 2026, datetime.date(2026, 1, 31))[0]
    path = {"overview": "/finansiering/?year=2026", "pools": "/finansiering/pooler/",
            "summary": "/finansiering/sammanstallning/?year=2026", "pool": pool.get_absolute_url(),
            "key": key.get_absolute_url(), "basis": basis.get_absolute_url()}[page_name]
    page = logged_in_page(coop_editor)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    if page_name in ("overview", "summary", "pool"):
        page.locator("div.chart[data-drawn]").first.wait_for()
    assert_accessible(page)
    assert_no_csp_errors(page)
