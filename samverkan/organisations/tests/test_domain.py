"""Organisation rules as plain functions: identifiers, memberships over time, reference data and
SCB's population tables."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from samverkan.core.tabular import FileRejected
from samverkan.organisations.models import (
    Membership,
    Organisation,
    Population,
    validate_municipality_code,
    validate_org_number,
)
from samverkan.organisations.services import (
    SCB_SOURCE,
    import_population,
    load_reference_data,
    parse_scb_population,
)
from samverkan.testing.factories import MembershipFactory, OrganisationFactory

# -- organisation numbers and municipality codes ----------------------------------------------


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_an_organisation_number_with_its_check_digit_is_valid(digits):
    number = digits + luhn.calc_check_digit(digits)
    validate_org_number(number)
    validate_org_number(f"{number[:6]}-{number[6:]}")


@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.integers(1, 9))
def test_an_organisation_number_with_a_wrong_check_digit_is_refused(digits, offset):
    wrong = str((int(luhn.calc_check_digit(digits)) + offset) % 10)
    with pytest.raises(ValidationError, match="inte ett giltigt organisationsnummer"):
        validate_org_number(digits + wrong)


@pytest.mark.parametrize("value", ["2120001884", "212000-1884", ""])
def test_municipal_organisation_numbers_are_accepted(value):
    validate_org_number(value)


@pytest.mark.parametrize("value", ["212000-1885", "212000188", "abcdef-ghij", "2120001884-1"])
def test_malformed_organisation_numbers_are_refused_in_swedish(value):
    with pytest.raises(ValidationError) as error:
        validate_org_number(value)
    assert "organisationsnummer (NNNNNN-NNNN)" in error.value.messages[0]


@given(st.text(alphabet="0123456789", min_size=4, max_size=4))
def test_any_four_digits_are_a_municipality_code(code):
    validate_municipality_code(code)


@pytest.mark.parametrize("value", ["181", "18140", "18a4", " 1814", "١٨١٤"])
def test_anything_else_is_not_a_municipality_code(value):
    with pytest.raises(ValidationError, match="fyra siffror"):
        validate_municipality_code(value)


@pytest.mark.django_db
def test_a_municipality_needs_its_code_and_the_number_is_stored_formatted():
    org = Organisation(name="Laxå", kind=Organisation.Kind.MUNICIPALITY, org_number="2120001884")
    with pytest.raises(ValidationError) as error:
        org.full_clean()
    assert error.value.message_dict == {"municipality_code": ["En kommun måste ha en kommunkod."]}
    org.municipality_code = "1860"
    org.full_clean()
    assert org.org_number == "212000-1884"


@pytest.mark.django_db
def test_a_municipality_code_and_an_organisation_number_belong_to_one_organisation():
    OrganisationFactory(municipality_code="1860", org_number="212000-1884")
    OrganisationFactory(kind="gemensam_namnd", municipality_code="")
    OrganisationFactory(kind="gemensam_namnd", municipality_code="")  # blank codes may repeat
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(municipality_code="1860")
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(org_number="212000-1884")


# -- memberships over time --------------------------------------------------------------------

@pytest.mark.django_db
def test_a_membership_cannot_end_before_it_starts(laxa, cooperation):
    link = Membership(cooperation=cooperation, member=laxa, valid_from=datetime.date(2024, 1, 1),
                      valid_to=datetime.date(2023, 12, 31))
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert error.value.message_dict["valid_to"] == ["Slutdatum kan inte vara före startdatum."]
    link.valid_to = link.valid_from  # a single day is a period
    link.full_clean()


@pytest.mark.django_db
def test_a_cooperation_is_not_its_own_member_and_a_municipality_has_no_members(laxa, hallsberg,
                                                                              cooperation):
    with pytest.raises(ValidationError, match="medlem i sig själv"):
        Membership(cooperation=cooperation, member=cooperation).full_clean()
    with pytest.raises(ValidationError, match="Bara en samverkan"):
        Membership(cooperation=laxa, member=hallsberg).full_clean()


@pytest.mark.django_db
def test_members_on_a_day_follow_the_membership_periods(laxa, hallsberg):
    board = OrganisationFactory(name="Förbundet", kind="kommunalforbund", municipality_code="")
    askersund = OrganisationFactory(name="Askersund")
    lekeberg = OrganisationFactory(name="Lekeberg")
    MembershipFactory(cooperation=board, member=laxa)  # open-ended
    MembershipFactory(cooperation=board, member=hallsberg, valid_from=datetime.date(2014, 4, 1),
                      valid_to=datetime.date(2022, 12, 31))
    MembershipFactory(cooperation=board, member=hallsberg, valid_from=datetime.date(2024, 1, 1))
    MembershipFactory(cooperation=board, member=askersund, valid_from=datetime.date(2030, 1, 1))
    MembershipFactory(cooperation=board, member=lekeberg, valid_to=datetime.date(2014, 3, 31))

    def members(day):
        return sorted(o.name for o in board.members_on(datetime.date.fromisoformat(day)))

    assert members("2014-03-31") == ["Laxå", "Lekeberg"]
    assert members("2014-04-01") == ["Hallsberg", "Laxå"]
    assert members("2022-12-31") == ["Hallsberg", "Laxå"]
    assert members("2023-06-30") == ["Laxå"]  # Hallsberg's pause
    assert members("2024-01-01") == ["Hallsberg", "Laxå"]
    assert members("2030-01-01") == ["Askersund", "Hallsberg", "Laxå"]


# -- reference data ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_reference_data_loads_290_municipalities_and_21_regions_once_and_repairs_names():
    first = load_reference_data()
    assert (first.created, first.updated, first.unchanged) == (311, 0, 0)
    assert Organisation.objects.filter(kind="kommun").count() == 290
    assert Organisation.objects.filter(kind="region").count() == 21
    assert Population.objects.count() == 290
    assert sum(Population.objects.values_list("inhabitants", flat=True)) == 10_609_461
    gotland = Organisation.objects.filter(county_code="09")
    assert sorted(gotland.values_list("kind", "name")) == [("kommun", "Gotland"),
                                                          ("region", "Region Gotland")]
    assert Organisation.objects.get(municipality_code="0114").name == "Upplands Väsby"

    second = load_reference_data()
    assert (second.created, second.updated, second.unchanged) == (0, 0, 311)
    assert Organisation.objects.count() == 311
    assert Population.objects.count() == 290

    # a misspelt name is repaired, not duplicated
    Organisation.objects.filter(municipality_code="1860").update(name="Laxa")
    repaired = load_reference_data()
    assert (repaired.created, repaired.updated) == (0, 1)
    assert Organisation.objects.get(municipality_code="1860").name == "Laxå"
    assert Organisation.objects.count() == 311


# -- SCB population tables --------------------------------------------------------------------

SCB_TABLE = (
    '"Folkmängd efter region och år"\r\n'
    '"Folkmängden per den 31 december"\r\n'
    '\r\n'
    '"region";"2023";"2024"\r\n'
    '"00 Riket";10551707;10587710\r\n'
    '"18 Örebro län";306792;307000\r\n'
    '"1814 Lekeberg";8592;8667\r\n'
    '"1860 Laxå";"5 551";5528\r\n'
    '\r\n'
    '"Fotnot: uppgifterna avser 31 december"\r\n'
)


@pytest.fixture
def orebro(db):
    return {
        "region": OrganisationFactory(name="Region Örebro län", kind="region",
                                      municipality_code="", county_code="18"),
        "1814": OrganisationFactory(name="Lekeberg", municipality_code="1814"),
        "1860": OrganisationFactory(name="Laxå", municipality_code="1860"),
    }


def figures():
    return sorted((p.organisation.name, p.year, p.inhabitants, p.source)
                  for p in Population.objects.select_related("organisation"))


def test_scbs_table_is_read_as_saved_from_the_statistical_database(orebro):
    parsed = parse_scb_population(SCB_TABLE.encode("cp1252"))
    assert parsed.errors == []
    assert sorted((org.name, year, n) for org, year, n in parsed.rows) == [
        ("Laxå", 2023, 5551), ("Laxå", 2024, 5528),
        ("Lekeberg", 2023, 8592), ("Lekeberg", 2024, 8667),
        ("Region Örebro län", 2023, 306792), ("Region Örebro län", 2024, 307000),
    ]


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-8-sig"])
@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_scbs_table_in_any_encoding_and_separator(orebro, encoding, separator):
    text = SCB_TABLE.replace('";', f'"{separator}').replace(";", separator)
    parsed = parse_scb_population(text.encode(encoding))
    assert parsed.errors == []
    assert len(parsed.rows) == 6


def test_headers_like_folkmangd_2024_and_missing_values_marked_with_dots(orebro):
    text = '"region","Folkmängd 2023","Folkmängd 2024"\n"1814 Lekeberg","..","8 667"\n'
    parsed = parse_scb_population(text.encode())
    assert [(org.name, year, n) for org, year, n in parsed.rows] == [("Lekeberg", 2024, 8667)]


def test_bad_values_and_unknown_codes_are_errors_with_the_line_number(orebro):
    text = SCB_TABLE.replace("8592;8667", "8592;ca 8700").replace("5528", "5²").replace(
        '"00 Riket"', '"9999 Påhittad";1;2\r\n"00 Riket"')
    parsed = parse_scb_population(text.encode("utf-8"))
    assert parsed.errors == [
        "Rad 5: okänd kommun- eller länskod 9999.",
        "Rad 8: ”ca 8700” är inte ett antal invånare.",
        "Rad 9: ”5²” är inte ett antal invånare.",
    ]


@pytest.mark.parametrize("data, message", [
    (b'"Folkm\xe4ngd"\n"kommun";"2024"\n"1814 Lekeberg";8667\n', "rubrikrad som börjar med ”region”"),
    (b'"region";"folkm\xe4ngd"\n"1814 Lekeberg";8667\n', "saknar årtal"),
    ("region;2024\n1814 Lekeberg;8667\n".encode("utf-16"), "UTF-16"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binära data"),
])
def test_files_that_are_not_scbs_table_are_refused(orebro, data, message):
    with pytest.raises(FileRejected, match=message):
        parse_scb_population(data)


def test_importing_population_creates_then_updates_then_changes_nothing(orebro, superuser):
    result = import_population(superuser, SCB_TABLE.encode("cp1252"))
    assert (result.created, result.updated, result.unchanged) == (6, 0, 0)
    assert ("Laxå", 2024, 5528, SCB_SOURCE) in figures()

    again = import_population(superuser, SCB_TABLE.encode("cp1252"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)

    revised = SCB_TABLE.replace("5528", "5530")
    changed = import_population(superuser, revised.encode("cp1252"), source="SCB, reviderad")
    assert (changed.created, changed.updated, changed.unchanged) == (0, 6, 0)  # new source
    assert ("Laxå", 2024, 5530, "SCB, reviderad") in figures()
    assert Population.objects.count() == 6


def test_a_population_file_with_one_bad_row_saves_nothing(orebro, superuser):
    bad = SCB_TABLE.replace("5528", "femtusen")
    with pytest.raises(FileRejected, match="femtusen"):
        import_population(superuser, bad.encode("cp1252"))
    assert figures() == []


def test_an_editor_may_not_import_figures_for_other_organisations_and_nothing_is_saved(
        orebro, outsider):
    from samverkan.core.permissions import Role
    from samverkan.testing.factories import role

    role(outsider, orebro["1814"], Role.EDITOR)  # may change Lekeberg, not Laxå or the region
    with pytest.raises(PermissionDenied, match="Region Örebro län|Laxå"):
        import_population(outsider, SCB_TABLE.encode("cp1252"))
    assert figures() == []
    only_lekeberg = '"region";"2024"\n"1814 Lekeberg";8667\n'
    assert import_population(outsider, only_lekeberg.encode()).created == 1


def test_a_file_without_figures_is_refused(orebro, superuser):
    with pytest.raises(FileRejected, match="inga folkmängdsuppgifter"):
        import_population(superuser, b'"region";"2024"\n"00 Riket";10587710\n')


# -- what an organisation is, is for the installation's administrators ------------------------

def test_an_editor_keeps_the_details_but_not_the_identity_of_their_organisation(
        laxa, cooperation, editor, client):
    """The edit page shows name, kind and codes as locked; a hand-made POST that changes them
    changes only the details; the service path refuses the change outright."""
    from samverkan.core import services as core_services
    from samverkan.organisations.forms import OrganisationForm

    form = OrganisationForm(instance=laxa, user=editor)
    assert all(form.fields[name].disabled for name in Organisation.administered_fields)
    client.force_login(editor)
    client.post(f"/organisationer/{laxa.pk}/andra/", {
        "name": "Laxå samverkan", "kind": "gemensam_namnd", "municipality_code": "",
        "short_name": "Laxå", "expected_version": laxa.version})
    laxa.refresh_from_db()
    assert (laxa.name, laxa.kind, laxa.short_name) == ("Laxå", "kommun", "Laxå")
    laxa.kind = "gemensam_namnd"
    with pytest.raises(PermissionDenied, match="administratörer"):
        core_services.save_record(editor, laxa)
    with pytest.raises(PermissionDenied):
        core_services.save_child(editor, Membership(cooperation=cooperation, member=laxa),
                                 cooperation)
