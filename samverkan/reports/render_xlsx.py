"""The pack in Excel: a first sheet naming the meeting and the as-of date, then every table of
the pack on its own sheet, typed (kronor to the öre, hours, dates) so that it can be worked on."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from samverkan.core.exports import neutralise

from .pack import Pack, cell_value
from .registry import HOURS, MONEY

FORMATS = {MONEY: "#,##0.00", HOURS: "#,##0.0#"}


def sheet_name(title: str, taken: set[str]) -> str:
    """Excel's sheet names: at most 31 characters, no []:*?/\\, unique in the workbook."""
    base = "".join(c for c in title if c not in "[]:*?/\\")[:31] or "Tabell"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def render(pack: Pack) -> bytes:
    workbook = Workbook()
    first = workbook.active
    first.title = _("Paket")
    taken = {first.title.lower()}
    bold = Font(bold=True)
    first.append([neutralise(pack.title)])
    first["A1"].font = bold
    first.append([_("Uppgifter per"), pack.as_of])
    first.append([_("Avsnitt"), _("Tabell"), _("Blad")])
    for part in pack.sections:
        for paragraph in part.content.paragraphs:
            first.append([neutralise(part.title), neutralise(paragraph)])
        for table in part.content.tables:
            name = sheet_name(table.title, taken)
            first.append([neutralise(part.title), neutralise(table.title), name])
            sheet = workbook.create_sheet(name)
            sheet.append([neutralise(c.title) for c in table.columns])
            for cell in sheet[1]:
                cell.font = bold
            for row in table.all_rows:
                sheet.append([neutralise(cell_value(v, c.kind)) if v is not None else None
                              for v, c in zip(row, table.columns, strict=True)])
            for index, column in enumerate(table.columns, start=1):
                letter = get_column_letter(index)
                sheet.column_dimensions[letter].width = 40 if column.kind == "text" else 16
                if column.kind in FORMATS:
                    for cell in sheet[letter][1:]:
                        cell.number_format = FORMATS[column.kind]
            if table.total:
                for cell in sheet[sheet.max_row]:
                    cell.font = bold
            sheet.freeze_panes = "A2"
    first.column_dimensions["A"].width = 30
    first.column_dimensions["B"].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
