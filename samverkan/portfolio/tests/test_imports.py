"""Importing systems and management objects: upload → preview → confirm, all or nothing, the
same file twice adds nothing, every error as row + column + a Swedish message."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from samverkan.core import imports
from samverkan.core.models import ImportBatch
from samverkan.portfolio.importers import ManagementObjectImporter, SystemImporter
from samverkan.portfolio.models import ManagementObject, System, SystemUsage
from samverkan.testing.cast import changed_tables, snapshot
from samverkan.testing.spreadsheets import (
    billion_laughs,
    broken_further_down,
    replace_sheet,
    zip_bomb,
)

pytestmark = pytest.mark.django_db

HEADER = ["Namn", "Ägare", "Produkt", "Leverantör", "Verksamhetsområde", "Förvaltningsobjekt",
          "Systemägare", "Livscykel", "Kritikalitet", "Konfidentialitet", "Riktighet",
          "Tillgänglighet", "Personuppgifter", "Biträdesavtal", "Driftform", "Användning"]


def good_rows(count=20):
    rows = []
    for n in range(1, count + 1):
        rows.append([f"System {n:02d}", "Laxå", "Procapita Edlevo", "", "3.1",
                     "Lärplattform" if n % 2 else "", "lena@laxa.se" if n % 3 else "",
                     "I drift", "Hög" if n % 4 else "Verksamhetskritisk", "3", "3", "2",
                     "Ja", "Finns", "Leverantörens moln (SaaS)",
                     f"Laxå: {100 + n}; Hallsberg: {300 + n}" if n % 5 else "1860"])
    return rows


def xlsx(rows, header=HEADER, name="system.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    handle = io.BytesIO()
    workbook.save(handle)
    return SimpleUploadedFile(name, handle.getvalue())


def csv_file(rows, header=HEADER, separator=";", encoding="utf-8-sig", name="system.csv"):
    def cell(value):
        value = str(value)
        return f'"{value}"' if separator in value or '"' in value else value
    lines = [separator.join(cell(v) for v in line) for line in [header, *rows]]
    return SimpleUploadedFile(name, ("\r\n".join(lines) + "\r\n").encode(encoding))


def upload(client, upload_file, kind="system"):
    """Step 1: upload; returns the preview URL."""
    response = client.post(reverse(f"portfolio:{kind}_import"), {"file": upload_file})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def errors_on(page) -> list[tuple[str, str, str]]:
    """(row, column, message) from the preview's error table."""
    table = page.split('id="import-errors"', 1)[1].split("</table>", 1)[0]
    cells = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", table, re.S)
    return [tuple(cell.replace("&quot;", '"').replace("&#x27;", "'") for cell in row)
            for row in cells]


# -- the UI flow ------------------------------------------------------------------------------

def test_twenty_systems_with_their_usage_are_imported_after_a_preview(register, editor,
                                                                       client_for, laxa,
                                                                       hallsberg):
    client = client_for(editor)
    preview_url = upload(client, xlsx(good_rows()))
    assert System.objects.count() == 0  # nothing before the confirmation

    page = client.get(preview_url).content.decode()
    assert "Inga fel. 20 nya, 0 ändras, 0 oförändrade." in page
    assert "System 01 (Laxå)" in page and "importerades redan" not in page

    done = client.post(preview_url)
    assert done.status_code == 302 and done["Location"] == reverse("portfolio:systems")
    assert "Importen är klar: 20 nya, 0 ändrade, 0 oförändrade." in \
        client.get(done["Location"]).content.decode()

    assert System.objects.filter(organisation=laxa).count() == 20
    system = System.objects.get(name="System 03")
    assert (system.product, system.capability, system.management_object, system.owner_person) \
        == (register["procapita"], register["elevadm"], register["object"], None)
    assert (system.criticality, system.confidentiality, system.integrity, system.availability,
            system.personal_data, system.dpa, system.hosting) == ("hog", 3, 3, 2, True, "finns",
                                                                  "saas")
    assert System.objects.get(name="System 04").owner_person == register["lena"]
    assert System.objects.get(name="System 04").criticality == "kritisk"
    assert sorted(system.usages.values_list("organisation__name", "users")) == [
        ("Hallsberg", 303), ("Laxå", 103)]
    assert list(System.objects.get(name="System 05").usages.values_list(
        "organisation", "users")) == [(laxa.pk, None)]  # by municipality code, no count
    assert SystemUsage.objects.count() == 4 * 2 * 4 + 4

    batch = ImportBatch.objects.get()
    assert (batch.status, batch.created_count, batch.rows_total, batch.created_by) == (
        "done", 20, 20, editor)
    # the history says who imported
    assert system.history.first().history_user == editor


