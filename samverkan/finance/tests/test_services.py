"""Keys, pools, approvals, invoicing, service charges and budgets, through the service layer."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samverkan.finance import services
from samverkan.finance.allocation import AllocationError
from samverkan.finance.models import (
    Distribution,
    DistributionLine,
    InvoicingBasis,
    KeyShare,
    KeyVersion,
    PoolParticipant,
)
from samverkan.organisations.models import Population
from samverkan.testing.factories import (
    ManagementObjectFactory,
    OrganisationFactory,
    SystemFactory,
    SystemUsageFactory,
)

from .factories import (
    AllocationKeyFactory,
    BudgetFactory,
    BudgetLineFactory,
    CostPoolFactory,
    KeyVersionFactory,
    PopulationFactory,
    ServiceFactory,
    ServicePriceFactory,
    ServiceVolumeFactory,
    equal_key,
    pool_with,
    population_key,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def towns(laxa, hallsberg):
    PopulationFactory(organisation=laxa, year=2025, inhabitants=5424)
    PopulationFactory(organisation=hallsberg, year=2025, inhabitants=16065)
    return [laxa, hallsberg]


# -- keys ------------------------------------------------------------------------------------------

def test_a_population_key_uses_the_population_of_the_splits_own_year(towns, laxa, hallsberg,
                                                                       cooperation):
    PopulationFactory(organisation=laxa, year=2021, inhabitants=5_600)
    PopulationFactory(organisation=hallsberg, year=2021, inhabitants=15_700)
    version = KeyVersionFactory(key__organisation=cooperation)
    bases = services.key_bases(version, towns, 2025)
    assert bases[laxa.pk].value == 5424 and bases[hallsberg.pk].value == 16065
    assert "5\u00a0424 invånare 2025" in bases[laxa.pk].text
    old = services.key_bases(version, towns, 2021)  # a 2021 split never uses 2025's figures
    assert old[laxa.pk].value == 5_600 and old[hallsberg.pk].value == 15_700
    assert "5\u00a0600 invånare 2021" in old[laxa.pk].text and "saknas" not in old[laxa.pk].text


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(figures=st.dictionaries(st.integers(2019, 2026), st.tuples(st.integers(1, 10**6),
                                                                 st.integers(1, 10**6)),
                               min_size=2, max_size=6),
       data=st.data())
def test_splits_of_different_years_never_mix(db, figures, data):
    """Whatever other years hold, a split of year Y splits exactly as year Y's figures say."""
    year = data.draw(st.sampled_from(sorted(figures)))
    with transaction.atomic():
        a, b = OrganisationFactory(name="A-stad"), OrganisationFactory(name="B-by")
        for y, (first, second) in figures.items():
            Population.objects.create(organisation=a, year=y, inhabitants=first, source=f"SCB {y}")
            Population.objects.create(organisation=b, year=y, inhabitants=second, source=f"SCB {y}")
        version = KeyVersionFactory(key__organisation=a)
        bases = services.key_bases(version, [a, b], year)
        first, second = figures[year]
        assert bases[a.pk].weight / bases[b.pk].weight == Fraction(first, second)
        assert bases[a.pk].population.source == f"SCB {year}"
        assert str(year) in bases[b.pk].text and "saknas" not in bases[b.pk].text
        transaction.set_rollback(True)


def test_a_missing_year_uses_the_nearest_year_and_says_so(towns, laxa, hallsberg, cooperation):
    Population.objects.filter(organisation=hallsberg, year=2025).delete()
    PopulationFactory(organisation=hallsberg, year=2023, inhabitants=15_900)
    PopulationFactory(organisation=hallsberg, year=2028, inhabitants=99_999)
    version = KeyVersionFactory(key__organisation=cooperation)
    bases = services.key_bases(version, towns, 2025)
    assert bases[hallsberg.pk].value == 15_900
    assert "folkmängd 2025 saknas, 2023 används" in bases[hallsberg.pk].text
    assert bases[hallsberg.pk].population.used_year == 2023
    assert "saknas" not in bases[laxa.pk].text
    facts = services.population_facts(bases, 2025, {o.pk: o.name for o in towns})
    assert facts.year == 2025 and facts.notes == ["Folkmängd 2025 saknas, 2023 används (Hallsberg)."]


