"""Row sources for the ledger import: a SIE 4 file or a supplier-ledger export (CSV/XLSX)
turned into one stream of cost-line tuples, with every error as line, field and a Swedish
message. The pipeline in `services.py` validates, matches and stores what these yield.

Each line is an `ImportedLine`: a named tuple, so it unpacks as fast as a plain one.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.utils.translation import gettext as _

from samverkan.core.tabular import FileRejected, read_sheet

from . import supplier_ledger
from .limits import MAX_FILE_TOTAL_ORE, file_total_message
from .sie import F_AMOUNT, SieFatal, SieReader


class ImportedLine(NamedTuple):
    line_no: int
    date: datetime.date
    account: str
    amount_ore: int
    supplier_name: str
    supplier_org_number: str
    invoice_number: str
    cost_centre: str
    project: str
    dimensions: str | None  # JSON of the SIE object list, or None
    text: str
    voucher_series: str
    voucher_number: str
    voucher_date: datetime.date | None

SIE, CSV, XLSX = "sie", "csv", "xlsx"
FORMATS = (SIE, CSV, XLSX)
KINDS = {SIE: "ledger-sie", CSV: "ledger-csv", XLSX: "ledger-xlsx"}
LEDGER_KINDS = tuple(KINDS.values())
SIE_SUFFIXES = (".se", ".si", ".sie", ".txt")

# SIE dimensions with a fixed meaning (SIE filformat 4B, 8.17)
DIM_COST_CENTRE, DIM_PROJECT, DIM_SUPPLIER, DIM_INVOICE = "1", "6", "9", "10"


def format_for(filename: str, requested: str | None = None) -> str:
    if requested:
        if requested not in FORMATS:
            raise FileRejected(_("Okänt format ”%(format)s”. Välj sie, csv eller xlsx.")
                               % {"format": requested})
        return requested
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        return XLSX
    if suffix == ".csv":
        return CSV
    if suffix in SIE_SUFFIXES:
        return SIE
    raise FileRejected(_(
        "Okänt filformat %(suffix)s. Använd en SIE-fil (.se eller .si), .csv eller .xlsx."
    ) % {"suffix": suffix or "–"})


class SourceError(Exception):
    """The file cannot be read any further (not SIE, wrong encoding, truncated …)."""

    def __init__(self, line: int, message: str, field: str = ""):
        self.line, self.field, self.message = line, field, message
        super().__init__(message)


@dataclass
class Source:
    path: Path
    errors: list[dict] = field(default_factory=list)
    error_count: int = 0
    meta: dict = field(default_factory=dict)

    @property
    def bytes_read(self) -> int:
        return 0

    def lines(self) -> Iterator[ImportedLine]:
        raise NotImplementedError


_NEEDS_JSON_ESCAPE = re.compile(r'["\\\x00-\x1f]')


def _json_object(values: dict[str, str]) -> str:
    """json.dumps(values, ensure_ascii=False), written directly when no text needs escaping
    (nearly always: object ids are codes); this runs once per distinct object list."""
    if any(_NEEDS_JSON_ESCAPE.search(k) or _NEEDS_JSON_ESCAPE.search(v)
           for k, v in values.items()):
        return json.dumps(values, ensure_ascii=False)
    return "{" + ", ".join(f'"{k}": "{v}"' for k, v in values.items()) + "}"


class SieSource(Source):
    """Cost lines from the vouchers of a SIE 4 file; a row's text defaults to its voucher's."""

    def __init__(self, path: Path, max_errors: int = 1000):
        super().__init__(Path(path))
        self.max_errors = max_errors
        self._reader: SieReader | None = None

    @property
    def bytes_read(self) -> int:
        return self._reader.bytes_read if self._reader else 0

    @property
    def voucher_count(self) -> int:
        return self._reader.voucher_count if self._reader else 0

    def _sync_errors(self) -> None:
        reader = self._reader
        self.errors = [e.as_dict() for e in reader.errors]
        self.error_count = reader.error_count

    @staticmethod
    def dimensions(objects: tuple, names: dict) -> tuple:
        """(dimensions as JSON, cost centre, project, supplier, invoice) of an object list."""
        cost_centre = project = supplier = invoice = ""
        for dim, obj in objects:
            if dim == DIM_COST_CENTRE:
                cost_centre = obj[:60]
            elif dim == DIM_PROJECT:
                project = obj[:60]
            elif dim == DIM_SUPPLIER:
                supplier = names.get((dim, obj), obj)[:200]
            elif dim == DIM_INVOICE:
                invoice = obj[:60]
        return (_json_object(dict(objects)), cost_centre, project, supplier, invoice)

    def open(self) -> SieReader:
        self._handle = self.path.open("rb")
        self._reader = SieReader(self._handle, max_errors=self.max_errors)
        return self._reader

    def close(self) -> None:
        reader = self._reader
        self._handle.close()
        self._sync_errors()
        meta = reader.meta
        self.meta = {
            "company_name": meta.company_name[:200], "org_number": meta.org_number[:20],
            "program": meta.program[:200], "encoding": meta.encoding,
            "checksum_verified": meta.checksum_verified, "vouchers": reader.voucher_count,
            "removed_rows": reader.removed_row_count,
            "fiscal_year": [d.isoformat() for d in meta.fiscal_years[0]]
            if 0 in meta.fiscal_years else None,
            "warnings": [w.as_dict() for w in reader.warnings],
            "warning_count": reader.warning_count,
        }

    def vouchers(self) -> Iterator:
        """The reader's vouchers, with a fatal problem turned into a SourceError."""
        total = 0  # every amount without its sign: bounds each sum the import keeps
        try:
            for voucher in self._reader.vouchers():
                for row in voucher.rows:
                    total += abs(row[3])
                if total > MAX_FILE_TOTAL_ORE:
                    raise SourceError(voucher.line, file_total_message(), str(F_AMOUNT))
                yield voucher
        except SieFatal as exc:
            self._sync_errors()
            raise SourceError(exc.line, exc.message, exc.field) from None

    def lines(self) -> Iterator[ImportedLine]:
        reader = self.open()
        names = reader.meta.objects
        by_objects: dict[tuple, tuple] = {}
        try:
            for voucher in self.vouchers():
                series, number, vdate = voucher.series, voucher.number, voucher.date
                vtext = voucher.text[:300]
                for line_no, account, objects, amount, day, text, _quantity in voucher.rows:
                    if objects:
                        known = by_objects.get(objects)
                        if known is None:
                            known = by_objects[objects] = self.dimensions(objects, names)
                        dimensions, cost_centre, project, supplier, invoice = known
                    else:
                        dimensions, cost_centre, project, supplier, invoice = \
                            None, "", "", "", ""
                    yield ImportedLine(
                        line_no, day, account, amount, supplier, "", invoice, cost_centre,
                        project, dimensions, (text or vtext)[:300], series, number, vdate)
        finally:
            self.close()