def test_the_same_file_again_adds_nothing_and_the_preview_says_so(register, editor, client_for):
    client = client_for(editor)
    data = xlsx(good_rows()).read()
    client.post(upload(client, SimpleUploadedFile("system.xlsx", data)))
    before = snapshot()

    preview_url = upload(client, SimpleUploadedFile("kopia.xlsx", data))
    page = client.get(preview_url).content.decode()
    assert "Den här filen importerades redan" in page
    assert "Att importera den igen lägger inte till något." in page
    response = client.post(preview_url, follow=True)
    assert "Filen var redan importerad; inget har ändrats." in response.content.decode()

    after = snapshot()
    assert changed_tables(before, after) == ["core_importbatch"]  # only the second batch
    assert System.objects.count() == 20 and SystemUsage.objects.count() == 36


def test_the_same_rows_saved_again_as_a_new_file_change_nothing(register, editor, client_for):
    client = client_for(editor)
    client.post(upload(client, xlsx(good_rows())))
    before = snapshot()
    preview_url = upload(client, csv_file(good_rows()))  # other bytes, same content
    assert "Inga fel. 0 nya, 0 ändras, 20 oförändrade." in \
        client.get(preview_url).content.decode()
    client.post(preview_url)
    assert changed_tables(before, snapshot()) == ["core_importbatch"]


def test_a_changed_file_updates_only_the_changed_rows(register, editor, client_for):
    client = client_for(editor)
    client.post(upload(client, xlsx(good_rows())))
    rows = good_rows()
    rows[0][8] = "Medel"  # criticality of System 01
    rows[1][10] = "4"  # integrity of System 02
    rows[2][15] = "Laxå: 103; Hallsberg: 303; Sydnärkes IT-nämnd: 5"  # new user of System 03
    rows.append(["System 21", "Laxå", "", "", "", "", "", "", "", "", "", "", "", "", "", ""])

    preview_url = upload(client, csv_file(rows))
    assert "Inga fel. 1 nya, 3 ändras, 17 oförändrade." in client.get(preview_url).content.decode()
    client.post(preview_url)

    batch = ImportBatch.objects.latest("created_at")
    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (1, 3, 17)
    assert System.objects.get(name="System 01").criticality == "medel"
    assert System.objects.get(name="System 01").version == 2
    assert System.objects.get(name="System 05").version == 1  # unchanged rows are not saved
    assert System.objects.get(name="System 03").usages.count() == 3
    assert System.objects.count() == 21


def test_another_users_preview_is_not_found(register, editor, outsider, client_for):
    preview_url = upload(client_for(editor), xlsx(good_rows(2)))
    assert client_for(outsider).get(preview_url).status_code == 404
    assert client_for(outsider).post(preview_url).status_code == 404
    assert System.objects.count() == 0


# -- errors: row, column and a Swedish message; nothing saved ----------------------------------

def bad_rows():
    rows = good_rows(10)
    rows[0][1] = "Påhittad kommun"
    rows[1][2] = "Okänd produkt"
    rows[2][4] = "Astrologi"
    rows[3][9] = "5"
    rows[4][10] = "hög"
    rows[5][12] = "kanske"
    rows[6][1] = "Hallsberg"  # the Laxå editor may not add Hallsberg's systems
    rows[7][15] = "Laxå: många"
    rows[8] = list(rows[9])  # the same system twice
    return rows


EXPECTED_ERRORS = [
    ("2", "Ägare", "Organisationen ”Påhittad kommun” finns inte."),
    ("3", "Produkt", "Produkten ”Okänd produkt” finns inte."),
    ("4", "Verksamhetsområde", "Verksamhetsområdet ”Astrologi” finns inte."),
    ("5", "Konfidentialitet", "Värdet ska vara mellan 0 och 4."),
    ("6", "Riktighet", "”hög” är inte ett heltal."),
    ("7", "Personuppgifter", "”kanske” ska vara Ja, Nej eller tomt."),
    ("8", "Ägare", "Du får inte lägga till eller ändra system för Hallsberg."),
    ("9", "Användning", "Antal användare för Laxå ska vara ett heltal."),
    ("11", "–", "Samma post finns redan på rad 10 i filen."),
]