def test_a_member_without_any_population_is_an_error(towns, laxa, hallsberg, cooperation):
    Population.objects.filter(organisation=hallsberg).delete()
    version = KeyVersionFactory(key__organisation=cooperation)
    with pytest.raises(AllocationError, match="Folkmängd saknas för Hallsberg"):
        services.key_bases(version, towns, 2025)


def test_a_user_key_counts_users_and_a_non_user_pays_nothing(laxa, hallsberg, cooperation):
    system = SystemFactory(organisation=cooperation, name="Lärplattformen")
    SystemUsageFactory(system=system, organisation=laxa, users=300)
    version = KeyVersionFactory(key__organisation=cooperation, method=KeyVersion.Method.USERS,
                                population_weight=0, users_weight=100,
                                system=system)
    bases = services.key_bases(version, [laxa, hallsberg], 2026)
    assert bases[laxa.pk].value == 300 and bases[hallsberg.pk].value == 0
    assert "300 användare av Lärplattformen" in bases[laxa.pk].text


def test_a_user_key_refuses_an_unknown_number_of_users(laxa, hallsberg, cooperation):
    system = SystemFactory(organisation=cooperation)
    SystemUsageFactory(system=system, organisation=laxa, users=None)
    version = KeyVersionFactory(key__organisation=cooperation, method=KeyVersion.Method.USERS,
                                population_weight=0, users_weight=100,
                                system=system)
    with pytest.raises(AllocationError, match="Antal användare"):
        services.key_bases(version, [laxa, hallsberg], 2026)


def _custom_key(cooperation, shares):
    version = KeyVersionFactory(key__organisation=cooperation, method=KeyVersion.Method.CUSTOM,
                                population_weight=0, custom_weight=100)
    for org, percent in shares:
        KeyShare.objects.create(version=version, organisation=org, percent=percent)
    return version


def test_custom_percentages_must_name_exactly_the_participants(laxa, hallsberg, cooperation):
    version = _custom_key(cooperation, [(laxa, Decimal(40)), (hallsberg, Decimal(60))])
    bases = services.key_bases(version, [laxa, hallsberg], 2026)
    assert bases[laxa.pk].weight == Decimal("0.4")
    third = OrganisationFactory(name="Lekeberg")
    with pytest.raises(AllocationError, match="ingen procentsats för Lekeberg"):
        services.key_bases(version, [laxa, hallsberg, third], 2026)
    with pytest.raises(AllocationError, match="som inte deltar"):
        services.key_bases(version, [laxa], 2026)


def test_custom_percentages_must_total_100(coop_editor, cooperation, laxa, hallsberg):
    key = AllocationKeyFactory(organisation=cooperation)
    version = KeyVersion(key=key, valid_from=datetime.date(2026, 1, 1),
                         method=KeyVersion.Method.CUSTOM)
    with pytest.raises(AllocationError, match="100 %"):
        services.save_key_version(coop_editor, version, [(laxa, Decimal(40)), (hallsberg, Decimal(59))])
    services.save_key_version(coop_editor, version, [(laxa, Decimal("40.5")), (hallsberg, Decimal("59.5"))])
    assert version.custom_weight == 100 and version.shares.count() == 2


def test_a_weighted_mix_needs_weights_that_total_100(coop_editor, cooperation):
    key = AllocationKeyFactory(organisation=cooperation)
    version = KeyVersion(key=key, valid_from=datetime.date(2026, 1, 1), method=KeyVersion.Method.MIXED,
                         equal_weight=30, population_weight=60)
    with pytest.raises(Exception, match="100"):
        services.save_key_version(coop_editor, version, [])
    version.population_weight = 70
    services.save_key_version(coop_editor, version, [])
    assert version.label == "30 % lika delar + 70 % folkmängd"


