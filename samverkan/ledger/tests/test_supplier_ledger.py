"""Swedish numbers, dates and organisation numbers as finance systems export them."""

import datetime

import pytest

from samverkan.ledger.supplier_ledger import (
    CellError,
    fingerprint,
    normalise_org_number,
    parse_account,
    parse_amount,
    parse_date,
    suggest_mapping,
)


@pytest.mark.parametrize("text,ore", [
    ("1 234,50", 123450), ("-1234.5", -123450), ("1 234,50 kr", 123450),
    ("1\u00a0234,50", 123450), ("1\u202f234,50 SEK", 123450), ("1.234,50", 123450),
    ("1,234.50", 123450), ("1.234.567", 123456700), ("(1 000)", -100000), ("1 000-", -100000),
    ("\u221212,00", -1200), ("0,5", 50), ("12", 1200), ("1234.4999999999998", 123450),
    ("+7,25", 725), ("1 234:-", 123400),
])
def test_it_reads_swedish_amounts_into_exact_ore(text, ore):
    assert parse_amount(text) == ore


@pytest.mark.parametrize("text", ["", "tolv", "1,2,3", "1.23.4", "12,345", "1 2 3 kr x"])
def test_it_refuses_what_is_not_an_amount(text):
    with pytest.raises(CellError):
        parse_amount(text)


@pytest.mark.parametrize("text", ["2021-03-05", "20210305", "2021/03/05", "05.03.2021",
                                  "05/03/2021", "2021-03-05 00:00:00", "2021-03-05T00:00:00"])
def test_it_reads_the_dates_finance_systems_write(text):
    assert parse_date(text) == datetime.date(2021, 3, 5)


def test_it_refuses_a_date_it_cannot_read():
    with pytest.raises(CellError, match="ÅÅÅÅ-MM-DD"):
        parse_date("5 mars")


@pytest.mark.parametrize("text,expected", [
    ("5560715210", "556071-5210"), ("556071-5210", "556071-5210"),
    ("SE556071521001", "556071-5210"), ("16556071-5210", "556071-5210"),
    ("IE6388047V", "IE6388047V"), ("", ""),
])
def test_it_normalises_organisation_numbers(text, expected):
    assert normalise_org_number(text) == expected


def test_it_refuses_a_swedish_number_with_a_wrong_check_digit():
    with pytest.raises(ValueError, match="inget giltigt organisationsnummer"):
        normalise_org_number("556071-5211")


def test_accounts_are_three_to_eight_digits():
    assert parse_account("6450") == "6450"
    assert parse_account("6450.0") == "6450"  # a number cell read from a spreadsheet
    with pytest.raises(CellError):
        parse_account("64")


def test_a_layout_is_recognised_whatever_the_spacing_and_case():
    header = ["Bokföringsdatum", "Leverantör", "Org.nr", "Konto", "Belopp exkl. moms", "Text"]
    assert fingerprint(header) == fingerprint([" bokföringsdatum", "LEVERANTÖR", "org.nr",
                                               "Konto*", "belopp  exkl. moms", "text"])
    assert fingerprint(header) != fingerprint(header[::-1])
    assert suggest_mapping(header) == {"date": 0, "supplier_name": 1, "supplier_org_number": 2,
                                       "account": 3, "amount": 4, "text": 5}
