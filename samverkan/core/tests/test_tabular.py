"""Reading uploaded spreadsheets: the formats people really save, and hostile files that must be
refused with a clear Swedish message before anything is parsed in earnest."""


import datetime
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


MIXED = [["Namn", "Antal", "Datum", "Andel", "Aktiv"],
         ["Procapita", 120, datetime.date(2024, 1, 31), 0.5, True],
         [None, None, None, None, None],
         ["  Infomentor  ", 300.0, datetime.datetime(2024, 2, 1, 12, 30), None, False],
         ["Stor", 1234567890123, datetime.time(18, 0), 1e-7, None],
         [None, None, None, None, "bara sista"]]


@pytest.mark.parametrize("streamed", [False, True], ids=["calamine", "stream"])
def test_both_xlsx_readers_give_the_same_text_for_every_kind_of_cell(tmp_path, monkeypatch,
                                                                     streamed):
    from samverkan.core import xlsx

    if streamed:
        monkeypatch.setattr(xlsx, "MAX_CALAMINE_CELLS", 0)  # large sheets are streamed
    header, rows = read(tmp_path, "blandat.xlsx", xlsx_bytes(MIXED))
    assert header == MIXED[0]
    assert rows == [["Procapita", "120", "2024-01-31", "0.5", "True"],
                    ["Infomentor", "300", "2024-02-01T12:30:00", "", "False"],
                    ["Stor", "1234567890123", "18:00:00", "1e-07", ""],
                    ["", "", "", "", "bara sista"]]


def test_the_stream_reads_inline_and_rich_text_without_phonetic_runs_and_numbers_rows(tmp_path):
    sheet = (b'<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="http://schemas.'
             b'openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
             b'<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Namn</x:t></x:is></x:c>'
             b'<x:c r="C1" t="inlineStr"><x:is><x:r><x:t>An</x:t></x:r><x:r><x:t>tal</x:t></x:r>'
             b'<x:rPh><x:t>fonetik</x:t></x:rPh></x:is></x:c></x:row>'
             b'<x:row r="4"><x:c r="A4" t="str"><x:v>text</x:v></x:c><x:c r="C4"><x:v>7</x:v>'
             b'</x:c></x:row></x:sheetData></x:worksheet>')
    data = replace_sheet(sheet)()
    path = tmp_path / "inline.xlsx"
    path.write_bytes(data)
    table = read_sheet(path, "inline.xlsx")
    assert table.header == ["Namn", "", "Antal"]
    assert [(n, [c.value for c in cells]) for n, cells in table.rows] == [(4, ["text", "", "7"])]


def test_the_stream_keeps_no_row_it_has_handed_on(tmp_path, monkeypatch):
    from samverkan.core import xlsx, xlsx_stream

    monkeypatch.setattr(xlsx, "MAX_CALAMINE_CELLS", 0)
    monkeypatch.setattr(xlsx_stream, "CHUNK", 4096)
    sheet_data, held = [], []

    class Watched(xlsx_stream.XMLPullParser):
        def read_events(self):
            for event, element in super().read_events():
                if event == "start" and element.tag == xlsx_stream.SHEET_DATA:
                    sheet_data.append(element)
                if event == "end" and element.tag == xlsx_stream.ROW:
                    held.append(len(sheet_data[0]))
                yield event, element

    monkeypatch.setattr(xlsx_stream, "XMLPullParser", Watched)
    rows = [["Namn", "Antal"]] + [[f"System {n}", n] for n in range(2000)]
    header, read_rows = read(tmp_path, "stor.xlsx", xlsx_bytes(rows))
    assert header == ["Namn", "Antal"] and len(read_rows) == 2000
    assert read_rows[-1] == ["System 1999", "1999"]
    # ElementTree keeps every row under the sheet's data, cleared or not: 2 001 here
    assert len(held) == 2001 and max(held) < 200
