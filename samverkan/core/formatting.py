"""Numbers and money the Swedish way: `1 134 354,50 kr`, with a non-breaking space as the
thousands separator so amounts never wrap in a table cell."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

NBSP = "\u00a0"
MINUS = "\u2212"  # a real minus sign reads better than a hyphen in a column of figures
ORE = Decimal("0.01")


def group_thousands(digits: str) -> str:
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return NBSP.join(groups)


def format_number(value, decimals: int = 0) -> str:
    if value is None or value == "":
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    if isinstance(value, float):
        value = repr(value)  # 1.005 is 1.005, not the binary 1.00499999999999989…
    if isinstance(value, Fraction):
        with localcontext(prec=40):  # far past any decimals shown, so the rounding is exact
            value = Decimal(value.numerator) / Decimal(value.denominator)
    amount = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = MINUS if amount < 0 else ""
    whole, _, fraction = f"{abs(amount):f}".partition(".")
    text = sign + group_thousands(whole)
    return f"{text},{fraction}" if decimals else text


def format_money(value, decimals: int = 2, unit: str = "kr") -> str:
    """`Decimal('1134354.5')` → `1 134 354,50 kr`; None → empty (a missing amount is missing).

    Every amount a person reads is in this one format, to the öre (`format_ore` for öre);
    `decimals` is for figures that are not money (`unit=""`, e.g. SIE's amounts)."""
    if value is None or value == "":
        return ""
    return f"{format_number(value, decimals)}{NBSP}{unit}"


def format_ore(ore: int | None) -> str:
    """Whole öre as the one money format: 123456 → `1 234,56 kr`; None → empty."""
    return format_money(ore_to_kronor(int(ore))) if ore is not None and ore != "" else ""


def format_ore_signed(ore: int | None) -> str:
    """A difference with its sign: `+1 234,56 kr`, `−1 234,56 kr`, `0,00 kr`."""
    if ore is None or ore == "":
        return ""
    ore = int(ore)
    return ("+" if ore > 0 else MINUS if ore < 0 else "") + format_ore(abs(ore))


def ore_to_kronor(ore: int | None) -> Decimal | None:
    return None if ore is None else (Decimal(ore) / 100).quantize(ORE)


def kronor_to_ore(kronor) -> int:
    return int((Decimal(kronor) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "é": "e",
                                "è": "e", "ü": "y", "á": "a", "à": "a"})


def swedish_sort_key(name: str) -> str:
    """Å, Ä and Ö after Z, as in a Swedish dictionary (casefold first)."""
    return name.casefold().translate(_SWEDISH_ORDER)


def person_name(user) -> str:
    """A user as people know them: the full name, the login only where no name is given."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
