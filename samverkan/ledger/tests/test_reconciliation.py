"""Reconciliation: exact to the öre, a missing contracted amount stays missing, totals are the
sums of the rows shown, confidential prices stay with those who may see them."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samverkan.contracts.models import ContractParty
from samverkan.ledger import reconciliation, services
from samverkan.ledger.models import CostSummary, MatchingRule, Reconciliation
from samverkan.organisations.models import Population
from samverkan.testing.factories import ContractFactory, ContractPartyFactory, SupplierFactory

from .conftest import sie_text


def rule_for(user, organisation, contract, text):
    return services.save_rule(user, MatchingRule(organisation=organisation, contract=contract,
                                                 text_pattern=text))


def test_a_missing_contracted_amount_is_missing_never_zero(editor, laxa, import_sie):
    """The seed report shows Infomentor in kommun A as "n/a" contracted, 220 000 invoiced and
    a difference of +220 000: here the difference stays undefined."""
    infomentor = ContractFactory(organisation=laxa, title="Infomentor",
                                 start_date=datetime.date(2018, 8, 1), original_end_date=None)
    ContractPartyFactory(contract=infomentor, organisation=laxa, annual_amount_ore=None)
    procapita = ContractFactory(organisation=laxa, title="Procapita",
                                start_date=datetime.date(2008, 1, 1), original_end_date=None)
    ContractPartyFactory(contract=procapita, organisation=laxa, annual_amount_ore=372_000_00)
    rule_for(editor, laxa, infomentor, "Infomentor")
    rule_for(editor, laxa, procapita, "Procapita")
    Population.objects.create(organisation=laxa, year=2021, inhabitants=8600, source="test")
    import_sie(editor, laxa, sie_text([
        ("20210205", [("7461", 110_000_00, "Infomentor termin", "")]),
        ("20210820", [("7461", 110_000_00, "Infomentor termin", "")]),
        ("20210129", [("6450", 425_000_00, "Procapita licens", "")]),
    ]))
    rows = {r.contract.title: r for r in reconciliation.report(editor, year=2021).rows}
    assert rows["Infomentor"].contracted_ore is None
    assert rows["Infomentor"].difference_ore is None
    assert rows["Infomentor"].invoiced_ore == 220_000_00
    assert rows["Infomentor"].per_inhabitant == Decimal("25.58")  # 26 kr rounded, as reported
    assert rows["Procapita"].difference_ore == -53_000_00
    assert rows["Procapita"].per_inhabitant.quantize(Decimal(1)) == 49
    totals = reconciliation.report(editor, year=2021, organisation=laxa).totals
    assert totals.contracted_ore == 372_000_00 and totals.contracted_missing == 1
    assert totals.invoiced_ore == 645_000_00
    assert totals.invoiced_without_contract_ore == 220_000_00
    # the total difference is the sum of the differences shown, not −272 000 or +168 000
    assert totals.difference_ore == -53_000_00
    stored = Reconciliation.objects.get(contract=infomentor)
    assert stored.deviation_ore == 220_000_00  # ordered by what no contract explains


amounts = st.lists(st.integers(min_value=-5_000_000_00, max_value=50_000_000_00), min_size=1,
                   max_size=12)
annual = st.one_of(st.none(), st.integers(min_value=0, max_value=2_000_000_000_00))


@given(first=amounts, second=amounts, annual_first=annual, annual_second=annual,
       start_month=st.integers(min_value=1, max_value=12))
@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_reconciliation_sums_are_exact_to_the_ore(editor, laxa, stage, first, second,
                                                  annual_first, annual_second, start_month):
    with transaction.atomic():
        one = ContractFactory(organisation=laxa, title="Ett",
                              start_date=datetime.date(2021, start_month, 1),
                              original_end_date=None)
        two = ContractFactory(organisation=laxa, title="Två",
                              start_date=datetime.date(2010, 1, 1), original_end_date=None)
        ContractPartyFactory(contract=one, organisation=laxa, annual_amount_ore=annual_first)
        ContractPartyFactory(contract=two, organisation=laxa, annual_amount_ore=annual_second)
        rule_for(editor, laxa, one, "avtal ett")
        rule_for(editor, laxa, two, "avtal två")
        vouchers = [(f"2021{(i % 12) + 1:02d}10", [("7461", ore, "avtal ett", "")])
                    for i, ore in enumerate(first)]
        vouchers += [(f"2021{(i % 12) + 1:02d}20", [("6450", ore, "avtal två", "")])
                     for i, ore in enumerate(second)]
        batch = stage(editor, laxa, sie_text(vouchers))
        services.run_import(batch, editor)
        report = reconciliation.report(editor, year=2021, organisation=laxa)
        rows = {r.contract_id: r for r in report.rows}
        assert rows[one.pk].invoiced_ore == sum(first)
        assert rows[two.pk].invoiced_ore == sum(second)
        from samverkan.contracts.services import contracted_amount_ore

        expected = contracted_amount_ore(ContractParty.objects.get(contract=one), 2021)
        assert rows[one.pk].contracted_ore == expected
        for row in rows.values():
            if row.contracted_ore is None:
                assert row.difference_ore is None
            else:
                assert row.difference_ore == row.contracted_ore - row.invoiced_ore
        totals = report.totals
        assert totals.invoiced_ore == sum(first) + sum(second)
        assert totals.difference_ore == sum(r.difference_ore for r in rows.values()
                                            if r.difference_ore is not None)
        assert totals.difference_ore == totals.contracted_ore - totals.invoiced_with_contract_ore
        assert services.actual_cost_ore(year=2021, organisation=laxa) == sum(first) + sum(second)
        assert sum(s.amount_ore for s in CostSummary.objects.filter(organisation=laxa)) == \
            sum(first) + sum(second)
        transaction.set_rollback(True)


@pytest.fixture
def confidential(laxa, hallsberg, cooperation, editor, outsider, import_sie):
    """A Laxå contract with confidential prices; Hallsberg is a party too. Both ledgers have
    a matched invoice."""
    contract = ContractFactory(organisation=laxa, title="Hemligt", prices_confidential=True,
                               start_date=datetime.date(2019, 1, 1), original_end_date=None,
                               supplier=SupplierFactory(name="Hemlig AB"))
    ContractPartyFactory(contract=contract, organisation=laxa, annual_amount_ore=100_000_00)
    ContractPartyFactory(contract=contract, organisation=hallsberg, annual_amount_ore=50_000_00)
    rule_for(editor, laxa, contract, "hemlig")
    rule_for(outsider, hallsberg, contract, "hemlig")
    import_sie(editor, laxa, sie_text([("20210301", [("7461", 80_000_00, "hemlig tjänst", "")])]))
    import_sie(outsider, hallsberg,
               sie_text([("20210301", [("7461", 40_000_00, "hemlig tjänst", "")])]))
    return contract


def test_confidential_prices_are_shown_only_to_the_owners_members(confidential, reader, outsider,
                                                                  laxa, hallsberg):
    mine = {r.organisation.pk: r for r in reconciliation.report(reader, year=2021).rows}
    assert mine[laxa.pk].contracted_ore == 100_000_00 and mine[laxa.pk].invoiced_ore == 80_000_00
    assert mine[hallsberg.pk].contracted_ore == 50_000_00  # a Laxå member sees Laxå's prices
    theirs = {r.organisation.pk: r for r in reconciliation.report(outsider, year=2021).rows}
    assert not theirs[laxa.pk].prices_visible
    assert theirs[laxa.pk].contracted_ore is None and theirs[laxa.pk].invoiced_ore is None
    assert theirs[laxa.pk].difference_ore is None and theirs[laxa.pk].per_inhabitant is None
    # their own ledger's invoices they see; the contracted amount stays secret
    assert theirs[hallsberg.pk].invoiced_ore == 40_000_00
    assert theirs[hallsberg.pk].contracted_ore is None
    totals = reconciliation.report(outsider, year=2021).totals
    assert totals.invoiced_ore == 40_000_00 and totals.contracted_ore == 0
    assert totals.hidden == 2  # both rows it is shown say "sekretess"
    for view in ("system", "objekt", "leverantor", "organisation"):
        for group in reconciliation.report(outsider, year=2021, view=view).rollups:
            assert group.totals.contracted_ore == 0
            assert group.totals.invoiced_ore in (0, 40_000_00)


def test_nothing_shown_moves_with_a_hidden_amount(confidential, outsider, laxa, hallsberg,
                                                 import_sie, editor,
                                                 django_capture_on_commit_callbacks):
    """Inference: Hallsberg's user probes with a contract of its own whose deviation it sets;
    changing Laxå's hidden contracted amount and invoices changes no order, count or figure
    Hallsberg's user is shown, and the hidden row says nothing of its lines."""
    probe = ContractFactory(organisation=hallsberg, title="Sond", supplier=SupplierFactory(
        name="Sond AB"), start_date=datetime.date(2019, 1, 1), original_end_date=None)
    ContractPartyFactory(contract=probe, organisation=hallsberg, annual_amount_ore=60_000_00)

    def seen():
        report = reconciliation.report(outsider, year=2021)
        invoiced = reconciliation.report(outsider, year=2021, invoiced_only=True)
        return ([(r.contract_id, r.organisation.pk, r.contracted_ore, r.invoiced_ore,
                  r.difference_ore, r.line_count) for r in report.rows],
                [(r.contract_id, r.organisation.pk) for r in invoiced.rows],
                report.totals, report.row_count)

    before = seen()
    hidden_row = next(r for r in reconciliation.report(outsider, year=2021).rows
                      if r.organisation.pk == laxa.pk)
    assert hidden_row.line_count is None and hidden_row.invoiced_ore is None
    party = confidential.parties.get(organisation=laxa)
    with django_capture_on_commit_callbacks(execute=True):
        party.annual_amount_ore = 1_00  # the hidden deviation now dwarfs the probe's
        party.save()
    import_sie(editor, laxa, sie_text([("20210401", [("7461", 7_00, "hemlig tjänst", "")])]))
    assert seen() == before