def test_every_error_is_shown_with_row_column_and_message_and_nothing_is_saved(
        register, editor, client_for):
    client = client_for(editor)
    before = snapshot()
    preview_url = upload(client, xlsx(bad_rows()))
    page = client.get(preview_url).content.decode()
    assert "9 fel – inget kommer att sparas" in page
    assert errors_on(page) == EXPECTED_ERRORS
    assert "Bekräfta och importera" not in page

    response = client.post(preview_url, follow=True)
    assert "Importen innehåller fel och har inte sparats." in response.content.decode()
    assert changed_tables(before, snapshot()) == ["core_importbatch"]
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.error_count) == ("failed", 9)
    assert batch.errors[0] == {"row": 2, "column": "Ägare",
                               "message": "Organisationen ”Påhittad kommun” finns inte."}


def test_one_bad_row_among_good_ones_saves_nothing(register, editor, client_for):
    rows = good_rows()
    rows[-1][13] = "Kanske"
    client = client_for(editor)
    preview_url = upload(client, xlsx(rows))
    assert errors_on(client.get(preview_url).content.decode()) == [
        ("21", "Biträdesavtal", "”Kanske” är inte ett giltigt värde. Tillåtna: Finns, Saknas, "
                                "Ej aktuellt.")]
    client.post(preview_url)
    assert System.objects.count() == 0 and SystemUsage.objects.count() == 0


def test_a_missing_required_column_is_reported_on_the_header_row(register, editor, client_for):
    header = [h for h in HEADER if h != "Ägare"]
    rows = [[v for h, v in zip(HEADER, row, strict=True) if h != "Ägare"] for row in good_rows(3)]
    client = client_for(editor)
    page = client.get(upload(client, xlsx(rows, header))).content.decode()
    assert errors_on(page) == [("1", "Ägare", "Obligatorisk kolumn saknas.")]


def test_formula_cells_are_refused(register, editor, client_for):
    rows = good_rows(2)
    rows[1][9] = "=1+2"
    client = client_for(editor)
    page = client.get(upload(client, xlsx(rows))).content.decode()
    assert errors_on(page) == [("3", "Konfidentialitet", "Cellen innehåller en formel. Klistra in "
                                                          "värdet i stället för formeln.")]


def test_an_ambiguous_product_needs_its_supplier(register, editor):
    rows = [["Diariet", "Laxå", "Public 360", ""], ["Diariet 2", "Laxå", "Public 360",
                                                      "Tietoevry Sweden AB"]]
    result = validate(editor, csv_file(rows, HEADER[:4]))
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "Produkt", "”Public 360” matchar flera produkten; använd kod eller nummer.")]


def test_the_same_system_twice_in_different_case_is_a_duplicate(register, editor):
    rows = [["Procapita", "Laxå"], ["PROCAPITA", "1860"]]
    result = validate(editor, csv_file(rows, ["Namn", "Ägare"]))
    assert [(e.row, e.message) for e in result.errors] == [
        (3, "Samma post finns redan på rad 2 i filen.")]


# -- formats ----------------------------------------------------------------------------------

def validate(user, upload_file, importer=SystemImporter):
    batch = imports.stage(user, importer, upload_file)
    return imports.validate_batch(importer(user), batch)


@pytest.mark.parametrize("separator", [";", ","])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_with_either_separator_and_encoding_imports_the_same(register, editor, separator,
                                                                  encoding):
    batch = imports.stage(editor, SystemImporter,
                          csv_file(good_rows(), separator=separator, encoding=encoding))
    imports.commit(SystemImporter(editor), batch)
    assert System.objects.count() == 20
    assert System.objects.get(name="System 01").usages.count() == 2
    assert sorted(SystemUsage.objects.values_list("users", flat=True).exclude(users=None))[:2] \
        == [101, 102]


def test_the_empty_template_file_has_the_importers_columns(editor, client_for):
    response = client_for(editor).get(reverse("portfolio:system_import") + "?mall=csv")
    header = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[0]
    assert header.split(";")[:3] == ["Namn*", "Ägare*", "Beskrivning"]


# -- hostile files through the whole flow -----------------------------------------------------