def test_a_mixed_key_splits_30_equal_and_70_by_population(towns, laxa, hallsberg, cooperation):
    key = AllocationKeyFactory(organisation=cooperation)
    KeyVersionFactory(key=key, method=KeyVersion.Method.MIXED, equal_weight=30,
                      population_weight=70)
    pool = pool_with(cooperation, key, towns, amount_ore=1_000_000_00)
    lines = {line.organisation: line for line in services.compute(pool).lines}
    expected_laxa = Decimal("0.15") + Decimal("0.7") * 5424 / (5424 + 16065)
    assert abs(Decimal(lines[laxa].amount_ore) / 1_000_000_00 - expected_laxa) < Decimal("0.0000001")
    assert lines[laxa].amount_ore + lines[hallsberg].amount_ore == 1_000_000_00
    assert "30 % × lika delar" in lines[laxa].basis_text


def test_the_version_in_force_on_1_january_is_used(towns, cooperation):
    key = equal_key(cooperation)
    KeyVersionFactory(key=key, valid_from=datetime.date(2026, 7, 1))  # population from mid-year
    pool = pool_with(cooperation, key, towns, year=2026)
    assert services.compute(pool).version.valid_from == datetime.date(2020, 1, 1)
    later = pool_with(cooperation, key, towns, year=2027)
    assert services.compute(later).version.valid_from == datetime.date(2026, 7, 1)
    early = pool_with(cooperation, key, towns, year=2019)
    with pytest.raises(AllocationError, match="ingen version som gäller 2019-01-01"):
        services.compute(early)


# -- approval ---------------------------------------------------------------------------------------

def test_an_approved_split_is_a_snapshot_that_later_changes_do_not_alter(towns, laxa, cooperation,
                                                                          coop_editor):
    key = population_key(cooperation)
    pool = pool_with(cooperation, key, towns, amount_ore=1_000_00)
    distribution = services.approve(coop_editor, pool)
    before = list(distribution.lines.values_list("organisation", "amount_ore", "basis_text"))
    assert sum(a for _o, a, _t in before) == 1_000_00
    assert distribution.population_year == 2026 and "SCB" in distribution.population_source
    Population.objects.filter(organisation=laxa, year=2025).update(inhabitants=50_000)
    pool.amount_ore = 2_000_00
    pool.save()
    distribution.refresh_from_db()
    assert list(distribution.lines.values_list("organisation", "amount_ore", "basis_text")) == before
    assert services.compute(pool).fingerprint != distribution.fingerprint


def test_an_approved_split_keeps_the_population_year_each_member_used(towns, laxa, hallsberg,
                                                                       cooperation, coop_editor):
    """2026's population is not yet loaded: the split uses 2025's, says so, and records it per
    member; loading 2026 later changes the pool's preview, never the approved split."""
    pool = pool_with(cooperation, population_key(cooperation), towns, amount_ore=1_000_00)
    distribution = services.approve(coop_editor, pool)
    lines = {line.organisation_id: line for line in distribution.lines.all()}
    assert {line.population_year for line in lines.values()} == {2025}
    assert distribution.population_year == 2026
    assert distribution.population_note == ("Folkmängd 2026 saknas, 2025 används "
                                            "(Hallsberg, Laxå).")
    assert "folkmängd 2026 saknas, 2025 används" in lines[laxa.pk].basis_text
    before = list(distribution.lines.values_list("organisation", "amount_ore", "basis_text",
                                                 "basis_detail", "population_year"))
    PopulationFactory(organisation=laxa, year=2026, inhabitants=16_065)
    PopulationFactory(organisation=hallsberg, year=2026, inhabitants=5_424)
    distribution.refresh_from_db()
    assert list(distribution.lines.values_list("organisation", "amount_ore", "basis_text",
                                               "basis_detail", "population_year")) == before
    assert distribution.population_note.startswith("Folkmängd 2026 saknas")
    now = services.compute(pool)
    assert {line.population_year for line in now.lines} == {2026} and not now.population.notes
    assert now.fingerprint != distribution.fingerprint


def test_a_used_key_version_cannot_be_changed(towns, cooperation, coop_editor):
    key = population_key(cooperation)
    services.approve(coop_editor, pool_with(cooperation, key, towns))
    version = key.versions.get()
    version.note = "Ändrad i efterhand"
    with pytest.raises(AllocationError, match="ny version"):
        services.save_key_version(coop_editor, version, [])