def test_rows_follow_a_changed_contracted_amount(editor, laxa, contract, import_sie,
                                                 django_capture_on_commit_callbacks):
    rule_for(editor, laxa, contract, "Procapita")
    import_sie(editor, laxa, sie_text([("20210129", [("6450", 100_000_00, "Procapita", "")])]))
    party = contract.parties.get()
    with django_capture_on_commit_callbacks(execute=True):
        party.annual_amount_ore = None
        party.save()
    row = Reconciliation.objects.get(contract=contract, organisation=laxa, year=2021)
    assert row.contracted_ore is None and row.difference_ore is None
    with django_capture_on_commit_callbacks(execute=True):
        party.annual_amount_ore = 90_000_00
        party.save()
    row = Reconciliation.objects.get(contract=contract, organisation=laxa, year=2021)
    assert row.difference_ore == -10_000_00


def test_lines_matched_to_a_contract_the_organisation_is_no_party_to_are_shown(
        laxa, hallsberg, cooperation, outsider, import_sie):
    joint = ContractFactory(organisation=cooperation, title="Gemensamt",
                            start_date=datetime.date(2015, 1, 1), original_end_date=None)
    ContractPartyFactory(contract=joint, organisation=laxa, annual_amount_ore=10_000_00)
    rule_for(outsider, hallsberg, joint, "Gemensamt")  # Hallsberg's ledger; only Laxå is party
    import_sie(outsider, hallsberg, sie_text([("20210129", [("6450", 5_000_00, "Gemensamt", "")])]))
    row = Reconciliation.objects.get(contract=joint, organisation=hallsberg)
    assert not row.is_party and row.contracted_ore is None and row.invoiced_ore == 5_000_00
    assert row.difference_ore is None