class TabularSource(Source):
    """Cost lines from a supplier-ledger export, with the confirmed column mapping."""

    def __init__(self, path: Path, filename: str, mapping: dict[str, int], max_errors: int = 1000):
        super().__init__(Path(path))
        self.filename = filename
        self.mapping = mapping
        self.max_errors = max_errors
        self._rows_read = 0

    def _error(self, row: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < self.max_errors:
            self.errors.append({"row": row, "column": column, "message": message})

    def lines(self) -> Iterator[ImportedLine]:
        try:
            sheet = read_sheet(self.path, self.filename)
        except FileRejected as exc:
            raise SourceError(exc.row, str(exc), exc.column) from None
        header = sheet.header
        missing = [str(f.label) for f in supplier_ledger.FIELDS
                   if f.required and self.mapping.get(f.name) is None]
        if missing:
            raise SourceError(1, _("Kolumner saknas i mappningen: %(names)s.")
                              % {"names": ", ".join(missing)})
        labels = {f.name: str(f.label) for f in supplier_ledger.FIELDS}
        columns = [(name, index) for name, index in self.mapping.items()
                   if index is not None and name in labels]
        if any(index >= len(header) for _name, index in columns):
            raise SourceError(1, _("Filens kolumner stämmer inte med den sparade mappningen."))
        dates: dict = {}
        self.meta = {"header": header, **sheet.meta}
        total = 0
        try:
            for number, cells in sheet.rows:
                self._rows_read += 1
                values = {}
                bad = False
                for name, index in columns:
                    cell = cells[index] if index < len(cells) else None
                    if cell is not None and cell.is_formula:
                        self._error(number, labels[name], _(
                            "Cellen innehåller en formel. Klistra in värdet i stället."))
                        bad = True
                        continue
                    values[name] = cell.value.strip() if cell is not None else ""
                if bad:
                    continue
                line = self._line(number, values, labels, dates)
                if line is not None:
                    total += abs(line.amount_ore)
                    if total > MAX_FILE_TOTAL_ORE:
                        raise SourceError(number, file_total_message(), labels["amount"])
                    yield line
                if self.error_count >= self.max_errors:
                    raise SourceError(number, _("För många fel (över %(count)s); läsningen "
                                                "avbröts.") % {"count": self.max_errors})
        except FileRejected as exc:
            raise SourceError(exc.row, str(exc), exc.column) from None
        if not self._rows_read:
            raise SourceError(2, _("Filen innehåller inga rader att importera."))

    def _line(self, number: int, values: dict, labels: dict, dates: dict) -> ImportedLine | None:
        ok = True
        try:
            day = supplier_ledger.parse_date(values.get("date", ""), dates)
        except supplier_ledger.CellError as exc:
            self._error(number, labels["date"], str(exc))
            ok = False
        try:
            account = supplier_ledger.parse_account(values.get("account", ""))
        except supplier_ledger.CellError as exc:
            self._error(number, labels["account"], str(exc))
            ok = False
        try:
            amount = supplier_ledger.parse_amount(values.get("amount", ""))
        except supplier_ledger.CellError as exc:
            self._error(number, labels["amount"], str(exc))
            ok = False
        try:
            org_number = supplier_ledger.normalise_org_number(values.get("supplier_org_number", ""))
        except ValueError as exc:
            self._error(number, labels["supplier_org_number"], str(exc))
            ok = False
        if not ok:
            return None
        return ImportedLine(
            number, day, account, amount, values.get("supplier_name", "")[:200], org_number,
            values.get("invoice_number", "")[:60], values.get("cost_centre", "")[:60],
            values.get("project", "")[:60], None, values.get("text", "")[:300], "", "", day)
