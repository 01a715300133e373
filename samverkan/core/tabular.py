"""Reading uploaded spreadsheets safely: CSV (UTF-8 or Windows-1252, `;` or `,`) and XLSX.

Hostile files are refused before anything is parsed in earnest: too large, not what the name
says, zip bombs, XML with entity declarations, binary junk. Every refusal is a FileRejected with
a Swedish message a finance officer can act on.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

MAX_XLSX_UNCOMPRESSED = 500 * 1024 * 1024
MAX_ZIP_RATIO = 150  # real spreadsheets compress 5-20×; bombs compress thousands of times
MAX_ZIP_ENTRIES = 5000


class FileRejected(Exception):
    """The file cannot be read at all; nothing was stored."""


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


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) or Windows-1252; anything else is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRejected(
            _("Filen är sparad som UTF-16. Spara den som CSV (UTF-8) eller CSV (semikolonavgränsad).")
        )
    if b"\x00" in data[:65536]:
        raise FileRejected(_("Filen är inte en textfil (den innehåller binära data)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise FileRejected(
                _("Okänd teckenkodning (byte %(pos)s). Spara filen som UTF-8 eller Windows-1252.")
                % {"pos": exc.start}
            ) from None
    control = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\r\n\t")
    if control:
        raise FileRejected(_("Filen innehåller styrtecken och ser inte ut som en textfil."))
    return text


def sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ";"


def read_csv(data: bytes) -> Sheet:
    text = decode_text(data)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line))
    try:
        header = next(reader)
    except StopIteration:
        raise FileRejected(_("Filen saknar rubrikrad.")) from None
    except csv.Error as exc:
        raise FileRejected(_("Filen kan inte läsas som CSV: %(error)s") % {"error": exc}) from None

    def rows():
        try:
            for number, values in enumerate(reader, start=2):
                yield number, [Cell(v.strip()) for v in values]
        except csv.Error as exc:
            raise FileRejected(
                _("Rad %(row)s kan inte läsas som CSV: %(error)s")
                % {"row": reader.line_num, "error": exc}
            ) from None

    return Sheet([h.strip() for h in header], rows())


def check_xlsx_container(path: Path) -> None:
    if not zipfile.is_zipfile(path):
        raise FileRejected(_("Filen är inte en giltig Excel-fil (.xlsx)."))
    with zipfile.ZipFile(path) as archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise FileRejected(_("Excel-filen innehåller orimligt många delar."))
        total = sum(e.file_size for e in entries)
        packed = sum(e.compress_size for e in entries) or 1
        if total > MAX_XLSX_UNCOMPRESSED or total / packed > MAX_ZIP_RATIO:
            raise FileRejected(
                _("Excel-filen packas upp till orimligt mycket data och har avvisats (zip-bomb).")
            )
        names = {e.filename for e in entries}
        if "[Content_Types].xml" not in names:
            raise FileRejected(_("Filen är inte en giltig Excel-fil (.xlsx)."))
        for entry in entries:
            if entry.filename.endswith((".xml", ".rels")):
                with archive.open(entry) as handle:
                    head = handle.read(4096)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise FileRejected(
                        _("Excel-filen innehåller XML-deklarationer som inte tillåts (DTD/entiteter).")
                    )


def _cell_text(cell) -> Cell:
    value = cell.value
    if value is None:
        return Cell("")
    if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value.startswith("=")):
        return Cell(str(value), is_formula=True)
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return Cell(text[:10] if text.endswith("T00:00:00") else text)
    if isinstance(value, float) and value.is_integer():
        return Cell(str(int(value)))
    return Cell(str(value).strip())


def _unreadable(exc: Exception) -> FileRejected:
    from defusedxml import DefusedXmlException

    cause = exc
    while cause is not None and not isinstance(cause, DefusedXmlException):
        cause = cause.__cause__ or cause.__context__  # openpyxl wraps what the parser raised
    if cause is not None:  # a declaration further in than the container check looks
        return FileRejected(
            _("Excel-filen innehåller XML-deklarationer som inte tillåts (DTD/entiteter).")
        )
    return FileRejected(_("Excel-filen kan inte läsas; den är skadad eller ofullständig (%(error)s).")
                        % {"error": type(exc).__name__})


def read_xlsx(path: Path) -> Sheet:
    from openpyxl import load_workbook

    check_xlsx_container(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise _unreadable(exc) from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows()
    try:
        header_row = next(rows)
    except StopIteration:
        workbook.close()
        raise FileRejected(_("Filen saknar rubrikrad.")) from None
    except Exception as exc:
        workbook.close()
        raise _unreadable(exc) from None
    header = [_cell_text(c).value for c in header_row]
    while header and not header[-1]:
        header.pop()

    def body():
        try:
            for number, row in enumerate(rows, start=2):
                cells = [_cell_text(c) for c in row[: len(header)]]
                if any(c.value for c in cells):
                    yield number, cells
        except Exception as exc:  # the sheet is read as it goes: broken further down
            raise _unreadable(exc) from None
        finally:
            workbook.close()

    return Sheet(header, body(), {"sheet": sheet.title})


def read_sheet(path: Path, filename: str) -> Sheet:
    """Open an uploaded tabular file by its name's extension, refusing what is not what it says."""
    suffix = Path(filename).suffix.lower()
    check_size(path.stat().st_size)
    if suffix == ".xlsx":
        return read_xlsx(path)
    if suffix in (".csv", ".txt"):
        return read_csv(path.read_bytes())
    if suffix == ".xls":
        raise FileRejected(_("Gamla Excel-filer (.xls) stöds inte. Spara som .xlsx eller CSV."))
    raise FileRejected(
        _("Okänt filformat %(suffix)s. Använd .xlsx eller .csv.") % {"suffix": suffix or "–"}
    )