HOSTILE = [
    ("system.csv", "Namn;Ägare\r\nProcapita;Laxå\r\n".encode("utf-16"), "UTF-16"),
    ("system.csv", bytes(range(256)) * 100, "binära data"),
    ("system.xlsx", xlsx(good_rows(3)).read()[:3000], "inte en giltig Excel-fil"),
    ("system.xlsx", b"Namn;Agare\r\nProcapita;Laxa\r\n", "inte en giltig Excel-fil"),
    ("system.xlsx", None, "zip-bomb"),
    ("system.xlsx", None, "DTD/entiteter"),
    ("system.xlsx", None, "skadad eller ofullständig"),
    ("system.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "Gamla Excel-filer"),
]
MAKERS = {"zip-bomb": zip_bomb, "DTD/entiteter": replace_sheet(billion_laughs()),
          "skadad eller ofullständig": broken_further_down}


@pytest.mark.parametrize("name, data, message", HOSTILE, ids=[h[2] for h in HOSTILE])
def test_hostile_files_get_a_clear_error_and_change_nothing(register, editor, client_for, name,
                                                            data, message):
    data = data if data is not None else MAKERS[message]()
    client = client_for(editor)
    before = snapshot()
    preview_url = upload(client, SimpleUploadedFile(name, data))
    page = client.get(preview_url)
    assert page.status_code == 200
    (row, column, text), = errors_on(page.content.decode())
    assert (row, column) == ("–", "–") and message in text
    client.post(preview_url)
    assert changed_tables(before, snapshot()) == ["core_importbatch"]
    assert ImportBatch.objects.get().status == "failed"


def test_an_empty_upload_is_refused_on_the_upload_page(editor, client_for):
    response = client_for(editor).post(reverse("portfolio:system_import"),
                                       {"file": SimpleUploadedFile("system.csv", b"")})
    assert response.status_code == 400
    assert not ImportBatch.objects.exists()


# -- management objects -----------------------------------------------------------------------

OBJECT_HEADER = ["Namn", "Ägare", "Verksamhetsområde", "Beskrivning", "Etablerat"]


def test_management_objects_import_once_and_then_update(register, coop_editor, cooperation):
    rows = [["Ekonomi", "Sydnärkes IT-nämnd", "Utbildning", "Raindance m.fl.", "2024-01-01"],
            ["Skolplattform", "Sydnärkes IT-nämnd", "3.1", "", "20230815"],
            ["Lärplattform", "Sydnärkes IT-nämnd", "", "Finns redan", ""]]
    importer = ManagementObjectImporter(coop_editor)
    batch = imports.commit(importer, imports.stage(coop_editor, ManagementObjectImporter,
                                                   csv_file(rows, OBJECT_HEADER)))
    assert (batch.created_count, batch.updated_count) == (2, 1)
    assert ManagementObject.objects.get(name="Skolplattform").established_on.isoformat() \
        == "2023-08-15"
    assert ManagementObject.objects.get(name="Lärplattform").description == "Finns redan"

    again = imports.commit(importer, imports.stage(coop_editor, ManagementObjectImporter,
                                                   csv_file(rows, OBJECT_HEADER)))
    assert again.message == "Filen var redan importerad; inget har ändrats."
    assert ManagementObject.objects.count() == 3


def test_management_object_errors_and_nothing_saved(register, editor):
    rows = [["Ekonomi", "Hallsberg", "", "", ""], ["Skola", "Laxå", "Astrologi", "", ""],
            ["Vård", "Laxå", "", "", "31 februari"], ["", "Laxå", "", "", ""],
            ["Bra", "Laxå", "", "", ""]]
    batch = imports.stage(editor, ManagementObjectImporter, csv_file(rows, OBJECT_HEADER))
    with pytest.raises(imports.ImportFailed) as failed:
        imports.commit(ManagementObjectImporter(editor), batch)
    assert [(e.row, e.column, e.message) for e in failed.value.errors] == [
        (2, "Ägare", "Du får inte lägga till eller ändra förvaltningsobjekt för Hallsberg."),
        (3, "Verksamhetsområde", "Verksamhetsområdet ”Astrologi” finns inte."),
        (4, "Etablerat", "”31 februari” är inget datum. Skriv som ÅÅÅÅ-MM-DD."),
        (5, "Namn", "Namn saknas."),
    ]
    assert ManagementObject.objects.count() == 1  # only the one from the register


def test_management_objects_through_the_pages(register, coop_editor, client_for):
    client = client_for(coop_editor)
    preview_url = upload(client, xlsx([["Ekonomi", "Sydnärkes IT-nämnd"]], ["Namn", "Ägare"],
                                      name="objekt.xlsx"), kind="object")
    assert "Inga fel. 1 nya" in client.get(preview_url).content.decode()
    assert client.post(preview_url)["Location"] == reverse("portfolio:objects")
    assert ManagementObject.objects.filter(name="Ekonomi").exists()
