"""Money and numbers the Swedish way: `1 134 354,50 kr` with non-breaking spaces."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from samverkan.core.formatting import (
    MINUS,
    NBSP,
    format_money,
    format_number,
    kronor_to_ore,
    ore_to_kronor,
)


def sp(text: str) -> str:
    """Write expectations with ordinary spaces and `-`; compare with NBSP and a real minus."""
    return text.replace(" ", NBSP).replace("-", MINUS)


@pytest.mark.parametrize("value, shown", [
    (Decimal("1134354.50"), "1 134 354,50 kr"),
    (Decimal("1134354.5"), "1 134 354,50 kr"),
    (1134354, "1 134 354,00 kr"),
    ("1134354.50", "1 134 354,50 kr"),
    (Decimal("0"), "0,00 kr"),
    (Decimal("999.999"), "1 000,00 kr"),
    (Decimal("0.005"), "0,01 kr"),  # half up, as on an invoice
    (Decimal("-0.004"), "0,00 kr"),  # no negative zero
    (Decimal("-1134354.50"), "-1 134 354,50 kr"),
    (Decimal("-0.5"), "-0,50 kr"),
    (Decimal("123"), "123,00 kr"),
    (Decimal("1000"), "1 000,00 kr"),
    (Decimal("10609461"), "10 609 461,00 kr"),
    (1.005, "1,01 kr"),  # a float means what it says in decimal, not its binary approximation
    (0.1 + 0.2, "0,30 kr"),
])
def test_money_is_shown_swedish_style(value, shown):
    assert format_money(value) == sp(shown)


@pytest.mark.parametrize("value", [None, ""])
def test_a_missing_amount_is_shown_as_nothing(value):
    assert format_money(value) == ""
    assert format_number(value) == ""


def test_amounts_never_wrap_and_use_a_real_minus():
    shown = format_money(Decimal("-1134354.50"))
    assert " " not in shown
    assert shown.startswith("\u2212") and "-" not in shown


@pytest.mark.parametrize("value, decimals, shown", [
    (1234567, 0, "1 234 567"),
    (1234567.891, 1, "1 234 567,9"),
    (Decimal("-1500"), 0, "-1 500"),
    (5528, 0, "5 528"),
    (999, 0, "999"),
    (Fraction(1, 3) * 200, 1, "66,7"),  # weighted scores are exact fractions
    (Fraction(1, 8), 2, "0,13"),  # a fraction's tie rounds half up like the rest
])
def test_numbers_are_grouped_by_thousands(value, decimals, shown):
    assert format_number(value, decimals) == sp(shown)


def test_other_units():
    assert format_money(Decimal("12.5"), 0, "tkr") == sp("13 tkr")


@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2,
                   allow_nan=False))
def test_the_shown_amount_reads_back_as_the_amount(amount):
    shown = format_money(amount)
    assert shown.endswith(NBSP + "kr")
    digits = shown[:-3].replace(NBSP, "").replace(",", ".").replace(MINUS, "-")
    assert Decimal(digits) == amount


@given(st.integers(min_value=-10**15, max_value=10**15))
def test_ore_and_kronor_convert_without_loss(ore):
    kronor = ore_to_kronor(ore)
    assert kronor == Decimal(ore) / 100
    assert kronor_to_ore(kronor) == ore


def test_kronor_to_ore_rounds_half_up_and_none_stays_none():
    assert kronor_to_ore("10.005") == 1001
    assert kronor_to_ore(Decimal("-10.005")) == -1001
    assert ore_to_kronor(None) is None


def test_template_filters():
    rendered = Template(
        "{% load samverkan %}{{ a|money }}|{{ b|number }}|{{ c|percent }}|{{ d|money }}|"
        "{{ e|money }}|{{ t|yesno_sv }}|{{ u|yesno_sv }}"
    ).render(Context({"a": Decimal("1134354.5"), "b": 16283, "c": 42, "d": None,
                      "e": Decimal("1500.4"), "t": True, "u": None}))
    assert rendered == sp("1 134 354,50 kr|16 283|42 %||1 500,40 kr|Ja|Okänt")  # one format
