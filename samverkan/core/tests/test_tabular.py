"""Reading uploaded spreadsheets: the formats people really save, and hostile files that must be
refused with a clear Swedish message before anything is parsed in earnest."""


import io
import zipfile

import pytest

from samverkan.core.tabular import FileRejected, read_sheet
from samverkan.testing.spreadsheets import (
    ROWS,
    billion_laughs,
    broken_further_down,
    csv_text,
    external_entity,
    replace_sheet,
    xlsx_bytes,
    zip_bomb,
    zip_of,
)


def read(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    sheet = read_sheet(path, name)
    return sheet.header, [[cell.value for cell in cells] for _n, cells in sheet.rows]


# -- what people save -------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_csv_in_the_encodings_and_separators_excel_writes(tmp_path, encoding, separator):
    header, rows = read(tmp_path, "system.csv", csv_text(separator).encode(encoding))
    assert header == ROWS[0]
    assert rows == ROWS[1:]


def test_xlsx_is_read_by_values_with_numbers_and_dates_as_text(tmp_path):
    import datetime

    data = xlsx_bytes([["Namn", "Antal", "Datum", "Andel"],
                       ["Procapita", 120, datetime.date(2024, 1, 31), 0.5],
                       [None, None, None, None],  # empty rows are skipped
                       ["  Infomentor  ", 300.0, datetime.datetime(2024, 2, 1, 12, 30), None]])
    header, rows = read(tmp_path, "system.xlsx", data)
    assert header == ["Namn", "Antal", "Datum", "Andel"]
    assert rows == [["Procapita", "120", "2024-01-31", "0.5"],
                    ["Infomentor", "300", "2024-02-01T12:30:00", ""]]


def test_formula_cells_are_marked_so_the_import_can_refuse_them(tmp_path):
    path = tmp_path / "system.xlsx"
    path.write_bytes(xlsx_bytes([["Namn", "Antal"], ["Procapita", "=SUM(1,2)"]]))
    sheet = read_sheet(path, "system.xlsx")
    (_number, cells), = list(sheet.rows)
    assert [c.is_formula for c in cells] == [False, True]


# -- what must be refused ---------------------------------------------------------------------

HOSTILE = [
    ("utf16.csv", lambda: "Namn;Ägare\r\nProcapita;Laxå\r\n".encode("utf-16"), "UTF-16"),
    ("utf16-no-bom.csv", lambda: "Namn;Ägare\r\n".encode("utf-16-le"), "binära data"),
    ("junk.csv", lambda: bytes(range(256)) * 40, "binära data"),
    ("junk2.csv", lambda: b"\x81\x8d\x8f\x90\x9d" * 100, "teckenkodning"),
    ("control.csv", lambda: b"Namn;\x07\x08\x1b[31m;\x0b\x0c\r\n" * 50, "styrtecken"),
    ("empty.csv", lambda: b"", "tom"),
    ("long-field.csv", lambda: b"Namn\r\n" + b"x" * 200_000 + b"\r\n", "kan inte läsas som CSV"),
    ("text.xlsx", lambda: b"Namn;Agare\r\nProcapita;Laxa\r\n", "inte en giltig Excel-fil"),
    ("truncated.xlsx", lambda: xlsx_bytes()[:2000], "inte en giltig Excel-fil"),
    ("plain.xlsx", lambda: zip_of({"data.txt": b"hej"}), "inte en giltig Excel-fil"),
    ("document.xlsx", lambda: zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml":
                                    b"<w/>"}), "kan inte läsas"),
    ("bomb.xlsx", zip_bomb, "zip-bomb"),
    ("laughs.xlsx", replace_sheet(billion_laughs()), "DTD/entiteter"),
    ("xxe.xlsx", replace_sheet(external_entity()), "DTD/entiteter"),
    ("xxe-late.xlsx", replace_sheet(external_entity(padding=8000)), "DTD/entiteter"),
    ("broken-sheet.xlsx", replace_sheet(b"<?xml version='1.0'?><worksheet><sheetData><row><c"),
     "kan inte läsas"),
    ("cut-off.xlsx", broken_further_down, "skadad eller ofullständig"),
    ("old.xls", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "Gamla Excel-filer"),
    ("system.pdf", lambda: b"%PDF-1.4", "Okänt filformat .pdf"),
    ("system", lambda: b"Namn\r\nx\r\n", "Okänt filformat"),
]


@pytest.mark.parametrize("name, make, message", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_files_are_refused_with_a_clear_message(tmp_path, name, make, message):
    with pytest.raises(FileRejected, match=message):
        read(tmp_path, name, make())


def test_files_over_the_size_limit_are_refused(tmp_path, settings):
    settings.SAMVERKAN_MAX_IMPORT_BYTES = 1024 * 1024
    with pytest.raises(FileRejected, match="för stor .1 MB.; största tillåtna storlek är 1 MB"):
        read(tmp_path, "big.csv", b"Namn\r\n" + b"Procapita\r\n" * 120_000)


def with_picture(size: int) -> bytes:
    """A real workbook carrying a picture part of `size` bytes (zeros, so it packs small)."""
    out = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes()))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item.filename))
        chunk = bytes(2**20)
        with target.open("xl/media/image1.png", "w", force_zip64=True) as picture:
            for _ in range(size // len(chunk)):
                picture.write(chunk)
    return out.getvalue()


def test_a_workbook_whose_parts_unpack_to_more_than_a_gigabyte_is_refused(tmp_path):
    data = with_picture(2**30 + 2**20)
    assert len(data) < 10 * 2**20  # small on disk
    with pytest.raises(FileRejected, match="packas tillsammans upp till mer än 1 GB"):
        read(tmp_path, "bilder.xlsx", data)


def test_pictures_under_the_limit_do_not_stop_the_table_being_read(tmp_path):
    header, rows = read(tmp_path, "bilder.xlsx", with_picture(400 * 2**20))
    assert header == ROWS[0]
    assert rows == ROWS[1:]


def test_a_sheet_streamed_by_openpyxl_keeps_no_row_it_has_read(tmp_path, monkeypatch):
    from samverkan.core import xlsx

    trees = []
    parse = xlsx.defused_iterparse

    def watched(source, events=None, **options):
        for event, element in parse(source, events, **options):
            if event == "start" and element.tag.endswith("}sheetData"):
                trees.append(element)
            yield event, element

    monkeypatch.setattr(xlsx, "defused_iterparse", watched)
    monkeypatch.setattr(xlsx, "MAX_CALAMINE_CELLS", 0)  # large sheets go to openpyxl
    rows = [["Namn", "Antal"]] + [[f"System {n}", n] for n in range(2000)]
    header, read_rows = read(tmp_path, "stor.xlsx", xlsx_bytes(rows))
    assert header == ["Namn", "Antal"] and len(read_rows) == 2000
    assert read_rows[-1] == ["System 1999", "1999"]
    assert trees and all(len(tree) == 0 for tree in trees)  # ElementTree would hold 2001 rows
