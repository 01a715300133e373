"""Amounts typed into any form: kronor the Swedish way, exact to the öre, never a guess."""

from decimal import Decimal

import pytest
from django import forms

from samverkan.core.forms import KronorField


@pytest.mark.parametrize(("typed", "amount"), [
    ("1 234 567,50", Decimal("1234567.50")),
    ("1\u00a0234\u00a0567,50", Decimal("1234567.50")),  # copied from a page or from Excel
    ("18000.5", Decimal("18000.5")),
    ("18 000 kr", Decimal("18000")),
    ("0", Decimal("0")),
    ("9999999999999,99", Decimal("9999999999999.99")),
])
def test_amounts_are_read_as_people_write_them(typed, amount):
    assert KronorField().clean(typed) == amount


@pytest.mark.parametrize(("typed", "code"), [
    ("tolv", "invalid"), ("1,2,3", "invalid"), ("NaN", "invalid"), ("Infinity", "invalid"),
    ("10000000000000", "invalid"), ("12,345", "decimals"), ("-5", "negative"),
    ("\u22125", "negative"),
])
def test_what_is_not_an_amount_in_kronor_is_refused_with_a_reason(typed, code):
    with pytest.raises(forms.ValidationError) as refused:
        KronorField().clean(typed)
    assert refused.value.code == code


def test_a_negative_amount_only_where_the_field_allows_it():
    assert KronorField(allow_negative=True).clean("\u22121 500,25") == Decimal("-1500.25")


def test_an_empty_optional_amount_is_unknown_not_zero():
    assert KronorField(required=False).clean("") is None
    with pytest.raises(forms.ValidationError):
        KronorField().clean("")


def test_a_stored_amount_is_shown_the_swedish_way():
    assert KronorField().prepare_value(Decimal("18000.5")) == "18000,50"
