"""Export any list to XLSX or CSV, streaming, with spreadsheet formulas neutralised.

A cell that begins with =, +, - or @ would run as a formula when a colleague opens the file
(CSV injection); such text is prefixed with an apostrophe. Numbers stay numbers. Control
characters that XML cannot hold are dropped, so whatever is stored can be exported.
"""

from __future__ import annotations

import csv
import datetime
import itertools
import tempfile
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, datetime.date):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]):
    """Semicolon-separated UTF-8 with BOM: what Swedish Excel opens without a wizard."""
    writer = csv.writer(_Echo(), delimiter=";")

    def stream():
        yield "\ufeff"
        yield writer.writerow([neutralise(h) for h in header])
        for row in rows:
            yield writer.writerow([_csv_cell(v) for v in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _csv_cell(value):
    value = neutralise(value)
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", ",")
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


WIDTH_SAMPLE = 200  # rows read ahead to size the columns


def _width(value) -> int:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return 11
    return len(str(value)) if value is not None else 0


def write_xlsx(header: Sequence[str], rows: Iterable[Sequence], title: str = "Export"):
    """A write-only workbook in a temporary file (constant memory for long lists), ready to work
    with in Excel: columns as wide as their first rows need, the header frozen and filterable."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    rows = iter(rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE))
    for index, name in enumerate(header, start=1):
        widest = max([_width(name) + 2, *(_width(row[index - 1]) for row in sample
                                          if index <= len(row))])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(widest + 1, 8), 60)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=neutralise(name))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in itertools.chain(sample, rows):
        sheet.append([neutralise(v) for v in row])
        count += 1
    if header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle


def xlsx_response(filename: str, header: Sequence[str], rows: Iterable[Sequence],
                  title: str = "Export"):
    handle = write_xlsx(header, rows, title)
    return FileResponse(
        handle, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE
    )


def table_response(table, filename: str, fmt: str):
    """Export a django-tables2 table (all rows, not only the current page)."""
    values = table.as_values()
    header = next(values)
    if fmt == "csv":
        return csv_response(filename, header, values)
    return xlsx_response(filename, header, values, title=filename)
