"""Systems and management objects from whatever a user uploads: every hostile CSV and XLSX file
(built here) gets a clear Swedish message, with the row and column where the fault has one, and
stores nothing; nothing gives a server error, from the upload through the preview to the commit.
A preview without errors always commits."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from samverkan.core import imports
from samverkan.core import xlsx as xlsx_reader
from samverkan.core.models import ImportBatch
from samverkan.core.tasks import analyse_import, commit_import, importer_path
from samverkan.portfolio.importers import SystemImporter
from samverkan.portfolio.models import ManagementObject, System
from samverkan.testing.cast import changed_tables, snapshot
from samverkan.testing.spreadsheets import (
    billion_laughs,
    broken_further_down,
    external_entity,
    replace_sheet,
    xlsx_bytes,
    zip_bomb,
)

from .test_imports import HEADER, OBJECT_HEADER, errors_on, good_rows, upload

pytestmark = pytest.mark.django_db

SHORT = ["Namn", "Ägare", "Beskrivning", "Servicefönster", "Adress", "Användning"]


def csv_bytes(rows, header=SHORT) -> bytes:
    return ("\r\n".join(";".join(row) for row in [header, *rows]) + "\r\n").encode("utf-8")


def good_csv(count=3) -> bytes:
    return csv_bytes([[f"System {n}", "Laxå", "", "", "", ""] for n in range(count)])


def one_row(**cells) -> list[str]:
    row = {"Namn": "Procapita", "Ägare": "Laxå", "Beskrivning": "", "Servicefönster": "",
           "Adress": "", "Användning": ""}
    row.update(cells)
    return [row[h] for h in SHORT]


def workbook_bytes(rows, header=SHORT, keep_text=True) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in [header, *rows]:
        sheet.append(row)
    if keep_text:  # openpyxl would write text starting with = as a formula
        for line in sheet.iter_rows():
            for cell in line:
                if cell.data_type == "f":
                    cell.data_type = "s"
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


def with_controls_late(control: bytes) -> bytes:
    rows = b"".join(f"System {n};Laxå;Rad {n} med lite text för att fylla ut;;;\r\n".encode()
                    for n in range(2000))
    return csv_bytes([]) + rows + b"Sist;Lax\xc3\xa5;" + control + b";;;\r\n"


def unclosed_quote() -> bytes:
    rows = [one_row(Namn=f"System {n}") for n in range(20)]
    rows[3][2] = '"Beskrivning som aldrig stängs'
    return csv_bytes(rows)


def csv_quote_to_end() -> bytes:
    return csv_bytes([one_row(Namn="Ett"), one_row(Namn='"Två'), one_row(Namn="Tre")])


LONG = "x" * 300
CSV_CASES = [
    # (id, data, row, column, message)
    ("utf16-bom", "Namn;Ägare\r\nProcapita;Laxå\r\n".encode("utf-16"), "–", "–", "UTF-16"),
    ("utf16-no-bom", "Namn;Ägare\r\nProcapita;Laxå\r\n".encode("utf-16-le"), "–", "–",
     "binära data"),
    ("utf32", "Namn;Ägare\r\n".encode("utf-32"), "–", "–", "UTF-16"),
    ("junk", bytes(range(256)) * 100, "–", "–", "binära data"),
    ("high-bytes", bytes(range(128, 256)) * 100, "–", "–", "teckenkodning"),
    ("undefined-cp1252", good_csv() + b"Sist;\x81\x8d;;;;\r\n", "–", "–", "teckenkodning"),
    ("control-first-row", b"Namn;\x1b[31m\r\n", "1", "–", "styrtecken"),
    ("esc-after-64kb", with_controls_late(b"\x1b"), "2002", "–", "styrtecken"),
    ("bel-after-64kb", with_controls_late(b"\x07"), "2002", "–", "styrtecken"),
    ("nul-after-64kb", with_controls_late(b"\x00"), "–", "–", "binära data"),
    ("unclosed-quote", unclosed_quote(), "5", "Beskrivning", "citattecken"),
    ("quote-to-the-end", csv_quote_to_end(), "3", "Namn", "citattecken"),
    ("huge-cell", csv_bytes([one_row(Beskrivning="x" * 200_000)]), "2", "–",
     "kan inte läsas som CSV"),
    ("huge-line", b"Namn;\xc3\x84gare\r\n" + b"x;" * 700_000 + b"\r\n", "2", "–", "längre än"),
    ("huge-row", csv_bytes([["a"] * 1500]), "2", "–", "1500 kolumner"),
    ("only-header", csv_bytes([]), "2", "–", "inga rader"),
    ("only-bom", b"\xef\xbb\xbf\r\n", "1", "Namn", "Obligatorisk kolumn saknas"),
    ("blank-lines", b"\r\n\r\n\r\n", "1", "Namn", "Obligatorisk kolumn saknas"),
    ("separators-only", b";;;;;;\r\n;;;;;;\r\n", "1", "Namn", "Obligatorisk kolumn saknas"),
    ("column-twice", csv_bytes([["a", "Laxå", "b"]], ["Namn", "Ägare", "Namn"]), "1", "Namn",
     "två gånger"),
    ("zero-width-name", csv_bytes([one_row(Namn="\u200b")]), "2", "Namn", "Namn saknas"),
    ("javascript-url", csv_bytes([one_row(Adress="javascript:alert(1)")]), "2", "Adress",
     "giltig URL"),
    ("bad-url", csv_bytes([one_row(Adress="http://")]), "2", "Adress", "giltig URL"),
    ("long-service-window", csv_bytes([one_row(Servicefönster="x" * 250)]), "2",
     "Servicefönster", "200 tecken"),
    ("users-overflow", csv_bytes([one_row(Användning="Laxå: 99999999999999999999")]), "2",
     "Användning", "orimligt"),
    ("long-name", csv_bytes([one_row(Namn=LONG)]), "2", "Namn", "200 tecken"),
    ("unknown-owner", csv_bytes([one_row(Ägare="Atlantis")]), "2", "Ägare", "finns inte"),
    ("xml-in-csv", b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>\r\n', "1",
     "Namn", "Obligatorisk kolumn saknas"),
]


def understated_size() -> bytes:
    """The ZIP headers say the sheet is half as large as it is: the checksum cannot match."""
    data = bytearray(xlsx_bytes())
    entry = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
    half = (entry.file_size // 2).to_bytes(4, "little")
    data[entry.header_offset + 22: entry.header_offset + 26] = half  # local header
    central = data.index(b"PK\x01\x02")
    while data[central + 46: central + 46 + len(entry.filename)] != entry.filename.encode():
        central = data.index(b"PK\x01\x02", central + 4)
    data[central + 24: central + 28] = half  # central directory
    return bytes(data)


def many_parts() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        source = zipfile.ZipFile(io.BytesIO(xlsx_bytes()))
        for item in source.infolist():
            archive.writestr(item.filename, source.read(item.filename))
        for n in range(1100):
            archive.writestr(f"xl/media/image{n}.png", b"x")
    return out.getvalue()


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return out.getvalue()


def late_dtd_in_shared_strings() -> bytes:
    return with_part(workbook_bytes([one_row()]), "xl/sharedStrings.xml",
                     b'<?xml version="1.0"?><!--' + b"p" * 200_000
                     + b"--><!DOCTYPE x [<!ENTITY a 'b'>]><sst><si><t>&a;</t></si></sst>")


def far_cell() -> bytes:
    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Namn'
             b'</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
             b'</sheetData></worksheet>')
    return replace_sheet(sheet)()


def formula_cell() -> bytes:
    workbook = Workbook()
    workbook.active.append(SHORT)
    workbook.active.append(one_row())
    workbook.active["C2"] = "=HYPERLINK(\"http://x\",\"klicka\")"
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


def date_cell(when) -> bytes:
    workbook = Workbook()
    workbook.active.append(OBJECT_HEADER)
    workbook.active.append(["Ekonomi", "Laxå", "", "", when])
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


def header_below_empty_rows() -> bytes:
    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             b'spreadsheetml/2006/main"><sheetData><row r="3"><c r="B3" t="inlineStr"><is><t>Namn'
             b'</t></is></c></row></sheetData></worksheet>')
    return replace_sheet(sheet)()


def empty_sheet() -> bytes:
    return replace_sheet(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats'
                         b'.org/spreadsheetml/2006/main"><sheetData/></worksheet>')()


XLSX_CASES = [
    ("text-named-xlsx", lambda: good_csv(), "–", "–", "inte en giltig Excel-fil"),
    ("truncated", lambda: workbook_bytes([one_row()])[:3000], "–", "–",
     "inte en giltig Excel-fil"),
    ("zip-header-junk", lambda: b"PK\x03\x04" + bytes(range(256)) * 20, "–", "–",
     "inte en giltig Excel-fil"),
    ("old-office-container", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "–",
     "–", "inte en giltig Excel-fil"),
    ("zip-without-content-types", lambda: _zip({"data.txt": b"hej"}), "–", "–",
     "inte en giltig Excel-fil"),
    ("word-document", lambda: _zip({"[Content_Types].xml": b"<Types/>",
                                    "word/document.xml": b"<w/>"}), "–", "–", "kan inte läsas"),
    ("zip-bomb", zip_bomb, "–", "–", "zip-bomb"),
    ("billion-laughs", replace_sheet(billion_laughs()), "–", "–", "DTD/entiteter"),
    ("external-entity", replace_sheet(external_entity()), "–", "–", "DTD/entiteter"),
    ("external-entity-late", replace_sheet(external_entity(padding=300_000)), "–", "–",
     "DTD/entiteter"),
    ("dtd-in-shared-strings", late_dtd_in_shared_strings, "–", "–", "DTD/entiteter"),
    ("understated-size", understated_size, "–", "–", "skadad eller ofullständig"),
    ("broken-sheet", replace_sheet(b"<?xml version='1.0'?><worksheet><sheetData><row><c"), "–",
     "–", "kan inte läsas"),
    ("cut-off", broken_further_down, "–", "–", "skadad eller ofullständig"),
    ("too-many-parts", many_parts, "–", "–", "orimligt många delar"),
    ("cell-far-away", far_cell, "1048576", "XFD", "utanför"),
    ("empty-sheet", empty_sheet, "–", "–", "saknar rubrikrad"),
    ("header-below-empty-rows", header_below_empty_rows, "1", "Namn",
     "Obligatorisk kolumn saknas"),
    ("only-header", lambda: workbook_bytes([]), "2", "–", "inga rader"),
    ("formula", formula_cell, "2", "Beskrivning", "formel"),
    ("zero-width-name", lambda: workbook_bytes([one_row(Namn="\u200b\u200b")]), "2", "Namn",
     "Namn saknas"),
    ("javascript-url", lambda: workbook_bytes([one_row(Adress="javascript:alert(1)")]), "2",
     "Adress", "giltig URL"),
    ("long-service-window", lambda: workbook_bytes([one_row(Servicefönster="x" * 250)]), "2",
     "Servicefönster", "200 tecken"),
    ("users-overflow", lambda: workbook_bytes([one_row(Användning="Laxå: 99999999999999999999")]),
     "2", "Användning", "orimligt"),
    ("users-as-huge-number", lambda: workbook_bytes([[*one_row()[:5], 1e30]]), "2", "Användning",
     "finns inte"),
    ("long-name", lambda: workbook_bytes([one_row(Namn=LONG)]), "2", "Namn", "200 tecken"),
]


def _zip(parts: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def refused(client, name, data, kind="system"):
    """Upload, preview and commit: (row, column, message) of the one error; asserts that
    nothing but the batch was stored and no page failed."""
    before = snapshot()
    preview_url = upload(client, SimpleUploadedFile(name, data), kind=kind)
    page = client.get(preview_url)
    assert page.status_code == 200
    errors = errors_on(page.content.decode())
    assert errors and "Bekräfta och importera" not in page.content.decode()
    assert client.get(preview_url).status_code == 200  # every reload too
    done = client.post(preview_url, follow=True)
    assert done.status_code == 200
    assert "Importen innehåller fel och har inte sparats." in done.content.decode()
    assert changed_tables(before, snapshot()) == ["core_importbatch"]
    assert ImportBatch.objects.latest("created_at").status == "failed"
    return errors[0]


@pytest.mark.parametrize("case", CSV_CASES, ids=[c[0] for c in CSV_CASES])
def test_hostile_csv(case, register, editor, client_for):
    _id, data, row, column, message = case
    got = refused(client_for(editor), "system.csv", data)
    assert (got[0], got[1]) == (row, column) and message in got[2], got


@pytest.mark.parametrize("case", XLSX_CASES, ids=[c[0] for c in XLSX_CASES])
def test_hostile_xlsx(case, register, editor, client_for):
    _id, make, row, column, message = case
    got = refused(client_for(editor), "system.xlsx", make())
    assert (got[0], got[1]) == (row, column) and message in got[2], got


@pytest.mark.parametrize("when, name", [("0001-01-01", "objekt.csv"), ("9999-12-31", "objekt.csv"),
                                        ("date-9999", "objekt.xlsx"), ("1899-12-31", "objekt.csv")])
def test_absurd_dates_of_management_objects_are_refused_with_the_range(
        when, name, register, coop_editor, client_for):
    if name.endswith(".xlsx"):
        data = date_cell(datetime.date(9999, 12, 31))
        when = "9999-12-31"
    else:
        data = csv_bytes([["Ekonomi", "Sydnärkes IT-nämnd", "", "", when]], OBJECT_HEADER)
    got = refused(client_for(coop_editor), name, data, kind="object")
    assert got == ("2", "Etablerat", f"Datumet {when} är orimligt; tillåtna datum är "
                                     "1900-01-01–2199-12-31.")


@pytest.mark.parametrize("name", ["\u200b", "\ufeff\u2060", LONG])
def test_management_object_names_that_cannot_be_saved_are_refused(name, register, coop_editor,
                                                                  client_for):
    data = csv_bytes([[name, "Sydnärkes IT-nämnd", "", "", ""]], OBJECT_HEADER)
    row, column, _message = refused(client_for(coop_editor), "objekt.csv", data, kind="object")
    assert (row, column) == ("2", "Namn")


# -- what must pass --------------------------------------------------------------------------

def imported(client, name, data, kind="system"):
    preview_url = upload(client, SimpleUploadedFile(name, data), kind=kind)
    page = client.get(preview_url).content.decode()
    assert "Inga fel." in page, errors_on(page) if 'id="import-errors"' in page else page[:500]
    assert client.post(preview_url).status_code == 302


def test_a_one_megabyte_cell_of_one_letter_is_no_zip_bomb(register, editor, client_for):
    sheet = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Namn'
             '</t></is></c><c r="B1" t="inlineStr"><is><t>Ägare</t></is></c><c r="C1" '
             't="inlineStr"><is><t>Beskrivning</t></is></c></row><row r="2"><c r="A2" '
             't="inlineStr"><is><t>Procapita</t></is></c><c r="B2" t="inlineStr"><is><t>Laxå</t>'
             f'</is></c><c r="C2" t="inlineStr"><is><t>{"A" * 2**20}</t></is></c></row>'
             '</sheetData></worksheet>').encode()
    imported(client_for(editor), "system.xlsx", replace_sheet(sheet)())
    assert len(System.objects.get().description) == 2**20


@pytest.mark.parametrize("name", ["system.csv", "system.xlsx"])
def test_text_starting_with_equals_is_text_in_csv_and_xlsx_alike(name, register, editor,
                                                                  client_for):
    row = one_row(Beskrivning="=inte en formel")
    data = csv_bytes([row]) if name.endswith(".csv") else workbook_bytes([row])
    imported(client_for(editor), name, data)
    assert System.objects.get().description == "=inte en formel"


def test_a_quoted_cell_over_several_lines_is_still_one_cell(register, editor, client_for):
    data = ('Namn;Ägare;Användning\r\nProcapita;Laxå;"Laxå: 120\r\nHallsberg: 300"\r\n'
            'Infomentor;Laxå;\r\n').encode()
    imported(client_for(editor), "system.csv", data)
    assert System.objects.count() == 2


def test_a_preview_without_errors_always_commits(register, editor, client_for):
    rows = good_rows(5)
    data = workbook_bytes(rows, HEADER)
    imported(client_for(editor), "system.xlsx", data)
    assert System.objects.count() == 5


def test_the_reader_is_calamine_unless_the_sheet_has_formulas(tmp_path):
    plain, formula = tmp_path / "plain.xlsx", tmp_path / "formula.xlsx"
    plain.write_bytes(workbook_bytes([one_row()]))
    formula.write_bytes(formula_cell())
    assert not xlsx_reader.check_container(plain).formulas
    assert xlsx_reader.check_container(formula).formulas
    header, rows, _meta = xlsx_reader.read(formula)
    assert header == SHORT and [c for c in next(rows)[1] if c[1]] == [
        ('=HYPERLINK("http://x","klicka")', True)]


def test_the_limits_are_absolute_sizes(tmp_path, monkeypatch):
    path = tmp_path / "big.xlsx"
    path.write_bytes(with_part(workbook_bytes([one_row()]), "xl/sharedStrings.xml",
                               b"<sst>" + b"<si><t>Rad</t></si>" * 10_000 + b"</sst>"))
    monkeypatch.setattr(xlsx_reader, "MAX_TOTAL", 100_000)
    with pytest.raises(xlsx_reader.FileRejected, match="packas tillsammans upp till mer än"):
        xlsx_reader.check_container(path)
    monkeypatch.setattr(xlsx_reader, "MAX_TOTAL", 2**30)
    monkeypatch.setattr(xlsx_reader, "MAX_SHARED_STRINGS", 100_000)
    with pytest.raises(xlsx_reader.FileRejected, match="för mycket text"):
        xlsx_reader.check_container(path)


def test_control_characters_stored_do_not_break_the_xlsx_export(laxa, reader, client_for):
    System.objects.create(name="Med\x1b[31m styrtecken\x07", organisation=laxa)
    response = client_for(reader).get(reverse("portfolio:systems") + "?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert "Med[31m styrtecken" in [c.value for c in sheet["A"]]
    assert ManagementObject.objects.count() == 0


# -- large files: analysed once, in the background --------------------------------------------

def test_the_preview_is_analysed_once_and_reloads_do_not_read_the_file(register, editor,
                                                                        client_for):
    client = client_for(editor)
    preview_url = upload(client, SimpleUploadedFile("system.csv", good_csv(3)))
    assert "Inga fel. 3 nya" in client.get(preview_url).content.decode()
    batch = ImportBatch.objects.get()
    Path(batch.stored_file).unlink()  # a reload that read the file again would fail
    assert "Inga fel. 3 nya" in client.get(preview_url).content.decode()


def test_a_large_file_is_analysed_and_committed_by_the_worker(register, editor, client_for,
                                                              settings):
    settings.SAMVERKAN_IMPORT_BACKGROUND_BYTES = 10
    client = client_for(editor)
    preview_url = upload(client, SimpleUploadedFile("system.csv", good_csv(3)))
    page = client.get(preview_url).content.decode()
    assert "granskas i bakgrunden" in page and 'hx-trigger="every 2s"' in page
    batch = ImportBatch.objects.get()
    assert batch.status == "queued" and System.objects.count() == 0

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    batch.status = "preview"
    batch.save()
    page = client.get(preview_url).content.decode()
    assert "Inga fel. 3 nya" in page and "hx-trigger" not in page
    client.post(preview_url)
    batch.refresh_from_db()
    assert (batch.status, batch.created_count) == ("done", 3) and System.objects.count() == 3


def test_more_rows_than_a_register_holds_are_refused(register, editor, client_for, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 5)
    got = refused(client_for(editor), "system.csv", good_csv(8))
    assert got == ("7", "–", "Filen har fler än 5 rader. Dela upp den i flera filer.")


# -- a background task that fails unexpectedly -------------------------------------------------

def queued_batch(client, settings):
    settings.SAMVERKAN_IMPORT_BACKGROUND_BYTES = 10
    preview_url = upload(client, SimpleUploadedFile("system.csv", good_csv(3)))
    client.get(preview_url)  # hands the analysis to the worker
    batch = ImportBatch.objects.get()
    assert batch.status == "queued"
    return preview_url, batch


def locked(*args, **kwargs):
    raise OperationalError("database is locked")


def test_a_background_analysis_that_fails_marks_the_batch_failed(register, editor, client_for,
                                                                 settings, monkeypatch):
    client = client_for(editor)
    preview_url, batch = queued_batch(client, settings)
    monkeypatch.setattr(imports, "validate_batch", locked)
    with pytest.raises(OperationalError):
        analyse_import.call(batch.pk, importer_path(SystemImporter), editor.pk)
    batch.refresh_from_db()
    assert batch.status == "failed"
    page = client.get(preview_url).content.decode()
    assert "hx-trigger" not in page and "granskas i bakgrunden" not in page
    assert "Misslyckades" in page
    assert "Granskningen av filen avbröts av ett oväntat fel; inget har sparats." in page


def test_a_background_commit_that_fails_marks_the_batch_failed_and_stores_nothing(
        register, editor, client_for, settings, monkeypatch):
    client = client_for(editor)
    preview_url, batch = queued_batch(client, settings)
    analyse_import.call(batch.pk, importer_path(SystemImporter), editor.pk)
    client.post(preview_url)  # hands the commit to the worker
    batch.refresh_from_db()
    assert batch.status == "queued"
    applied = []
    apply = SystemImporter.apply

    def fails_on_the_third_row(self, plan):
        if len(applied) == 2:
            raise OperationalError("database is locked")
        applied.append(apply(self, plan))

    monkeypatch.setattr(SystemImporter, "apply", fails_on_the_third_row)
    with pytest.raises(OperationalError):
        commit_import.call(batch.pk, importer_path(SystemImporter), editor.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.created_count) == ("failed", 0)
    assert len(applied) == 2 and System.objects.count() == 0
    page = client.get(preview_url).content.decode()
    assert "hx-trigger" not in page
    assert "Importen avbröts av ett oväntat fel; inget har sparats." in page