def test_outcome_per_management_object_and_category(editor, laxa, contract, import_sie):
    from samverkan.ledger.models import CostCategory
    from samverkan.testing.factories import ManagementObjectFactory

    target = ManagementObjectFactory(organisation=laxa, name="Skolstöd")
    contract.management_objects.add(target)
    rule_for(editor, laxa, contract, "Procapita")
    import_sie(editor, laxa, sie_text([
        ("20210129", [("6450", 100_000_00, "Procapita", "")]),
        ("20210228", [("7461", 7_000_00, "Procapita molndrift", "")]),
    ]))
    outcome = services.outcome_by_category(editor, target, 2021)
    assert outcome == {"by_category": {"licenser": 100_000_00, "saas": 7_000_00}, "hidden": 0}
    assert services.outcome_by_category(editor, target, 2022)["by_category"] == {}
    assert services.actual_cost_ore(year=2021, management_object=target) == 107_000_00
    assert services.actual_cost_ore(year=2021, management_object=target,
                                    category=CostCategory.LICENCES) == 100_000_00


def test_the_demo_reproduces_the_reports_licence_table(db, settings, tmp_path):
    """Kommun A = Lekeberg, B = Hallsberg, C = Askersund; invoiced, differences and invoiced
    per inhabitant as in the seed report's 2021 table (with the missing amount missing)."""
    from samverkan.demo import contracts as contracts_demo
    from samverkan.demo import ledger as demo
    from samverkan.demo import sydnarke
    from samverkan.organisations.models import Organisation
    from samverkan.organisations.services import load_reference_data
    from samverkan.portfolio.services import load_capabilities

    load_reference_data()
    load_capabilities()
    sydnarke.load()
    contracts_demo.load()
    assert demo.load() == {"imported": 4}
    assert demo.load() == {"imported": 0}
    table = {
        ("1814", "LEK-2007-031"): (372_000, 425_000, -53_000, 49),
        ("1814", "LEK-2016-044"): (18_000, 17_000, 1_000, 2),
        ("1814", "LEK-2018-073"): (None, 220_000, None, 26),
        ("1861", "HBG-2013-088"): (680_484, 1_134_354, -453_870, 70),
        ("1861", "HBG-2019-240"): (100_000, 182_340, -82_340, 11),
        ("1882", "ASK-2011-207"): (536_700, 714_895, -178_195, 62),
        ("1882", "ASK-2013-119"): (72_480, 252_800, -180_320, 22),
    }
    sydnarke.create_demo_users()
    admin = get_user_model().objects.get(username="admin")
    for (code, number), (agreed, invoiced, difference, per_head) in table.items():
        town = Organisation.objects.get(municipality_code=code)
        rows = [r for r in reconciliation.report(admin, year=2021, organisation=town,
                                                 page_size=None).rows
                if r.contract.number == number]
        (row,) = rows
        assert row.contracted_ore == (None if agreed is None else agreed * 100)
        assert row.invoiced_ore == invoiced * 100
        assert row.difference_ore == (None if difference is None else difference * 100)
        assert round(row.per_inhabitant) == per_head
    for code, (invoiced, per_head) in {"1814": (662_000, 77), "1861": (1_316_694, 81),
                                       "1882": (967_695, 84)}.items():
        town = Organisation.objects.get(municipality_code=code)
        totals = reconciliation.report(admin, year=2021, organisation=town,
                                       invoiced_only=True).totals
        assert totals.invoiced_ore == invoiced * 100
        assert round(totals.per_inhabitant) == per_head
        assert totals.difference_ore == totals.contracted_ore - totals.invoiced_with_contract_ore
    lekeberg = reconciliation.report(admin, year=2021, organisation=Organisation.objects.get(
        municipality_code="1814"), invoiced_only=True).totals
    assert (lekeberg.contracted_ore, lekeberg.difference_ore) == (390_000_00, -52_000_00)


