"""Reading the first sheet of an XLSX workbook, after its container has been checked whole.

The check refuses a workbook whose parts together unpack to more than 1 GB, then unpacks every XML
part as a stream before any reader sees the file: it measures real sizes (the ZIP directory may
lie), verifies checksums, refuses a large part that packs like a bomb, DTDs and entities
anywhere, and notes formulas and the sheet's extent. Cells are then read by python-calamine (Rust, about 20×
faster than openpyxl) unless the sheet holds formulas, which calamine does not report cell by
cell, or is too large for calamine's in-memory grid; `xlsx_stream` streams it instead.
"""

from __future__ import annotations

import datetime
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from defusedxml import DefusedXmlException
from django.utils.translation import gettext as _
from openpyxl.utils import column_index_from_string
from python_calamine import CalamineWorkbook

from . import xlsx_stream
from .rejected import FileRejected

CHUNK = 1024 * 1024
MAX_PARTS = 1000
# Every part together, pictures too, as really unpacked. A ledger sheet unpacks to about 11 times
# its size on disk, so this admits workbooks of some 90 MB; the readers stream the sheet.
MAX_TOTAL = 1024 * 1024 * 1024
MAX_SHARED_STRINGS = 48 * 1024 * 1024  # held in memory by every reader
# A high ratio alone is no bomb (a 1 MB cell of one letter packs 450×); a large part that packs
# like that is.
BOMB_RATIO = 150
BOMB_RATIO_FROM = 16 * 1024 * 1024
# calamine holds the sheet's whole grid: about 90 bytes a cell of a ledger sheet (measured: 1.9
# million cells, 164 MB), so 1 million keeps an import under 200 MB
MAX_CALAMINE_CELLS = 1_000_000
MAX_ROWS = 1_048_576
MAX_COLUMNS = 1000
OVERLAP = 64
DECLARATION = re.compile(rb"<!DOCTYPE|<!ENTITY")
FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
REFERENCE = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
READ_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError,
               NotImplementedError, RuntimeError, ValueError, KeyError)


@dataclass
class Container:
    formulas: bool = False
    rows: int = 0
    columns: int = 0
    sheet_bytes: int = 0


def _damaged(exc: Exception) -> FileRejected:
    return FileRejected(_("Excel-filen kan inte läsas; den är skadad eller ofullständig "
                          "(%(error)s).") % {"error": type(exc).__name__})


