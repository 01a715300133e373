"""Files for finance systems: the invoicing basis as XLSX and CSV (one row per line, amounts as
numbers) and as a SIE 4I file the member's bookkeeping imports as one voucher.

SIE 4I (SIE-gruppen, filformat utgåva 4B): IBM PC 8-bit (code page 437), one record per line,
amounts with a point and two decimals, dates YYYYMMDD, the rows of a voucher between `{` and `}`
summing to zero. The voucher debits the member's cost account per pool line and credits its
settlement account with the total. `#KSUMMA` (optional) is the CRC-32 of every tag and field
between the opening and the closing `#KSUMMA` record, without whitespace, quotes and braces.
"""

from __future__ import annotations

import datetime
import io
import zlib
from collections.abc import Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from samverkan.core.exports import XLSX_TYPE, csv_response, neutralise, xlsx_response
from samverkan.core.formatting import ore_to_kronor

from .allocation import AllocationError

SIE_PROGRAM = ("Samverkan", "1.0")
MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0000"

_CP437_FALLBACK = str.maketrans({"–": "-", "—": "-", "’": "'", "‘": "'", "”": '"', "“": '"',
                                 "×": "x", "€": "EUR", "\u00a0": " ", "\u2212": "-"})


def rows_response(filename: str, header: Sequence[str], rows, fmt: str, title: str = "Export"):
    """Any table as XLSX or CSV, through the project's formula-safe writers."""
    if fmt == "csv":
        return csv_response(filename, header, rows)
    return xlsx_response(filename, header, rows, title=title)


def kronor(ore: int | None) -> Decimal | None:
    return ore_to_kronor(ore)


# -- the invoicing basis as a table ----------------------------------------------------------------

BASIS_HEADER = [
    "Underlag", "Datum", "Från", "Till", "Organisationsnummer", "Kommunkod", "År", "Rad", "Text",
    "Nyckel", "Underlag för fördelning", "Andel (%)", "Belopp (kr)", "Konto", "Motkonto",
    "Kostnadsställe", "Projekt",
]


def basis_rows(basis, lines, accounts) -> list[list]:
    recipient = basis.recipient
    return [[
        basis.reference, basis.voucher_date, str(basis.issuer), str(recipient),
        recipient.org_number, recipient.municipality_code, basis.year, number, line.text,
        line.key_label, line.basis_text, line.share_percent, kronor(line.amount_ore),
        accounts.cost_account, accounts.settlement_account, accounts.cost_centre, accounts.project,
    ] for number, line in enumerate(lines, start=1)]


def basis_filename(basis) -> str:
    name = "".join(c if c.isalnum() else "-" for c in basis.recipient.name.lower()).strip("-")
    return f"debiteringsunderlag-{basis.reference}-{name}"


def basis_csv(basis, lines, accounts):
    return csv_response(basis_filename(basis), BASIS_HEADER, basis_rows(basis, lines, accounts))