def test_approving_again_supersedes_and_keeps_the_earlier(towns, cooperation, coop_editor):
    pool = pool_with(cooperation, population_key(cooperation), towns)
    first = services.approve(coop_editor, pool)
    with pytest.raises(AllocationError, match="redan fastställd"):
        services.approve(coop_editor, pool)
    pool.amount_ore = 90_000_00
    pool.save()
    second = services.approve(coop_editor, pool)
    first.refresh_from_db()
    assert first.status == Distribution.Status.SUPERSEDED and first.superseded_by == second
    assert services.current_distribution(pool) == second


def test_approval_refuses_figures_that_changed_since_the_preview(towns, cooperation, coop_editor):
    pool = pool_with(cooperation, population_key(cooperation), towns)
    seen = services.compute(pool).fingerprint
    pool.amount_ore += 1
    pool.save()
    with pytest.raises(services.StaleComputation):
        services.approve(coop_editor, pool, fingerprint=seen)
    assert not Distribution.objects.exists()


def test_only_the_pools_own_editors_approve(towns, cooperation, editor, reader):
    pool = pool_with(cooperation, population_key(cooperation), towns)
    for user in (editor, reader):
        with pytest.raises(PermissionDenied):
            services.approve(user, pool)


def test_a_gift_reduction_is_carried_by_the_others(towns, laxa, hallsberg, cooperation, coop_editor):
    third = OrganisationFactory(name="Lekeberg")
    PopulationFactory(organisation=third, year=2025, inhabitants=8592)
    pool = pool_with(cooperation, population_key(cooperation), [*towns, third], amount_ore=850_000_00)
    PoolParticipant.objects.filter(pool=pool, organisation=hallsberg).update(
        reduction=PoolParticipant.Reduction.EXEMPT, reason="Gåva")
    distribution = services.approve(coop_editor, pool)
    lines = {line.organisation: line for line in distribution.lines.all()}
    assert lines[hallsberg].amount_ore == 0 and lines[hallsberg].full_ore > 0
    assert "Gåva" in lines[hallsberg].reduction_text
    assert lines[laxa].amount_ore + lines[third].amount_ore == 850_000_00
    assert sum(line.adjustment_ore for line in lines.values()) == 0


# -- invoicing --------------------------------------------------------------------------------------

def test_invoicing_bases_number_each_member_and_invoice_each_line_once(towns, laxa, cooperation,
                                                                      coop_editor):
    key = population_key(cooperation)
    services.approve(coop_editor, pool_with(cooperation, key, towns, amount_ore=100_000_00))
    services.approve(coop_editor, pool_with(cooperation, key, towns, amount_ore=50_000_00))
    bases = services.issue_bases(coop_editor, cooperation, 2026, datetime.date(2026, 1, 31))
    assert sorted(b.number for b in bases) == [1, 2]
    for basis in bases:
        assert basis.lines.count() == 2
        assert basis.total_ore == sum(line.amount_ore for line in basis.lines.all())
    assert sum(b.total_ore for b in bases) == 150_000_00
    assert services.issue_bases(coop_editor, cooperation, 2026, datetime.date(2026, 2, 1)) == []


def test_a_reapproved_split_is_credited_and_debited_again(towns, laxa, cooperation, coop_editor):
    pool = pool_with(cooperation, population_key(cooperation), towns, amount_ore=100_000_00)
    services.approve(coop_editor, pool)
    services.issue_bases(coop_editor, cooperation, 2026, datetime.date(2026, 1, 31))
    pool.amount_ore = 120_000_00
    pool.save()
    services.approve(coop_editor, pool)
    bases = services.issue_bases(coop_editor, cooperation, 2026, datetime.date(2026, 3, 31), laxa)
    assert len(bases) == 1 and bases[0].number == 3
    credit, debit = sorted(bases[0].lines.all(), key=lambda line: line.amount_ore)
    assert credit.is_credit and credit.amount_ore < 0 < debit.amount_ore
    total_for_laxa = sum(b.total_ore for b in InvoicingBasis.objects.filter(recipient=laxa))
    assert total_for_laxa == DistributionLine.objects.get(
        distribution__status="faststalld", organisation=laxa).amount_ore


