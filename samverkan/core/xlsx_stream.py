"""A worksheet's rows streamed by expat, for sheets python-calamine cannot take: those with
formulas (calamine does not say which cells hold one) and those too large for its in-memory grid.

openpyxl still reads everything around the sheet (shared strings, styles, the date system, which
part is the first sheet), so values come out as its read-only mode gives them; only the cells,
where it spends its time building an element tree and a cell object each, are read here, about
ten times faster and in memory bounded by one chunk of the sheet and the rows not yet taken.
The container check has already refused DTDs and entities; the parser refuses them again."""

from __future__ import annotations

from dataclasses import dataclass
from xml.parsers import expat

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601

CHUNK = 256 * 1024


class DeclarationFound(ValueError):
    """The sheet declares a DTD or an entity (the container check should have refused it)."""


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


LOCAL: dict[str, str] = {}  # element name, with any prefix, → local name


def _local(name: str) -> str:
    local = LOCAL[name] = name.rpartition(":")[2]
    return local


class _SheetParser:
    """Expat callbacks collecting each finished row as (row number, {column: (value, formula)})."""

    def __init__(self, workbook):
        self.shared = workbook.shared_strings
        self.epoch = workbook.epoch
        self.dates = workbook._date_formats
        self.durations = workbook._timedelta_formats
        self.columns: dict[str, int] = {}
        self.finished: list[tuple[int, dict]] = []
        self.row_number = 0
        self.cells: dict[int, tuple] = {}
        self.column = 0
        self.kind = "n"
        self.style = 0
        self.text: list[str] | None = None  # collecting character data when not None
        self.value: str | None = None
        self.formula: str | None = None
        self.inline: list[str] | None = None
        self.phonetic = 0

    def start(self, name: str, attrs: dict) -> None:
        local = LOCAL.get(name) or _local(name)
        if local == "c":
            reference = attrs.get("r")
            if reference:
                letters = reference.rstrip("0123456789")
                column = self.columns.get(letters)
                if column is None:
                    column = self.columns[letters] = column_index_from_string(letters)
                self.column = column
            else:
                self.column += 1
            self.kind = attrs.get("t", "n")
            style = attrs.get("s")
            self.style = int(style) if style else 0
            self.value = self.formula = self.inline = None
        elif local == "v" or local == "f":
            self.text = []
        elif local == "t":
            if self.kind == "inlineStr" and not self.phonetic:
                self.text = []
        elif local == "row":
            number = attrs.get("r")
            self.row_number = int(float(number)) if number else self.row_number + 1
            self.column = 0
            self.cells = {}
        elif local == "is":
            self.inline = []
        elif local == "rPh":
            self.phonetic += 1

    def characters(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def end(self, name: str) -> None:
        local = LOCAL.get(name) or _local(name)
        if local == "v":
            self.value = "".join(self.text)
            self.text = None
        elif local == "c":
            self.cells[self.column] = self._cell()
        elif local == "row":
            self.finished.append((self.row_number, self.cells))
        elif local == "f":
            self.formula = "".join(self.text)
            self.text = None
        elif local == "t":
            if self.text is not None:
                self.inline.append("".join(self.text))
                self.text = None
        elif local == "rPh":
            self.phonetic -= 1

    def _cell(self) -> tuple:
        """(value as openpyxl's read-only mode gives it, whether it is a formula)."""
        if self.formula is not None:
            return "=" + self.formula, True
        kind, value = self.kind, self.value
        if kind == "inlineStr":
            return ("".join(self.inline) if self.inline is not None else None), False
        if not value:
            return None, False
        if kind == "n":
            number = _number(value)
            if self.style in self.dates:
                try:
                    return from_excel(number, self.epoch,
                                      timedelta=self.style in self.durations), False
                except (OverflowError, ValueError):
                    return "#VALUE!", False
            return number, False
        if kind == "s":
            return self.shared[int(value)], False
        if kind == "b":
            return bool(int(value)), False
        if kind == "d":
            return from_ISO8601(value), False
        return value, False


def _refuse_declaration(*_args) -> None:
    raise DeclarationFound("DTD or entity declaration in the sheet")


def rows(sheet: FirstSheet, convert):
    """(row number, [convert(value, is_formula), …] from column A) for every row from 1 on,
    an empty list for rows the sheet leaves out, as openpyxl's read-only iter_rows yields them."""
    workbook = sheet.workbook
    handler = _SheetParser(workbook)
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.characters
    parser.StartDoctypeDeclHandler = _refuse_declaration
    parser.EntityDeclHandler = _refuse_declaration
    next_number = 1
    empty = ("", False)
    with workbook._archive.open(sheet.part) as source:
        while True:
            chunk = source.read(CHUNK)
            parser.Parse(chunk, not chunk)
            for number, cells in handler.finished:
                while next_number < number:
                    yield next_number, []
                    next_number += 1
                width = max(cells, default=0)
                row = [empty] * width
                for column, (value, formula) in cells.items():
                    row[column - 1] = convert(value, formula)
                yield number, row
                next_number = number + 1
            handler.finished.clear()
            if not chunk:
                return