def basis_xlsx(basis, lines, accounts) -> HttpResponse:
    """Sheet "Rader": one row per line (what a finance system imports); sheet "Summa": the total."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Rader"
    _write(sheet, BASIS_HEADER, basis_rows(basis, lines, accounts))
    amount_column = BASIS_HEADER.index("Belopp (kr)") + 1
    percent_column = BASIS_HEADER.index("Andel (%)") + 1
    for row in sheet.iter_rows(min_row=2):
        row[amount_column - 1].number_format = MONEY_FORMAT
        row[percent_column - 1].number_format = PERCENT_FORMAT
    summary = workbook.create_sheet("Summa")
    _write(summary, ["Underlag", "Från", "Till", "År", "Datum", "Antal rader", "Summa (kr)"], [[
        basis.reference, str(basis.issuer), str(basis.recipient), basis.year, basis.voucher_date,
        len(lines), kronor(basis.total_ore)]])
    summary.cell(row=2, column=7).number_format = MONEY_FORMAT
    return workbook_response(workbook, basis_filename(basis))


def _write(sheet, header, rows) -> None:
    sheet.append([neutralise(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(
            12, min(50, len(str(name)) + 4))


def workbook_response(workbook, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


# -- SIE 4I ----------------------------------------------------------------------------------------

def sie_text(value) -> str:
    """A field as SIE wants it: always quoted, quotes escaped, no control characters."""
    text = str(value).translate(_CP437_FALLBACK)
    text = "".join(c for c in text if c >= " ")
    return '"' + text.replace('"', '\\"') + '"'


def sie_amount(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    whole, cents = divmod(abs(ore), 100)
    return f"{sign}{whole}.{cents:02d}"


def sie_date(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


class Record:
    """One SIE record: tag, fields; an object list is a list of (dimension, object) pairs."""

    def __init__(self, tag: str, *fields):
        self.tag, self.fields = tag, fields

    def render(self) -> str:
        parts = [self.tag]
        for item in self.fields:
            if isinstance(item, list):
                parts.append("{" + " ".join(f"{dim} {sie_text(obj)}" for dim, obj in item) + "}")
            elif isinstance(item, Raw):
                parts.append(item.text)
            else:
                parts.append(sie_text(item))
        return " ".join(parts)

    def checksum_bytes(self) -> bytes:
        """Tag and fields as the checksum counts them: no whitespace, quotes or braces."""
        tokens = [self.tag]
        for item in self.fields:
            if isinstance(item, list):
                for dim, obj in item:
                    tokens += [str(dim), _clean(obj)]
            else:
                tokens.append(item.text if isinstance(item, Raw) else _clean(item))
        return "".join(tokens).encode("cp437", errors="replace")


class Raw:
    """A field written as it is (numbers, dates, account numbers)."""

    def __init__(self, text):
        self.text = str(text)


def _clean(value) -> str:
    text = str(value).translate(_CP437_FALLBACK)
    return "".join(c for c in text if c >= " ")


def basis_sie(basis, lines, accounts, *, with_checksum: bool = True, generated_by: str = "",
              today: datetime.date | None = None) -> bytes:
    """The invoicing basis as one voucher in a SIE 4I file, CP437 bytes with CRLF line ends."""
    rows = [line for line in lines if line.amount_ore]
    if not rows:
        raise AllocationError(_("Underlaget har inga belopp att bokföra (summan är 0 kr)."))
    today = today or datetime.date.today()
    date = Raw(sie_date(basis.voucher_date))
    objects = []
    if accounts.cost_centre:
        objects.append((1, accounts.cost_centre))
    if accounts.project:
        objects.append((6, accounts.project))
    voucher_text = _("Debiteringsunderlag %(ref)s från %(issuer)s") % {
        "ref": basis.reference, "issuer": basis.issuer}
    head = [
        Record("#PROGRAM", *SIE_PROGRAM),
        Record("#FORMAT", Raw("PC8")),
        Record("#GEN", Raw(sie_date(today)), generated_by or "Samverkan"),
        Record("#SIETYP", Raw("4")),
        Record("#FNAMN", basis.recipient.name),
    ]
    if basis.recipient.org_number:
        head.append(Record("#ORGNR", Raw(basis.recipient.org_number)))
    if accounts.cost_centre:
        head.append(Record("#DIM", Raw(1), "Kostnadsställe"))
    if accounts.project:
        head.append(Record("#DIM", Raw(6), "Projekt"))
    head += [Record("#KONTO", Raw(accounts.cost_account), accounts.cost_account_name),
             Record("#KONTO", Raw(accounts.settlement_account), accounts.settlement_account_name)]
    voucher = Record("#VER", "", "", date, voucher_text, date)
    transactions = [Record("#TRANS", Raw(accounts.cost_account), objects, Raw(sie_amount(line.amount_ore)),
                           date, line.text) for line in rows]
    total = sum(line.amount_ore for line in rows)
    transactions.append(Record("#TRANS", Raw(accounts.settlement_account), [],
                               Raw(sie_amount(-total)), date, voucher_text))
    body = head + [voucher]
    counted = b"".join(r.checksum_bytes() for r in body + transactions)
    out = ["#FLAGGA 0"]
    if with_checksum:
        out.append("#KSUMMA")
    out += [r.render() for r in body] + ["{"] + [r.render() for r in transactions] + ["}"]
    if with_checksum:
        out.append(f"#KSUMMA {zlib.crc32(counted)}")
    text = "\r\n".join(out) + "\r\n"
    return text.translate(_CP437_FALLBACK).encode("cp437", errors="replace")


def sie_response(content: bytes, basis) -> HttpResponse:
    response = HttpResponse(content, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{basis_filename(basis)}.si"'
    return response