def test_only_the_issuers_editors_create_bases(towns, cooperation, coop_editor, editor):
    services.approve(coop_editor, pool_with(cooperation, population_key(cooperation), towns))
    with pytest.raises(PermissionDenied):
        services.issue_bases(editor, cooperation, 2026, datetime.date(2026, 1, 31))
    assert not InvoicingBasis.objects.exists()


def test_member_accounts_for_the_issuer_win_over_general_ones(towns, laxa, cooperation,
                                                              coop_editor):
    from samverkan.finance.models import InvoiceAccounts

    services.approve(coop_editor, pool_with(cooperation, population_key(cooperation), towns))
    basis = services.issue_bases(coop_editor, cooperation, 2026, datetime.date(2026, 1, 31),
                                 laxa)[0]
    assert services.basis_accounts(basis).cost_account == "6540"  # the default
    InvoiceAccounts.objects.create(organisation=laxa, cost_account="7000")
    assert services.basis_accounts(basis).cost_account == "7000"
    InvoiceAccounts.objects.create(organisation=laxa, issuer=cooperation, cost_account="7650")
    assert services.basis_accounts(basis).cost_account == "7650"


# -- service catalogue ------------------------------------------------------------------------------

def test_a_charge_is_volume_times_price_to_the_ore(laxa, hallsberg, cooperation):
    service = ServiceFactory(organisation=cooperation)
    ServicePriceFactory(service=service, year=2026, unit_price_ore=85)  # 0,85 kr per GB
    ServiceVolumeFactory(service=service, organisation=laxa, month=1, volume=Decimal("1000.5"))
    ServiceVolumeFactory(service=service, organisation=laxa, month=2, volume=Decimal("0.4"))
    ServiceVolumeFactory(service=service, organisation=hallsberg, month=1, volume=3)
    charges = {c.organisation: c for c in services.service_charges(service, 2026)}
    assert charges[laxa].volume == Decimal("1000.9")
    assert charges[laxa].charge_ore == 85077  # 1000,9 × 85 = 85 076,5 öre → 85 077 (half up)
    assert charges[hallsberg].charge_ore == 255


def test_a_volume_pool_charges_each_member_its_use(laxa, hallsberg, cooperation, coop_editor):
    service = ServiceFactory(organisation=cooperation)
    ServicePriceFactory(service=service, unit_price_ore=425_00)
    ServiceVolumeFactory(service=service, organisation=laxa, volume=10)
    ServiceVolumeFactory(service=service, organisation=hallsberg, volume=30)
    pool = CostPoolFactory(organisation=cooperation, source="volym", service=service, key=None)
    distribution = services.approve(coop_editor, pool)
    assert distribution.total_ore == 40 * 425_00
    assert {line.organisation: line.amount_ore for line in distribution.lines.all()} == {
        laxa: 4250_00, hallsberg: 12750_00}


def test_the_comparison_shows_budget_shares_against_use(towns, laxa, hallsberg, cooperation):
    key = equal_key(cooperation)
    service = ServiceFactory(organisation=cooperation)
    ServicePriceFactory(service=service, unit_price_ore=100_00, budget_ore=10_000_00)
    ServiceVolumeFactory(service=service, organisation=laxa, volume=20)
    ServiceVolumeFactory(service=service, organisation=hallsberg, volume=60)
    result = services.compare_charging(cooperation, 2026, key)
    rows = {r.organisation: r for r in result.rows}
    assert rows[laxa].budget_share_ore == rows[hallsberg].budget_share_ore == 5_000_00
    assert rows[laxa].volume_charge_ore == 2_000_00 and rows[hallsberg].volume_charge_ore == 6_000_00
    assert rows[laxa].volume_difference_ore == -3_000_00
    assert result.budget_ore == 10_000_00 and result.volume_ore == 8_000_00


# -- budgets ----------------------------------------------------------------------------------------

