"""A worksheet's rows streamed, for sheets python-calamine cannot take: those with
formulas (calamine does not say which cells hold one) and those too large for its in-memory grid.

openpyxl still reads everything around the sheet (shared strings, styles, the date system, which
part is the first sheet), so values come out as its read-only mode gives them; only the cells,
where it spends its time on a dictionary and a cell object each, are read here from the
element tree, in memory bounded by one chunk of the sheet. The container check has already
refused DTDs and entities."""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import XMLPullParser

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601

CHUNK = 256 * 1024


def _number(text: str):
    """As openpyxl's _cast_number: a float when it looks like one, otherwise an int."""
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


@dataclass
class FirstSheet:
    """The workbook read up to its sheets, and where its first worksheet is."""

    workbook: object
    title: str
    part: str

    def close(self) -> None:
        self.workbook._archive.close()


def first_sheet(path) -> FirstSheet:
    """What openpyxl's read-only load reads, except the sheets: it would parse every sheet
    whole once just to find its size when the size is not stated at the start (as many
    programs write it), doubling the read."""
    reader = ExcelReader(path, read_only=True, data_only=False)
    reader.read_manifest()
    reader.read_strings()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    for sheet, relation in reader.parser.find_sheets():
        if relation.target in reader.valid_files and "chartsheet" not in relation.Type:
            return FirstSheet(reader.wb, sheet.name, relation.target)
    reader.archive.close()
    raise ValueError("no worksheet")


MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
SHEET_DATA, ROW, CELL = MAIN + "sheetData", MAIN + "row", MAIN + "c"
VALUE, FORMULA, INLINE, TEXT, RUN = (MAIN + tag for tag in ("v", "f", "is", "t", "r"))


class _Cells:
    """A row's cells as openpyxl's read-only mode gives their values."""

    def __init__(self, workbook, formulas: bool):
        self.shared = workbook.shared_strings
        self.epoch = workbook.epoch
        self.dates = workbook._date_formats
        self.durations = workbook._timedelta_formats
        self.formulas = formulas  # whether to look for them: the container check knows
        self.columns: dict[str, int] = {}
        self.date_style: dict[str, bool] = {}

    def row(self, element, convert) -> list:
        """[convert(value, is_formula), …] from column A, a gap filled with empty cells."""
        row: list = []
        column = 0
        columns, value, formulas = self.columns, self.value, self.formulas
        for cell in element:
            if cell.tag != CELL:
                continue
            reference = cell.get("r")
            if reference:
                letters = reference.rstrip("0123456789")
                column = columns.get(letters)
                if column is None:
                    column = columns[letters] = column_index_from_string(letters)
            else:
                column += 1
            while len(row) < column - 1:
                row.append(EMPTY)
            formula = cell.find(FORMULA) if formulas else None
            if formula is not None:
                row.append(convert("=" + (formula.text or ""), True))
            else:
                row.append(convert(value(cell), False))
        return row

    def value(self, cell):
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = cell.find(INLINE)
            if inline is None:
                return None
            # its text and its runs' text, as openpyxl's Text.content: no phonetic guide
            parts = [part for child in inline
                     for part in ((child,) if child.tag == TEXT else
                                  child.findall(TEXT) if child.tag == RUN else ())]
            return "".join(part.text or "" for part in parts)
        value = cell.findtext(VALUE)
        if not value:
            return None
        if kind == "n":
            number = _number(value)
            style = cell.get("s")
            if style and self._is_date(style):
                try:
                    return from_excel(number, self.epoch,
                                      timedelta=int(style) in self.durations)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == "s":
            return self.shared[int(value)]
        if kind == "b":
            return bool(int(value))
        if kind == "d":
            return from_ISO8601(value)
        return value

    def _is_date(self, style: str) -> bool:
        known = self.date_style.get(style)
        if known is None:
            known = self.date_style[style] = int(style) in self.dates
        return known


EMPTY = ("", False)


def rows(sheet: FirstSheet, convert, formulas: bool = True):
    """(row number, [convert(value, is_formula), …] from column A) for every row from 1 on,
    an empty list for rows the sheet leaves out, as openpyxl's read-only iter_rows yields them.
    Each row is dropped from the tree once read: ElementTree keeps every element under its
    parent, cleared or not."""
    cells = _Cells(sheet.workbook, formulas)
    parser = XMLPullParser(events=("start", "end"))
    sheet_data = None
    number = 0
    with sheet.workbook._archive.open(sheet.part) as source:
        while True:
            chunk = source.read(CHUNK)
            if chunk:
                parser.feed(chunk)
            else:
                parser.close()
            for event, element in parser.read_events():
                if element.tag != ROW:
                    if element.tag == SHEET_DATA and event == "start":
                        sheet_data = element
                    continue
                if event == "end":
                    stated = element.get("r")
                    following = int(float(stated)) if stated else number + 1
                    while number + 1 < following:
                        number += 1
                        yield number, []
                    number = following
                    yield number, cells.row(element, convert)
            if sheet_data is not None:
                # the finished rows; the one being built stays referenced by the parser
                del sheet_data[:]
            if not chunk:
                return
