"""Actual costs from the real ledger: a SIE file imported through the ledger's own pipeline,
matched to a contract of a management object, then split, followed up and compared."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samverkan.finance import services
from samverkan.ledger import services as ledger
from samverkan.ledger.models import MatchingRule
from samverkan.testing.factories import ContractFactory, ManagementObjectFactory, SupplierFactory

from .factories import (
    BudgetFactory,
    BudgetLineFactory,
    CostPoolFactory,
    PopulationFactory,
    ServiceFactory,
    ServicePriceFactory,
    ServiceVolumeFactory,
    population_key,
)

pytestmark = pytest.mark.django_db
TIETO = "5560715210"


def sie(rows, name="Sydnärkes IT-nämnd") -> bytes:
    """A SIE 4E file for 2026: rows are (date, account, öre, text, objects), each balanced on 2440."""
    lines = ["#FLAGGA 0", "#FORMAT PC8", "#SIETYP 4", f'#FNAMN "{name}"', "#RAR 0 20260101 20261231",
             '#DIM 9 "Leverantör"']
    for number, (day, account, ore, text, objects) in enumerate(rows, start=1):
        amount = f"{ore // 100}.{ore % 100:02d}"
        lines += [f'#VER A {number} {day} "{text}"', "{",
                  f'#TRANS {account} {{{objects}}} {amount} {day} "{text}"',
                  f"#TRANS 2440 {{}} -{amount}", "}"]
    return ("\n".join(lines) + "\n").encode("cp437")


@pytest.fixture
def booked(cooperation, coop_editor, laxa, hallsberg):
    """The board's ledger for 2026: licences from Tieto on the learning platform's contract,
    hosting outside any contract."""
    for org, people in ((laxa, 5424), (hallsberg, 16065)):
        PopulationFactory(organisation=org, inhabitants=people)
    learning = ManagementObjectFactory(organisation=cooperation, name="Lärplattform")
    contract = ContractFactory(organisation=cooperation, title="Lärplattform licenser",
                               supplier=SupplierFactory(name="Tietoevry", org_number="556071-5210"),
                               start_date=datetime.date(2024, 1, 1), original_end_date=None,
                               renewal_period_months=None, prices_confidential=True)
    contract.management_objects.add(learning)
    ledger.save_rule(coop_editor, MatchingRule(organisation=cooperation, contract=contract,
                                               supplier_pattern="556071*"))
    batch = ledger.stage_file(coop_editor, cooperation, SimpleUploadedFile("bok.se", sie([
        ("20260131", "6450", 600_000_00, "Licenser Q1", f'9 "{TIETO}"'),
        ("20260430", "6450", 150_000_33, "Licenser Q2", f'9 "{TIETO}"'),
        ("20260215", "7470", 90_000_00, "Hosting", ""),
    ])))
    ledger.run_import(batch, coop_editor)
    return learning, contract


def test_a_pool_of_actual_costs_takes_the_ledgers_sum(booked, cooperation, coop_editor, laxa,
                                                      hallsberg):
    learning, contract = booked
    pool = CostPoolFactory(organisation=cooperation, source="utfall", amount_ore=None,
                           key=population_key(cooperation), ledger_organisation=cooperation,
                           category="licenser")
    for org in (laxa, hallsberg):
        pool.participants.create(organisation=org)
    computation = services.compute(pool)
    assert computation.total_ore == 750_000_33
    assert "Utfall 2026 enligt huvudboken" in computation.amount_source
    assert sum(line.amount_ore for line in computation.lines) == 750_000_33
    pool.category = ""
    pool.management_object = learning
    assert services.compute(pool).total_ore == 750_000_33  # only what is matched to its contract
    pool.management_object = None
    assert services.compute(pool).total_ore == 840_000_33
    pool.contract = contract
    assert services.compute(pool).total_ore == 750_000_33
    distribution = services.approve(coop_editor, pool)
    assert distribution.total_ore == 750_000_33


def test_the_budget_follow_up_reads_the_outcome_and_splits_it(booked, cooperation, coop_editor):
    learning, _contract = booked
    budget = BudgetFactory(management_object=learning, year=2026, key=population_key(cooperation))
    BudgetLineFactory(budget=budget, category="licenser", amount_ore=700_000_00)
    follow_up = services.budget_follow_up(budget, coop_editor)
    [licences] = follow_up.categories
    assert licences.outcome_ore == 750_000_33 and licences.outcome_variance_ore == 50_000_33
    assert sum(m.outcome_ore for m in follow_up.members) == 750_000_33
    assert sum(m.budget_ore for m in follow_up.members) == 700_000_00


def test_confidential_prices_stay_out_of_a_members_follow_up(booked, cooperation, editor):
    learning, _contract = booked
    budget = BudgetFactory(management_object=learning, year=2026, key=population_key(cooperation))
    BudgetLineFactory(budget=budget, category="licenser", amount_ore=700_000_00)
    follow_up = services.budget_follow_up(budget, editor)
    assert follow_up.hidden == 1  # one contract of the object, not how many bookings
    assert follow_up.outcome_ore == 0


def test_a_year_without_an_imported_ledger_has_no_outcome_and_no_deviation(
        booked, cooperation, coop_editor, client):
    """2025 has a budget but no ledger: the outcome is unknown (not 0, not −100 %)."""
    learning, _contract = booked
    budget = BudgetFactory(management_object=learning, year=2025, key=population_key(cooperation))
    BudgetLineFactory(budget=budget, category="licenser", amount_ore=700_000_00)
    follow_up = services.budget_follow_up(budget, coop_editor)
    assert not follow_up.ledger_loaded and follow_up.closed
    assert follow_up.variance_ore is None
    assert services.budget_follow_up(
        BudgetFactory(management_object=learning, year=2026, key=population_key(cooperation)),
        coop_editor).ledger_loaded
    client.force_login(coop_editor)
    page = client.get(budget.get_absolute_url()).content.decode()
    assert "ingen bokföring inläst" in page and "Ingen bokföring för 2025" in page
    assert "−700" not in page and "-700" not in page
    response = client.get(budget.get_absolute_url() + "?export=csv")
    export = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "ingen bokföring inläst" in export and "-700" not in export


def test_actual_cost_split_by_use_next_to_budget_shares(booked, cooperation, laxa, hallsberg):
    service = ServiceFactory(organisation=cooperation)
    ServicePriceFactory(service=service, year=2026, unit_price_ore=100_00, budget_ore=800_000_00)
    ServiceVolumeFactory(service=service, organisation=laxa, year=2026, volume=1000)
    ServiceVolumeFactory(service=service, organisation=hallsberg, year=2026, volume=3000)
    result = services.compare_charging(cooperation, 2026, population_key(cooperation))
    assert result.actual_ore == 840_000_33
    rows = {r.organisation: r for r in result.rows}
    assert rows[laxa].actual_share_ore + rows[hallsberg].actual_share_ore == 840_000_33
    assert rows[hallsberg].actual_share_ore == 630_000_25  # three quarters of the use
    assert sum(r.budget_share_ore for r in result.rows) == 800_000_00


def test_a_pool_never_carries_another_organisations_confidential_amounts(booked, cooperation,
                                                                          hallsberg, laxa):
    """Hallsberg's pool over the board's ledger: the lines of the board's contract with
    confidential prices do not count (Hallsberg's users may not read them), the hosting outside
    any contract does; the board's own pool over the same ledger counts both."""
    _learning, contract = booked
    pool = CostPoolFactory(organisation=hallsberg, source="utfall", amount_ore=None,
                           key=population_key(hallsberg), ledger_organisation=cooperation)
    pool.participants.create(organisation=hallsberg)
    assert services.compute(pool).total_ore == 90_000_00
    pool.contract = contract
    assert services.compute(pool).total_ore == 0
    contract.prices_confidential = False
    contract.save()
    assert services.compute(pool).total_ore == 750_000_33
    own = CostPoolFactory(organisation=cooperation, source="utfall", amount_ore=None,
                          key=population_key(cooperation), ledger_organisation=cooperation)
    contract.prices_confidential = True
    contract.save()
    own.participants.create(organisation=laxa)
    assert services.compute(own).total_ore == 840_000_33


def test_a_pools_figures_do_not_move_with_a_confidential_amount(booked, cooperation, hallsberg,
                                                               laxa, coop_editor):
    """Inference: the hidden amount changes (another line booked on the confidential contract)
    and Hallsberg's pool shows exactly what it showed before."""
    pool = CostPoolFactory(organisation=hallsberg, source="utfall", amount_ore=None,
                           key=population_key(hallsberg), ledger_organisation=cooperation)
    pool.participants.create(organisation=hallsberg)
    before = services.compute(pool)
    batch = ledger.stage_file(coop_editor, cooperation, SimpleUploadedFile("mer.se", sie([
        ("20260601", "6450", 12_345_67, "Licenser Q3", f'9 "{TIETO}"')])))
    ledger.run_import(batch, coop_editor)
    after = services.compute(pool)
    assert (after.total_ore, after.fingerprint, after.amount_source) == \
        (before.total_ore, before.fingerprint, before.amount_source)


def test_who_approved_is_named_as_people_know_them(booked, cooperation, coop_editor, laxa,
                                                   reader, client):
    """'Fastställd av Karin Ek', never the login name, on the distribution, pool and list."""
    coop_editor.first_name, coop_editor.last_name = "Karin", "Ek"
    coop_editor.save()
    pool = CostPoolFactory(organisation=cooperation, key=population_key(cooperation))
    pool.participants.create(organisation=laxa)
    distribution = services.approve(coop_editor, pool)
    client.force_login(reader)  # another user: the page header names the one signed in
    for url in (distribution.get_absolute_url(), pool.get_absolute_url(),
                reverse("finance:distributions")):
        page = client.get(url).content.decode()
        assert "Karin Ek" in page, url
        assert f"av {coop_editor.username}" not in page, url


def test_the_objects_page_shows_its_budget_pools_and_what_each_member_pays(
        booked, cooperation, coop_editor, laxa, hallsberg, reader, client):
    learning, _contract = booked
    budget = BudgetFactory(management_object=learning, year=datetime.date.today().year,
                           key=population_key(cooperation))
    BudgetLineFactory(budget=budget, category="licenser", amount_ore=700_000_00)
    pool = CostPoolFactory(organisation=cooperation, key=population_key(cooperation),
                           management_object=learning, name="Lärplattform licenser",
                           amount_ore=100_000_00)
    for org in (laxa, hallsberg):
        pool.participants.create(organisation=org)
    distribution = services.approve(coop_editor, pool)
    shares = {line.organisation: line.amount_ore for line in distribution.lines.all()}
    client.force_login(coop_editor)
    page = client.get(learning.get_absolute_url()).content.decode()
    assert "Budget och finansiering" in page and budget.get_absolute_url() in page
    hallsberg_share = f"{shares[hallsberg] // 100:,}".replace(",", "\u00a0")
    assert pool.get_absolute_url() in page and hallsberg_share in page
    client.force_login(reader)  # a Laxå reader: Laxå's own line, not Hallsberg's
    page = client.get(learning.get_absolute_url()).content.decode()
    assert "du ser din egen organisations rader" in page
    assert hallsberg_share not in page