def test_a_budget_is_split_by_its_key_with_forecast(towns, laxa, hallsberg, cooperation,
                                                   coop_editor):
    obj = ManagementObjectFactory(organisation=cooperation)
    budget = BudgetFactory(management_object=obj, key=population_key(cooperation))
    BudgetLineFactory(budget=budget, category="licenser", amount_ore=1_000_000_00,
                      forecast_ore=1_100_000_00)
    BudgetLineFactory(budget=budget, category="konsulter", amount_ore=200_000_00)
    follow_up = services.budget_follow_up(budget, coop_editor)
    assert follow_up.budget_ore == 1_200_000_00 and follow_up.forecast_ore == 1_300_000_00
    members = {m.organisation: m for m in follow_up.members}
    assert set(members) == {laxa, hallsberg}
    assert sum(m.budget_ore for m in members.values()) == 1_200_000_00
    assert sum(m.forecast_ore for m in members.values()) == 1_300_000_00
    assert members[hallsberg].budget_ore > members[laxa].budget_ore


def test_a_budget_pool_takes_the_objects_budget(towns, cooperation, coop_editor):
    obj = ManagementObjectFactory(organisation=cooperation, name="Lärplattform")
    key = population_key(cooperation)
    budget = BudgetFactory(management_object=obj, key=key)
    BudgetLineFactory(budget=budget, category="licenser", amount_ore=700_00)
    BudgetLineFactory(budget=budget, category="drift", amount_ore=300_00)
    pool = pool_with(cooperation, key, towns, source="budget", management_object=obj, amount_ore=None)
    assert services.compute(pool).total_ore == 1_000_00
    pool.category = "drift"
    assert services.compute(pool).total_ore == 300_00


# -- summaries --------------------------------------------------------------------------------------

def test_a_member_sees_the_totals_and_only_its_own_row(towns, laxa, cooperation, coop_editor,
                                                       editor, outsider):
    services.approve(coop_editor, pool_with(cooperation, population_key(cooperation), towns))
    everything = services.summary(coop_editor, 2026)
    assert len(everything.rows) == 2 and everything.complete
    own = services.summary(editor, 2026)
    assert [r.organisation for r in own.rows] == [laxa] and not own.complete
    assert own.total_ore == everything.total_ore == 100_000_00


def test_change_from_last_year_per_member(towns, laxa, cooperation, coop_editor):
    key = population_key(cooperation)
    services.approve(coop_editor, pool_with(cooperation, key, towns, year=2025, amount_ore=90_000_00))
    services.approve(coop_editor, pool_with(cooperation, key, towns, year=2026, amount_ore=100_000_00))
    rows = {r.organisation: r for r in services.summary(coop_editor, 2026).rows}
    assert rows[laxa].change_ore == rows[laxa].total_ore - rows[laxa].previous_ore > 0


def test_lines_are_read_by_the_member_and_by_the_pools_organisation(towns, laxa, hallsberg,
                                                                     cooperation, coop_editor,
                                                                     reader, outsider):
    services.approve(coop_editor, pool_with(cooperation, population_key(cooperation), towns))
    assert DistributionLine.objects.for_user(coop_editor).count() == 2
    assert [line.organisation for line in DistributionLine.objects.for_user(reader)] == [laxa]
    assert [line.organisation for line in DistributionLine.objects.for_user(outsider)] == [hallsberg]


def test_only_related_organisations_share_a_pool(towns, laxa, hallsberg, cooperation, editor,
                                                 coop_editor):
    """Laxå's editor cannot make Hallsberg pay (nor address an invoicing basis to it): a pool's
    participants are its organisation, its cooperation or the cooperation's members."""
    from django.core.exceptions import ValidationError

    own = pool_with(laxa, population_key(laxa), [laxa])
    with pytest.raises(ValidationError, match="Hallsberg"):
        services.set_participants(editor, own, [laxa, hallsberg])
    services.set_participants(editor, own, [laxa, cooperation])
    joint = pool_with(cooperation, population_key(cooperation), [])
    services.set_participants(coop_editor, joint, [laxa, hallsberg])
    assert set(joint.participants.values_list("organisation", flat=True)) == {laxa.pk,
                                                                              hallsberg.pk}