def test_a_shared_contract_counts_each_partys_share_under_its_own_system(
        laxa, hallsberg, cooperation, editor, outsider, coop_editor, import_sie):
    """Skola24 in the seed report: one contract of the board, a system per municipality. Per
    system each municipality's invoices count under its own system once; the board's own
    invoices under no system of its own; the column adds up to the total."""
    from samverkan.testing.factories import SystemFactory

    skola24 = ContractFactory(organisation=cooperation, title="Skola24",
                              start_date=datetime.date(2015, 1, 1), original_end_date=None)
    ContractPartyFactory(contract=skola24, organisation=laxa, annual_amount_ore=40_000_00)
    ContractPartyFactory(contract=skola24, organisation=hallsberg, annual_amount_ore=60_000_00)
    mine = SystemFactory(name="Skola24 Laxå", organisation=laxa)
    theirs = SystemFactory(name="Skola24 Hallsberg", organisation=hallsberg)
    skola24.systems.add(mine, theirs)
    for user, org, amount in ((editor, laxa, 44_000_00), (outsider, hallsberg, 55_000_00),
                              (coop_editor, cooperation, 1_000_00)):
        rule_for(user, org, skola24, "Skola24")
        import_sie(user, org, sie_text([("20210301", [("6450", amount, "Skola24", "")])]))
    report = reconciliation.report(editor, year=2021, view="system")
    groups = {g.label: g.totals for g in report.rollups}
    assert groups["Skola24 Laxå"].invoiced_ore == 44_000_00
    assert groups["Skola24 Laxå"].contracted_ore == 40_000_00
    assert groups["Skola24 Hallsberg"].invoiced_ore == 55_000_00
    assert groups["Inget eget system på avtalet"].invoiced_ore == 1_000_00
    assert sum(t.invoiced_ore for t in groups.values()) == report.totals.invoiced_ore
    assert sum(t.contracted_ore for t in groups.values()) == report.totals.contracted_ore
    # Laxå invoiced 4 000 kr over its share, Hallsberg 5 000 kr under: shown apart, not netted
    totals = report.totals
    assert (totals.over_invoiced_ore, totals.under_invoiced_ore) == (4_000_00, 5_000_00)
    assert totals.difference_ore == totals.under_invoiced_ore - totals.over_invoiced_ore


