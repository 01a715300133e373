"""Rules that need a stored contract: flags, contracted amounts per year, validation."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from samverkan.contracts import services
from samverkan.contracts.models import ContractExtensionOption
from samverkan.contracts.services import Flag, contracted_amount_ore, flags
from samverkan.testing.factories import ContractFactory, ContractPartyFactory, ExtensionOptionFactory

pytestmark = pytest.mark.django_db
D = datetime.date


# -- flags ------------------------------------------------------------------------------------

def test_a_passively_extended_contract_is_flagged(laxa):
    contract = ContractFactory(organisation=laxa, original_end_date=D(2010, 12, 31),
                               start_date=D(2008, 1, 1))
    assert Flag.PASSIVELY_EXTENDED in flags(contract, D(2022, 11, 29))
    assert Flag.PASSIVELY_EXTENDED not in flags(contract, D(2010, 6, 1))


def test_no_end_date_is_flagged_until_notice_is_given(laxa):
    contract = ContractFactory(organisation=laxa, original_end_date=None,
                               renewal_period_months=None, notice_period_months=3)
    assert Flag.NO_END_DATE in flags(contract, D(2024, 1, 1))
    contract.terminated_on = D(2024, 2, 1)
    assert Flag.NO_END_DATE not in flags(contract, D(2024, 3, 1))


def test_a_notice_deadline_within_the_horizon_is_flagged(laxa):
    contract = ContractFactory(organisation=laxa)  # deadline each 30 September
    assert Flag.NOTICE_SOON in flags(contract, D(2024, 7, 1), horizon_days=91)
    assert Flag.NOTICE_SOON not in flags(contract, D(2024, 7, 1), horizon_days=90)
    assert Flag.NOTICE_SOON in flags(contract, D(2024, 9, 30), horizon_days=0)


def test_the_default_horizon_comes_from_settings(laxa, settings):
    contract = ContractFactory(organisation=laxa)
    settings.SAMVERKAN_CONTRACT_HORIZON_DAYS = 10
    assert Flag.NOTICE_SOON not in flags(contract, D(2024, 7, 1))
    settings.SAMVERKAN_CONTRACT_HORIZON_DAYS = 100
    assert Flag.NOTICE_SOON in flags(contract, D(2024, 7, 1))


@pytest.mark.parametrize("form, framework, flagged", [
    ("avrop", False, True), ("oppet", True, True), ("oppet", False, False),
    ("direktupphandling", False, False),
])
def test_framework_agreements_and_call_offs_over_four_years_are_flagged(laxa, form, framework,
                                                                        flagged):
    contract = ContractFactory(organisation=laxa, procurement_form=form, is_framework=framework,
                               framework_provider="adda" if form == "avrop" else "",
                               start_date=D(2017, 1, 1), original_end_date=D(2020, 12, 31))
    assert Flag.OVER_FOUR_YEARS not in flags(contract, D(2020, 12, 31))  # exactly four years
    assert (Flag.OVER_FOUR_YEARS in flags(contract, D(2021, 1, 1))) is flagged


def test_options_that_reach_beyond_four_years_are_flagged_from_the_start(laxa):
    contract = ContractFactory(organisation=laxa, procurement_form="avrop",
                               framework_provider="kammarkollegiet", start_date=D(2024, 7, 1),
                               original_end_date=D(2027, 6, 30), renewal_period_months=None)
    ExtensionOptionFactory(contract=contract, ordering=1, length_months=12)
    assert Flag.OVER_FOUR_YEARS not in flags(contract, D(2025, 1, 1))  # ends 2028-06-30
    ExtensionOptionFactory(contract=contract, ordering=2, length_months=1)
    assert Flag.OVER_FOUR_YEARS in flags(contract, D(2025, 1, 1))
    assert Flag.OVER_FOUR_YEARS not in flags(contract, D(2030, 1, 1))  # it has ended


def test_above_the_direct_award_threshold_without_procurement(laxa, settings):
    # 100 000 kr a year for 2020–2022 is 300 000 kr; passively extended to 2026 it is 700 000+
    contract = ContractFactory(organisation=laxa, procurement_form="direktupphandling",
                               start_date=D(2020, 1, 1), original_end_date=D(2022, 12, 31))
    ContractPartyFactory(contract=contract, annual_amount_ore=100_000_00)
    assert Flag.ABOVE_THRESHOLD not in flags(contract, D(2022, 6, 1))
    assert services.estimated_value_ore(contract, D(2026, 2, 1)) == 700_000_00
    assert Flag.ABOVE_THRESHOLD not in flags(contract, D(2026, 2, 1))  # not above
    assert Flag.ABOVE_THRESHOLD in flags(contract, D(2027, 2, 1))
    settings.SAMVERKAN_DIRECT_AWARD_THRESHOLD = 250_000
    assert Flag.ABOVE_THRESHOLD in flags(contract, D(2022, 6, 1))
    contract.procurement_form = "oppet"
    assert Flag.ABOVE_THRESHOLD not in flags(contract, D(2027, 2, 1))


def test_an_unknown_procurement_counts_as_none_but_missing_amounts_do_not_count(laxa):
    contract = ContractFactory(organisation=laxa, procurement_form="", start_date=D(2010, 1, 1))
    ContractPartyFactory(contract=contract, annual_amount_ore=None)
    assert services.estimated_value_ore(contract, D(2024, 1, 1)) is None
    assert Flag.ABOVE_THRESHOLD not in flags(contract, D(2024, 1, 1))
    ContractPartyFactory(contract=contract, annual_amount_ore=60_000_00)
    assert Flag.ABOVE_THRESHOLD in flags(contract, D(2024, 1, 1))


def test_a_contract_without_end_date_is_valued_over_48_months(laxa):
    contract = ContractFactory(organisation=laxa, start_date=D(2021, 1, 1), original_end_date=None,
                               renewal_period_months=None)
    ContractPartyFactory(contract=contract, annual_amount_ore=100_000_00)
    assert services.estimated_value_ore(contract, D(2021, 6, 1)) == 400_000_00


# -- contracted amounts -----------------------------------------------------------------------

def test_a_full_year_gives_the_annual_amount_exactly(laxa):
    party = ContractPartyFactory(contract__organisation=laxa, annual_amount_ore=680_484_00)
    assert contracted_amount_ore(party, 2021) == 680_484_00


def test_a_missing_amount_is_missing_never_zero(laxa):
    party = ContractPartyFactory(contract__organisation=laxa, annual_amount_ore=None)
    assert contracted_amount_ore(party, 2021) is None


def test_partial_years_are_prorated_by_days_and_rounded_half_up(laxa):
    contract = ContractFactory(organisation=laxa, start_date=D(2021, 7, 1),
                               original_end_date=D(2023, 6, 30), renewal_period_months=None)
    party = ContractPartyFactory(contract=contract, annual_amount_ore=365_00)
    assert contracted_amount_ore(party, 2021) == 184_00  # 1 July–31 December: 184 days
    assert contracted_amount_ore(party, 2022) == 365_00
    assert contracted_amount_ore(party, 2023) == 181_00  # 1 January–30 June
    assert contracted_amount_ore(party, 2024) == 0
    assert contracted_amount_ore(party, 2020) == 0
    odd = ContractPartyFactory(contract=contract, annual_amount_ore=1_00)
    assert contracted_amount_ore(odd, 2021) == 50  # 0.504… öre rounds to 50
    assert contracted_amount_ore(odd, 2023) == 50  # 0.4959 … rounds to 50


def test_leap_years_have_366_days(laxa):
    contract = ContractFactory(organisation=laxa, start_date=D(2024, 1, 1),
                               original_end_date=D(2024, 2, 29), renewal_period_months=None)
    party = ContractPartyFactory(contract=contract, annual_amount_ore=366_00)
    assert contracted_amount_ore(party, 2024) == 60_00


def test_the_partys_own_validity_narrows_the_period(laxa, cooperation):
    contract = ContractFactory(organisation=cooperation, start_date=D(2015, 1, 1))
    before = ContractPartyFactory(contract=contract, organisation=laxa, annual_amount_ore=120_00,
                                  valid_to=D(2021, 3, 31))
    after = ContractPartyFactory(contract=contract, organisation=laxa, annual_amount_ore=240_00,
                                 valid_from=D(2021, 4, 1))
    first, second = contracted_amount_ore(before, 2021), contracted_amount_ore(after, 2021)
    assert first == 2959  # 90 days of 365
    assert second == 18082  # 275 days of 365
    assert contracted_amount_ore(after, 2022) == 240_00


def test_a_terminated_contract_stops_the_amount(laxa):
    contract = ContractFactory(organisation=laxa, start_date=D(2008, 1, 1),
                               original_end_date=D(2010, 12, 31), notice_period_months=6,
                               terminated_on=D(2022, 6, 1))  # ends 31 December 2022
    party = ContractPartyFactory(contract=contract, annual_amount_ore=100_00)
    assert contracted_amount_ore(party, 2022) == 100_00
    assert contracted_amount_ore(party, 2023) == 0


def test_a_passively_extended_contract_keeps_its_amount(laxa):
    contract = ContractFactory(organisation=laxa, start_date=D(2008, 1, 1),
                               original_end_date=D(2010, 12, 31))
    party = ContractPartyFactory(contract=contract, annual_amount_ore=372_000_00)
    assert contracted_amount_ore(party, 2021) == 372_000_00


# -- other derived values ---------------------------------------------------------------------

def test_years_since_procurement_counts_whole_years_from_signing(laxa):
    contract = ContractFactory(organisation=laxa, signed_on=D(2010, 11, 30),
                               start_date=D(2011, 1, 1))
    assert services.years_since_procurement(contract, D(2022, 11, 29)) == 11
    assert services.years_since_procurement(contract, D(2022, 11, 30)) == 12
    contract.signed_on = None
    assert services.years_since_procurement(contract, D(2022, 11, 30)) == 11


def test_the_contract_and_its_options_agree_with_the_plain_terms(laxa):
    contract = ContractFactory(organisation=laxa, start_date=D(2020, 1, 1),
                               original_end_date=D(2021, 12, 31), internal_lead_days=10)
    ExtensionOptionFactory(contract=contract, ordering=2, length_months=12)
    ExtensionOptionFactory(contract=contract, ordering=1, length_months=24,
                           used_on=D(2021, 5, 1))
    terms = services.terms_of(contract)
    assert [o.length_months for o in terms.options] == [24, 12]
    assert terms.agreed_end == D(2023, 12, 31)
    assert services.status(contract, D(2022, 1, 1)).kind == services.StatusKind.OPTION_PERIOD
    assert services.internal_deadline(contract, D(2022, 1, 1)) == D(2023, 9, 20)


# -- validation -------------------------------------------------------------------------------

def test_options_are_used_in_order(laxa):
    contract = ContractFactory(organisation=laxa)
    first = ExtensionOptionFactory(contract=contract, ordering=1)
    second = ExtensionOptionFactory.build(contract=contract, ordering=2, used_on=D(2022, 1, 1))
    with pytest.raises(ValidationError, match="i tur och ordning"):
        second.full_clean()
    first.used_on = D(2022, 1, 1)
    first.save()
    second.full_clean()
    second.save()
    first.used_on = None
    with pytest.raises(ValidationError, match="senare option"):
        first.full_clean()
    assert ContractExtensionOption.objects.filter(used_on__isnull=False).count() == 2


def test_a_party_must_belong_to_the_owner_its_members_or_its_cooperation(laxa, hallsberg,
                                                                         cooperation):
    own = ContractFactory(organisation=laxa)
    ContractPartyFactory.build(contract=own, organisation=laxa).full_clean()
    ContractPartyFactory.build(contract=own, organisation=cooperation).full_clean()
    with pytest.raises(ValidationError, match="avtalspart"):
        ContractPartyFactory.build(contract=own, organisation=hallsberg).full_clean()
    joint = ContractFactory(organisation=cooperation)
    ContractPartyFactory.build(contract=joint, organisation=hallsberg).full_clean()


@pytest.mark.parametrize("changes, field", [
    ({"original_end_date": D(2019, 12, 31)}, "original_end_date"),
    ({"termination_effective_date": D(2023, 1, 1)}, "terminated_on"),
    ({"terminated_on": D(2023, 1, 1), "termination_effective_date": D(2022, 1, 1)},
     "termination_effective_date"),
    ({"procurement_form": "avrop"}, "framework_provider"),
])
def test_contract_validation_explains_in_swedish(laxa, changes, field):
    contract = ContractFactory.build(organisation=laxa, supplier=ContractFactory().supplier,
                                     **changes)
    with pytest.raises(ValidationError) as error:
        contract.full_clean()
    assert field in error.value.message_dict


def test_a_party_never_shows_its_amount_in_its_name(laxa):
    party = ContractPartyFactory(contract__organisation=laxa, annual_amount_ore=123_456_00)
    assert "123" not in str(party)
    assert str(party) == "Laxå (Avtalspart)"


def test_a_planned_framework_over_four_years_is_flagged_before_it_starts(laxa):
    contract = ContractFactory(organisation=laxa, is_framework=True, start_date=D(2027, 1, 1),
                               original_end_date=D(2031, 12, 31), renewal_period_months=None)
    assert Flag.OVER_FOUR_YEARS in flags(contract, D(2026, 6, 1))


def test_a_renewing_contract_without_end_date_is_valued_over_at_least_48_months(laxa):
    contract = ContractFactory(organisation=laxa, start_date=D(2021, 1, 1), original_end_date=None,
                               renewal_period_months=12)
    ContractPartyFactory(contract=contract, annual_amount_ore=100_000_00)
    assert services.estimated_value_ore(contract, D(2021, 6, 1)) == 400_000_00
    assert services.estimated_value_ore(contract, D(2026, 6, 1)) == 600_000_00


def test_the_annual_total_counts_only_the_party_rows_valid_on_the_day(laxa, editor):
    contract = ContractFactory(organisation=laxa)
    ContractPartyFactory(contract=contract, annual_amount_ore=100, valid_to=D(2021, 12, 31))
    ContractPartyFactory(contract=contract, annual_amount_ore=300, valid_from=D(2022, 1, 1))
    ContractPartyFactory(contract=contract, annual_amount_ore=None, valid_from=D(2022, 1, 1))
    assert services.annual_total(editor, contract, D(2021, 6, 1)) == (100, 1, 0)
    assert services.annual_total(editor, contract, D(2022, 6, 1)) == (300, 1, 1)


def test_the_detail_page_asks_for_a_decision_on_an_unused_option(laxa, editor, client_for):
    contract = ContractFactory(organisation=laxa, start_date=D(2024, 1, 1),
                               original_end_date=D(2099, 12, 31), renewal_period_months=None)
    ExtensionOptionFactory(contract=contract, ordering=1, length_months=24)
    page = client_for(editor).get(contract.get_absolute_url()).content.decode()
    assert "Avtalstiden löper ut 2099-12-31 om ingen option utnyttjas" in page