def _bomb() -> FileRejected:
    return FileRejected(
        _("Excel-filen packas upp till orimligt mycket data och har avvisats (zip-bomb). Största "
          "tillåtna uppackade storlek är %(limit)s MB.") % {"limit": MAX_TOTAL // 2**20})


def _too_large() -> FileRejected:
    return FileRejected(
        _("Excel-filens delar packas tillsammans upp till mer än %(limit)s och filen har "
          "avvisats. Ta bort bilder och andra blad, eller spara tabellen som CSV.")
        % {"limit": f"{MAX_TOTAL / 2**30:g} GB" if MAX_TOTAL >= 2**30
           else f"{MAX_TOTAL // 2**20} MB"})


def check_container(path: Path) -> Container:
    if not zipfile.is_zipfile(path):
        raise FileRejected(_("Filen är inte en giltig Excel-fil (.xlsx)."))
    try:
        with zipfile.ZipFile(path) as archive:
            return _check_parts(archive)
    except READ_ERRORS as exc:
        raise _damaged(exc) from None


def _check_parts(archive: zipfile.ZipFile) -> Container:
    entries = archive.infolist()
    if len(entries) > MAX_PARTS:
        raise FileRejected(_("Excel-filen innehåller orimligt många delar (%(count)s; högst "
                             "%(limit)s).") % {"count": len(entries), "limit": MAX_PARTS})
    if "[Content_Types].xml" not in {e.filename for e in entries}:
        raise FileRejected(_("Filen är inte en giltig Excel-fil (.xlsx)."))
    if sum(e.file_size for e in entries) > MAX_TOTAL:
        raise _too_large()  # as the directory says; what it hides is measured below
    info = Container()
    everything = 0
    for entry in entries:
        if not entry.filename.endswith((".xml", ".rels")):
            # Pictures and the like: no reader unpacks them, and zipfile never yields more than
            # the directory states, so their stated size is what they can cost.
            everything += entry.file_size
            continue
        is_sheet = entry.filename.startswith("xl/worksheets/")
        size = 0
        tail = b""
        with archive.open(entry) as handle:
            while chunk := handle.read(CHUNK):
                size += len(chunk)
                everything += len(chunk)
                if everything > MAX_TOTAL:
                    raise _too_large()
                if size > BOMB_RATIO_FROM and size > BOMB_RATIO * max(entry.compress_size, 1):
                    raise _bomb()
                if entry.filename == "xl/sharedStrings.xml" and size > MAX_SHARED_STRINGS:
                    raise FileRejected(
                        _("Excel-filen har för mycket text (mer än %(limit)s MB unika texter) för "
                          "att läsas säkert. Dela upp den eller spara som CSV.")
                        % {"limit": MAX_SHARED_STRINGS // 2**20})
                window = tail + chunk
                if DECLARATION.search(window):
                    raise FileRejected(_("Excel-filen innehåller XML-deklarationer som inte "
                                         "tillåts (DTD/entiteter)."))
                if is_sheet:
                    _note_sheet(info, window)
                tail = window[-OVERLAP:]
        if is_sheet:
            info.sheet_bytes = max(info.sheet_bytes, size)
    return info


def _note_sheet(info: Container, window: bytes) -> None:
    if not info.formulas and FORMULA.search(window):
        info.formulas = True
    for letters, number in REFERENCE.findall(window):
        column = column_index_from_string(letters.decode())
        row = int(number)
        if column > MAX_COLUMNS or row > MAX_ROWS:
            raise FileRejected(
                _("Bladet har en cell i %(cell)s, utanför det som kan läsas (högst %(columns)s "
                  "kolumner och %(rows)s rader). Ta bort den eller spara bara tabellen.")
                % {"cell": f"{letters.decode()}{row}", "columns": MAX_COLUMNS, "rows": MAX_ROWS},
                row=row, column=letters.decode())
        info.columns = max(info.columns, column)
        info.rows = max(info.rows, row)


def _unreadable(exc: Exception) -> FileRejected:
    cause = exc
    while cause is not None and not isinstance(cause, DefusedXmlException):
        cause = cause.__cause__ or cause.__context__  # openpyxl wraps what the parser raised
    if cause is not None:
        return FileRejected(
            _("Excel-filen innehåller XML-deklarationer som inte tillåts (DTD/entiteter).")
        )
    return _damaged(exc)


def cell_value(value, is_formula: bool = False) -> tuple[str, bool]:
    """A cell as the text the importers parse, and whether it holds a formula."""
    if value is None:
        return "", False
    if is_formula:
        return str(value), True
    if isinstance(value, bool):
        return str(value), False
    if isinstance(value, (datetime.date, datetime.time)):
        text = value.isoformat()
        return (text[:10] if text.endswith("T00:00:00") else text), False
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e21:
            return str(int(value)), False
        return repr(value), False
    return str(value).strip(), False


def read(path: Path):
    """(header, rows, meta): rows yields (row number, [(text, is_formula), …]) lazily."""
    info = check_container(path)
    if info.formulas or info.rows * max(info.columns, 1) > MAX_CALAMINE_CELLS:
        return _read_streaming(path, info.formulas)
    return _read_calamine(path)


def _finish(header_cells, rows, meta):
    header = [value for value, _formula in header_cells]
    while header and not header[-1]:
        header.pop()

    def body():
        for number, cells in rows:
            cells = cells[: len(header)] + [("", False)] * (len(header) - len(cells))
            if any(value for value, _formula in cells):
                yield number, cells

    return header, body(), meta


def _read_calamine(path: Path):
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        grid = sheet.iter_rows()
        first_row, first_column = sheet.start or (0, 0)
    except Exception as exc:  # calamine raises its own types for broken files
        raise _damaged(exc) from None
    padding = [("", False)] * first_column

    def rows():
        # calamine's grid starts at the first filled cell; row numbers are the sheet's own
        for _empty in range(first_row):
            yield []
        try:
            for values in grid:
                yield padding + [cell_value(v) for v in values]
        except Exception as exc:
            raise _damaged(exc) from None

    numbered = enumerate(rows(), start=1)
    header = next(numbered, (1, None))[1]
    if header is None:
        raise FileRejected(_("Filen saknar rubrikrad."))
    return _finish(header, numbered, {"sheet": sheet.name})


def _read_streaming(path: Path, formulas: bool):
    try:
        sheet = xlsx_stream.first_sheet(path)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise _unreadable(exc) from None
    try:
        grid = xlsx_stream.rows(sheet, cell_value, formulas)
        header_row = next(grid, None)
    except Exception as exc:  # the sheet's XML and its values: broken at the start
        sheet.close()
        raise _unreadable(exc) from None
    if header_row is None:
        sheet.close()
        raise FileRejected(_("Filen saknar rubrikrad."))

    def rows():
        try:
            yield from grid
        except Exception as exc:  # the sheet is read as it goes: broken further down
            raise _unreadable(exc) from None
        finally:
            sheet.close()

    return _finish(header_row[1], rows(), {"sheet": sheet.title})