def test_a_contract_without_lines_points_at_its_suppliers_unmatched_ones(
        laxa, editor, import_sie, client_for):
    """Contracted but nothing matched, while the supplier's invoice sits unmatched in the same
    ledger: the row says so and links to those lines (a rule is probably missing)."""
    tieto = SupplierFactory(name="Tietoevry", org_number="556071-5210")
    contract = ContractFactory(organisation=laxa, title="Lärplattform", supplier=tieto,
                               start_date=datetime.date(2020, 1, 1), original_end_date=None)
    ContractPartyFactory(contract=contract, organisation=laxa, annual_amount_ore=100_000_00)
    import_sie(editor, laxa, sie_text([("20210301", [("6450", 90_000_00, "Licenser",
                                                      '9 "5560715210"')])]))
    [row] = [r for r in reconciliation.report(editor, year=2021).rows if r.contract_id == contract.pk]
    assert row.line_count == 0 and row.unmatched_from_supplier == 1
    page = client_for(editor).get("/ekonomi/avstamning/?year=2021").content.decode()
    assert "1 omatchad rad från leverantören" in page


def test_per_inhabitant_uses_the_ledgers_own_year_or_the_nearest_and_says_so(
        laxa, editor, import_sie, client_for):
    """A 2021 ledger is divided by 2021's population, never 2025's; where 2021 is missing the
    nearest year is used and the page, the export and the API say so."""
    contract = ContractFactory(organisation=laxa, title="Procapita",
                               start_date=datetime.date(2008, 1, 1), original_end_date=None)
    ContractPartyFactory(contract=contract, organisation=laxa, annual_amount_ore=372_000_00)
    rule_for(editor, laxa, contract, "Procapita")
    import_sie(editor, laxa, sie_text([("20210129", [("6450", 430_000_00, "Procapita", "")])]))
    Population.objects.create(organisation=laxa, year=2025, inhabitants=5_424, source="SCB")
    Population.objects.create(organisation=laxa, year=2021, inhabitants=8_600, source="SCB")
    row = reconciliation.report(editor, year=2021).rows[0]
    assert row.population == 8_600 and row.per_inhabitant == Decimal("50.00")
    assert row.population_note == ""
    Population.objects.filter(organisation=laxa, year=2021).delete()
    Population.objects.create(organisation=laxa, year=2020, inhabitants=8_600, source="SCB")
    result = reconciliation.report(editor, year=2021, organisation=laxa, view="organisation")
    note = "folkmängd 2021 saknas, 2020 används"
    assert result.rows[0].population == 8_600 and result.rows[0].population_note == note
    assert result.totals.population_note == note
    assert result.rollups[0].totals.population_note == note
    page = client_for(editor).get(f"/ekonomi/avstamning/?year=2021&organisation={laxa.pk}"
                                  "&view=organisation").content.decode()
    assert note in page
    api = client_for(editor).get("/api/reconciliation/?year=2021").json()
    assert api["results"][0]["population"] == 8_600 and api["results"][0]["population_note"] == note
