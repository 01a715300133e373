"""Supplier-ledger exports (leverantörsreskontra) as CSV or XLSX: what finance systems in
municipalities export, one invoice row per line, in whatever columns the system uses.

The user confirms once which column holds which field; the mapping is remembered per
organisation and layout (a fingerprint of the header row). Files are read through
core.tabular, which refuses hostile files. Numbers and dates come the Swedish way:
`1 234,50`, `-1234.5`, `1 234,50 kr`, `1.234,50`, with non-breaking spaces, `2021-03-05`.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.se import orgnr

from samverkan.core.imports import date_out_of_range

from .limits import MAX_AMOUNT_ORE, amount_limit_message


@dataclass(frozen=True)
class Field:
    name: str
    label: object
    required: bool = False
    aliases: tuple[str, ...] = ()


FIELDS = (
    Field("date", gettext_lazy("Datum"), True,
          ("datum", "bokföringsdatum", "bokf.datum", "bokfdatum", "fakturadatum", "verifikationsdatum",
           "transaktionsdatum", "date")),
    Field("supplier_name", gettext_lazy("Leverantör"), False,
          ("leverantör", "leverantörsnamn", "leverantor", "lev.namn", "levnamn", "namn", "supplier")),
    Field("supplier_org_number", gettext_lazy("Leverantörens organisationsnummer"), False,
          ("organisationsnummer", "orgnr", "org.nr", "org nr", "leverantörens orgnr",
           "lev.orgnr", "organisationsnr")),
    Field("invoice_number", gettext_lazy("Fakturanummer"), False,
          ("fakturanummer", "fakturanr", "faktura", "fakt.nr", "löpnummer", "invoice")),
    Field("account", gettext_lazy("Konto"), True, ("konto", "kontonr", "kontonummer", "account")),
    Field("cost_centre", gettext_lazy("Kostnadsställe"), False,
          ("kostnadsställe", "kostnadsstalle", "ansvar", "ansvarskod", "kst", "enhet")),
    Field("project", gettext_lazy("Projekt"), False, ("projekt", "projektnr", "aktivitet")),
    Field("amount", gettext_lazy("Belopp"), True,
          ("belopp", "belopp exkl moms", "belopp exkl. moms", "nettobelopp", "netto", "summa",
           "kostnad", "amount")),
    Field("text", gettext_lazy("Text"), False,
          ("text", "beskrivning", "fakturatext", "benämning", "kommentar", "verifikationstext")),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)


def normalise_header(cell: str) -> str:
    return " ".join(cell.replace("\u00a0", " ").split()).strip().lower().rstrip("*:").strip()


def fingerprint(header: list[str]) -> str:
    """The layout of a file: its header row, normalised (case, spacing)."""
    return hashlib.sha256("\x1f".join(normalise_header(h) for h in header).encode()).hexdigest()


def suggest_mapping(header: list[str]) -> dict[str, int]:
    """field → column index, guessed from the column names (the user confirms it)."""
    normalised = [normalise_header(h) for h in header]
    mapping: dict[str, int] = {}
    for f in FIELDS:
        for index, name in enumerate(normalised):
            if index in mapping.values():
                continue
            if name in f.aliases or name == str(f.label).lower():
                mapping[f.name] = index
                break
    return mapping


class CellError(ValueError):
    """A value that cannot be used; the message is shown to the user as is."""


_SPACES = re.compile(r"[\s\u00a0\u202f']")
_CURRENCY = re.compile(r"(?i)\s*(kr|sek|:-)\.?\s*$")


def parse_amount(text: str) -> int:
    """Swedish amounts in whole öre: `1 234,50`, `-1234.5`, `1 234,50 kr`, `1.234,50`,
    `(1 234,50)` and `1234,50-` (credit), `−12` (minus sign)."""
    value = text.strip()
    if not value:
        raise CellError(_("Beloppet saknas."))
    value = _CURRENCY.sub("", value).strip()
    negative = False
    if value.startswith("(") and value.endswith(")"):
        negative, value = True, value[1:-1]
    value = value.replace("\u2212", "-").replace("\u2013", "-")
    if value.endswith("-"):
        negative, value = not negative, value[:-1]
    if value.startswith("-"):
        negative, value = not negative, value[1:]
    elif value.startswith("+"):
        value = value[1:]
    value = _SPACES.sub("", value)
    if "," in value and "." in value:
        # the last separator is the decimal one; the other groups thousands
        if value.rfind(",") > value.rfind("."):
            value = value.replace(".", "").replace(",", ".")
        else:
            value = value.replace(",", "")
    elif "," in value:
        if value.count(",") > 1:
            raise CellError(_("”%(value)s” är inget belopp.") % {"value": text})
        value = value.replace(",", ".")
    elif value.count(".") > 1:
        if not re.fullmatch(r"\d{1,3}(\.\d{3})+", value):
            raise CellError(_("”%(value)s” är inget belopp.") % {"value": text})
        value = value.replace(".", "")
    # 1e+30: how a spreadsheet writes a number too large for its cell
    if not re.fullmatch(r"\d+(\.\d+)?([eE][-+]?\d{1,4})?", value):
        raise CellError(_("”%(value)s” är inget belopp. Skriv t.ex. 1 234,50.") % {"value": text})
    try:
        amount = Decimal(value) * 100
    except InvalidOperation:  # pragma: no cover - the pattern above rules it out
        raise CellError(_("”%(value)s” är inget belopp.") % {"value": text}) from None
    if amount > MAX_AMOUNT_ORE:  # before rounding, which fails beyond Decimal's precision
        raise CellError(amount_limit_message())
    whole = amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    # spreadsheets store 1234.5 as 1234.4999999999998: floating-point noise is not öre
    if abs(amount - whole) > Decimal("0.000001"):
        raise CellError(_("”%(value)s” har fler än två decimaler.") % {"value": text})
    ore = int(whole)
    return -ore if negative else ore


_DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%Y/%m/%d", "%d.%m.%Y", "%d/%m/%Y", "%Y.%m.%d")


def parse_date(text: str, cache: dict | None = None) -> datetime.date:
    value = text.strip()
    if cache is not None and value in cache:
        return cache[value]
    if not value:
        raise CellError(_("Datumet saknas."))
    candidate = value[:10] if ("T" in value or " " in value) and len(value) > 10 else value
    for pattern in _DATE_FORMATS:
        try:
            day = datetime.datetime.strptime(candidate, pattern).date()
        except ValueError:
            continue
        out_of_range = date_out_of_range(day)
        if out_of_range:
            raise CellError(out_of_range)
        if cache is not None:
            cache[value] = day
        return day
    raise CellError(_("”%(value)s” är inget datum. Skriv som ÅÅÅÅ-MM-DD.") % {"value": text})


def normalise_org_number(text: str) -> str:
    """A Swedish organisation number as NNNNNN-NNNN; foreign VAT numbers (letters) as they are.
    A Swedish-looking number with a wrong check digit is an error."""
    value = text.strip()
    if not value:
        return ""
    digits = re.sub(r"[\s\-]", "", value)
    if digits.upper().startswith("SE") and digits[2:].isdigit():
        digits = digits[2:12] if len(digits) >= 12 else digits[2:]
    if digits.isdigit():
        if len(digits) == 12 and digits.startswith(("16", "19", "20")):
            digits = digits[2:]
        if len(digits) != 10 or not orgnr.is_valid(digits):
            raise ValueError(_("”%(value)s” är inget giltigt organisationsnummer (NNNNNN-NNNN).")
                             % {"value": text})
        return orgnr.format(digits)
    if len(value) > 20:
        raise ValueError(_("”%(value)s” är för långt för ett organisationsnummer.")
                         % {"value": text})
    return value


def parse_account(text: str) -> str:
    value = text.strip()
    if value.endswith(".0") and value[:-2].isdigit():  # a number cell read from a spreadsheet
        value = value[:-2]
    if not (value.isdigit() and value.isascii() and 3 <= len(value) <= 8):
        raise CellError(_("Kontot ”%(value)s” ska vara ett nummer med 3–8 siffror.")
                        % {"value": text})
    return value
