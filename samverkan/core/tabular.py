"""Reading uploaded spreadsheets safely: CSV (UTF-8 or Windows-1252, `;` or `,`) and XLSX.

Hostile files are refused before anything is parsed in earnest: too large, not what the name
says, zip bombs, XML with entity declarations, binary junk, control characters. Every refusal is
a FileRejected with a Swedish message a finance officer can act on, naming the row and column
where there is one. Files are read as they go, never whole, so memory stays bounded whatever
their size.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from . import xlsx
from .rejected import FileRejected

CHUNK = 1024 * 1024
MAX_LINE = 1024 * 1024  # a CSV line longer than this is not a spreadsheet row
MAX_COLUMNS = 1000
CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")

check_xlsx_container = xlsx.check_container


@dataclass
class Cell:
    value: str
    is_formula: bool = False


@dataclass
class Sheet:
    header: list[str]
    rows: Iterator[tuple[int, list[Cell]]]
    meta: dict = field(default_factory=dict)


def check_size(size: int) -> None:
    limit = settings.SAMVERKAN_MAX_IMPORT_BYTES
    if size > limit:
        raise FileRejected(
            _("Filen är för stor (%(size)s MB); största tillåtna storlek är %(limit)s MB.")
            % {"size": size // (1024 * 1024), "limit": limit // (1024 * 1024)}
        )
    if size == 0:
        raise FileRejected(_("Filen är tom."))


class TextCheck:
    """Fed a text file chunk by chunk, finds its encoding (UTF-8 with or without BOM, else
    Windows-1252) and refuses binary data and control characters anywhere in it."""

    def __init__(self):
        self.line = 1
        self.utf8 = codecs.getincrementaldecoder("utf-8")()
        self.is_utf8 = True
        self.cp1252_error: int | None = None
        self.offset = 0
        self.first = True

    def feed(self, chunk: bytes) -> None:
        if self.first:
            self.first = False
            if chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
                raise FileRejected(_("Filen är sparad som UTF-16. Spara den som CSV (UTF-8) "
                                     "eller CSV (semikolonavgränsad)."))
        if b"\x00" in chunk:
            raise FileRejected(_("Filen är inte en textfil (den innehåller binära data)."))
        match = CONTROL.search(chunk)
        if match:
            line = self.line + chunk.count(b"\n", 0, match.start())
            raise FileRejected(
                _("Filen innehåller styrtecken (rad %(row)s) och ser inte ut som en textfil.")
                % {"row": line}, row=line)
        if self.is_utf8:
            try:
                self.utf8.decode(chunk)
            except UnicodeDecodeError:
                self.is_utf8 = False
        if self.cp1252_error is None:
            undefined = CP1252_UNDEFINED.search(chunk)
            if undefined:
                self.cp1252_error = self.offset + undefined.start()
        self.line += chunk.count(b"\n")
        self.offset += len(chunk)

    def encoding(self) -> str:
        if self.is_utf8:
            try:
                self.utf8.decode(b"", final=True)
                return "utf-8-sig"
            except UnicodeDecodeError:
                pass
        if self.cp1252_error is not None:
            raise FileRejected(
                _("Okänd teckenkodning (byte %(pos)s). Spara filen som UTF-8 eller Windows-1252.")
                % {"pos": self.cp1252_error})
        return "cp1252"


def text_encoding(path: Path) -> str:
    check = TextCheck()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            check.feed(chunk)
    return check.encoding()


def decode_text(data: bytes) -> str:
    """A small text file in memory: UTF-8 (with or without BOM) or Windows-1252."""
    check = TextCheck()
    check.feed(data)
    return data.decode(check.encoding())


def sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ";"


def _lines(handle) -> Iterator[str]:
    number = 0
    while line := handle.readline(MAX_LINE):
        number += 1
        if len(line) >= MAX_LINE and not line.endswith(("\n", "\r")):
            raise FileRejected(_("Rad %(row)s är längre än %(limit)s tecken och kan inte läsas "
                                 "som CSV.") % {"row": number, "limit": MAX_LINE}, row=number)
        yield line


def read_csv(path: Path) -> Sheet:
    """Read row by row from disk: the file is checked whole first, then streamed."""
    handle = path.open("r", encoding=text_encoding(path), newline="")
    delimiter = sniff_delimiter(handle.readline(MAX_LINE))
    handle.seek(0)
    reader = csv.reader(_lines(handle), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        handle.close()
        raise FileRejected(_("Filen saknar rubrikrad.")) from None
    except csv.Error as exc:
        handle.close()
        raise FileRejected(_("Filen kan inte läsas som CSV: %(error)s") % {"error": exc}) from None
    header = [h.strip() for h in header]
    # A line inside a quoted cell with as many separators as a row has is a row the cell swallowed
    # because its quote was never closed.
    swallowed = max(1, len(header) - 1)

    def rows():
        number = 1
        try:
            for number, values in enumerate(reader, start=2):
                if len(values) > MAX_COLUMNS:
                    raise FileRejected(_("Rad %(row)s har %(count)s kolumner; högst %(limit)s "
                                         "tillåts.") % {"row": number, "count": len(values),
                                                       "limit": MAX_COLUMNS}, row=number)
                for index, value in enumerate(values):
                    if "\n" in value or "\r" in value:
                        _check_quoted(value, number, index, header, delimiter, swallowed)
                cells = [Cell(v.strip()) for v in values]
                if any(c.value for c in cells):  # blank lines are skipped, as in XLSX
                    yield number, cells
        except csv.Error as exc:
            raise FileRejected(
                _("Rad %(row)s kan inte läsas som CSV: %(error)s")
                % {"row": number + 1, "error": exc}, row=number + 1) from None
        finally:
            handle.close()

    return Sheet(header, rows())


def _check_quoted(value, number, index, header, delimiter, swallowed) -> None:
    continuation = value.splitlines()[1:]
    if any(line.count(delimiter) >= swallowed for line in continuation):
        column = header[index] if index < len(header) else str(index + 1)
        raise FileRejected(
            _("Rad %(row)s, kolumn %(column)s: ett citattecken (\") öppnas men stängs aldrig, så "
              "cellen slukar %(lines)s följande rader. Stäng citattecknet eller ta bort det.")
            % {"row": number, "column": column, "lines": len(continuation)},
            row=number, column=column)


def read_sheet(path: Path, filename: str) -> Sheet:
    """Open an uploaded tabular file by its name's extension, refusing what is not what it says."""
    suffix = Path(filename).suffix.lower()
    check_size(path.stat().st_size)
    if suffix == ".xlsx":
        header, rows, meta = xlsx.read(path)
        return Sheet(header, ((n, [Cell(v, f) for v, f in cells]) for n, cells in rows), meta)
    if suffix in (".csv", ".txt"):
        return read_csv(path)
    if suffix == ".xls":
        raise FileRejected(_("Gamla Excel-filer (.xls) stöds inte. Spara som .xlsx eller CSV."))
    raise FileRejected(
        _("Okänt filformat %(suffix)s. Använd .xlsx eller .csv.") % {"suffix": suffix or "–"}
    )
